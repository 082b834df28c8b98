// parseNpyHeader: the .npy preamble and the Python dictionary literal that follows it, read with
// a small parser for exactly the literals NumPy writes (strings, True/False, tuples of integers),
// never by evaluating anything.

#include <algorithm>
#include <cstring>
#include <optional>
#include <set>

#include "core/common/Text.h"
#include "core/io/NpyFormat.h"

namespace attnscope {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr int64_t kMagicBytes = 6;

// Why `descr` is refused; `offset` is where it stands in the file.
Error describeDescr(const std::string& descr, int64_t offset) {
    const std::string code =
        descr.empty() || std::strchr("<>|=", descr[0]) == nullptr ? descr : descr.substr(1);
    switch (code.empty() ? '\0' : code[0]) {
        case 'O':
            return Text::tr(
                "object array (dtype '%1') at offset %2: its Python objects can only be read by "
                "running pickle code; save a numeric array instead",
                descr, offset);
        case 'c':
            return Text::tr(
                "unsupported dtype '%1' (complex) at offset %2; supported are bool, int8-int64, "
                "uint8-uint64, float16, float32 and float64",
                descr, offset);
        case 'U':
        case 'S':
        case 'a':
            return Text::tr(
                "unsupported dtype '%1' (strings) at offset %2; supported are bool, int8-int64, "
                "uint8-uint64, float16, float32 and float64",
                descr, offset);
        case 'M':
        case 'm':
            return Text::tr(
                "unsupported dtype '%1' (dates or times) at offset %2; supported are bool, "
                "int8-int64, uint8-uint64, float16, float32 and float64",
                descr, offset);
        case 'V':
            return Text::tr(
                "unsupported dtype '%1' (raw bytes, for example bfloat16 saved through ml_dtypes) "
                "at offset %2; supported are bool, int8-int64, uint8-uint64, float16, float32 and "
                "float64",
                descr, offset);
        case 'f':
        case 'g':
            return Text::tr(
                "unsupported dtype '%1' (extended precision float) at offset %2; supported are "
                "bool, int8-int64, uint8-uint64, float16, float32 and float64",
                descr, offset);
        default:
            return Text::tr(
                "unsupported dtype '%1' at offset %2; supported are bool, int8-int64, "
                "uint8-uint64, float16, float32 and float64",
                descr, offset);
    }
}

// Parses the header dictionary text; positions in messages are offsets in the file.
class NpyHeaderParser {
public:
    NpyHeaderParser(const char* text, int64_t length, int64_t fileOffset)
        : m_text(text), m_length(length), m_fileOffset(fileOffset) {}

    std::optional<Error> parse(NpyHeader& header) {
        skipSpace();
        if (!consume('{')) return fail(Text::tr("header dictionary does not start with '{'"));
        std::set<std::string> seen;
        for (;;) {
            skipSpace();
            if (consume('}')) break;
            const int64_t keyPos = m_pos;
            std::string key;
            if (auto e = parseString(key, Text::tr("a dictionary key"))) return e;
            if (!seen.insert(key).second)
                return failAt(keyPos, Text::tr("duplicate key '%1'", key));
            skipSpace();
            if (!consume(':')) return fail(Text::tr("expected ':' after key '%1'", key));
            skipSpace();
            std::optional<Error> e;
            if (key == "descr")
                e = parseDescr(header);
            else if (key == "fortran_order")
                e = parseBool(header.fortranOrder);
            else if (key == "shape")
                e = parseShape(header.shape);
            else
                return failAt(keyPos,
                              Text::tr("unexpected key '%1' in the header dictionary", key));
            if (e) return e;
            skipSpace();
            if (consume('}')) break;
            if (!consume(','))
                return fail(Text::tr("expected ',' or '}' in the header dictionary"));
        }
        skipSpace();
        if (m_pos < m_length) return fail(Text::tr("unexpected text after the header dictionary"));
        for (const char* key : {"descr", "fortran_order", "shape"}) {
            if (!seen.count(key)) return Text::tr("header dictionary has no '%1' key", key);
        }
        return std::nullopt;
    }

private:
    Error failAt(int64_t pos, const Error& what) const {
        return Text::tr("%1 at offset %2", what, m_fileOffset + pos);
    }
    Error fail(const Error& what) const {
        if (m_pos >= m_length) return Text::tr("%1: the header ends too early", what);
        return failAt(m_pos, what);
    }
    bool atEnd() const { return m_pos >= m_length; }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    bool consume(char c) {
        if (peek() != c || atEnd()) return false;
        ++m_pos;
        return true;
    }
    void skipSpace() {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\r' || peek() == '\n'))
            ++m_pos;
    }
    bool consumeWord(const char* word) {
        const int64_t n = static_cast<int64_t>(std::strlen(word));
        if (m_length - m_pos < n || std::memcmp(m_text + m_pos, word, n) != 0) return false;
        m_pos += n;
        return true;
    }

    // `what` names the string expected: a phrase, or a key kept as is.
    std::optional<Error> parseString(std::string& out, const Error& what) {
        const char quote = peek();
        if (atEnd() || (quote != '\'' && quote != '"'))
            return fail(Text::tr("expected a quoted string as %1", what));
        const int64_t start = ++m_pos;
        while (!atEnd() && m_text[m_pos] != quote) {
            if (m_text[m_pos] == '\\')
                return fail(Text::tr("escape sequences are not supported in header"));
            ++m_pos;
        }
        if (atEnd()) return failAt(start - 1, Text::tr("unterminated string"));
        out.assign(m_text + start, static_cast<std::size_t>(m_pos - start));
        ++m_pos;
        return std::nullopt;
    }

    std::optional<Error> parseDescr(NpyHeader& header) {
        if (peek() == '[')
            return fail(Text::tr("structured dtype (a list of named fields) is not supported"));
        const int64_t pos = m_pos;
        std::string descr;
        if (auto e = parseString(descr, Text::literal("'descr'"))) return e;
        char order = '=';
        std::string code = descr;
        if (!code.empty() && std::strchr("<>|=", code[0]) != nullptr) {
            order = code[0];
            code.erase(0, 1);
        }
        const std::optional<DType> dtype = dtypeFromCode(code);
        if (!dtype || *dtype == DType::BF16) return describeDescr(descr, m_fileOffset + pos);
        header.dtype = *dtype;
        // '=' and '|' mean the writer's native order; every machine we run on is little endian.
        header.bigEndian = order == '>' && dtypeSize(*dtype) > 1;
        return std::nullopt;
    }

    std::optional<Error> parseBool(bool& out) {
        if (consumeWord("True")) {
            out = true;
        } else if (consumeWord("False")) {
            out = false;
        } else {
            return fail(Text::tr("'fortran_order' must be True or False"));
        }
        return std::nullopt;
    }

    std::optional<Error> parseShape(Shape& shape) {
        if (!consume('(')) return fail(Text::tr("'shape' must be a tuple such as (3, 4)"));
        shape.clear();
        for (;;) {
            skipSpace();
            if (consume(')')) return std::nullopt;
            const int64_t pos = m_pos;
            if (peek() == '-') return fail(Text::tr("negative dimension in 'shape'"));
            if (peek() < '0' || peek() > '9')
                return fail(Text::tr("expected a dimension in 'shape'"));
            int64_t value = 0;
            while (peek() >= '0' && peek() <= '9' && !atEnd()) {
                if (__builtin_mul_overflow(value, 10, &value) ||
                    __builtin_add_overflow(value, peek() - '0', &value))
                    return failAt(pos, Text::tr("dimension in 'shape' does not fit in 64 bits"));
                ++m_pos;
            }
            consume('L');  // Python 2 long literals in files written long ago
            shape.push_back(value);
            skipSpace();
            if (consume(')')) return std::nullopt;
            if (!consume(',')) return fail(Text::tr("expected ',' or ')' in 'shape'"));
        }
    }

    const char* m_text;
    int64_t m_length;
    int64_t m_fileOffset;
    int64_t m_pos = 0;
};

std::string shapeTuple(const Shape& shape) {
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) s += std::to_string(shape[i]) + ", ";
    if (shape.size() > 1) s.resize(s.size() - 2);
    if (shape.size() == 1) s.pop_back();
    return s + ")";
}

uint32_t readLittle(const char* p, int bytes) {
    uint32_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(p[i]);
    return v;
}

}  // namespace

std::string NpyHeader::descr() const {
    const char order = dtypeSize(dtype) == 1 ? '|' : bigEndian ? '>' : '<';
    return order + std::string(dtypeCode(dtype));
}

int64_t npyPreambleBytes(const char* data, int64_t size) {
    if (size < 7 || std::memcmp(data, kMagic, kMagicBytes) != 0) return 0;
    return data[6] == 1 ? 10 : 12;
}

Result<NpyHeader> parseNpyHeader(const char* data, int64_t size) {
    return parseNpyHeader(data, size, size);
}

Result<NpyHeader> parseNpyHeader(const char* data, int64_t size, int64_t fileSize) {
    const int64_t magicHave = std::clamp<int64_t>(size, 0, kMagicBytes);
    if (std::memcmp(data, kMagic, static_cast<std::size_t>(magicHave)) != 0)
        return Text::tr("not a .npy file: it does not start with the bytes \\x93NUMPY");
    if (size < 8) return Text::tr("file ends after %1 bytes, inside the .npy preamble", size);
    const int major = static_cast<uint8_t>(data[6]);
    const int minor = static_cast<uint8_t>(data[7]);
    if (major < 1 || major > 3 || minor != 0)
        return Text::tr(
            "unsupported .npy format version %1.%2 at offset 6 (1.0, 2.0 and 3.0 are supported)",
            major, minor);
    const int lengthBytes = major == 1 ? 2 : 4;
    const int64_t preamble = 8 + lengthBytes;
    if (size < preamble)
        return Text::tr("file ends after %1 bytes, inside the .npy preamble of %2 bytes", size,
                        preamble);
    const int64_t headerLength = readLittle(data + 8, lengthBytes);
    if (headerLength > kMaxNpyHeaderBytes)
        return Text::tr("header length %1 at offset 8 is implausibly large", headerLength);
    const int64_t dataOffset = preamble + headerLength;
    if (dataOffset > std::min(size, fileSize)) {
        if (fileSize <= size)
            return Text::tr(
                "header of %1 bytes at offset %2 runs past the end of the file "
                "(%3 bytes)",
                headerLength, preamble, fileSize);
        return Text::tr(
            "header of %1 bytes at offset %2 runs past the end of the data read "
            "(%3 bytes)",
            headerLength, preamble, size);
    }

    NpyHeader header;
    NpyHeaderParser parser(data + preamble, headerLength, preamble);
    if (std::optional<Error> e = parser.parse(header)) return *e;
    header.dataOffset = dataOffset;

    int64_t count = 1;
    for (int64_t d : header.shape) {
        if (__builtin_mul_overflow(count, d, &count))
            return Text::tr("shape %1 has more elements than fit in 64 bits",
                            shapeTuple(header.shape));
    }
    int64_t bytes = 0;
    int64_t end = 0;
    if (__builtin_mul_overflow(count, int64_t{dtypeSize(header.dtype)}, &bytes) ||
        __builtin_add_overflow(bytes, dataOffset, &end))
        return Text::tr("shape %1 of %2 needs more bytes than fit in 64 bits",
                        shapeTuple(header.shape), header.descr());
    if (end > fileSize)
        return Text::tr(
            "header declares %1 elements of %2 (%3 bytes) but only %4 bytes follow the header at "
            "offset %5",
            count, dtypeCode(header.dtype), bytes, fileSize - dataOffset, dataOffset);
    return header;
}

}  // namespace attnscope
