#pragma once
// CommandTable: every headless command of SPEC §9 with its synopsis, summary, options and
// examples — the one source the parsers, `attnscope help COMMAND`, `COMMAND --help`, the
// unknown-option suggestions, the bash completion and the man page are made from.

#include <QCommandLineOption>
#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>
#include <vector>

namespace attnscope {

struct CommandSpec {
    QString name;                                        // "compute"
    QString synopsis;                                    // what follows the name in the usage line
    QString summary;                                     // one line
    QString details;                                     // a paragraph or two, may be empty
    std::function<QList<QCommandLineOption>()> options;  // what its parser takes
    QStringList positionals;                             // "EXPR  Mask expression …" lines
    QStringList examples;  // command lines without the leading "attnscope "
};

class CommandTable {
public:
    static const std::vector<CommandSpec>& commands();
    static const CommandSpec* find(const QString& name);

    /// `attnscope help NAME`: usage, options (with their value names and defaults) and examples.
    static QString help(const CommandSpec& command);
    /// The nearest option name of `command` to `typed` ("maks" → "mask"), if one is close.
    static std::optional<QString> nearestOption(const CommandSpec& command, const QString& typed);
    /// Checks a command's arguments before its parser runs: --help / -h prints its help (0),
    /// an unknown option is refused with the nearest valid one (2). Nothing: go on.
    static std::optional<int> preflight(const QStringList& arguments);
    /// A bash completion script for every command and option.
    static QString bashCompletion();
    /// The man page, attnscope(1), in roff.
    static QString manPage(const QString& version);
};

}  // namespace attnscope
