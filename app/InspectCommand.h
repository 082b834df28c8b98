#pragma once
// `attnscope inspect FILE [--json]`: list the tensors of a .npy, .npz, .safetensors or PyTorch
// file (name, dtype, shape) after checking that each one reads — SPEC §8 and §9.

#include <QCommandLineOption>
#include <QStringList>

namespace attnscope {

class InspectCommand {
public:
    static int run(const QStringList& arguments);
    /// The options its parser takes (CommandTable: help, completion, man page).
    static QList<QCommandLineOption> options();
};

}  // namespace attnscope
