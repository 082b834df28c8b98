#include "widgets/views/DisplayMatrices.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

#include "core/analysis/FramePooling.h"
#include "core/analysis/PooledAttention.h"
#include "core/analysis/ViewportPooling.h"
#include "core/common/ParallelFor.h"

namespace attnscope {

CellValues pooledCellValues(const PooledAttention& pa, ValueKind kind) {
    if (kind == ValueKind::Probabilities || pa.viewportLogitSum.empty())
        return CellValues::Probabilities;
    return kind == ValueKind::Logits ? CellValues::Logits : CellValues::MaskedLogits;
}

int64_t effectiveTokensPerFrame(const Trace& t, const ViewOptions& o) {
    if (o.tokensPerFrame > 0) return o.tokensPerFrame;
    // Maps of video frames: each position is a frame already.
    return t.scenario.source == SourceKind::AttentionMaps && t.scenario.mapsFrames ? 1 : 0;
}

std::vector<int64_t> effectiveQuerySelection(const Trace&, const ViewOptions& o) {
    return o.querySelection;
}

const Tensor& valueTensor(const Trace& t, ValueKind kind) {
    switch (kind) {
        case ValueKind::Logits:
            return t.steps.scores;
        case ValueKind::Probabilities:
            return t.steps.probs;
        case ValueKind::MaskedLogits:
            return t.steps.maskedScores;
    }
    return t.steps.scores;
}

namespace {
/// Heads [first, last) of the matrices asked for; last < 0: every head.
struct HeadRange {
    int64_t first = 0, last = -1;
    HeadRange within(int64_t heads) const {
        if (last < 0 || heads <= 0) return {0, std::max<int64_t>(heads, 0)};
        const int64_t h = std::clamp<int64_t>(first, 0, heads - 1);
        return {h, std::max(h, std::min(last, heads))};
    }
    int64_t count() const { return last - first; }
};

/// Keeps heads [first, last) of values computed for every head.
void keepHeads(DisplayMatrices& d, HeadRange heads) {
    const int64_t all = d.values.dim(0);
    heads = heads.within(all);
    if (heads.first == 0 && heads.last == all) return;
    const int64_t cells = d.values.dim(1) * d.values.dim(2);
    Tensor kept({heads.count(), d.values.dim(1), d.values.dim(2)});
    std::copy(d.values.data() + heads.first * cells, d.values.data() + heads.last * cells,
              kept.data());
    d.values = std::move(kept);
}

std::vector<std::pair<int64_t, int64_t>> bins(int64_t n, int64_t out) {
    std::vector<std::pair<int64_t, int64_t>> r(out);
    for (int64_t i = 0; i < out; ++i) r[i] = {i * n / out, (i + 1) * n / out};
    return r;
}
}  // namespace

namespace {
/// Frames of a pooled trace whose pass kept the display's frames: the frame pairs' mean, sum
/// or largest probability (masked pairs counting 0, as in the materialised probabilities).
/// Probabilities whatever the value kind (the pass keeps no frame logits).
bool pooledFrameMatrices(const Trace& t, const ViewOptions& o, DisplayMatrices& d) {
    const PooledAttention& pa = *t.pooled->attention;
    const int64_t tpf = effectiveTokensPerFrame(t, o);
    if (tpf <= 0 || t.pooled->tokensPerFrame != tpf || pa.frameProbs.rank() != 4) return false;
    const bool max = o.framePooling == PoolMode::Max;
    if (max && pa.frameMax.empty()) return false;
    const Tensor sums = o.framePooling == PoolMode::Sum
                            ? frameSums(pa.frameProbs, t.qLen(), t.kvLen(), tpf)
                            : Tensor();
    const Tensor& src = max ? pa.frameMax : o.framePooling == PoolMode::Sum ? sums : pa.frameProbs;
    const int64_t b = std::clamp<int64_t>(o.batch, 0, t.batch() - 1);
    const int64_t H = src.dim(1), Fq = src.dim(2), Fk = src.dim(3);
    const auto f = FrameSpec::fixed(tpf);
    d.rowRanges = f.ranges(t.qLen());
    d.colRanges = f.ranges(t.kvLen());
    if (int64_t(d.rowRanges.size()) != Fq || int64_t(d.colRanges.size()) != Fk) return false;
    d.values = Tensor({H, Fq, Fk});
    std::copy(src.data() + b * H * Fq * Fk, src.data() + (b + 1) * H * Fq * Fk, d.values.data());
    d.frames = true;
    const char* labels[] = {
        QT_TRANSLATE_NOOP("attnscope::DisplayMatrices", "Attention Probability (frames, mean)"),
        QT_TRANSLATE_NOOP("attnscope::DisplayMatrices", "Attention Probability (frames, max)"),
        QT_TRANSLATE_NOOP("attnscope::DisplayMatrices", "Attention Probability (frames, sum)")};
    const int which = max ? 1 : o.framePooling == PoolMode::Sum ? 2 : 0;
    d.label = QCoreApplication::translate("attnscope::DisplayMatrices", labels[which]);
    return true;
}

/// A pooled trace's maps: its fine max-pooled cache of the whole matrix pooled again to at most
/// maxCells per side (max of maxes: the same cells as max-pooling the materialised matrix when
/// the cache holds every position), cells the mask wholly forbids NaN.
/// Returns whether the maps hold probabilities (else masked logits: the mean of each cell's
/// allowed scores, from the cache's sums and counts — what mean-pooling the materialised masked
/// scores gives).
bool pooledMatrices(const Trace& t, const ViewOptions& o, int64_t maxCells, bool markMasked,
                    HeadRange heads, DisplayMatrices& d) {
    const PooledAttention& pa = *t.pooled->attention;
    if (pooledFrameMatrices(t, o, d)) return keepHeads(d, heads), true;
    const Tensor& fine = pa.viewport;
    const int64_t b = std::clamp<int64_t>(o.batch, 0, t.batch() - 1);
    const int64_t allHeads = fine.dim(1), fh = fine.dim(2), fw = fine.dim(3);
    heads = heads.within(allHeads);
    const int64_t H = heads.count();
    const int64_t lq = t.qLen(), lk = t.kvLen();
    const int64_t r = std::min(fh, maxCells), c = std::min(fw, maxCells);
    // Unmasked logits: every pair counts; masked logits: the allowed pairs only.
    const CellValues values = pooledCellValues(pa, o.valueKind);
    const bool logits = values != CellValues::Probabilities;
    const bool unmasked = values == CellValues::Logits;
    d.values = Tensor({H, r, c});
    d.pooledForDetail = r < lq || c < lk;
    if (logits) {
        const float* count =
            unmasked ? pa.viewportPairs.data() : pa.viewportCount.data() + b * fh * fw;
        const Tensor& sums = unmasked ? pa.viewportScoreSum : pa.viewportLogitSum;
        parallelFor(resolveThreads(0), H, [&](int, int64_t h) {
            const Tensor one =
                poolRatioToViewport(sums.data() + (b * allHeads + heads.first + h) * fh * fw, count,
                                    fw, {0, fh, 0, fw}, r, c);
            std::copy(one.begin(), one.end(), d.values.data() + h * r * c);
        });
    } else {
        parallelFor(resolveThreads(0), H, [&](int, int64_t h) {
            Tensor one = poolToViewport(fine.data() + (b * allHeads + heads.first + h) * fh * fw,
                                        fw, {0, fh, 0, fw}, r, c, PoolMode::Max);
            std::copy(one.begin(), one.end(), d.values.data() + h * r * c);
        });
    }
    // Display cell i covers fine bins [⌊i·fh/r⌋, ⌊(i+1)·fh/r⌋), fine bin f tokens [⌊f·lq/fh⌋, …).
    auto ranges = [](int64_t n, int64_t finer, int64_t out) {
        std::vector<std::pair<int64_t, int64_t>> v(static_cast<size_t>(out));
        for (int64_t i = 0; i < out; ++i)
            v[size_t(i)] = {(i * finer / out) * n / finer, ((i + 1) * finer / out) * n / finer};
        return v;
    };
    d.rowRanges = ranges(lq, fh, r);
    d.colRanges = ranges(lk, fw, c);
    if (markMasked && !pa.viewportAllowed.empty()) {
        const Tensor allowed = poolToViewport(pa.viewportAllowed.data() + b * fh * fw, fw,
                                              {0, fh, 0, fw}, r, c, PoolMode::Max);
        for (int64_t i = 0; i < r * c; ++i)
            if (allowed[i] == 0.0f) {
                d.anyMasked = true;
                for (int64_t h = 0; h < H; ++h) d.values[h * r * c + i] = NAN;
            }
    }
    if (logits) {
        d.label = unmasked ? QCoreApplication::translate("attnscope::DisplayMatrices",
                                                         "Attention Logits (pooled, mean)")
                           : QCoreApplication::translate("attnscope::DisplayMatrices",
                                                         "Masked Attention Logits (pooled, mean)");
        return false;
    }
    d.label = QCoreApplication::translate("attnscope::DisplayMatrices",
                                          "Attention Probability (pooled, max)");
    return true;
}
}  // namespace

static void materialisedMatrices(const Trace& t, const ViewOptions& o, int64_t maxCells,
                                 bool markMasked, HeadRange heads, DisplayMatrices& d);
static DisplayMatrices withRange(DisplayMatrices& d, const ViewOptions& o);

static DisplayMatrices matricesOfHeads(const Trace& t, const ViewOptions& o, int64_t maxCells,
                                       bool markMasked, HeadRange heads) {
    DisplayMatrices d;
    if (t.isPooled() && pooledMatrices(t, o, maxCells, markMasked, heads, d)) {
        double hi = 0;
        for (float x : d.values)
            if (std::isfinite(x)) hi = std::max(hi, double(x));
        d.vmin = 0;  // probabilities
        d.vmax = hi > 0 ? hi : 1;
        d.probabilities = true;
        return d;
    }
    if (!t.isPooled()) materialisedMatrices(t, o, maxCells, markMasked, heads, d);
    return withRange(d, o);
}

DisplayMatrices displayMatrices(const Trace& t, const ViewOptions& o, int64_t maxCells,
                                bool markMasked) {
    return matricesOfHeads(t, o, maxCells, markMasked, {});
}

DisplayMatrices displayMatrix(const Trace& t, const ViewOptions& o, int64_t head, int64_t maxCells,
                              bool markMasked) {
    return matricesOfHeads(t, o, maxCells, markMasked, {head, head + 1});
}

static void materialisedMatrices(const Trace& t, const ViewOptions& o, int64_t maxCells,
                                 bool markMasked, HeadRange heads, DisplayMatrices& d) {
    const Tensor& a = valueTensor(t, o.valueKind);
    const int64_t b = std::clamp<int64_t>(o.batch, 0, t.batch() - 1);
    const int64_t allHeads = a.dim(1), lq = a.dim(2), lk = a.dim(3);
    heads = heads.within(allHeads);
    const int64_t H = heads.count();
    const int64_t tpf = effectiveTokensPerFrame(t, o);
    d.label = valueKindLabel(o.valueKind);
    if (tpf > 0) {
        const auto f = FrameSpec::fixed(tpf);
        d.values = poolFramesPerHead(a, b, f, f, o.framePooling);
        keepHeads(d, heads);
        d.rowRanges = f.ranges(lq);
        d.colRanges = f.ranges(lk);
        d.frames = true;
    } else {
        const int64_t r = std::min(lq, maxCells), c = std::min(lk, maxCells);
        d.values = Tensor({H, r, c});
        d.pooledForDetail = r < lq || c < lk;
        // Heads pool independently: spread them over the cores (12 × 4096² cells at L = 4096).
        // One head: its output rows on the pool's threads instead.
        parallelFor(H > 1 ? resolveThreads(0) : 1, H, [&](int, int64_t h) {
            Tensor one = poolToViewport(a.data() + (b * allHeads + heads.first + h) * lq * lk, lk,
                                        {0, lq, 0, lk}, r, c, o.detailPooling,
                                        H > 1 ? 1 : resolveThreads(0));
            std::copy(one.begin(), one.end(), d.values.data() + h * r * c);
        });
        d.rowRanges = bins(lq, r);
        d.colRanges = bins(lk, c);
        // A cell whose every (query, key) the mask forbids is NaN: drawn grey, not as a value
        // (a masked probability is 0 and a masked logit −∞, neither of which says "masked").
        const BoolArray& mask = t.steps.mask;
        if (markMasked && mask.size() == t.batch() * lq * lk) {
            const uint8_t* m = mask.data() + b * lq * lk;
            std::vector<uint8_t> masked(size_t(r * c), 0);
            parallelFor(resolveThreads(0), r, [&](int, int64_t i) {
                const auto [q0, q1] = d.rowRanges[size_t(i)];
                for (int64_t j = 0; j < c; ++j) {
                    const auto [k0, k1] = d.colRanges[size_t(j)];
                    bool any = false;
                    for (int64_t q = q0; q < q1 && !any; ++q)
                        any = std::find(m + q * lk + k0, m + q * lk + k1, uint8_t(1)) !=
                              m + q * lk + k1;
                    masked[size_t(i * c + j)] = !any;
                }
            });
            for (int64_t h = 0; h < H; ++h)
                for (int64_t i = 0; i < r * c; ++i)
                    if (masked[size_t(i)]) d.values[h * r * c + i] = NAN;
            d.anyMasked = std::find(masked.begin(), masked.end(), 1) != masked.end();
        }
    }
}

static DisplayMatrices withRange(DisplayMatrices& d, const ViewOptions& o) {
    double lo = INFINITY, hi = -INFINITY, absMax = 0;
    for (float x : d.values)
        if (std::isfinite(x)) {
            lo = std::min(lo, double(x));
            hi = std::max(hi, double(x));
            absMax = std::max(absMax, double(std::abs(x)));
        }
    if (!std::isfinite(lo)) lo = 0, hi = 1, absMax = 1;
    if (absMax == 0) absMax = 1;
    if (o.valueKind == ValueKind::Probabilities && o.colormap == Colormap::Sequential) {
        d.vmin = 0;
        d.vmax = hi > 0 ? hi : 1;
    } else if (o.symmetricRange) {
        d.vmin = -absMax;
        d.vmax = absMax;
    } else {
        d.vmin = lo;
        d.vmax = hi > lo ? hi : lo + 1;
    }
    return d;
}

}  // namespace attnscope
