#pragma once
// A .safetensors file, validated by the rules of the reference implementation (header at most
// 100 MB of UTF-8 JSON, a string-only __metadata__, known dtypes, data offsets contiguous from 0
// with no holes or overlaps, byte sizes equal to dtype size × element count, exact file length)
// and memory-mapped so large files are not read up front. Tensors read as float32.

#include <QByteArray>
#include <QString>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/common/Array.h"
#include "core/common/Result.h"
#include "core/io/DType.h"

namespace attnscope {

class MappedFile;

/// Header size limit of the reference implementation (safetensors' MAX_HEADER_SIZE).
inline constexpr int64_t kMaxSafetensorsHeaderBytes = 100'000'000;

struct SafetensorsEntry {
    std::string name;
    DType dtype = DType::F32;
    Shape shape;
    int64_t begin = 0;  ///< byte offsets into the data section, which starts after the header
    int64_t end = 0;
};

class SafetensorsFile {
public:
    /// Maps the file and validates its header.
    static Result<SafetensorsFile> open(const QString& path);
    /// The same over bytes already in memory; `what` names them in messages.
    static Result<SafetensorsFile> fromBytes(QByteArray bytes, const QString& what);

    /// Tensors in the order of their data offsets.
    const std::vector<SafetensorsEntry>& tensors() const;
    const std::map<std::string, std::string>& metadata() const;
    const SafetensorsEntry* find(const std::string& name) const;

    /// Converts the tensor's elements to float32 (bool and integers as their values).
    Result<Tensor> read(const std::string& name) const;

private:
    struct State;
    explicit SafetensorsFile(std::shared_ptr<const State> state);
    static Result<SafetensorsFile> parse(MappedFile file, const QString& what);

    std::shared_ptr<const State> m_state;
};

/// The reference implementation's dtype names: "F32", "BF16", "BOOL", "I64", ...
const char* safetensorsDTypeName(DType dtype);

/// Writes float32 tensors as a .safetensors file (header padded to 8 bytes as the reference
/// writer does), atomically.
Status writeSafetensors(const QString& path,
                        const std::vector<std::pair<std::string, const Tensor*>>& tensors,
                        const std::map<std::string, std::string>& metadata = {});

}  // namespace attnscope
