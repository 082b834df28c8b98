#pragma once
// `attnscope mask`: materialise a mask expression as bool .npy, additive floats, ■/⬚ text or the
// 128-tile block summary, with its properties — SPEC §4 and §9.

#include <QCommandLineOption>
#include <QStringList>

namespace attnscope {

class MaskCommand {
public:
    static int run(const QStringList& arguments);
    /// The options its parser takes (CommandTable: help, completion, man page).
    static QList<QCommandLineOption> options();
};

}  // namespace attnscope
