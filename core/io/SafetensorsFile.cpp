#include "core/io/SafetensorsFile.h"

#include "core/io/MappedFile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <algorithm>
#include <cmath>
#include <cstring>

namespace attnscope {

namespace {

struct DTypeName {
    DType dtype;
    const char* name;
};
constexpr DTypeName kNames[] = {
    {DType::Bool, "BOOL"}, {DType::U8, "U8"},   {DType::I8, "I8"},     {DType::I16, "I16"},
    {DType::U16, "U16"},   {DType::F16, "F16"}, {DType::BF16, "BF16"}, {DType::I32, "I32"},
    {DType::U32, "U32"},   {DType::F32, "F32"}, {DType::F64, "F64"},   {DType::I64, "I64"},
    {DType::U64, "U64"},
};

Error failure(const QString& what, const std::string& message) {
    return Error{what.toStdString() + ": " + message};
}

/// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF (what Rust's
/// std::str::from_utf8, used by the reference implementation, accepts).
int64_t firstInvalidUtf8(const unsigned char* s, int64_t n) {
    int64_t i = 0;
    while (i < n) {
        const unsigned c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len = 0;
        unsigned lo = 0x80, hi = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) {
            len = 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3;
            if (c == 0xe0) lo = 0xa0;
            if (c == 0xed) hi = 0x9f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4;
            if (c == 0xf0) lo = 0x90;
            if (c == 0xf4) hi = 0x8f;
        } else {
            return i;
        }
        if (i + len > n) return i;
        if (s[i + 1] < lo || s[i + 1] > hi) return i;
        for (int k = 2; k < len; ++k)
            if (s[i + k] < 0x80 || s[i + k] > 0xbf) return i;
        i += len;
    }
    return -1;
}

/// A JSON number that is a non-negative integer below 2^53 (exact in a double), or -1.
int64_t jsonCount(const QJsonValue& v) {
    if (!v.isDouble()) return -1;
    const double d = v.toDouble();
    if (!(d >= 0) || d > 9007199254740992.0 || std::floor(d) != d) return -1;
    return static_cast<int64_t>(d);
}

}  // namespace

const char* safetensorsDTypeName(DType dtype) {
    for (const DTypeName& n : kNames)
        if (n.dtype == dtype) return n.name;
    return "?";
}

struct SafetensorsFile::State {
    QString what;
    MappedFile file;
    int64_t dataStart = 0;
    std::vector<SafetensorsEntry> tensors;
    std::map<std::string, std::string> metadata;
};

SafetensorsFile::SafetensorsFile(std::shared_ptr<const State> state) : m_state(std::move(state)) {}

Result<SafetensorsFile> SafetensorsFile::open(const QString& path) {
    auto file = MappedFile::open(path);
    if (!file) return failure(path, file.error());
    return parse(std::move(file).value(), path);
}

Result<SafetensorsFile> SafetensorsFile::fromBytes(QByteArray bytes, const QString& what) {
    return parse(MappedFile::fromBytes(std::move(bytes)), what);
}

Result<SafetensorsFile> SafetensorsFile::parse(MappedFile file, const QString& what) {
    auto state = std::make_shared<State>();
    state->what = what;
    state->file = std::move(file);
    const int64_t size = state->file.size();
    if (size < 8)
        return failure(what, "not a .safetensors file: " + std::to_string(size) +
                                 " bytes, shorter than the 8-byte header length");
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(state->file.data()[i]);
    if (n > static_cast<uint64_t>(kMaxSafetensorsHeaderBytes))
        return failure(what, "header length " + std::to_string(n) +
                                 " exceeds the 100 MB limit (corrupt or not a .safetensors file)");
    const int64_t headerBytes = static_cast<int64_t>(n);
    if (8 + headerBytes > size)
        return failure(what, "header length " + std::to_string(n) + " runs past the end of the " +
                                 std::to_string(size) + "-byte file (truncated?)");
    const auto* header = reinterpret_cast<const unsigned char*>(state->file.data() + 8);
    if (const int64_t bad = firstInvalidUtf8(header, headerBytes); bad >= 0)
        return failure(what,
                       "header is not valid UTF-8 (byte offset " + std::to_string(8 + bad) + ")");
    if (headerBytes == 0 || header[0] != '{')
        return failure(what, "header does not start with '{' (byte offset 8)");
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(state->file.data() + 8, static_cast<qsizetype>(headerBytes)),
        &error);
    if (error.error != QJsonParseError::NoError)
        return failure(what, "header is not valid JSON: " + error.errorString().toStdString() +
                                 " at byte offset " + std::to_string(8 + error.offset));
    if (!doc.isObject()) return failure(what, "header is not a JSON object");
    state->dataStart = 8 + headerBytes;

    const QJsonObject root = doc.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string name = it.key().toStdString();
        if (name == "__metadata__") {
            if (!it.value().isObject())
                return failure(what, "__metadata__ must be an object of strings");
            const QJsonObject meta = it.value().toObject();
            for (auto m = meta.begin(); m != meta.end(); ++m) {
                if (!m.value().isString())
                    return failure(what, "__metadata__ value of '" + m.key().toStdString() +
                                             "' is not a string");
                state->metadata[m.key().toStdString()] = m.value().toString().toStdString();
            }
            continue;
        }
        if (!it.value().isObject())
            return failure(what, "tensor '" + name + "': entry is not an object");
        const QJsonObject t = it.value().toObject();
        SafetensorsEntry entry;
        entry.name = name;
        const QString dtype = t.value("dtype").toString();
        bool known = false;
        for (const DTypeName& d : kNames)
            if (dtype == QLatin1String(d.name)) entry.dtype = d.dtype, known = true;
        if (!known) {
            if (!t.value("dtype").isString())
                return failure(what, "tensor '" + name + "': missing or non-string dtype");
            return failure(
                what, "tensor '" + name + "': unsupported dtype '" + dtype.toStdString() + "'");
        }
        if (!t.value("shape").isArray())
            return failure(what, "tensor '" + name + "': missing shape");
        int64_t count = 1;
        for (const QJsonValue& d : t.value("shape").toArray()) {
            const int64_t dim = jsonCount(d);
            if (dim < 0)
                return failure(
                    what, "tensor '" + name + "': shape entries must be non-negative integers");
            entry.shape.push_back(dim);
            if (dim != 0 && count > (int64_t{1} << 53) / dim)
                return failure(what, "tensor '" + name + "': shape overflows");
            count *= dim;
        }
        const QJsonArray offsets = t.value("data_offsets").toArray();
        if (offsets.size() != 2 || jsonCount(offsets[0]) < 0 || jsonCount(offsets[1]) < 0)
            return failure(what,
                           "tensor '" + name + "': data_offsets must be two non-negative integers");
        entry.begin = jsonCount(offsets[0]);
        entry.end = jsonCount(offsets[1]);
        if (entry.end < entry.begin)
            return failure(what, "tensor '" + name + "': data_offsets end before they begin");
        if (count > (int64_t{1} << 53) / dtypeSize(entry.dtype) ||
            count * dtypeSize(entry.dtype) != entry.end - entry.begin)
            return failure(what, "tensor '" + name +
                                     "': " + std::to_string(entry.end - entry.begin) +
                                     " bytes do not hold shape " + shapeToString(entry.shape) +
                                     " of " + safetensorsDTypeName(entry.dtype));
        state->tensors.push_back(std::move(entry));
    }
    std::stable_sort(state->tensors.begin(), state->tensors.end(),
                     [](const auto& a, const auto& b) {
                         return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
                     });
    int64_t expected = 0;
    for (const SafetensorsEntry& e : state->tensors) {
        if (e.begin != expected)
            return failure(what, "tensor '" + e.name + "' starts at data offset " +
                                     std::to_string(e.begin) + " instead of " +
                                     std::to_string(expected) +
                                     (e.begin < expected ? " (overlap)" : " (hole)"));
        expected = e.end;
    }
    if (state->dataStart + expected != size)
        return failure(what, "the header describes " + std::to_string(state->dataStart + expected) +
                                 " bytes but the file has " + std::to_string(size) +
                                 (state->dataStart + expected > size ? " (truncated?)" : ""));
    return SafetensorsFile(std::move(state));
}

const std::vector<SafetensorsEntry>& SafetensorsFile::tensors() const {
    return m_state->tensors;
}
const std::map<std::string, std::string>& SafetensorsFile::metadata() const {
    return m_state->metadata;
}

const SafetensorsEntry* SafetensorsFile::find(const std::string& name) const {
    for (const SafetensorsEntry& e : m_state->tensors)
        if (e.name == name) return &e;
    return nullptr;
}

Result<Tensor> SafetensorsFile::read(const std::string& name) const {
    const SafetensorsEntry* e = find(name);
    if (!e) {
        std::string known;
        for (const SafetensorsEntry& t : m_state->tensors)
            known += (known.empty() ? "" : ", ") + t.name;
        return failure(m_state->what, "no tensor named '" + name + "' (it holds: " + known + ")");
    }
    Tensor out(e->shape);
    convertElements(m_state->file.data() + m_state->dataStart + e->begin, shapeSize(e->shape),
                    e->dtype, false, out.data());
    return out;
}

Status writeSafetensors(const QString& path,
                        const std::vector<std::pair<std::string, const Tensor*>>& tensors,
                        const std::map<std::string, std::string>& metadata) {
    QJsonObject header;
    if (!metadata.empty()) {
        QJsonObject meta;
        for (const auto& [k, v] : metadata)
            meta[QString::fromStdString(k)] = QString::fromStdString(v);
        header["__metadata__"] = meta;
    }
    int64_t offset = 0;
    for (const auto& [name, tensor] : tensors) {
        if (name == "__metadata__" || header.contains(QString::fromStdString(name)))
            return failure(path, "the tensor name '" + name + "' is reserved or used twice");
        QJsonArray shape;
        for (int64_t d : tensor->shape()) shape.append(double(d));
        const int64_t bytes = tensor->size() * int64_t{sizeof(float)};
        header[QString::fromStdString(name)] =
            QJsonObject{{"dtype", "F32"},
                        {"shape", shape},
                        {"data_offsets", QJsonArray{double(offset), double(offset + bytes)}}};
        offset += bytes;
    }
    QByteArray json = QJsonDocument(header).toJson(QJsonDocument::Compact);
    while (json.size() % 8 != 0) json.append(' ');
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failure(path, "cannot write: " + file.errorString().toStdString());
    char length[8];
    uint64_t n = static_cast<uint64_t>(json.size());
    for (char& c : length) c = static_cast<char>(n & 0xff), n >>= 8;
    file.write(length, 8);
    file.write(json);
    for (const auto& [name, tensor] : tensors)
        file.write(reinterpret_cast<const char*>(tensor->data()),
                   tensor->size() * qint64{sizeof(float)});
    if (!file.commit()) return failure(path, "write failed: " + file.errorString().toStdString());
    return Status::success();
}

}  // namespace attnscope
