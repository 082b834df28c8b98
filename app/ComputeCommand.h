#pragma once
// `attnscope compute`: one attention trace from a session, a preset or Q/K/V files, written as
// .npz and/or timed (--timings JSON) — SPEC §9.

#include <QCommandLineOption>
#include <QStringList>

namespace attnscope {

class ComputeCommand {
public:
    static int run(const QStringList& arguments);
    /// The options its parser takes (CommandTable: help, completion, man page).
    static QList<QCommandLineOption> options();
    /// `attnscope devices` and `compute --list-devices`: backends, OpenCL devices, auto's pick.
    static int listDevices(bool json);
};

}  // namespace attnscope
