// attnscope: the desktop application, or a headless subcommand (SPEC §9).

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "app/CommandLine.h"
#include "app/CommandTable.h"
#include "app/ExportCommand.h"
#include "app/MainWindow.h"
#include "app/TensorImporter.h"
#include "core/common/Gemm.h"
#include "widgets/i18n/InterfaceLanguage.h"

namespace {
// Qt's xcb platform aborts without a display; say so and do the headless work instead.
bool displayAvailable() {
    const char* platform = std::getenv("QT_QPA_PLATFORM");
    if (platform && *platform) return true;  // the user chose a platform (offscreen, vnc, …)
    const char* x = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    return (x && *x) || (wayland && *wayland);
}

/// Widgets that only paint into files need no display: use Qt's offscreen platform.
void useOffscreenUnlessDisplay() {
    if (!displayAvailable()) qputenv("QT_QPA_PLATFORM", "offscreen");
}

/// The headless export under a virtual X server when `xvfb-run` is installed (the setup installs
/// it), so that the 3D figures, which need OpenGL, are rendered too. Returns nullopt when there is
/// no xvfb-run or it could not start; the caller then exports offscreen without the 3D figures.
std::optional<int> runExportUnderXvfb(const QStringList& exportArgs) {
    const QString xvfb = QStandardPaths::findExecutable("xvfb-run");
    if (xvfb.isEmpty()) return std::nullopt;
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("QT_QPA_PLATFORM");
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    p.start(xvfb, QStringList{"-a", "-s", "-screen 0 1600x1200x24",
                              QCoreApplication::applicationFilePath()} +
                      exportArgs.mid(1));
    if (!p.waitForStarted(10000)) return std::nullopt;
    p.waitForFinished(-1);
    // 2 is the export's own "bad input"; anything else but success means the X server or OpenGL
    // failed, and the offscreen export (without the 3D figures) takes over.
    if (p.exitStatus() != QProcess::NormalExit) return std::nullopt;
    if (p.exitCode() != 0 && p.exitCode() != attnscope::CommandLine::BadInput) return std::nullopt;
    return p.exitCode();
}

/// The window's translators, following the language chosen in the window (its settings) or
/// else the system locale: the figures of the headless export speak the window's language too.
void installInterfaceLanguage() {
    const QSettings settings("AttnScope", "AttnScope");  // the window's, whatever this app's name
    attnscope::InterfaceLanguage::install(attnscope::InterfaceLanguage::current(settings));
}

int runExport(int argc, char* argv[], QStringList args) {
    useOffscreenUnlessDisplay();
    QApplication app(argc, argv);
    installInterfaceLanguage();
    args = args.mid(1);
    args[0] = "attnscope export";
    return attnscope::ExportCommand::run(args);
}
}  // namespace

int main(int argc, char* argv[]) {
    // Before anything else: OpenBLAS chooses its kernels when it loads.
    attnscope::gemm::reexecWithBetterBlas(argv);
    QStringList args;
    for (int i = 0; i < argc; ++i) args << QString::fromLocal8Bit(argv[i]);
    if (args.size() > 1 && args[1] == "export") {
        // --help and unknown options before a QApplication exists (no platform warnings).
        if (const auto early = attnscope::CommandTable::preflight(args)) return *early;
        return runExport(argc, argv, args);
    }
    if (attnscope::CommandLine::isCommand(args)) {
        QCoreApplication app(argc, argv);
        return attnscope::CommandLine::run(args);
    }
    const QString file = args.size() > 1 ? args[1] : QString();
    if (!file.isEmpty() && (file.startsWith('-') || !QFileInfo::exists(file))) {
        std::fprintf(stderr, "attnscope: unknown command or no such file '%s' (see --help)\n",
                     qPrintable(file));
        return attnscope::CommandLine::BadInput;
    }
    if (!displayAvailable() && !file.isEmpty() && attnscope::TensorImporter::isTensorFile(file)) {
        std::fprintf(stderr,
                     "attnscope: no display found, so the desktop window cannot open; listing the "
                     "tensors of %s instead.\n",
                     qPrintable(file));
        QCoreApplication app(argc, argv);
        return attnscope::CommandLine::run({args[0], "inspect", file});
    }
    if (!displayAvailable()) {
        const QString out = QDir::current().filePath("attnscope-figures");
        std::fprintf(stderr,
                     "attnscope: no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the "
                     "desktop window cannot open.\nRendering the %s figures headless into %s "
                     "instead; `attnscope --help` lists the commands.\n\n",
                     file.isEmpty() ? "default preset's" : "session's", qPrintable(out));
        QStringList exportArgs{args[0], "export", "--out", out};
        exportArgs << (file.isEmpty() ? QStringList{"--preset", "video-frames"}
                                      : QStringList{"--session", file});
        std::optional<int> code;
        {
            QCoreApplication probe(argc, argv);  // applicationFilePath() for the child
            code = runExportUnderXvfb(exportArgs);
        }
        if (!code) code = runExport(argc, argv, exportArgs);
        if (*code != 0) return *code;
        return attnscope::CommandLine::runHeadlessSummary(file);
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName("AttnScope");
    QApplication::setOrganizationName("AttnScope");
    QApplication::setApplicationVersion(ATTNSCOPE_VERSION);
    QApplication::setWindowIcon(attnscope::applicationIcon());
    QGuiApplication::setDesktopFileName("attnscope");
    installInterfaceLanguage();  // before any widget exists: a change applies at the next start
    attnscope::MainWindow window;
    if (!file.isEmpty() && !window.openFile(file)) return attnscope::CommandLine::BadInput;
    if (file.isEmpty()) window.openDemoOnFirstStart();  // SmolLM2, when the setup fetched it
    window.show();
    return app.exec();
}
