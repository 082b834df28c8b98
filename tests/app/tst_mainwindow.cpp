// The real main window, offscreen: panel edits reach the engine and every view, bursts collapse,
// undo recomputes, errors leave the last trace in place, sessions round-trip, export-all writes
// the stable names of SPEC §7.

#include <QIcon>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include "app/MainWindow.h"
#include "widgets/document/SessionDocument.h"
#include "widgets/export/FigureExporter.h"
#include "widgets/three_d/OpenGlProbe.h"
#include "widgets/views/FigureView.h"
#include "widgets/views/ViewDeck.h"

using namespace attnscope;

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void startsWithDefaultPreset();
    void panelEditReachesEngineAndEveryView();
    void burstOfEditsCollapses();
    void editAfterQuietSpellComputesAtOnce();
    void undoRecomputes();
    void badScenarioKeepsLastTrace();
    void sessionRoundTrip();
    void exportAllWritesStableNames();

private:
    MainWindow* m_window = nullptr;
    QTemporaryDir m_settingsDir;
};

void TestMainWindow::init() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName("AttnScopeTest");
    m_window = new MainWindow;
    m_window->resize(1400, 900);
    m_window->show();
}

void TestMainWindow::cleanup() {
    delete m_window;
    m_window = nullptr;
}

void TestMainWindow::startsWithDefaultPreset() {
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() != nullptr, 30000);
    QVERIFY(!m_window->document()->scenario().name.empty());
    // The icon of resources/: every PNG size, drawn (not a blank square).
    const QIcon icon = m_window->windowIcon();
    QVERIFY(!icon.isNull());
    QCOMPARE(icon.availableSizes().size(), 7);
    const QImage small = icon.pixmap(QSize(32, 32)).toImage();
    QSet<QRgb> colours;
    for (int y = 0; y < small.height(); ++y)
        for (int x = 0; x < small.width(); ++x) colours.insert(small.pixel(x, y));
    QVERIFY2(colours.size() > 8, qPrintable(QString("%1 colours").arg(colours.size())));
}

void TestMainWindow::panelEditReachesEngineAndEveryView() {
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() != nullptr, 30000);
    m_window->loadPreset("hf-causal");  // 4 heads, no planted sinks
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace()->scenario.name == "hf-causal", 30000);
    // Edit through the Scenario panel's spin boxes, as a user would.
    auto* heads = m_window->findChild<QSpinBox*>("headsSpin");
    auto* kvHeads = m_window->findChild<QSpinBox*>("kvHeadsSpin");
    QVERIFY2(heads && kvHeads, "the scenario panel has headsSpin and kvHeadsSpin");
    const int newHeads = 6;
    ViewDeck* deck = m_window->views();
    std::vector<std::unique_ptr<QSignalSpy>> drawn;
    for (FigureView* v : deck->views())
        drawn.push_back(std::make_unique<QSignalSpy>(v, &FigureView::drawn));
    kvHeads->setValue(2);
    heads->setValue(newHeads);
    QTRY_VERIFY_WITH_TIMEOUT(deck->trace() && deck->trace()->heads() == newHeads, 30000);
    QCOMPARE(deck->trace()->kvHeads(), 2);
    // Hidden views catch up when shown; their data is prepared off the UI thread.
    for (int i = 0; i < deck->count(); ++i) {
        deck->setCurrentIndex(i);
        QTRY_VERIFY2_WITH_TIMEOUT(drawn[i]->count() >= 1,
                                  qPrintable(deck->tabText(i) + " did not redraw"), 10000);
    }
    QCOMPARE(m_window->document()->undoStack()->count(), 2);  // kv heads, then heads
}

void TestMainWindow::burstOfEditsCollapses() {
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() != nullptr, 30000);
    QTest::qWait(100);
    QSignalSpy started(&m_window->engine(), &Engine::computeStarted);
    QSignalSpy ready(&m_window->engine(), &Engine::traceReady);
    Scenario s = m_window->document()->scenario();
    for (int i = 0; i < 10; ++i) {
        s.seed += 1;
        m_window->document()->editScenario(s, "seed", 7);
    }
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() >= 1, 30000);
    QTest::qWait(200);
    // Ten edits within the collapse interval: the first computes at once, the other nine
    // become one computation at the end of the interval.
    QVERIFY2(started.count() <= 2, qPrintable(QString("%1 computations").arg(started.count())));
    QCOMPARE(ready.last().at(0).value<TracePtr>()->scenario.seed, s.seed);
    QCOMPARE(m_window->document()->undoStack()->count(), 1);  // merged into one undo step
}

void TestMainWindow::editAfterQuietSpellComputesAtOnce() {
    // No waiting for the collapse interval: the request is with the engine when the edit returns.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() != nullptr, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->engine().isBusy(), 30000);
    QTest::qWait(50);  // past the interval of the last computation
    Scenario s = m_window->document()->scenario();
    s.seed += 1;
    m_window->document()->editScenario(s, "seed");
    QVERIFY(m_window->engine().isBusy());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->views()->trace()->scenario.seed, s.seed, 30000);
}

void TestMainWindow::undoRecomputes() {
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() != nullptr, 30000);
    SessionDocument* doc = m_window->document();
    Scenario s = doc->scenario();
    const std::string before = s.mask;
    s.mask = "causal & window(2)";
    doc->editScenario(s, "mask");
    QTRY_COMPARE_WITH_TIMEOUT(m_window->views()->trace()->scenario.mask, s.mask, 30000);
    doc->undoStack()->undo();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->views()->trace()->scenario.mask, before, 30000);
    doc->undoStack()->redo();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->views()->trace()->scenario.mask, s.mask, 30000);
}

void TestMainWindow::badScenarioKeepsLastTrace() {
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() != nullptr, 30000);
    const TracePtr good = m_window->views()->trace();
    QSignalSpy failed(&m_window->engine(), &Engine::failed);
    Scenario s = m_window->document()->scenario();
    s.mask = "docs(1, 2)";  // lengths do not sum to Lk
    m_window->document()->editScenario(s, "mask");
    // The edit computes at once: the failure may come before a wait() could start.
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
    QCOMPARE(m_window->views()->trace(), good);
}

void TestMainWindow::sessionRoundTrip() {
    QTemporaryDir dir;
    SessionDocument* doc = m_window->document();
    Scenario s = doc->scenario();
    s.seed = 99;
    doc->editScenario(s, "seed");
    ViewOptions o = doc->options();
    o.valueKind = ValueKind::Probabilities;
    o.columns = 3;
    doc->setOptions(o);
    const QString path = dir.filePath("x.attnscope.json");
    QVERIFY(doc->save(path).ok());
    SessionDocument other;
    QVERIFY(other.load(path).ok());
    QVERIFY(other.scenario() == doc->scenario());
    QVERIFY(other.options() == doc->options());
    // A broken file changes nothing.
    QFile f(dir.filePath("bad.attnscope.json"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"format\": \"attnscope-session\", \"version\": 1, \"shape\": {\"heads\": -3}}");
    f.close();
    QVERIFY(!other.load(f.fileName()).ok());
    QVERIFY(other.scenario() == doc->scenario());
}

void TestMainWindow::exportAllWritesStableNames() {
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() != nullptr, 30000);
    m_window->loadPreset("video-frames");
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace()->scenario.name == "video-frames", 30000);
    QTemporaryDir dir;
    for (FigureView* v : m_window->views()->views()) {
        v->setOptions(m_window->document()->options());
        v->setTrace(m_window->views()->trace());
    }
    ExportRequest request;
    request.dpi = 96;
    QStringList written, skipped;
    QVERIFY(FigureExporter::exportAll(m_window->views()->views(), dir.path(), request, &written,
                                      &skipped)
                .ok());
    // The 3D figures need OpenGL: on the offscreen platform they are skipped with the reason.
    QCOMPARE(skipped.size(), OpenGlProbe::status() ? 0 : 2);
    QCOMPARE(QFile::exists(dir.filePath("3d-vectors.png")), bool(OpenGlProbe::status()));
    for (const char* name :
         {"layer3_2d_heatmap.svg", "layer3_2d_heatmap.png", "layer3_perhead_grid.svg", "mask.svg",
          "flowchart.svg", "stats.csv", "stats.svg"})
        QVERIFY2(QFile::exists(dir.filePath(name)), name);
    QVERIFY(QDir(dir.path()).entryList({"*.tmp", ".*.tmp"}, QDir::Files | QDir::Hidden).isEmpty());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
