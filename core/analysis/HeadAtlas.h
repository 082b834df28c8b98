#pragma once
// HeadAtlas (SPEC §6 atlas, §5 metrics): one layer's heads reduced to what a layers × heads
// overview needs — a small mean-pooled map of the attention probabilities, the per-head metrics
// (sink score, first-token mass, entropy, mean distance, diagonal and previous-token mass) and the
// mean attention each key receives from the queries that can see it (the sink metric of "When
// Attention Sink Emerges"). The probabilities are computed from Q, K, the mask, the scale and the
// soft-cap 64 query rows at a time: never one L² matrix, so every layer of a long text fits.

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/common/Array.h"
#include "core/common/Result.h"
#include "core/masks/MaskExpr.h"
#include "core/masks/MaskShape.h"

namespace attnscope {

struct PooledAttention;

/// Pooled cells per side of each small map.
constexpr int64_t kAtlasCells = 32;

enum class HeadMetric { Sink, FirstMass, Entropy, MeanDistance, Diagonal, Previous };
constexpr int kHeadMetricCount = 6;
/// "sink score", "first-token mass", "entropy", "mean distance", "diagonal", "previous token".
std::string headMetricName(HeadMetric metric);

/// One layer's attention, as the engine computes it: softmax(mask(cap(scale · Q·Kᵀ))).
struct LayerAttention {
    Tensor q;                              // [H, Lq, d]
    Tensor k;                              // [Hkv, Lk, d]
    std::shared_ptr<const MaskExpr> mask;  // null: every key allowed
    MaskShape shape;                       // lengths and offsets the mask is evaluated with
    int64_t batch = 0;                     // the batch element the mask is evaluated for
    float scale = 1.0f;
    float softCap = 0.0f;  // c · tanh(s / c) before masking; 0: none
};

struct AtlasHead {
    int64_t layer = 0, head = 0;
    Tensor map;  // [n, m]: mean probability over each cell's token pairs (masked pairs count 0)
    std::array<double, kHeadMetricCount> metrics{};
    /// Per key: the mean probability it receives from the queries allowed to see it (NaN when
    /// none may).
    std::vector<double> received;
    double metric(HeadMetric m) const { return metrics[size_t(m)]; }
};

/// Every head of one layer: maps pooled to at most `cells` × `cells`, cell (a, b) covering rows
/// [⌊a·Lq/n⌋, ⌊(a+1)·Lq/n⌋) and the same for columns. Metrics over the rows that have an allowed
/// key: first-token mass p[i, 0]; entropy −Σ p log p (nats); mean distance Σ p·|pos_q − pos_k|;
/// diagonal p at the key of the query's own position; previous token p at the position before
/// (rows whose key is outside the keys are left out). Sink score: SPEC §5 on the probabilities
/// with every query row selected. Empty when cancelled.
std::vector<AtlasHead> atlasLayer(const LayerAttention& in, int64_t layer, int64_t cells,
                                  int threads, const std::function<bool()>& cancel = {});

/// The same heads from a pooled pass that was asked for rowStats and a map (mapCells), of batch
/// element `batch`: a trace's own pass gives its atlas without a second one.
std::vector<AtlasHead> atlasFromPooled(const PooledAttention& pooled, int64_t batch,
                                       int64_t layer);

/// The probabilities of one head as a dense [Lq, Lk] matrix (tests; one pooled pass for the rows'
/// shifts, then exactCells).
Tensor headProbabilities(const LayerAttention& in, int64_t head, int threads = 1);

}  // namespace attnscope
