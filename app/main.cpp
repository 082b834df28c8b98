// attnscope: the desktop application, or a headless subcommand (SPEC §9).

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <cstdio>
#include <cstdlib>

#include "CommandLine.h"
#include "ExportCommand.h"
#include "MainWindow.h"
#include "TensorImporter.h"

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

int runExport(int argc, char* argv[], QStringList args) {
    useOffscreenUnlessDisplay();
    QApplication app(argc, argv);
    args = args.mid(1);
    args[0] = "attnscope export";
    return attnscope::ExportCommand::run(args);
}
}  // namespace

int main(int argc, char* argv[]) {
    QStringList args;
    for (int i = 0; i < argc; ++i) args << QString::fromLocal8Bit(argv[i]);
    if (args.size() > 1 && args[1] == "export") return runExport(argc, argv, args);
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
        const int code = runExport(argc, argv, exportArgs);
        if (code != 0) return code;
        return attnscope::CommandLine::runHeadlessSummary(file);
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName("AttnScope");
    QApplication::setOrganizationName("AttnScope");
    QApplication::setApplicationVersion(ATTNSCOPE_VERSION);
    attnscope::MainWindow window;
    if (!file.isEmpty() && !window.openFile(file)) return attnscope::CommandLine::BadInput;
    window.show();
    return app.exec();
}
