// Soak test: the real main window, offscreen, driven by a seeded random sequence of what users do
// — panel edits, valid and invalid mask edits, presets, undo / redo, tab switches, exports into a
// temporary folder, backend switches, opening good and broken files — asserting no crash, no UI
// stall over 250 ms outside an export, every export a valid file, and memory that levels off.
//
//   ATTNSCOPE_SOAK_SECONDS (default 60, what CI runs)   ATTNSCOPE_SOAK_SEED (default 11)
// e.g. ATTNSCOPE_SOAK_SECONDS=600 QT_QPA_PLATFORM=offscreen build/tests/tst_soak

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSpinBox>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QtTest>
#include <random>

#include "app/BackendMenu.h"
#include "app/MainWindow.h"
#include "app/TensorImporter.h"
#include "core/presets/Presets.h"
#include "widgets/document/SessionDocument.h"
#include "widgets/export/FigureExporter.h"
#include "widgets/views/FigureView.h"
#include "widgets/views/ViewDeck.h"

using namespace attnscope;

namespace {

double residentMiB() {
    QFile f("/proc/self/status");
    if (!f.open(QIODevice::ReadOnly)) return 0;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024;
    return 0;
}

}  // namespace

class TestSoak : public QObject {
    Q_OBJECT
private slots:
    void randomUse();
};

void TestSoak::randomUse() {
    const int seconds = qEnvironmentVariableIsSet("ATTNSCOPE_SOAK_SECONDS")
                            ? qEnvironmentVariableIntValue("ATTNSCOPE_SOAK_SECONDS")
                            : 60;
    const unsigned seed = qEnvironmentVariableIsSet("ATTNSCOPE_SOAK_SEED")
                              ? unsigned(qEnvironmentVariableIntValue("ATTNSCOPE_SOAK_SEED"))
                              : 11u;
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName("AttnScopeSoak");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    // Files to open: a good session, a broken session, a broken tensor file.
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    window.importer()->setInteractive(false);
    // Opening a session over random unsaved edits would ask each time (tst_mainwindow tests the
    // question); here the session opens.
    window.setAskBeforeDiscarding(false);
    QTRY_VERIFY_WITH_TIMEOUT(window.views()->trace() != nullptr, 30000);
    const QString good = dir.filePath("good.attnscope.json");
    QVERIFY(window.document()->save(good).ok());
    const QString brokenSession = dir.filePath("broken.attnscope.json");
    const QString brokenNpy = dir.filePath("broken.npy");
    for (const auto& [path, bytes] :
         {std::pair{brokenSession, QByteArray("{\"version\": 1, \"heads\": \"many\"")},
          std::pair{brokenNpy, QByteArray("\x93NUMPY\x01\x00\x10\x00{'descr': '<f4'")}}) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }

    // Message boxes (a broken file) are answered as a user would, by closing them.
    QTimer closer;
    closer.setInterval(20);
    QObject::connect(&closer, &QTimer::timeout, [] {
        if (QWidget* modal = QApplication::activeModalWidget()) modal->close();
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* box = qobject_cast<QMessageBox*>(w); box && box->isVisible()) box->close();
    });
    closer.start();

    // The UI thread's longest gap between 5 ms ticks, exports left out.
    QElapsedTimer tick;
    tick.start();
    double maxStall = 0;
    QString stallAction;
    bool exporting = false;
    QString action;
    QTimer heartbeat;
    heartbeat.setInterval(5);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        const double gap = double(tick.nsecsElapsed()) / 1e6;
        tick.restart();
        if (!exporting && gap > maxStall) {
            maxStall = gap;
            stallAction = action + " on " + window.views()->currentView()->viewTitle();
        }
    });
    heartbeat.start();

    struct SpinRange {
        const char* name;
        int lo, hi;
    };
    const SpinRange ranges[] = {
        {"seedSpin", 0, 5000},         {"headsSpin", 1, 8},    {"kvHeadsSpin", 1, 4},
        {"qLenSpin", 4, 320},          {"kvLenSpin", 4, 320},  {"dHeadSpin", 2, 64},
        {"layerSpin", 0, 30},          {"qOffsetSpin", 0, 40}, {"columnsSpin", 1, 6},
        {"tokensPerFrameSpin", 0, 16}, {"batchSpin", 1, 3},    {"flowBoxWidthSpin", 120, 400}};
    auto* maskEdit = window.findChild<QLineEdit*>("maskEdit");
    auto* backendMenu = window.findChild<BackendMenu*>("backendMenu");
    QVERIFY(maskEdit && backendMenu);
    const QStringList masks{"causal",
                            "causal & window(8)",
                            "full",
                            "bwindow(3) | prefix(2)",
                            "chunk(16) & causal",
                            "dilated(8, 2)",
                            "causal & (",
                            "window(0)",
                            "docs(3, 4)",
                            "nonsense(1)",
                            "!causal",
                            "pad(5)"};
    std::mt19937 rng(seed);
    auto pick = [&rng](int n) { return int(std::uniform_int_distribution<int>(0, n - 1)(rng)); };

    QElapsedTimer clock;
    clock.start();
    double baseline = 0, peakLate = 0;
    int actions = 0, exports = 0, opened = 0, refused = 0;
    const qint64 total = qint64(seconds) * 1000;
    while (clock.elapsed() < total) {
        const int kind = pick(100);
        if (kind < 28) {
            const SpinRange& r = ranges[pick(int(std::size(ranges)))];
            if (auto* spin = window.findChild<QSpinBox*>(r.name)) {
                action = QString("spin %1").arg(r.name);
                spin->setValue(r.lo + pick(r.hi - r.lo + 1));
            }
        } else if (kind < 45) {
            action = "mask";
            maskEdit->setText(masks[pick(int(masks.size()))]);
        } else if (kind < 52) {
            action = "preset";
            const auto& presets = allPresets();
            window.loadPreset(
                QString::fromStdString(presets[size_t(pick(int(presets.size())))].name));
        } else if (kind < 64) {
            action = "undo/redo";
            QUndoStack* undo = window.document()->undoStack();
            if (pick(2))
                undo->undo();
            else
                undo->redo();
        } else if (kind < 78) {
            action = "tab";
            window.views()->setCurrentIndex(pick(window.views()->count()));
        } else if (kind < 86) {
            action = "export";
            FigureView* view = window.views()->currentView();
            if (view && window.views()->trace()) {
                exporting = true;
                view->setOptions(window.document()->options());
                view->setTrace(window.views()->trace());
                for (FigureView* figure : view->figures()) {
                    if (!figure->renderStatus()) continue;  // 3D without OpenGL
                    const bool svg = figure->supportsSvg() && pick(2);
                    const QString path =
                        dir.filePath(QString("export-%1.%2").arg(exports).arg(svg ? "svg" : "png"));
                    const Status st = FigureExporter::exportFigure(
                        *figure, path, svg ? FigureFormat::Svg : FigureFormat::Png, 48);
                    QVERIFY2(st.ok(), st.error().c_str());
                    if (svg)
                        QVERIFY2(QSvgRenderer(path).isValid(), qPrintable(path));
                    else
                        QVERIFY2(!QImage(path).isNull(), qPrintable(path));
                    QFile::remove(path);
                    ++exports;
                }
                // What the export left queued (views drawn again for it) is part of it.
                QCoreApplication::processEvents();
                exporting = false;
                tick.restart();
            }
        } else if (kind < 91) {
            action = "backend";
            const QList<QAction*> entries = backendMenu->actions();
            std::vector<QAction*> choices;
            for (QAction* a : entries)
                if (a->isCheckable() && a->isEnabled()) choices.push_back(a);
            if (!choices.empty()) choices[size_t(pick(int(choices.size())))]->trigger();
        } else {
            action = "open";
            const QString files[] = {good, brokenSession, brokenNpy};
            const int which = pick(3);
            const bool ok = window.openFile(files[which]);
            QCOMPARE(ok, which == 0);  // a broken file is refused with a message, never opened
            ++(ok ? opened : refused);
        }
        ++actions;
        QTest::qWait(pick(60));
        const double rss = residentMiB();
        if (clock.elapsed() > total / 3 && baseline == 0) baseline = rss;  // warmed up
        if (clock.elapsed() > 2 * total / 3) peakLate = std::max(peakLate, rss);
    }
    // Let the last computation and preparations finish, then nothing is left running.
    QTRY_VERIFY_WITH_TIMEOUT(!window.engine().isBusy() && !window.views()->isPreparing(), 30000);
    heartbeat.stop();
    closer.stop();
    qInfo(
        "soak: %d s, seed %u: %d actions, %d exports checked, %d files opened, %d refused; "
        "longest UI stall %.1f ms (%s); RSS %.0f MiB after warm-up, %.0f MiB peak in the last "
        "third",
        seconds, seed, actions, exports, opened, refused, maxStall, qPrintable(stallAction),
        baseline, peakLate);
    QVERIFY(actions > 50);
    QVERIFY2(maxStall <= 250,
             qPrintable(QString("UI stalled %1 ms after '%2'").arg(maxStall).arg(stallAction)));
    // Memory levels off: what a few traces and figures of the presets hold, not a leak per edit.
    QVERIFY2(peakLate <= baseline * 1.5 + 300,
             qPrintable(QString("RSS grew from %1 to %2 MiB").arg(baseline).arg(peakLate)));
}

// QTEST_MAIN, with Qt Test's 5-minute watchdog raised to the soak's length when it runs longer.
int main(int argc, char* argv[]) {
    const int seconds = qEnvironmentVariableIsSet("ATTNSCOPE_SOAK_SECONDS")
                            ? qEnvironmentVariableIntValue("ATTNSCOPE_SOAK_SECONDS")
                            : 60;
    if (!qEnvironmentVariableIsSet("QTEST_FUNCTION_TIMEOUT"))
        qputenv("QTEST_FUNCTION_TIMEOUT", QByteArray::number((seconds + 300) * 1000));
    QApplication app(argc, argv);
    TestSoak test;
    QTEST_SET_MAIN_SOURCE_PATH
    // The offscreen platform warns once per window shown ("does not support
    // propagateSizeHints"): without a limit those would hide the soak's summary line.
    QStringList args = app.arguments();
    if (!args.contains("-maxwarnings"))
        args << "-maxwarnings"
             << "0";
    return QTest::qExec(&test, args);
}

#include "tst_soak.moc"
