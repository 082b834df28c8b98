#pragma once
// A GGUF file (llama.cpp's model format, versions 2 and 3, little-endian): its typed metadata and
// its tensor listing, validated up front — every count and length checked against the bytes
// left before anything is allocated, tensor data aligned and inside the file — and memory-mapped
// so that only the tensors read are touched. Tensors read as float32, dequantized as ggml does.

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/common/Array.h"
#include "core/common/Result.h"
#include "core/io/GgufQuants.h"

namespace attnscope {

class MappedFile;

/// GGUF's metadata value types, with the ids the file stores.
enum class GgufValueType : uint32_t {
    U8 = 0,
    I8 = 1,
    U16 = 2,
    I16 = 3,
    U32 = 4,
    I32 = 5,
    F32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    U64 = 10,
    I64 = 11,
    F64 = 12,
};

/// "u8", "i32", "f32", "bool", "string", "array", ...
const char* ggufValueTypeName(GgufValueType type);

/// One metadata value: a scalar, or an array of scalars of one type (arrays of arrays are
/// refused when the file is read). Numbers are kept as the file's bytes and decoded on request.
class GgufValue {
public:
    GgufValue() = default;
    static GgufValue ofScalar(GgufValueType type, std::string rawBytes);
    static GgufValue ofString(std::string text);
    static GgufValue ofArray(GgufValueType elementType, std::string rawBytes, int64_t count);
    static GgufValue ofStrings(std::vector<std::string> strings);

    /// Array for arrays, else the scalar's type.
    GgufValueType type() const { return m_isArray ? GgufValueType::Array : m_elementType; }
    /// The scalar's type, or the type of the array's elements.
    GgufValueType elementType() const { return m_elementType; }
    bool isArray() const { return m_isArray; }
    /// Elements of an array; 1 for a scalar.
    int64_t size() const { return m_count; }

    /// A string scalar.
    std::optional<std::string> asString() const;
    /// An integer or bool scalar whose value fits int64 (a u64 above 2^63 − 1 does not).
    std::optional<int64_t> asInt() const;
    /// Any number or bool scalar (integers converted to the nearest double).
    std::optional<double> asFloat() const;
    std::optional<std::vector<std::string>> asStringList() const;
    std::optional<std::vector<int64_t>> asIntList() const;
    std::optional<std::vector<double>> asFloatList() const;

    /// Element i (0 for a scalar) of a number or bool value.
    std::optional<int64_t> intAt(int64_t i) const;
    double floatAt(int64_t i) const;
    /// Element i (0 for a scalar) of a string value.
    const std::string& stringAt(int64_t i) const { return m_strings[static_cast<size_t>(i)]; }

    /// One element as text: numbers in their shortest exact form, u64 unsigned, bools as
    /// true/false, strings quoted with JSON's escapes.
    std::string elementText(int64_t i) const;
    /// The value as text: a scalar alone, an array as "[a, b, c]" up to `maxElements` elements
    /// and beyond that as its size, "[151936 strings]" or "[32 i32 values]".
    std::string toString(int64_t maxElements = 16) const;

private:
    GgufValueType m_elementType = GgufValueType::U8;
    bool m_isArray = false;
    int64_t m_count = 0;
    std::string m_raw;                   // little-endian numbers, m_count of them
    std::vector<std::string> m_strings;  // strings
};

struct GgufTensor {
    std::string name;
    GgmlType type = GgmlType::F32;
    Shape shape;         ///< row-major (NumPy order): ggml's ne reversed, so ne[0] is shape.back()
    int64_t offset = 0;  ///< byte offset from the start of the data section
    int64_t bytes = 0;   ///< bytes of its blocks in the file
};

class GgufFile {
public:
    /// Maps the file and validates its header and tensor listing.
    static Result<GgufFile> open(const QString& path);
    /// The same over bytes already in memory; `what` names them in messages.
    static Result<GgufFile> fromBytes(QByteArray bytes, const QString& what);

    uint32_t version() const;
    /// general.alignment, or GGUF's default of 32.
    int64_t alignment() const;
    /// File offset of the data section (the end of the header, aligned).
    int64_t dataOffset() const;
    const std::map<std::string, GgufValue>& metadata() const;
    /// The tensors in the order of the file's listing.
    const std::vector<GgufTensor>& tensors() const;
    const GgufTensor* find(const std::string& name) const;

    /// The tensor as float32 in its row-major shape; fails, naming the type, for types AttnScope
    /// cannot dequantize (IQ*, TQ*, ...).
    Result<Tensor> read(const std::string& name) const;

private:
    struct State;
    explicit GgufFile(std::shared_ptr<const State> state);
    static Result<GgufFile> parse(MappedFile file, const QString& what);

    std::shared_ptr<const State> m_state;
};

}  // namespace attnscope
