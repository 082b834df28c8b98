#pragma once
// Any tensor file AttnScope opens — .npy, .npz, .safetensors, PyTorch (zip or legacy), GGUF —
// behind one listing (name, dtype, shape, bytes) and one float32 read. The format is recognised
// from the first bytes, the extension only deciding which reader explains a file it cannot
// recognise.

#include <QString>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/common/Array.h"
#include "core/common/Result.h"
#include "core/io/DType.h"

namespace attnscope {

enum class TensorFileFormat { Npy, Npz, Safetensors, TorchZip, TorchLegacy, Gguf };

const char* tensorFileFormatName(TensorFileFormat format);

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;  ///< float32 for quantized GGUF tensors (what read() gives)
    Shape shape;
    int64_t bytes = 0;  ///< size of the elements (GGUF: of the blocks) in the file
    /// The file's own name of the type, shown instead of dtypeName(dtype) when not empty: ggml's
    /// "q4_k", "f16", ... for GGUF tensors; empty for the other formats.
    std::string typeName;
};

class TensorFile {
public:
    static Result<TensorFile> open(const QString& path);

    const QString& path() const { return m_path; }
    TensorFileFormat format() const { return m_format; }
    const std::vector<TensorInfo>& tensors() const { return m_tensors; }
    const TensorInfo* find(const std::string& name) const;
    /// The file's string metadata (safetensors' __metadata__; empty for other formats).
    const std::map<std::string, std::string>& metadata() const { return m_metadata; }

    /// The tensor as float32 (f16/bf16/f64/integers/bool converted); errors name the file.
    Result<Tensor> read(const std::string& name) const;
    /// The only tensor of the file, or an error listing the names to choose from.
    Result<Tensor> readOnly() const;

private:
    using Reader = std::function<Result<Tensor>(const std::string&)>;
    TensorFile(QString path, TensorFileFormat format, std::vector<TensorInfo> tensors,
               Reader reader);

    QString m_path;
    TensorFileFormat m_format = TensorFileFormat::Npy;
    std::vector<TensorInfo> m_tensors;
    Reader m_reader;
    std::map<std::string, std::string> m_metadata;
};

}  // namespace attnscope
