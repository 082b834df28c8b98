#pragma once
// MaskExpr: a parsed attention-mask expression (SPEC §4) such as `causal & (window(4) |
// prefix(2))`. Owns a small immutable AST; evaluates it element-wise, row-wise (vectorised,
// thread-safe) or into a dense [batch, Lq, Lk] bool array.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/Array.h"
#include "core/common/Result.h"
#include "core/masks/MaskAtom.h"
#include "core/masks/MaskShape.h"

namespace attnscope {

/// One node of the expression tree; children are indices into MaskExpr's node list.
/// And / Or are n-ary (nested operators of the same kind are flattened).
struct MaskNode {
    enum class Op : uint8_t { Atom, Not, And, Or };
    Op op = Op::Atom;
    MaskAtom atom;              // Op::Atom only
    std::vector<int> children;  // Not: one; And / Or: two or more
};

class MaskExpr {
public:
    /// Syntax errors name the 1-based column and what was expected there.
    static Result<MaskExpr> parse(std::string_view text);

    /// Checks the shape and every atom's arguments against it (W >= 1, lengths summing to Lk, ...).
    Status validate(const MaskShape& shape) const;
    /// True when pad / lpad give more than one length, so rows differ between batch elements.
    bool dependsOnBatch() const;
    /// The batch size the expression's own lengths imply: the number of lengths of the first
    /// pad / lpad that gives one per batch element; nullopt when no atom says.
    std::optional<int64_t> impliedBatch() const;

    /// q, kv are indices (0..qLen-1, 0..kvLen-1); the shape's offsets are added before atoms run.
    bool allowed(int64_t b, int64_t q, int64_t kv, const MaskShape& shape) const;
    /// out[i] = allowed(b, q, kvBegin + i) for i in [0, n). Thread-safe; the hot path.
    void evalRow(int64_t b, int64_t q, int64_t kvBegin, int64_t n, const MaskShape& shape,
                 uint8_t* out) const;
    /// Dense [batch, qLen, kvLen] array of 0/1.
    BoolArray materialize(const MaskShape& shape) const;

    /// Segments declared by the first paraphrase(...) or docs(...) atom, in reading order.
    std::optional<SegmentInfo> segments() const;

    const std::string& text() const { return m_text; }
    /// Re-printed with minimal parentheses; parses back to an equivalent expression.
    std::string canonical() const;

    /// The tree, for views that show an expression's structure. Root is nodes()[root()].
    const std::vector<MaskNode>& nodes() const { return m_nodes; }
    int root() const { return m_root; }

private:
    friend class MaskParser;
    MaskExpr() = default;

    bool allowedAt(int node, int64_t b, int64_t q, int64_t kv, const MaskShape& shape) const;
    void evalNode(int node, int64_t b, int64_t q, int64_t kvStart, int64_t n,
                  const MaskShape& shape, uint8_t* out, uint8_t* scratch) const;
    std::string print(int node) const;
    int height(int node) const;

    std::string m_text;
    std::vector<MaskNode> m_nodes;
    int m_root = -1;
    int m_height = 0;  // tree height: how many scratch rows one evalRow needs
};

}  // namespace attnscope
