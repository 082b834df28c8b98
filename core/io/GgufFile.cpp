#include "core/io/GgufFile.h"

#include <charconv>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "core/common/Text.h"
#include "core/io/MappedFile.h"

namespace attnscope {

namespace {

constexpr int64_t kDefaultAlignment = 32;
constexpr int kMaxDims = 4;  // ggml's GGML_MAX_DIMS
// The smallest a listing entry can be: a key (8-byte length) + type + a 1-byte value; a tensor
// name (8-byte length) + n_dims + type + offset. Counts are checked against these before any
// allocation, so a count of 2^60 in a small file fails at once.
constexpr int64_t kMinMetadataEntryBytes = 8 + 4 + 1;
constexpr int64_t kMinTensorEntryBytes = 8 + 4 + 4 + 8;

using Byte = unsigned char;

/// Bytes of one scalar of `type`; 0 for strings and arrays; -1 for an unknown type id.
int scalarBytes(uint32_t type) {
    static constexpr int kBytes[] = {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};
    return type < std::size(kBytes) ? kBytes[type] : -1;
}

bool isInteger(GgufValueType t) {
    return t == GgufValueType::U8 || t == GgufValueType::I8 || t == GgufValueType::U16 ||
           t == GgufValueType::I16 || t == GgufValueType::U32 || t == GgufValueType::I32 ||
           t == GgufValueType::U64 || t == GgufValueType::I64;
}

/// The fields a Cursor reads, named in its messages only when a read fails.
enum class Field {
    Magic,
    Version,
    TensorCount,
    MetadataCount,
    MetadataKey,
    MetadataValueType,
    MetadataValue,
    String,
    ArrayElementType,
    ArrayStringCount,
    ArrayElementCount,
    Array,
    TensorName,
    TensorDimensionCount,
    TensorDimensions,
    TensorType,
    TensorDataOffset,
};

Error fieldName(Field field) {
    switch (field) {
        case Field::Magic:
            return Text::tr("the magic");
        case Field::Version:
            return Text::tr("the version");
        case Field::TensorCount:
            return Text::tr("the tensor count");
        case Field::MetadataCount:
            return Text::tr("the metadata count");
        case Field::MetadataKey:
            return Text::tr("a metadata key");
        case Field::MetadataValueType:
            return Text::tr("a metadata value type");
        case Field::MetadataValue:
            return Text::tr("a metadata value");
        case Field::String:
            return Text::tr("a string");
        case Field::ArrayElementType:
            return Text::tr("an array's element type");
        case Field::ArrayStringCount:
            return Text::tr("the array's string count");
        case Field::ArrayElementCount:
            return Text::tr("the array's element count");
        case Field::Array:
            return Text::tr("an array");
        case Field::TensorName:
            return Text::tr("a tensor name");
        case Field::TensorDimensionCount:
            return Text::tr("a tensor's dimension count");
        case Field::TensorDimensions:
            return Text::tr("a tensor's dimensions");
        case Field::TensorType:
            return Text::tr("a tensor's type");
        case Field::TensorDataOffset:
            return Text::tr("a tensor's data offset");
    }
    return Text::literal("?");
}

/// Reads little-endian fields; the first failure sticks (later reads give 0 / empty), and its
/// message names the byte offset at which the problem lies.
class Cursor {
public:
    Cursor(const Byte* data, int64_t size) : m_data(data), m_size(size) {}

    int64_t pos() const { return m_pos; }
    int64_t left() const { return m_size - m_pos; }
    bool failed() const { return m_error.has_value(); }
    const Error& error() const { return *m_error; }

    bool fail(int64_t at, const Error& message) {
        if (!m_error) m_error = Text::tr("byte offset %1: %2", at, message);
        return false;
    }
    /// Adds where the parser was to the failure ("in metadata entry 3, 'general.name'").
    void addContext(const Error& context) {
        if (m_error) m_error = Text::tr("%1 (%2)", *m_error, context);
    }

    /// `n` bytes, or nullptr after a failure naming `what` when fewer are left.
    const Byte* take(int64_t n, Field what) {
        if (failed()) return nullptr;
        if (n > left()) {
            fail(m_pos, Text::tr("the file ends inside %1 (%2 bytes needed, %3 left)",
                                 fieldName(what), n, left()));
            return nullptr;
        }
        const Byte* p = m_data + m_pos;
        m_pos += n;
        return p;
    }
    uint32_t u32(Field what) {
        const Byte* p = take(4, what);
        uint32_t v = 0;
        if (p) std::memcpy(&v, p, 4);
        return v;
    }
    uint64_t u64(Field what) {
        const Byte* p = take(8, what);
        uint64_t v = 0;
        if (p) std::memcpy(&v, p, 8);
        return v;
    }
    /// A count of items of at least `minBytes` each, checked against the bytes left.
    int64_t count(Field what, int64_t minBytes) {
        const int64_t at = m_pos;
        const uint64_t n = u64(what);
        if (failed()) return 0;
        if (n > static_cast<uint64_t>(left() / minBytes)) {
            fail(at, Text::tr("%1 %2 cannot fit in the %3 bytes left (each takes at least %4)",
                              fieldName(what), n, left(), minBytes));
            return 0;
        }
        return static_cast<int64_t>(n);
    }
    // (The message is made in pastTheEnd: lupdate misplaces Text::tr in a function that
    // returns std::string.)
    Error pastTheEnd(Field what, uint64_t n) const {
        return Text::tr("%1 length %2 runs past the end of the file (%3 bytes left)",
                        fieldName(what), n, left());
    }
    std::string text(Field what) {
        const int64_t at = m_pos;
        const uint64_t n = u64(what);
        if (failed()) return {};
        if (n > static_cast<uint64_t>(left())) {
            fail(at, pastTheEnd(what, n));
            return {};
        }
        const Byte* p = take(static_cast<int64_t>(n), what);
        return std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
    }

private:
    const Byte* m_data;
    int64_t m_size;
    int64_t m_pos = 0;
    std::optional<Error> m_error;
};

/// A metadata value of type `typeId` at the cursor (the type id itself already read at `typeAt`).
GgufValue readValue(Cursor& c, uint32_t typeId, int64_t typeAt) {
    const int size = scalarBytes(typeId);
    if (size < 0) {
        c.fail(typeAt, Text::tr("unknown metadata value type %1", typeId));
        return {};
    }
    const auto type = static_cast<GgufValueType>(typeId);
    if (type == GgufValueType::String) return GgufValue::ofString(c.text(Field::String));
    if (type != GgufValueType::Array) {
        const Byte* p = c.take(size, Field::MetadataValue);
        return p ? GgufValue::ofScalar(type, std::string(reinterpret_cast<const char*>(p), size))
                 : GgufValue{};
    }
    const int64_t elementAt = c.pos();
    const uint32_t elementId = c.u32(Field::ArrayElementType);
    if (c.failed()) return {};
    const int elementSize = scalarBytes(elementId);
    if (elementSize < 0) {
        c.fail(elementAt, Text::tr("unknown array element type %1", elementId));
        return {};
    }
    const auto elementType = static_cast<GgufValueType>(elementId);
    if (elementType == GgufValueType::Array) {
        c.fail(elementAt, Text::tr("arrays of arrays are not supported"));
        return {};
    }
    if (elementType == GgufValueType::String) {
        const int64_t n = c.count(Field::ArrayStringCount, 8);
        std::vector<std::string> strings;
        strings.reserve(static_cast<size_t>(n));
        for (int64_t i = 0; i < n && !c.failed(); ++i) strings.push_back(c.text(Field::String));
        return GgufValue::ofStrings(std::move(strings));
    }
    const int64_t n = c.count(Field::ArrayElementCount, elementSize);
    const Byte* p = c.take(n * elementSize, Field::Array);
    if (!p) return {};
    return GgufValue::ofArray(elementType,
                              std::string(reinterpret_cast<const char*>(p), n * elementSize), n);
}

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (const char ch : s) {
        const auto u = static_cast<unsigned char>(ch);
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += ch;
        } else if (ch == '\n') {
            out += "\\n";
        } else if (ch == '\t') {
            out += "\\t";
        } else if (ch == '\r') {
            out += "\\r";
        } else if (u < 0x20) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\u%04x", u);
            out += hex;
        } else {
            out += ch;
        }
    }
    return out + "\"";
}

template <class T>
std::string shortest(T v) {
    char text[64];
    const auto r = std::to_chars(text, text + sizeof text, v);
    return std::string(text, r.ptr);
}

}  // namespace

// ---------------------------------------------------------------------------------- GgufValue

const char* ggufValueTypeName(GgufValueType type) {
    static constexpr const char* kNames[] = {"u8",   "i8",     "u16",   "i16", "u32", "i32", "f32",
                                             "bool", "string", "array", "u64", "i64", "f64"};
    const auto i = static_cast<uint32_t>(type);
    return i < std::size(kNames) ? kNames[i] : "?";
}

GgufValue GgufValue::ofScalar(GgufValueType type, std::string rawBytes) {
    GgufValue v;
    v.m_elementType = type;
    v.m_count = 1;
    v.m_raw = std::move(rawBytes);
    return v;
}

GgufValue GgufValue::ofString(std::string text) {
    GgufValue v;
    v.m_elementType = GgufValueType::String;
    v.m_count = 1;
    v.m_strings.push_back(std::move(text));
    return v;
}

GgufValue GgufValue::ofArray(GgufValueType elementType, std::string rawBytes, int64_t count) {
    GgufValue v = ofScalar(elementType, std::move(rawBytes));
    v.m_isArray = true;
    v.m_count = count;
    return v;
}

GgufValue GgufValue::ofStrings(std::vector<std::string> strings) {
    GgufValue v;
    v.m_elementType = GgufValueType::String;
    v.m_isArray = true;
    v.m_count = static_cast<int64_t>(strings.size());
    v.m_strings = std::move(strings);
    return v;
}

std::optional<int64_t> GgufValue::intAt(int64_t i) const {
    if (!isInteger(m_elementType) && m_elementType != GgufValueType::Bool) return std::nullopt;
    if (i < 0 || i >= m_count) return std::nullopt;
    const int size = scalarBytes(static_cast<uint32_t>(m_elementType));
    const char* p = m_raw.data() + i * size;
    const auto load = [p]<class T>(T) {
        T v;
        std::memcpy(&v, p, sizeof v);
        return v;
    };
    switch (m_elementType) {
        case GgufValueType::U8:
            return load(uint8_t{});
        case GgufValueType::I8:
            return load(int8_t{});
        case GgufValueType::U16:
            return load(uint16_t{});
        case GgufValueType::I16:
            return load(int16_t{});
        case GgufValueType::U32:
            return load(uint32_t{});
        case GgufValueType::I32:
            return load(int32_t{});
        case GgufValueType::I64:
            return load(int64_t{});
        case GgufValueType::U64: {
            const uint64_t v = load(uint64_t{});
            if (v > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
            return static_cast<int64_t>(v);
        }
        case GgufValueType::Bool:
            return load(uint8_t{}) != 0 ? 1 : 0;
        default:
            return std::nullopt;
    }
}

double GgufValue::floatAt(int64_t i) const {
    if (i < 0 || i >= m_count) return 0;
    if (m_elementType == GgufValueType::F32) {
        float v;
        std::memcpy(&v, m_raw.data() + i * 4, 4);
        return v;
    }
    if (m_elementType == GgufValueType::F64) {
        double v;
        std::memcpy(&v, m_raw.data() + i * 8, 8);
        return v;
    }
    if (m_elementType == GgufValueType::U64) {
        uint64_t v;
        std::memcpy(&v, m_raw.data() + i * 8, 8);
        return static_cast<double>(v);
    }
    return static_cast<double>(intAt(i).value_or(0));
}

std::optional<std::string> GgufValue::asString() const {
    if (m_isArray || m_elementType != GgufValueType::String) return std::nullopt;
    return m_strings.front();
}

std::optional<int64_t> GgufValue::asInt() const {
    if (m_isArray) return std::nullopt;
    return intAt(0);
}

std::optional<double> GgufValue::asFloat() const {
    if (m_isArray || m_elementType == GgufValueType::String) return std::nullopt;
    return floatAt(0);
}

std::optional<std::vector<std::string>> GgufValue::asStringList() const {
    if (!m_isArray || m_elementType != GgufValueType::String) return std::nullopt;
    return m_strings;
}

std::optional<std::vector<int64_t>> GgufValue::asIntList() const {
    if (!m_isArray) return std::nullopt;
    std::vector<int64_t> out;
    out.reserve(static_cast<size_t>(m_count));
    for (int64_t i = 0; i < m_count; ++i) {
        const std::optional<int64_t> v = intAt(i);
        if (!v) return std::nullopt;
        out.push_back(*v);
    }
    return out;
}

std::optional<std::vector<double>> GgufValue::asFloatList() const {
    if (!m_isArray || m_elementType == GgufValueType::String) return std::nullopt;
    std::vector<double> out;
    out.reserve(static_cast<size_t>(m_count));
    for (int64_t i = 0; i < m_count; ++i) out.push_back(floatAt(i));
    return out;
}

std::string GgufValue::elementText(int64_t i) const {
    switch (m_elementType) {
        case GgufValueType::String:
            return quoted(m_strings[static_cast<size_t>(i)]);
        case GgufValueType::Bool:
            return intAt(i).value_or(0) ? "true" : "false";
        case GgufValueType::F32:
            return shortest(static_cast<float>(floatAt(i)));
        case GgufValueType::F64:
            return shortest(floatAt(i));
        case GgufValueType::U64: {
            uint64_t v;
            std::memcpy(&v, m_raw.data() + i * 8, 8);
            return std::to_string(v);
        }
        default:
            return std::to_string(intAt(i).value_or(0));
    }
}

std::string GgufValue::toString(int64_t maxElements) const {
    if (!m_isArray) return elementText(0);
    if (m_count > maxElements)
        return "[" + std::to_string(m_count) +
               (m_elementType == GgufValueType::String
                    ? std::string(" strings]")
                    : std::string(" ") + ggufValueTypeName(m_elementType) + " values]");
    std::string out = "[";
    for (int64_t i = 0; i < m_count; ++i) out += (i ? ", " : "") + elementText(i);
    return out + "]";
}

// ----------------------------------------------------------------------------------- GgufFile

struct GgufFile::State {
    QString what;
    MappedFile file;
    uint32_t version = 0;
    int64_t alignment = kDefaultAlignment;
    int64_t dataOffset = 0;
    std::map<std::string, GgufValue> metadata;
    std::vector<GgufTensor> tensors;
    std::unordered_map<std::string, size_t> byName;
};

GgufFile::GgufFile(std::shared_ptr<const State> state) : m_state(std::move(state)) {}

Result<GgufFile> GgufFile::open(const QString& path) {
    auto file = MappedFile::open(path);
    if (!file) return Text::tr("%1: %2", path.toStdString(), file.failure());
    return parse(std::move(file).value(), path);
}

Result<GgufFile> GgufFile::fromBytes(QByteArray bytes, const QString& what) {
    return parse(MappedFile::fromBytes(std::move(bytes)), what);
}

Result<GgufFile> GgufFile::parse(MappedFile file, const QString& what) {
    const std::string w = what.toStdString();
    auto state = std::make_shared<State>();
    state->what = what;
    state->file = std::move(file);
    const int64_t size = state->file.size();
    Cursor c(reinterpret_cast<const Byte*>(state->file.data()), size);
    const auto fail = [&] { return Text::tr("%1: %2", w, c.error()); };

    // Header: magic, version, tensor count, metadata count.
    const Byte* magic = c.take(4, Field::Magic);
    if (!magic)
        return Text::tr(
            "%1: byte offset 0: not a GGUF file (%2 bytes, shorter than the 4-byte magic)", w,
            size);
    if (std::memcmp(magic, "GGUF", 4) != 0) {
        char hex[16];
        std::snprintf(hex, sizeof hex, "%02x %02x %02x %02x", magic[0], magic[1], magic[2],
                      magic[3]);
        return Text::tr("%1: byte offset 0: not a GGUF file (the magic is %2, not \"GGUF\")", w,
                        hex);
    }
    state->version = c.u32(Field::Version);
    if (c.failed()) return fail();
    const uint32_t version = state->version;
    if (version == 1)
        return Text::tr(
            "%1: byte offset 4: GGUF version 1 (32-bit counts and lengths, before llama.cpp "
            "moved to version 2) is not supported; AttnScope reads versions 2 and 3",
            w);
    if (version != 0 && (version & 0xffffu) == 0 && __builtin_bswap32(version) <= 3)
        return Text::tr(
            "%1: byte offset 4: a big-endian GGUF file (version %2), which AttnScope does not read",
            w, __builtin_bswap32(version));
    if (version != 2 && version != 3)
        return Text::tr(
            "%1: byte offset 4: unsupported GGUF version %2 (AttnScope reads versions 2 and 3)", w,
            version);
    const int64_t tensorCountAt = c.pos();
    const uint64_t tensorCount = c.u64(Field::TensorCount);
    const int64_t metadataCount = c.count(Field::MetadataCount, kMinMetadataEntryBytes);
    if (c.failed()) return fail();
    if (tensorCount > static_cast<uint64_t>(c.left() / kMinTensorEntryBytes))
        return Text::tr(
            "%1: byte offset %2: the tensor count %3 cannot fit in the %4 bytes left (each takes "
            "at least %5)",
            w, tensorCountAt, tensorCount, c.left(), kMinTensorEntryBytes);

    // Metadata.
    int64_t alignmentAt = 0;
    for (int64_t i = 0; i < metadataCount; ++i) {
        const int64_t keyAt = c.pos();
        std::string key = c.text(Field::MetadataKey);
        const int64_t typeAt = c.pos();
        const uint32_t type = c.u32(Field::MetadataValueType);
        if (!c.failed() && state->metadata.count(key))
            c.fail(keyAt, Text::tr("the metadata key '%1' appears twice", key));
        GgufValue value = readValue(c, type, typeAt);
        if (c.failed()) {
            c.addContext(key.empty() ? Text::tr("metadata entry %1", i)
                                     : Text::tr("metadata entry %1, '%2'", i, key));
            return fail();
        }
        if (key == "general.alignment") alignmentAt = typeAt + 4;
        state->metadata.emplace(std::move(key), std::move(value));
    }
    if (const auto it = state->metadata.find("general.alignment"); it != state->metadata.end()) {
        const std::optional<int64_t> a = it->second.asInt();
        if (!a || !isInteger(it->second.type()) || *a <= 0 || (*a & (*a - 1)) != 0)
            return Text::tr("%1: byte offset %2: general.alignment %3 is not a power of two", w,
                            alignmentAt, it->second.toString());
        state->alignment = *a;
    }
    const int64_t alignment = state->alignment;

    // Tensor listing.
    std::vector<int64_t> offsetFieldAt;
    state->tensors.reserve(static_cast<size_t>(tensorCount));
    for (uint64_t i = 0; i < tensorCount; ++i) {
        GgufTensor t;
        const int64_t nameAt = c.pos();
        t.name = c.text(Field::TensorName);
        const int64_t dimsAt = c.pos();
        const uint32_t nDims = c.u32(Field::TensorDimensionCount);
        if (!c.failed() && state->byName.count(t.name))
            c.fail(nameAt, Text::tr("the tensor name '%1' appears twice", t.name));
        if (!c.failed() && nDims > kMaxDims)
            c.fail(dimsAt, Text::tr("%1 dimensions (ggml has at most 4)", nDims));
        // The product of the non-zero dimensions must fit: then so does every partial product,
        // in any order (a zero dimension does not make [0, 2^40, 2^40] safe to multiply out).
        int64_t nonZero = 1;
        bool empty = false;
        for (uint32_t d = 0; d < nDims && !c.failed(); ++d) {
            const int64_t dimAt = c.pos();
            const uint64_t ne = c.u64(Field::TensorDimensions);
            if (c.failed()) break;
            if (ne > static_cast<uint64_t>(INT64_MAX) ||
                (ne != 0 && __builtin_mul_overflow(nonZero, static_cast<int64_t>(ne), &nonZero))) {
                c.fail(dimAt, Text::tr("dimension %1 overflows the element count", ne));
                break;
            }
            empty = empty || ne == 0;
            t.shape.insert(t.shape.begin(), static_cast<int64_t>(ne));  // ggml's ne[0] is last
        }
        const int64_t elements = empty ? 0 : nonZero;
        const int64_t typeAt = c.pos();
        const uint32_t typeId = c.u32(Field::TensorType);
        const int64_t offsetAt = c.pos();
        const uint64_t offset = c.u64(Field::TensorDataOffset);
        const GgmlTypeInfo* type = c.failed() ? nullptr : ggmlTypeInfo(typeId);
        if (!c.failed() && !type) c.fail(typeAt, Text::tr("unknown ggml tensor type %1", typeId));
        if (type) {
            t.type = type->type;
            const int64_t row = t.shape.empty() ? 1 : t.shape.back();
            if (row % type->blockSize != 0)
                c.fail(dimsAt + 4,
                       Text::tr("the row length %1 is not a multiple of %2's block size %3", row,
                                type->name, type->blockSize));
            else if (__builtin_mul_overflow(elements / type->blockSize, type->blockBytes, &t.bytes))
                c.fail(dimsAt + 4, Text::tr("the tensor's byte size overflows"));
        }
        if (!c.failed() && offset > static_cast<uint64_t>(INT64_MAX))
            c.fail(offsetAt, Text::tr("data offset %1 is past any file", offset));
        if (!c.failed() && offset % static_cast<uint64_t>(alignment) != 0)
            c.fail(offsetAt, Text::tr("data offset %1 is not a multiple of the alignment %2",
                                      offset, alignment));
        if (c.failed()) {
            c.addContext(t.name.empty() ? Text::tr("tensor %1", i)
                                        : Text::tr("tensor %1, '%2'", i, t.name));
            return fail();
        }
        t.offset = static_cast<int64_t>(offset);
        state->byName.emplace(t.name, state->tensors.size());
        state->tensors.push_back(std::move(t));
        offsetFieldAt.push_back(offsetAt);
    }

    // Data section: aligned after the listing; every tensor's bytes inside the file.
    const int64_t end = c.pos();
    state->dataOffset = end + (alignment - end % alignment) % alignment;
    for (size_t i = 0; i < state->tensors.size(); ++i) {
        const GgufTensor& t = state->tensors[i];
        const int64_t room = size - state->dataOffset;  // may be negative
        if (t.offset > room || t.bytes > room - t.offset)
            return Text::tr(
                "%1: byte offset %2: tensor '%3' (%4 bytes at data offset %5, file byte %6) runs "
                "past the end of the %7-byte file",
                w, offsetFieldAt[i], t.name, t.bytes, t.offset, state->dataOffset + t.offset, size);
    }
    return GgufFile(std::move(state));
}

uint32_t GgufFile::version() const {
    return m_state->version;
}
int64_t GgufFile::alignment() const {
    return m_state->alignment;
}
int64_t GgufFile::dataOffset() const {
    return m_state->dataOffset;
}
const std::map<std::string, GgufValue>& GgufFile::metadata() const {
    return m_state->metadata;
}
const std::vector<GgufTensor>& GgufFile::tensors() const {
    return m_state->tensors;
}

const GgufTensor* GgufFile::find(const std::string& name) const {
    const auto it = m_state->byName.find(name);
    return it == m_state->byName.end() ? nullptr : &m_state->tensors[it->second];
}

Result<Tensor> GgufFile::read(const std::string& name) const {
    const GgufTensor* t = find(name);
    if (!t) {
        std::string known;
        const size_t n = m_state->tensors.size();
        for (size_t i = 0; i < std::min<size_t>(n, 8); ++i)
            known += (known.empty() ? "" : ", ") + m_state->tensors[i].name;
        const std::string file = m_state->what.toStdString();
        if (n == 0) return Text::tr("%1: no tensor named '%2' (it holds: nothing)", file, name);
        if (n > 8)
            return Text::tr("%1: no tensor named '%2' (it holds: %3, ... (%4 in all))", file, name,
                            known, n);
        return Text::tr("%1: no tensor named '%2' (it holds: %3)", file, name, known);
    }
    const GgmlTypeInfo& type = ggmlTypeInfo(t->type);
    if (!type.dequantizable)
        return Text::tr("%1: tensor '%2': ggml type %3 cannot be converted to float32 yet",
                        m_state->what.toStdString(), name, type.name);
    Tensor out(t->shape);
    const Status s = dequantizeGgml(t->type, m_state->file.data() + m_state->dataOffset + t->offset,
                                    shapeSize(t->shape), out.data());
    if (!s) return Text::tr("%1: tensor '%2': %3", m_state->what.toStdString(), name, s);
    return out;
}

}  // namespace attnscope
