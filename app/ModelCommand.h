#pragma once
// `attnscope model`: runs a model natively on token ids and writes every captured layer's
// attention (traced by the engine from the layer's post-RoPE Q/K/V) and, with --qkv, the
// Q/K/V themselves, as transformers' `output_attentions=True` would give them (SPEC §9, §11).

#include <QStringList>

namespace attnscope {

class ModelCommand {
public:
    static int run(const QStringList& arguments);
};

}  // namespace attnscope
