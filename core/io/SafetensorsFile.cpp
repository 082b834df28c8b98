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

#include "core/common/Text.h"

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
    if (!file) return Text::tr("%1: %2", path.toStdString(), file.failure());
    return parse(std::move(file).value(), path);
}

Result<SafetensorsFile> SafetensorsFile::fromBytes(QByteArray bytes, const QString& what) {
    return parse(MappedFile::fromBytes(std::move(bytes)), what);
}

Result<SafetensorsFile> SafetensorsFile::parse(MappedFile file, const QString& what) {
    const std::string w = what.toStdString();
    auto state = std::make_shared<State>();
    state->what = what;
    state->file = std::move(file);
    const int64_t size = state->file.size();
    if (size < 8)
        return Text::tr(
            "%1: not a .safetensors file: %2 bytes, shorter than the 8-byte header "
            "length",
            w, size);
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(state->file.data()[i]);
    if (n > static_cast<uint64_t>(kMaxSafetensorsHeaderBytes))
        return Text::tr(
            "%1: header length %2 exceeds the 100 MB limit (corrupt or not a .safetensors file)", w,
            n);
    const int64_t headerBytes = static_cast<int64_t>(n);
    if (8 + headerBytes > size)
        return Text::tr("%1: header length %2 runs past the end of the %3-byte file (truncated?)",
                        w, n, size);
    const auto* header = reinterpret_cast<const unsigned char*>(state->file.data() + 8);
    if (const int64_t bad = firstInvalidUtf8(header, headerBytes); bad >= 0)
        return Text::tr("%1: header is not valid UTF-8 (byte offset %2)", w, 8 + bad);
    if (headerBytes == 0 || header[0] != '{')
        return Text::tr("%1: header does not start with '{' (byte offset 8)", w);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(state->file.data() + 8, static_cast<qsizetype>(headerBytes)),
        &error);
    if (error.error != QJsonParseError::NoError)
        return Text::tr("%1: header is not valid JSON: %2 at byte offset %3", w,
                        error.errorString().toStdString(), 8 + error.offset);
    if (!doc.isObject()) return Text::tr("%1: header is not a JSON object", w);
    state->dataStart = 8 + headerBytes;

    const QJsonObject root = doc.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string name = it.key().toStdString();
        if (name == "__metadata__") {
            if (!it.value().isObject())
                return Text::tr("%1: __metadata__ must be an object of strings", w);
            const QJsonObject meta = it.value().toObject();
            for (auto m = meta.begin(); m != meta.end(); ++m) {
                if (!m.value().isString())
                    return Text::tr("%1: __metadata__ value of '%2' is not a string", w,
                                    m.key().toStdString());
                state->metadata[m.key().toStdString()] = m.value().toString().toStdString();
            }
            continue;
        }
        if (!it.value().isObject())
            return Text::tr("%1: tensor '%2': entry is not an object", w, name);
        const QJsonObject t = it.value().toObject();
        SafetensorsEntry entry;
        entry.name = name;
        const QString dtype = t.value("dtype").toString();
        bool known = false;
        for (const DTypeName& d : kNames)
            if (dtype == QLatin1String(d.name)) entry.dtype = d.dtype, known = true;
        if (!known) {
            if (!t.value("dtype").isString())
                return Text::tr("%1: tensor '%2': missing or non-string dtype", w, name);
            return Text::tr("%1: tensor '%2': unsupported dtype '%3'", w, name,
                            dtype.toStdString());
        }
        if (!t.value("shape").isArray()) return Text::tr("%1: tensor '%2': missing shape", w, name);
        int64_t count = 1;
        for (const QJsonValue& d : t.value("shape").toArray()) {
            const int64_t dim = jsonCount(d);
            if (dim < 0)
                return Text::tr("%1: tensor '%2': shape entries must be non-negative integers", w,
                                name);
            entry.shape.push_back(dim);
            if (dim != 0 && count > (int64_t{1} << 53) / dim)
                return Text::tr("%1: tensor '%2': shape overflows", w, name);
            count *= dim;
        }
        const QJsonArray offsets = t.value("data_offsets").toArray();
        if (offsets.size() != 2 || jsonCount(offsets[0]) < 0 || jsonCount(offsets[1]) < 0)
            return Text::tr("%1: tensor '%2': data_offsets must be two non-negative integers", w,
                            name);
        entry.begin = jsonCount(offsets[0]);
        entry.end = jsonCount(offsets[1]);
        if (entry.end < entry.begin)
            return Text::tr("%1: tensor '%2': data_offsets end before they begin", w, name);
        if (count > (int64_t{1} << 53) / dtypeSize(entry.dtype) ||
            count * dtypeSize(entry.dtype) != entry.end - entry.begin)
            return Text::tr("%1: tensor '%2': %3 bytes do not hold shape %4 of %5", w, name,
                            entry.end - entry.begin, shapeToString(entry.shape),
                            safetensorsDTypeName(entry.dtype));
        state->tensors.push_back(std::move(entry));
    }
    std::stable_sort(state->tensors.begin(), state->tensors.end(),
                     [](const auto& a, const auto& b) {
                         return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
                     });
    int64_t expected = 0;
    for (const SafetensorsEntry& e : state->tensors) {
        if (e.begin < expected)
            return Text::tr("%1: tensor '%2' starts at data offset %3 instead of %4 (overlap)", w,
                            e.name, e.begin, expected);
        if (e.begin > expected)
            return Text::tr("%1: tensor '%2' starts at data offset %3 instead of %4 (hole)", w,
                            e.name, e.begin, expected);
        expected = e.end;
    }
    if (state->dataStart + expected > size)
        return Text::tr("%1: the header describes %2 bytes but the file has %3 (truncated?)", w,
                        state->dataStart + expected, size);
    if (state->dataStart + expected < size)
        return Text::tr("%1: the header describes %2 bytes but the file has %3", w,
                        state->dataStart + expected, size);
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
        return Text::tr("%1: no tensor named '%2' (it holds: %3)", m_state->what.toStdString(),
                        name, known);
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
            return Text::tr("%1: the tensor name '%2' is reserved or used twice",
                            path.toStdString(), name);
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
        return Text::tr("%1: cannot write: %2", path.toStdString(),
                        file.errorString().toStdString());
    char length[8];
    uint64_t n = static_cast<uint64_t>(json.size());
    for (char& c : length) c = static_cast<char>(n & 0xff), n >>= 8;
    file.write(length, 8);
    file.write(json);
    for (const auto& [name, tensor] : tensors)
        file.write(reinterpret_cast<const char*>(tensor->data()),
                   tensor->size() * qint64{sizeof(float)});
    if (!file.commit())
        return Text::tr("%1: write failed: %2", path.toStdString(),
                        file.errorString().toStdString());
    return Status::success();
}

}  // namespace attnscope
