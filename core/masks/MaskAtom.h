#pragma once
// MaskAtom: one leaf of a mask expression (causal, window(W), docs(...), ...) with its arguments.
// Knows its own argument rules, its scalar predicate and its vectorised row fill; all positions
// it sees are absolute (index + offset).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/Result.h"
#include "core/masks/MaskShape.h"

namespace attnscope {

enum class AtomKind : uint8_t {
    Full,
    Causal,
    Window,
    BWindow,
    Chunk,
    Prefix,
    Docs,
    Blocks,
    Pad,
    LPad,
    Dilated,
    Paraphrase,
};

/// Name and argument rules of an atom kind, as the parser and the error messages need them.
/// One entry of the catalogue of atoms: what the parser accepts, what the mask panel's buttons
/// insert and explain, and what the command line's usage text lists.
struct AtomSpec {
    AtomKind kind;
    const char* name;
    const char* signature;  // as shown to users, e.g. "chunk(C[, P])"
    int minArgs;
    int maxArgs;          // -1: unbounded
    const char* example;  // what a button inserts, e.g. "window(4)"
    const char* help;     // one line: what the atom allows
};

class MaskAtom {
public:
    MaskAtom() = default;
    /// `column` and `length`: where the atom's text (name and arguments) is in the expression.
    MaskAtom(AtomKind kind, std::vector<int64_t> args, int column, int length = 0);

    static const std::vector<AtomSpec>& specs();
    static const AtomSpec* findSpec(std::string_view name);
    static const AtomSpec& spec(AtomKind kind);
    /// One line per atom, "  window(W)   causal sliding window: …", for usage texts.
    static std::string usageText();
    /// "full, causal, window(W), ..." for error messages.
    static std::string validAtomsList();
    /// "1 argument (W)", "no arguments", ... for error messages.
    static Error argumentRule(const AtomSpec& spec);

    AtomKind kind() const { return m_kind; }
    const std::vector<int64_t>& args() const { return m_args; }
    int column() const { return m_column; }
    bool dependsOnBatch() const;

    /// Checks the arguments against the shape; the message names the atom and its column.
    Status validate(const MaskShape& shape) const;

    /// Scalar predicate on absolute positions: the reference the row fill must agree with.
    bool allowed(int64_t b, int64_t q, int64_t kv, const MaskShape& shape) const;
    /// out[i] = allowed(b, q, kvStart + i) for i in [0, n); q and kvStart absolute.
    void fillRow(int64_t b, int64_t q, int64_t kvStart, int64_t n, const MaskShape& shape,
                 uint8_t* out) const;

    std::string toString() const;

private:
    int64_t padLength(int64_t b) const;
    void fillBlocks(int64_t q, int64_t kvStart, int64_t n, uint8_t* out) const;
    void fillDilated(int64_t q, int64_t kvStart, int64_t n, uint8_t* out) const;

    AtomKind m_kind = AtomKind::Full;
    std::vector<int64_t> m_args;
    std::vector<int64_t> m_docStarts;  // docs: prefix sums of the lengths, size = count + 1
    int m_column = 0;                  // 1-based column of the atom's name in the expression
    int m_length = 0;                  // characters of the atom's text, arguments included
};

}  // namespace attnscope
