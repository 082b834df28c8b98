// The Backend menu: it lists Automatic, the CPU backend and every OpenCL device, choosing an entry
// gives the engine that backend once it is prepared off the UI thread (the next trace names it),
// a later choice overtakes one still being prepared, the choice is remembered, and the main
// window shows it in the status bar.

#include <QLabel>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QtTest>

#include "app/BackendMenu.h"
#include "app/MainWindow.h"
#include "core/backends/cpu/CpuBackend.h"
#include "core/presets/Presets.h"

using namespace attnscope;

class TestBackendMenu : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void listsEveryBackend();
    void choosingSwitchesTheEngine();
    void laterChoiceWins();
    void mainWindowShowsBackend();

private:
    TracePtr computeWith(Engine& engine);
};

void TestBackendMenu::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName("AttnScopeTest");
    QCoreApplication::setApplicationName("tst_backendmenu");
    QSettings().clear();
}

void TestBackendMenu::cleanupTestCase() {
    QSettings().clear();
}

TracePtr TestBackendMenu::computeWith(Engine& engine) {
    QSignalSpy ready(&engine, &Engine::traceReady);
    engine.compute(*presetScenario("decoder-cross"));
    if (ready.isEmpty() && !ready.wait(60000)) return {};  // it may already have come
    return ready.takeFirst().at(0).value<TracePtr>();
}

void TestBackendMenu::listsEveryBackend() {
    Engine engine(std::make_unique<CpuBackend>());
    BackendMenu menu(engine);
    const auto options = BackendRegistry::builtin().devices();
    QStringList checkable;
    for (QAction* a : menu.actions())
        if (a->isCheckable()) checkable << a->text();
    QCOMPARE(checkable.size(), int(options.size()) + 1);  // Automatic + each option
    QVERIFY(checkable.first().contains("Automatic"));
    for (size_t i = 0; i < options.size(); ++i)
        QCOMPARE(checkable[int(i) + 1], QString::fromStdString(options[i].label.message));
    QCOMPARE(menu.current().backend, std::string("auto"));
    int checked = 0;
    for (QAction* a : menu.actions()) checked += a->isChecked();
    QCOMPARE(checked, 1);
}

void TestBackendMenu::choosingSwitchesTheEngine() {
    Engine engine(std::make_unique<CpuBackend>());
    BackendMenu menu(engine);
    QSignalSpy changed(&menu, &BackendMenu::changed);
    const auto options = BackendRegistry::builtin().devices();
    for (const BackendDevice& o : options) {
        QAction* entry = nullptr;
        for (QAction* a : menu.actions())
            if (a->text() == QString::fromStdString(o.label.message)) entry = a;
        QVERIFY(entry);
        entry->trigger();
        QVERIFY(entry->isChecked());  // at once, while the backend is prepared off the UI thread
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, 60000);
        QVERIFY(!menu.isPreparing());
        QVERIFY(changed.takeFirst().at(1).toString().isEmpty());  // no fallback
        QVERIFY(entry->isChecked());
        TracePtr t = computeWith(engine);
        QVERIFY(t);
        QCOMPARE(t->backend, o.family);
        QVERIFY(menu.label().startsWith(QString::fromStdString(o.family)));
        QCOMPARE(QSettings().value("compute/backend").toString(), QString::fromStdString(o.id));
        // A new menu (the next start of the application) comes back with the saved choice.
        Engine other(std::make_unique<CpuBackend>());
        BackendMenu again(other);
        QTRY_VERIFY_WITH_TIMEOUT(!again.isPreparing(), 60000);  // prepared off the UI thread
        QCOMPARE(again.current().backend, o.id);
    }
    menu.choose({"auto", -1, {}});
    QTRY_COMPARE_WITH_TIMEOUT(QSettings().value("compute/backend").toString(), QString("auto"),
                              60000);
}

void TestBackendMenu::laterChoiceWins() {
    // Two choices in a row: the first may still be compiling when the second is made; only the
    // second reaches the engine and the settings.
    Engine engine(std::make_unique<CpuBackend>());
    BackendMenu menu(engine);
    QSignalSpy preparing(&menu, &BackendMenu::preparing);
    QSignalSpy changed(&menu, &BackendMenu::changed);
    const auto options = BackendRegistry::builtin().devices();
    menu.choose({options.back().id, -1, {}});
    menu.choose({"cpu", -1, {}});
    QCOMPARE(preparing.size(), 2);
    QVERIFY(menu.isPreparing());
    QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, 60000);
    QTest::qWait(200);
    QCOMPARE(changed.size(), 1);
    QVERIFY(changed.first().at(0).toString().startsWith("cpu · CPU"));
    QCOMPARE(menu.current().backend, std::string("cpu"));
    QCOMPARE(QSettings().value("compute/backend").toString(), QString("cpu"));
    TracePtr t = computeWith(engine);
    QVERIFY(t);
    QCOMPARE(t->backend, std::string("cpu"));
    menu.choose({"auto", -1, {}});
    QTRY_VERIFY_WITH_TIMEOUT(!menu.isPreparing(), 60000);
}

void TestBackendMenu::mainWindowShowsBackend() {
    MainWindow window;
    auto* menu = window.findChild<BackendMenu*>("backendMenu");
    QVERIFY(menu);
    QLabel* status = nullptr;
    for (QLabel* l : window.statusBar()->findChildren<QLabel*>())
        if (l->text() == menu->label()) status = l;
    QVERIFY2(status, qPrintable("no status label showing " + menu->label()));
    menu->choose({"cpu", -1, {}});
    QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith("cpu · CPU"), 60000);
    QSettings().clear();
}

QTEST_MAIN(TestBackendMenu)
#include "tst_backendmenu.moc"
