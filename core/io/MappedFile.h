#pragma once
// MappedFile: the bytes of a tensor file, memory-mapped when the file allows it (a model's
// safetensors or .pt file is gigabytes; only the tensors asked for are ever touched) and read
// into memory otherwise, or bytes already in memory. Shared by the readers that index a file once
// and then decode slices of it (SafetensorsFile, TorchArchive).

#include <QByteArray>
#include <QFile>
#include <QString>
#include <cstdint>
#include <memory>

#include "core/common/Result.h"

namespace attnscope {

class MappedFile {
public:
    MappedFile() = default;
    /// Maps `path`, or reads it when it cannot be mapped (a pipe, some file systems). The error
    /// says what failed ("cannot open: …", "cannot read the file: …"), without the path.
    static Result<MappedFile> open(const QString& path);
    static MappedFile fromBytes(QByteArray bytes);

    const char* data() const { return m_data; }
    int64_t size() const { return m_size; }

private:
    std::unique_ptr<QFile> m_file;  // owns the mapping; a pointer so that moves keep it valid
    QByteArray m_bytes;             // when read or given in memory
    const char* m_data = nullptr;
    int64_t m_size = 0;
};

}  // namespace attnscope
