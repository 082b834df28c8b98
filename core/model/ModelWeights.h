#pragma once
// ModelWeights: the tensors of a Hugging Face model folder by name — model.safetensors, sharded
// safetensors (model.safetensors.index.json), pytorch_model.bin (the safe unpickler of SPEC §8)
// or its sharded index — read as float32 (f16 / bf16 converted). Files are memory-mapped; a tensor
// is converted when it is taken. Names are looked up with or without the prefix a task head adds
// ("model.", "transformer.", "bert.").

#include <QString>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/common/Array.h"
#include "core/common/Result.h"
#include "core/io/TensorFile.h"

namespace attnscope {

class ModelWeights {
public:
    /// Opens the weight files of `folder` (which has a config.json).
    static Result<ModelWeights> open(const QString& folder);
    /// Weights given directly (GGUF files and tests): name → tensor.
    static ModelWeights fromTensors(std::map<std::string, Tensor> tensors, QString what);

    /// The prefix under which `name` exists ("" when it exists as is); sets it for take().
    bool choosePrefix(const std::string& name, const std::vector<std::string>& prefixes);
    const std::string& prefix() const { return m_prefix; }

    bool has(const std::string& name) const;
    /// The tensor `prefix + name` as float32, which must have `shape`; the message names the
    /// tensor, the expected and the found shape. In-memory tensors are moved out: each is
    /// taken once.
    Result<Tensor> take(const std::string& name, const Shape& shape) const;
    /// Every tensor name (with prefixes), for messages.
    std::vector<std::string> names() const;
    const QString& what() const { return m_what; }

private:
    struct Source {
        std::shared_ptr<TensorFile> file;  // null for in-memory tensors
        const Tensor* tensor = nullptr;
    };
    std::map<std::string, Source> m_index;
    std::shared_ptr<std::map<std::string, Tensor>> m_memory;
    std::string m_prefix;
    QString m_what;
};

}  // namespace attnscope
