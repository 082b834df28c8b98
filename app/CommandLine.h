#pragma once
// CommandLine: the headless subcommands of SPEC §9 (compute, mask, presets) with their exit codes:
// 0 success, 2 bad usage or bad input (message on stderr), 1 internal error.

#include <QStringList>

namespace attnscope {

class CommandLine {
public:
    enum ExitCode { Success = 0, InternalError = 1, BadInput = 2 };

    /// True when the arguments name a subcommand or --help / --version (no GUI needed).
    static bool isCommand(const QStringList& arguments);
    /// Runs the subcommand in arguments[1] (arguments[0] is the program).
    static int run(const QStringList& arguments);
    /// What the application does without a display: the session (or the default preset)
    /// computed and summarised.
    static int runHeadlessSummary(const QString& sessionPath = {});
    static QString usage();
};

}  // namespace attnscope
