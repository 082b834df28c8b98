#include "core/io/TensorFile.h"

#include <QFile>
#include <QFileInfo>
#include <cstring>

#include "core/common/Text.h"
#include "core/io/GgufFile.h"
#include "core/io/NpyFormat.h"
#include "core/io/NpzArchive.h"
#include "core/io/SafetensorsFile.h"
#include "core/io/TorchArchive.h"
#include "core/io/ZipReader.h"

namespace attnscope {

namespace {

enum class Kind { Npy, Zip, Safetensors, Pickle, Gguf, Unknown };

Kind sniff(const QByteArray& head) {
    const char* d = head.constData();
    const int64_t n = head.size();
    if (n >= 6 && std::memcmp(d, "\x93NUMPY", 6) == 0) return Kind::Npy;
    if (n >= 4 && std::memcmp(d, "GGUF", 4) == 0) return Kind::Gguf;
    if (looksLikeZip(d, n)) return Kind::Zip;
    if (looksLikeLegacyTorch(d, n)) return Kind::Pickle;
    if (n >= 9 && d[8] == '{') return Kind::Safetensors;
    return Kind::Unknown;
}

Kind fromExtension(const QString& path) {
    const QString ext = QFileInfo(path).suffix().toLower();
    if (ext == "npy") return Kind::Npy;
    if (ext == "npz") return Kind::Zip;
    if (ext == "safetensors") return Kind::Safetensors;
    if (ext == "pt" || ext == "pth" || ext == "bin" || ext == "ckpt") return Kind::Pickle;
    if (ext == "gguf") return Kind::Gguf;
    return Kind::Unknown;
}

TensorInfo info(std::string name, DType dtype, Shape shape) {
    const int64_t bytes = shapeSize(shape) * dtypeSize(dtype);
    return {std::move(name), dtype, std::move(shape), bytes, {}};
}

}  // namespace

const char* tensorFileFormatName(TensorFileFormat format) {
    switch (format) {
        case TensorFileFormat::Npy:
            return "npy";
        case TensorFileFormat::Npz:
            return "npz";
        case TensorFileFormat::Safetensors:
            return "safetensors";
        case TensorFileFormat::TorchZip:
            return "pytorch";
        case TensorFileFormat::TorchLegacy:
            return "pytorch-legacy";
        case TensorFileFormat::Gguf:
            return "gguf";
    }
    return "?";
}

TensorFile::TensorFile(QString path, TensorFileFormat format, std::vector<TensorInfo> tensors,
                       Reader reader)
    : m_path(std::move(path)),
      m_format(format),
      m_tensors(std::move(tensors)),
      m_reader(std::move(reader)) {}

const TensorInfo* TensorFile::find(const std::string& name) const {
    for (const TensorInfo& t : m_tensors)
        if (t.name == name) return &t;
    return nullptr;
}

Result<Tensor> TensorFile::read(const std::string& name) const {
    if (!find(name)) {
        std::string known;
        for (const TensorInfo& t : m_tensors) known += (known.empty() ? "" : ", ") + t.name;
        if (known.empty())
            return Text::tr("%1: no tensor named '%2' (it holds: nothing)", m_path.toStdString(),
                            name);
        return Text::tr("%1: no tensor named '%2' (it holds: %3)", m_path.toStdString(), name,
                        known);
    }
    return m_reader(name);
}

Result<Tensor> TensorFile::readOnly() const {
    if (m_tensors.size() == 1) return m_reader(m_tensors.front().name);
    std::string known;
    for (const TensorInfo& t : m_tensors) known += (known.empty() ? "" : ", ") + t.name;
    if (m_tensors.empty()) return Text::tr("%1: holds no tensors", m_path.toStdString());
    return Text::tr("%1: holds several tensors (%2); name one as %1:NAME", m_path.toStdString(),
                    known);
}

Result<TensorFile> TensorFile::open(const QString& path) {
    const QFileInfo fi(path);
    if (!fi.exists()) return Text::tr("%1: no such file", path.toStdString());
    if (fi.isDir()) return Text::tr("%1: is a directory, not a tensor file", path.toStdString());
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Text::tr("%1: cannot open: %2", path.toStdString(),
                        file.errorString().toStdString());
    Kind kind = sniff(file.read(16));
    file.close();
    if (kind == Kind::Unknown) kind = fromExtension(path);

    switch (kind) {
        case Kind::Npy: {
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                return Text::tr("%1: cannot open", path.toStdString());
            const QByteArray head = f.read(kMaxNpyHeaderBytes + 16);
            Result<NpyHeader> header = parseNpyHeader(head.constData(), head.size(), f.size());
            if (!header) return Text::tr("%1: %2", path.toStdString(), header.failure());
            return TensorFile(path, TensorFileFormat::Npy, {info("", header->dtype, header->shape)},
                              [path](const std::string&) { return readNpy(path); });
        }
        case Kind::Zip: {
            // PyTorch archives hold data.pkl; anything else is read as an .npz.
            Result<TorchArchive> torch = TorchArchive::open(path);
            if (torch) {
                std::vector<TensorInfo> infos;
                for (const TorchTensor& t : torch->tensors())
                    infos.push_back(info(t.name, t.dtype(torch->storages()), t.shape));
                return TensorFile(path, TensorFileFormat::TorchZip, std::move(infos),
                                  [torch = *torch](const std::string& n) { return torch.read(n); });
            }
            if (torch.error().find("without data.pkl") == std::string::npos) return torch.failure();
            Result<NpzArchive> npz = NpzArchive::open(path);
            if (!npz) return npz.failure();
            std::vector<TensorInfo> infos;
            for (const std::string& name : npz->names()) {
                Result<NpyHeader> header = npz->header(name);
                if (!header) return header.failure();
                infos.push_back(info(name, header->dtype, header->shape));
            }
            if (infos.empty())
                return Text::tr("%1: zip archive with neither .npy members nor data.pkl",
                                path.toStdString());
            return TensorFile(path, TensorFileFormat::Npz, std::move(infos),
                              [npz = *npz](const std::string& n) { return npz.readFloat(n); });
        }
        case Kind::Safetensors: {
            Result<SafetensorsFile> st = SafetensorsFile::open(path);
            if (!st) return st.failure();
            std::vector<TensorInfo> infos;
            for (const SafetensorsEntry& e : st->tensors())
                infos.push_back(info(e.name, e.dtype, e.shape));
            TensorFile file(path, TensorFileFormat::Safetensors, std::move(infos),
                            [st = *st](const std::string& n) { return st.read(n); });
            file.m_metadata = st->metadata();
            return file;
        }
        case Kind::Pickle: {
            Result<TorchArchive> torch = TorchArchive::open(path);
            if (!torch) return torch.failure();
            std::vector<TensorInfo> infos;
            for (const TorchTensor& t : torch->tensors())
                infos.push_back(info(t.name, t.dtype(torch->storages()), t.shape));
            return TensorFile(
                path,
                torch->isLegacy() ? TensorFileFormat::TorchLegacy : TensorFileFormat::TorchZip,
                std::move(infos), [torch = *torch](const std::string& n) { return torch.read(n); });
        }
        case Kind::Gguf: {
            Result<GgufFile> gguf = GgufFile::open(path);
            if (!gguf) return gguf.failure();
            std::vector<TensorInfo> infos;
            for (const GgufTensor& t : gguf->tensors()) {
                TensorInfo i{t.name, ggmlPlainDType(t.type).value_or(DType::F32), t.shape, t.bytes,
                             ggmlTypeInfo(t.type).name};
                infos.push_back(std::move(i));
            }
            return TensorFile(path, TensorFileFormat::Gguf, std::move(infos),
                              [gguf = *gguf](const std::string& n) { return gguf.read(n); });
        }
        case Kind::Unknown:
            break;
    }
    return Text::tr(
        "%1: unrecognised tensor file (AttnScope reads .npy, .npz, .safetensors, "
        "PyTorch .pt/.pth/.bin and .gguf files)",
        path.toStdString());
}

}  // namespace attnscope
