#include "core/io/MappedFile.h"

#include "core/common/Text.h"

namespace attnscope {

Result<MappedFile> MappedFile::open(const QString& path) {
    MappedFile f;
    f.m_file = std::make_unique<QFile>(path);
    if (!f.m_file->open(QIODevice::ReadOnly))
        return Text::tr("cannot open: %1", f.m_file->errorString().toStdString());
    f.m_size = f.m_file->size();
    if (f.m_size == 0) return f;
    if (const uchar* map = f.m_file->map(0, f.m_size)) {
        f.m_data = reinterpret_cast<const char*>(map);
        return f;
    }
    f.m_bytes = f.m_file->readAll();
    if (f.m_bytes.size() != f.m_size)
        return Text::tr("cannot read the file: %1", f.m_file->errorString().toStdString());
    f.m_data = f.m_bytes.constData();
    return f;
}

MappedFile MappedFile::fromBytes(QByteArray bytes) {
    MappedFile f;
    f.m_bytes = std::move(bytes);
    f.m_data = f.m_bytes.constData();
    f.m_size = f.m_bytes.size();
    return f;
}

}  // namespace attnscope
