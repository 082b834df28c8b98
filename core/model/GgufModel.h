#pragma once
// GgufModel: a llama.cpp GGUF file as a Model (SPEC §11): the config from the file's metadata
// ("llama.block_count", …), the weights dequantized to float32 under Hugging Face's names —
// undoing what llama.cpp's converter changed: the row permutation of Llama's Q/K weights (for its
// interleaved rotary layout) and the +1 folded into Gemma's norms — and the tokenizer from
// "tokenizer.ggml.*". Architectures: llama (SmolLM, Mistral), qwen2, gemma2, gpt2, bert.

#include <QString>

#include "core/common/Result.h"
#include "core/model/Model.h"

namespace attnscope {

class GgufFile;
class Tokenizer;

class GgufModel {
public:
    static bool isGguf(const QString& path);
    /// The model of a .gguf file; the message names what is missing or unsupported.
    static Result<ModelPtr> open(const QString& path);
    /// The tokenizer of the file's metadata, as llama.cpp tokenizes ("gpt2" byte-level BPE with
    /// the pre-tokenizer of tokenizer.ggml.pre, "llama" SentencePiece, "bert" WordPiece).
    static Result<std::shared_ptr<const Tokenizer>> tokenizer(const GgufFile& file);
};

}  // namespace attnscope
