#include "core/masks/MaskExpr.h"

#include <algorithm>
#include <cstring>

#include "core/common/Text.h"

namespace attnscope {

Status MaskExpr::validate(const MaskShape& shape) const {
    if (shape.batch < 1) return Text::tr("batch must be >= 1, got %1", shape.batch);
    if (shape.qLen < 0 || shape.kvLen < 0)
        return Text::tr("query and key lengths must be >= 0, got Lq = %1, Lk = %2", shape.qLen,
                        shape.kvLen);
    if (shape.qOffset < 0 || shape.kvOffset < 0)
        return Text::tr("offsets must be >= 0, got q_offset = %1, kv_offset = %2", shape.qOffset,
                        shape.kvOffset);
    for (const MaskNode& node : m_nodes) {
        if (node.op != MaskNode::Op::Atom) continue;
        if (Status s = node.atom.validate(shape); !s) return s;
    }
    return {};
}

bool MaskExpr::dependsOnBatch() const {
    return std::any_of(m_nodes.begin(), m_nodes.end(), [](const MaskNode& node) {
        return node.op == MaskNode::Op::Atom && node.atom.dependsOnBatch();
    });
}

std::optional<int64_t> MaskExpr::impliedBatch() const {
    for (const MaskNode& node : m_nodes)
        if (node.op == MaskNode::Op::Atom && node.atom.dependsOnBatch())
            return int64_t(node.atom.args().size());
    return std::nullopt;
}

bool MaskExpr::allowed(int64_t b, int64_t q, int64_t kv, const MaskShape& shape) const {
    return allowedAt(m_root, b, q + shape.qOffset, kv + shape.kvOffset, shape);
}

bool MaskExpr::allowedAt(int node, int64_t b, int64_t q, int64_t kv, const MaskShape& shape) const {
    const MaskNode& n = m_nodes[node];
    switch (n.op) {
        case MaskNode::Op::Atom:
            return n.atom.allowed(b, q, kv, shape);
        case MaskNode::Op::Not:
            return !allowedAt(n.children[0], b, q, kv, shape);
        case MaskNode::Op::And:
            return std::all_of(n.children.begin(), n.children.end(),
                               [&](int c) { return allowedAt(c, b, q, kv, shape); });
        case MaskNode::Op::Or:
            return std::any_of(n.children.begin(), n.children.end(),
                               [&](int c) { return allowedAt(c, b, q, kv, shape); });
    }
    return false;
}

void MaskExpr::evalRow(int64_t b, int64_t q, int64_t kvBegin, int64_t n, const MaskShape& shape,
                       uint8_t* out) const {
    if (n <= 0) return;
    // One scratch row per tree level, reused by every call on this thread.
    thread_local std::vector<uint8_t> scratch;
    const auto needed = static_cast<size_t>(m_height) * static_cast<size_t>(n);
    if (scratch.size() < needed) scratch.resize(needed);
    evalNode(m_root, b, q + shape.qOffset, kvBegin + shape.kvOffset, n, shape, out, scratch.data());
}

void MaskExpr::evalNode(int node, int64_t b, int64_t q, int64_t kvStart, int64_t n,
                        const MaskShape& shape, uint8_t* out, uint8_t* scratch) const {
    const MaskNode& nd = m_nodes[node];
    switch (nd.op) {
        case MaskNode::Op::Atom:
            nd.atom.fillRow(b, q, kvStart, n, shape, out);
            return;
        case MaskNode::Op::Not:
            evalNode(nd.children[0], b, q, kvStart, n, shape, out, scratch);
            for (int64_t i = 0; i < n; ++i) out[i] ^= 1;
            return;
        case MaskNode::Op::And:
        case MaskNode::Op::Or: {
            evalNode(nd.children[0], b, q, kvStart, n, shape, out, scratch);
            uint8_t* tmp = scratch;
            for (size_t c = 1; c < nd.children.size(); ++c) {
                evalNode(nd.children[c], b, q, kvStart, n, shape, tmp, scratch + n);
                if (nd.op == MaskNode::Op::And)
                    for (int64_t i = 0; i < n; ++i) out[i] &= tmp[i];
                else
                    for (int64_t i = 0; i < n; ++i) out[i] |= tmp[i];
            }
            return;
        }
    }
}

BoolArray MaskExpr::materialize(const MaskShape& shape) const {
    const int64_t batch = std::max<int64_t>(shape.batch, 0);
    const int64_t lq = std::max<int64_t>(shape.qLen, 0), lk = std::max<int64_t>(shape.kvLen, 0);
    BoolArray dense({batch, lq, lk});
    if (dense.size() == 0) return dense;
    const bool perBatch = dependsOnBatch();
    const int64_t plane = lq * lk;
    for (int64_t b = 0; b < batch; ++b) {
        uint8_t* dst = dense.data() + b * plane;
        if (b > 0 && !perBatch) {
            std::memcpy(dst, dense.data(), static_cast<size_t>(plane));
            continue;
        }
        for (int64_t q = 0; q < lq; ++q) evalRow(b, q, 0, lk, shape, dst + q * lk);
    }
    return dense;
}

std::optional<SegmentInfo> MaskExpr::segments() const {
    // Depth-first, children in order: the first such atom as the expression reads.
    std::vector<int> stack{m_root};
    while (!stack.empty()) {
        const MaskNode& node = m_nodes[stack.back()];
        stack.pop_back();
        if (node.op != MaskNode::Op::Atom) {
            stack.insert(stack.end(), node.children.rbegin(), node.children.rend());
            continue;
        }
        const auto& a = node.atom.args();
        SegmentInfo info;
        if (node.atom.kind() == AtomKind::Docs) {
            int64_t start = 0;
            for (int64_t len : a) {
                info.segments.emplace_back(start, start + len);
                start += len;
            }
            return info;
        }
        if (node.atom.kind() == AtomKind::Paraphrase) {
            const int64_t len = a[1] + a[2];
            // Validated expressions have n <= Lk; the cap only guards unvalidated ones.
            const int64_t count = std::min<int64_t>(a[0], int64_t{1} << 24);
            for (int64_t i = 0; i < count; ++i) info.segments.emplace_back(i * len, (i + 1) * len);
            info.generationStart = a[0] * len;
            return info;
        }
    }
    return std::nullopt;
}

std::string MaskExpr::canonical() const {
    return print(m_root);
}

std::string MaskExpr::print(int node) const {
    const MaskNode& n = m_nodes[node];
    auto isOp = [&](int c, MaskNode::Op op) { return m_nodes[c].op == op; };
    switch (n.op) {
        case MaskNode::Op::Atom:
            return n.atom.toString();
        case MaskNode::Op::Not: {
            const int c = n.children[0];
            const bool wrap = isOp(c, MaskNode::Op::And) || isOp(c, MaskNode::Op::Or);
            std::string s = wrap ? "!(" : "!";
            s += print(c);
            if (wrap) s += ')';
            return s;
        }
        case MaskNode::Op::And:
        case MaskNode::Op::Or: {
            const bool isAnd = n.op == MaskNode::Op::And;
            std::string s;
            for (int c : n.children) {
                if (!s.empty()) s += isAnd ? " & " : " | ";
                const bool wrap = isAnd && isOp(c, MaskNode::Op::Or);
                s += wrap ? std::string("(").append(print(c)).append(")") : print(c);
            }
            return s;
        }
    }
    return {};
}

int MaskExpr::height(int node) const {
    int h = 0;
    for (int c : m_nodes[node].children) h = std::max(h, height(c));
    return m_nodes[node].op == MaskNode::Op::Atom ? 0 : h + 1;
}

}  // namespace attnscope
