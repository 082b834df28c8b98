#pragma once
// `attnscope export`: every figure of a session or preset into a folder, headless (SPEC §7, §9).

#include <QCommandLineOption>
#include <QStringList>

namespace attnscope {

class ExportCommand {
public:
    /// Needs a QApplication (any platform, offscreen included).
    static int run(const QStringList& arguments);
    /// The options its parser takes (CommandTable: help, completion, man page).
    static QList<QCommandLineOption> options();
};

}  // namespace attnscope
