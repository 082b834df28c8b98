#include "core/masks/MaskAtom.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>

#include "core/common/Text.h"

namespace attnscope {

namespace {

constexpr int64_t kMinPos = std::numeric_limits<int64_t>::min();
constexpr int64_t kMaxPos = std::numeric_limits<int64_t>::max();

/// Floor division (rounds towards −inf, like Python's //), d > 0.
int64_t floorDiv(int64_t a, int64_t d) {
    const int64_t q = a / d;
    return (a % d != 0 && (a < 0) != (d < 0)) ? q - 1 : q;
}

int64_t saturatingMul(int64_t a, int64_t b) {
    int64_t r = 0;
    if (__builtin_mul_overflow(a, b, &r)) return ((a < 0) != (b < 0)) ? kMinPos : kMaxPos;
    return r;
}

int64_t saturatingAdd(int64_t a, int64_t b) {
    int64_t r = 0;
    if (__builtin_add_overflow(a, b, &r)) return b < 0 ? kMinPos : kMaxPos;
    return r;
}

/// out[i] = lo <= kvStart + i < hi, written as three memsets.
void fillRange(int64_t kvStart, int64_t n, int64_t lo, int64_t hi, uint8_t* out) {
    const int64_t a = std::clamp(lo, kvStart, kvStart + n) - kvStart;
    const int64_t b = std::clamp(hi, kvStart, kvStart + n) - kvStart;
    if (b <= a) {
        std::memset(out, 0, static_cast<size_t>(n));
        return;
    }
    std::memset(out, 0, static_cast<size_t>(a));
    std::memset(out + a, 1, static_cast<size_t>(b - a));
    std::memset(out + b, 0, static_cast<size_t>(n - b));
}

std::string joinArgs(const std::vector<int64_t>& args) {
    std::string s;
    for (size_t i = 0; i < args.size(); ++i) {
        if (i) s += ", ";
        s += std::to_string(args[i]);
    }
    return s;
}

}  // namespace

MaskAtom::MaskAtom(AtomKind kind, std::vector<int64_t> args, int column, int length)
    : m_kind(kind), m_args(std::move(args)), m_column(column), m_length(length) {
    if (m_kind == AtomKind::Docs) {
        m_docStarts.reserve(m_args.size() + 1);
        m_docStarts.push_back(0);
        for (int64_t len : m_args) m_docStarts.push_back(saturatingAdd(m_docStarts.back(), len));
    }
}

const std::vector<AtomSpec>& MaskAtom::specs() {
    static const std::vector<AtomSpec> table = {
        {AtomKind::Full, "full", "full", 0, 0, "full", "every query sees every key"},
        {AtomKind::Causal, "causal", "causal", 0, 0, "causal",
         "keys at or before the query: kv ≤ q"},
        {AtomKind::Window, "window", "window(W)", 1, 1, "window(4)",
         "causal sliding window: the query and the W − 1 keys before it"},
        {AtomKind::BWindow, "bwindow", "bwindow(W)", 1, 1, "bwindow(2)",
         "bidirectional band: |q − kv| ≤ W"},
        {AtomKind::Chunk, "chunk", "chunk(C[, P])", 1, 2, "chunk(4)",
         "same chunk of C positions (chunks start at P)"},
        {AtomKind::Prefix, "prefix", "prefix(P)", 1, 1, "prefix(4)",
         "the first P keys are visible to every query"},
        {AtomKind::Docs, "docs", "docs(n1, n2, ...)", 1, -1, "docs(…)",
         "packed documents of consecutive lengths (summing to Lk): attend within one"},
        {AtomKind::Blocks, "blocks", "blocks(i0, i1, ...)", 1, -1, "blocks(…)",
         "HF blockwise overlay: one block id per position, attend within a block"},
        {AtomKind::Pad, "pad", "pad(N[, N2, ...])", 1, -1, "pad(…)",
         "right key padding: keys at positions < N are real (one N per batch element)"},
        {AtomKind::LPad, "lpad", "lpad(N[, N2, ...])", 1, -1, "lpad(…)",
         "left key padding: keys at positions ≥ Lk − N are real (one N per batch element)"},
        {AtomKind::Dilated, "dilated", "dilated(W, D)", 2, 2, "dilated(4, 2)",
         "causal dilated window: every D-th key within W steps"},
        {AtomKind::Paraphrase, "paraphrase", "paraphrase(n, t, s, g)", 4, 4,
         "paraphrase(3, 15, 1, 5)",
         "n paraphrases of t tokens and s separators, then g generated tokens"},
    };
    return table;
}

const AtomSpec* MaskAtom::findSpec(std::string_view name) {
    for (const AtomSpec& s : specs())
        if (name == s.name) return &s;
    return nullptr;
}

const AtomSpec& MaskAtom::spec(AtomKind kind) {
    return specs()[static_cast<size_t>(kind)];
}

std::string MaskAtom::usageText() {
    std::string s;
    for (const AtomSpec& spec : specs()) {
        std::string sig = spec.signature;
        sig.resize(std::max<size_t>(sig.size(), 24), ' ');
        s += "  " + sig + " " + spec.help + "\n";
    }
    return s;
}

std::string MaskAtom::validAtomsList() {
    std::string s;
    for (const AtomSpec& spec : specs()) {
        if (!s.empty()) s += ", ";
        s += spec.signature;
    }
    return s;
}

Error MaskAtom::argumentRule(const AtomSpec& spec) {
    const std::string sig = spec.signature;
    const std::string names = sig.substr(sig.find('(') + 1, sig.size() - sig.find('(') - 2);
    if (spec.maxArgs == 0) return Text::tr("no arguments");
    if (spec.maxArgs < 0) return Text::tr("one or more arguments (%1)", names);
    if (spec.minArgs == spec.maxArgs)
        return spec.minArgs == 1 ? Text::tr("%1 argument (%2)", spec.minArgs, names)
                                 : Text::tr("%1 arguments (%2)", spec.minArgs, names);
    return Text::tr("%1 or %2 arguments (%3)", spec.minArgs, spec.maxArgs, names);
}

bool MaskAtom::dependsOnBatch() const {
    return (m_kind == AtomKind::Pad || m_kind == AtomKind::LPad) && m_args.size() > 1;
}

Status MaskAtom::validate(const MaskShape& shape) const {
    const int64_t lk = shape.kvTotal();
    auto fail = [&](Error why) {
        Error e = Text::tr("%1 at column %2: %3", toString(), m_column, std::move(why));
        e.column = m_column;
        e.length = m_length;
        return Status(std::move(e));
    };
    // Empty when v ≥ min, else why not; `name` is a symbol or a message.
    auto atLeast = [&](Error name, int64_t v, int64_t min) -> std::optional<Error> {
        if (v >= min) return std::nullopt;
        return Text::tr("%1 must be >= %2, got %3", std::move(name), min, v);
    };
    const auto symbol = [](const char* s) { return Text::literal(s); };
    const auto& a = m_args;
    switch (m_kind) {
        case AtomKind::Full:
        case AtomKind::Causal:
            return {};
        case AtomKind::Window:
            if (auto e = atLeast(symbol("W"), a[0], 1)) return fail(*e);
            return {};
        case AtomKind::BWindow:
            if (auto e = atLeast(symbol("W"), a[0], 0)) return fail(*e);
            return {};
        case AtomKind::Chunk:
            if (auto e = atLeast(Text::tr("chunk size C"), a[0], 1)) return fail(*e);
            return {};
        case AtomKind::Prefix:
            if (auto e = atLeast(Text::tr("prefix length P"), a[0], 0)) return fail(*e);
            return {};
        case AtomKind::Dilated:
            if (auto e = atLeast(symbol("W"), a[0], 1)) return fail(*e);
            if (auto e = atLeast(Text::tr("dilation D"), a[1], 1)) return fail(*e);
            return {};
        case AtomKind::Docs:
            for (size_t i = 0; i < a.size(); ++i)
                if (a[i] < 1)
                    return fail(
                        Text::tr("document %1 has length %2, lengths must be >= 1", i + 1, a[i]));
            if (m_docStarts.back() != lk)
                return fail(
                    Text::tr("document lengths sum to %1 but Lk (kv_offset + kv_len) "
                             "is %2",
                             m_docStarts.back(), lk));
            return {};
        case AtomKind::Blocks:
            if (static_cast<int64_t>(a.size()) != lk)
                return fail(
                    Text::tr("needs one block id per position: got %1 ids but Lk "
                             "(kv_offset + kv_len) is %2",
                             a.size(), lk));
            return {};
        case AtomKind::Pad:
        case AtomKind::LPad:
            if (a.size() != 1 && static_cast<int64_t>(a.size()) != shape.batch)
                return fail(
                    Text::tr("needs 1 length or one per batch element: got %1 lengths "
                             "but batch is %2",
                             a.size(), shape.batch));
            for (size_t i = 0; i < a.size(); ++i)
                if (a[i] < 0 || a[i] > lk)
                    return fail(Text::tr("length %1 of batch element %2 is outside [0, Lk = %3]",
                                         a[i], i, lk));
            return {};
        case AtomKind::Paraphrase: {
            if (auto e = atLeast(symbol("n"), a[0], 1)) return fail(*e);
            if (auto e = atLeast(symbol("t"), a[1], 1)) return fail(*e);
            if (auto e = atLeast(symbol("s"), a[2], 0)) return fail(*e);
            if (auto e = atLeast(symbol("g"), a[3], 0)) return fail(*e);
            const int64_t total = saturatingAdd(saturatingMul(a[0], a[1] + a[2]), a[3]);
            if (total != lk)
                return fail(
                    Text::tr("n*(t+s)+g = %1 but Lk (kv_offset + kv_len) is %2", total, lk));
            return {};
        }
    }
    return {};
}

int64_t MaskAtom::padLength(int64_t b) const {
    const int64_t last = static_cast<int64_t>(m_args.size()) - 1;
    return m_args[static_cast<size_t>(std::clamp<int64_t>(b, 0, last))];
}

bool MaskAtom::allowed(int64_t b, int64_t q, int64_t kv, const MaskShape& shape) const {
    const auto& a = m_args;
    switch (m_kind) {
        case AtomKind::Full:
            return true;
        case AtomKind::Causal:
            return kv <= q;
        case AtomKind::Window:
            return kv > q - a[0];
        case AtomKind::BWindow:
            return q - kv <= a[0] && kv - q <= a[0];
        case AtomKind::Chunk: {
            const int64_t c = std::max<int64_t>(a[0], 1), p = a.size() > 1 ? a[1] : 0;
            return floorDiv(q - p, c) == floorDiv(kv - p, c);
        }
        case AtomKind::Prefix:
            return kv < a[0];
        case AtomKind::Docs: {
            auto docOf = [&](int64_t p) -> int64_t {
                if (p < 0 || p >= m_docStarts.back()) return -1;
                return std::upper_bound(m_docStarts.begin(), m_docStarts.end(), p) -
                       m_docStarts.begin();
            };
            const int64_t dq = docOf(q);
            return dq >= 0 && dq == docOf(kv);
        }
        case AtomKind::Blocks: {
            const auto count = static_cast<int64_t>(a.size());
            if (q < 0 || q >= count || kv < 0 || kv >= count) return false;
            return a[q] >= 0 && a[q] == a[kv];
        }
        case AtomKind::Pad:
            return kv < padLength(b);
        case AtomKind::LPad:
            return kv >= shape.kvTotal() - padLength(b);
        case AtomKind::Dilated: {
            const int64_t d = q - kv;
            if (a[1] < 1) return false;
            return d >= 0 && d < saturatingMul(a[0], a[1]) && d % a[1] == 0;
        }
        case AtomKind::Paraphrase: {
            const int64_t n = a[0], len = std::max<int64_t>(a[1] + a[2], 1);
            const int64_t encoded = saturatingMul(n, len);
            auto seg = [&](int64_t p) { return p < encoded ? floorDiv(p, len) : n; };
            return kv <= q && (q >= encoded || seg(q) == seg(kv));
        }
    }
    return false;
}

void MaskAtom::fillRow(int64_t b, int64_t q, int64_t kvStart, int64_t n, const MaskShape& shape,
                       uint8_t* out) const {
    const auto& a = m_args;
    switch (m_kind) {
        case AtomKind::Full:
            std::memset(out, 1, static_cast<size_t>(n));
            return;
        case AtomKind::Causal:
            return fillRange(kvStart, n, kMinPos, q + 1, out);
        case AtomKind::Window:
            return fillRange(kvStart, n, saturatingAdd(q - a[0], 1), kMaxPos, out);
        case AtomKind::BWindow:
            return fillRange(kvStart, n, q - a[0], saturatingAdd(q + a[0], 1), out);
        case AtomKind::Chunk: {
            const int64_t c = std::max<int64_t>(a[0], 1), p = a.size() > 1 ? a[1] : 0;
            const int64_t lo = floorDiv(q - p, c) * c + p;
            return fillRange(kvStart, n, lo, saturatingAdd(lo, c), out);
        }
        case AtomKind::Prefix:
            return fillRange(kvStart, n, kMinPos, a[0], out);
        case AtomKind::Docs: {
            if (q < 0 || q >= m_docStarts.back()) return fillRange(kvStart, n, 0, 0, out);
            const auto it = std::upper_bound(m_docStarts.begin(), m_docStarts.end(), q);
            return fillRange(kvStart, n, *(it - 1), *it, out);
        }
        case AtomKind::Blocks:
            return fillBlocks(q, kvStart, n, out);
        case AtomKind::Pad:
            return fillRange(kvStart, n, kMinPos, padLength(b), out);
        case AtomKind::LPad:
            return fillRange(kvStart, n, shape.kvTotal() - padLength(b), kMaxPos, out);
        case AtomKind::Dilated:
            return fillDilated(q, kvStart, n, out);
        case AtomKind::Paraphrase: {
            const int64_t len = std::max<int64_t>(a[1] + a[2], 1);
            const int64_t encoded = saturatingMul(a[0], len);
            const int64_t lo = q >= encoded ? kMinPos : floorDiv(q, len) * len;
            return fillRange(kvStart, n, lo, q + 1, out);
        }
    }
}

void MaskAtom::fillBlocks(int64_t q, int64_t kvStart, int64_t n, uint8_t* out) const {
    const auto count = static_cast<int64_t>(m_args.size());
    std::memset(out, 0, static_cast<size_t>(n));
    if (q < 0 || q >= count || m_args[q] < 0) return;
    const int64_t id = m_args[q];
    const int64_t begin = std::clamp<int64_t>(-kvStart, 0, n);
    const int64_t end = std::clamp<int64_t>(count - kvStart, 0, n);
    const int64_t* ids = m_args.data();
    for (int64_t i = begin; i < end; ++i) out[i] = ids[kvStart + i] == id;
}

void MaskAtom::fillDilated(int64_t q, int64_t kvStart, int64_t n, uint8_t* out) const {
    std::memset(out, 0, static_cast<size_t>(n));
    const int64_t w = m_args[0], d = m_args[1];
    if (w < 1 || d < 1 || n <= 0) return;
    // Allowed distances q - kv are 0, D, 2D, ... below W*D; visit only those inside the row.
    const int64_t span = saturatingMul(w, d);
    const int64_t minDist = std::max<int64_t>(0, q - (kvStart + n - 1));
    const int64_t maxDist = std::min<int64_t>(span - 1, q - kvStart);
    for (int64_t dist = (minDist + d - 1) / d * d; dist <= maxDist; dist += d)
        out[q - dist - kvStart] = 1;
}

std::string MaskAtom::toString() const {
    const AtomSpec& s = spec(m_kind);
    if (s.maxArgs == 0) return s.name;
    return std::string(s.name) + "(" + joinArgs(m_args) + ")";
}

}  // namespace attnscope
