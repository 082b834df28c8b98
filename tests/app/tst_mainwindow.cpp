// The real main window, offscreen: panel edits reach the engine and every view, bursts collapse,
// undo recomputes, errors leave the last trace in place, sessions round-trip, export-all writes
// the stable names of SPEC §7.

#include <QDockWidget>
#include <QIcon>
#include <QScreen>
#include <QScrollArea>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QJsonDocument>
#include <QProcess>
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
    // Issue 12: what the user asked for, and nothing lost.
    void presetIsAnUndoableEdit();
    void undoWorksWhileAFieldHasFocus();
    void spinBoxCommitsOnEnterNotPerKeystroke();
    void sessionWithInvalidMaskIsRefused();
    void invalidMaskFieldSaysWhatIsShown();
    void quittingWithUnsavedChangesAsks();
    void viewMenuListsDocksAndTabs();
    void fitsA1280By800Screen();
    void aTabThatNeedsTheStepsGetsThem();

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
    // The preset, then kv heads, then heads: a preset is an undoable edit too.
    QCOMPARE(m_window->document()->undoStack()->count(), 3);
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

namespace {
/// Answers the next modal dialog with `button` once it is shown (a box opened with exec()).
void answerNextBox(QObject* context, QMessageBox::StandardButton button, bool* seen,
                   QString* text = nullptr) {
    QTimer::singleShot(0, context, [=] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        *seen = box != nullptr;
        if (!box) return;
        if (text) *text = box->text();
        if (QAbstractButton* b = box->button(button))
            b->click();
        else
            box->reject();
    });
}
}  // namespace

void TestMainWindow::presetIsAnUndoableEdit() {
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() != nullptr, 30000);
    SessionDocument* doc = m_window->document();
    QVERIFY(!m_window->isWindowModified());
    Scenario s = doc->scenario();
    s.seed = 4242;
    doc->editScenario(s, "seed");
    QVERIFY(m_window->isWindowModified());
    QVERIFY(m_window->windowTitle().contains("[*]"));  // the marker Qt shows while modified
    m_window->loadPreset("translation");
    QCOMPARE(doc->scenario().name, std::string("translation"));
    QCOMPARE(doc->undoStack()->count(), 2);  // the history is kept
    doc->undoStack()->undo();
    QCOMPARE(doc->scenario().seed, uint64_t(4242));
    QVERIFY(doc->scenario() == s);
    // The toolbar's undo keeps its text; what it undoes is in the tooltip.
    auto* undo = m_window->findChild<QAction*>("undoAction");
    QVERIFY(undo);
    QCOMPARE(undo->text(), QString("&Undo"));
    QCOMPARE(undo->toolTip(), QString("Undo seed"));
    doc->undoStack()->redo();
    QCOMPARE(undo->text(), QString("&Undo"));
    QCOMPARE(undo->toolTip(), QString("Undo Preset translation"));
}

void TestMainWindow::undoWorksWhileAFieldHasFocus() {
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() != nullptr, 30000);
    SessionDocument* doc = m_window->document();
    auto* seed = m_window->findChild<QSpinBox*>("seedSpin");
    const uint64_t before = doc->scenario().seed;
    m_window->activateWindow();
    seed->setFocus();
    seed->selectAll();
    QTest::keyClicks(seed, "77");
    QTest::keyClick(seed, Qt::Key_Return);
    QCOMPARE(doc->scenario().seed, uint64_t(77));
    QVERIFY(seed->hasFocus() || QApplication::focusWidget() == seed);
    QTest::keyClick(seed, Qt::Key_Z, Qt::ControlModifier);  // the spin box has the focus
    QCOMPARE(doc->scenario().seed, before);
    QTest::keyClick(seed, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(doc->scenario().seed, uint64_t(77));
    auto* mask = m_window->findChild<QLineEdit*>("maskEdit");
    QVERIFY(mask);
    mask->setFocus();
    QTest::keyClick(mask, Qt::Key_Z, Qt::ControlModifier);  // the mask field has the focus
    QCOMPARE(doc->scenario().seed, before);
}

void TestMainWindow::spinBoxCommitsOnEnterNotPerKeystroke() {
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() != nullptr, 30000);
    SessionDocument* doc = m_window->document();
    QSignalSpy changed(doc, &SessionDocument::changed);
    auto* qLen = m_window->findChild<QSpinBox*>("qLenSpin");
    qLen->setFocus();
    qLen->selectAll();
    QTest::keyClicks(qLen, "100");  // 1, 10, 100 while typing: none of them an edit
    QCOMPARE(changed.count(), 0);
    QTest::keyClick(qLen, Qt::Key_Enter);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(doc->scenario().qLen, int64_t(100));
    QTest::keyClick(qLen, Qt::Key_Up);  // an arrow step commits at once
    QCOMPARE(doc->scenario().qLen, int64_t(101));
}

void TestMainWindow::sessionWithInvalidMaskIsRefused() {
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() != nullptr, 30000);
    SessionDocument* doc = m_window->document();
    const Scenario before = doc->scenario();
    QTemporaryDir dir;
    Scenario bad = before;
    bad.mask = std::string(10000, '(') + "causal" + std::string(10000, ')');
    QJsonObject o = bad.toJson();
    QFile f(dir.filePath("deep.attnscope.json"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(o).toJson());
    f.close();
    bool seen = false;
    QString text;
    answerNextBox(this, QMessageBox::Ok, &seen, &text);
    QVERIFY(!m_window->openSession(f.fileName()));
    QVERIFY2(seen, "a dialog says why");
    QVERIFY2(text.contains("mask"), qPrintable(text));
    QVERIFY(doc->scenario() == before);
    QVERIFY(doc->filePath() != f.fileName());
    // The command line refuses the same file.
    QProcess cli;
    cli.start(ATTNSCOPE_CLI, {"compute", "--session", f.fileName(), "--summary"});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 2);
}

void TestMainWindow::invalidMaskFieldSaysWhatIsShown() {
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() != nullptr, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->engine().isBusy(), 30000);
    auto* mask = m_window->findChild<QLineEdit*>("maskEdit");
    const QString shown = QString::fromStdString(m_window->views()->trace()->scenario.mask);
    QVERIFY(m_window->views()->notice().isEmpty());
    mask->setFocus();
    mask->selectAll();
    QTest::keyClicks(mask, "causal & (");
    QVERIFY(m_window->views()->notice().contains("Showing: " + shown));
    QVERIFY(m_window->views()->currentView()->isVisible());
    mask->selectAll();
    QTest::keyClicks(mask, "causal");
    QVERIFY(m_window->views()->notice().isEmpty());
}

void TestMainWindow::quittingWithUnsavedChangesAsks() {
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() != nullptr, 30000);
    bool seen = false;
    answerNextBox(this, QMessageBox::Cancel, &seen);
    QVERIFY(m_window->close());  // nothing to save: no question
    QTest::qWait(20);            // the answering timer runs and finds no box
    QVERIFY(!seen);
    m_window->show();
    Scenario s = m_window->document()->scenario();
    s.seed += 1;
    m_window->document()->editScenario(s, "seed");
    answerNextBox(this, QMessageBox::Cancel, &seen);
    QVERIFY(!m_window->close());  // cancelled: the window stays
    QVERIFY(seen);
    QVERIFY(m_window->isVisible());
    answerNextBox(this, QMessageBox::Discard, &seen);
    QVERIFY(m_window->close());
    QVERIFY(seen);
}

void TestMainWindow::viewMenuListsDocksAndTabs() {
    auto* view = m_window->findChild<QMenu*>("viewMenu");
    QVERIFY(view);
    QStringList texts;
    for (QAction* a : view->actions()) texts << a->text().remove('&');
    for (const char* name : {"Scenario", "Mask", "Display", "Heads", "Inspector", "3D"})
        QVERIFY2(texts.contains(name), qPrintable(texts.join(", ")));
    const auto help = m_window->menuBar()->findChildren<QMenu*>();
    bool maskHelp = false;
    for (QMenu* m : help)
        for (QAction* a : m->actions()) maskHelp = maskHelp || a->text().remove('&') == "Mask language";
    QVERIFY(maskHelp);
}

void TestMainWindow::fitsA1280By800Screen() {
    // Every dock, the views, the toolbar and the status bar (with a trace's timings and
    // backend) fit a 1280 × 800 laptop screen (the frame aside); a dock taller than the window
    // scrolls.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() != nullptr, 30000);
    QTest::qWait(50);
    const QSize min = m_window->minimumSizeHint().expandedTo(m_window->minimumSize());
    if (qEnvironmentVariableIsSet("ATTNSCOPE_DEBUG_SIZES")) {
        for (QDockWidget* d : m_window->findChildren<QDockWidget*>())
            qInfo() << d->windowTitle() << d->minimumSizeHint();
        qInfo() << "central" << m_window->centralWidget()->minimumSizeHint();
        for (FigureView* v : m_window->views()->views())
            qInfo() << v->viewTitle() << v->minimumSizeHint();
        for (QWidget* w : m_window->findChildren<QWidget*>())
            if (w->minimumSizeHint().width() > 500)
                qInfo() << w->metaObject()->className() << w->objectName() << w->minimumSizeHint();
    }

    QVERIFY2(min.width() <= 1260 && min.height() <= 760,
             qPrintable(QString("minimum %1 × %2").arg(min.width()).arg(min.height())));
    m_window->resize(1260, 760);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() != nullptr, 30000);
    for (QDockWidget* d : m_window->findChildren<QDockWidget*>()) {
        QVERIFY2(qobject_cast<QScrollArea*>(d->widget()), qPrintable(d->windowTitle()));
        QVERIFY2(d->geometry().right() <= 1260, qPrintable(d->windowTitle()));
    }
    // A new window never opens larger than its screen (offscreen: a small virtual one).
    MainWindow fresh;
    const QRect available = fresh.screen()->availableGeometry();
    QVERIFY(fresh.width() <= available.width() && fresh.height() <= available.height());
}

void TestMainWindow::aTabThatNeedsTheStepsGetsThem() {
    // The window opens on the flowchart, which shows pooled traces: a long scenario is computed
    // pooled. The first tab that needs the attention steps computes it again, materialised
    // (the deck and the session once disagreed about the tab at start, and it never did).
    ViewDeck* deck = m_window->views();
    QTRY_VERIFY_WITH_TIMEOUT(deck->trace() != nullptr, 30000);
    QVERIFY(deck->currentShowsPooled());
    Scenario s = m_window->document()->scenario();
    s.heads = s.kvHeads = 4;
    s.qLen = s.kvLen = 2048;  // 16 Mi cells: pooled while only pooled views are on screen
    s.dHead = 16;
    s.dModel = 64;
    s.mask = "causal";
    m_window->document()->editScenario(s, "long");
    QTRY_VERIFY_WITH_TIMEOUT(deck->trace() && deck->trace()->qLen() == 2048, 30000);
    QVERIFY(deck->trace()->isPooled());
    int tokens = -1;
    for (int i = 0; i < deck->count(); ++i)
        if (deck->tabText(i) == "Tokens") tokens = i;
    QVERIFY(tokens >= 0);
    deck->setCurrentIndex(tokens);
    QTRY_VERIFY_WITH_TIMEOUT(deck->trace() && !deck->trace()->isPooled(), 30000);
    QCOMPARE(deck->trace()->steps.probs.dim(2), 2048);
    QVERIFY(deck->unavailableText().isEmpty());
}
