#pragma once
// AttentionStatistics (SPEC §5): the per-head table — diagonal mean (self-attention strength),
// first-column mean (sink strength), row entropy, mean attention distance, first/mid/last/sink.

#include <string>
#include <vector>

#include "core/analysis/SinkScore.h"
#include "core/common/Array.h"

namespace attnscope {

struct HeadStatistics {
    int64_t head = 0;
    double diagonalMean = 0;     // of the shown matrix (tokens or frames)
    double firstColumnMean = 0;  // of the shown matrix
    double rowEntropy = 0;       // nats, mean over non-empty rows of the token probabilities
    double meanDistance = 0;     // Σ p·|q − kv| in positions, mean over non-empty rows
    SinkScore sink;              // of the shown matrix over the query selection
};

struct StatisticsInput {
    const Tensor* values = nullptr;  // [H, R, C] or [B, H, R, C]: the matrix the views show
                                     // (logits or probs, possibly frame-pooled)
    const Tensor* probs = nullptr;   // [H, Lq, Lk] or [B, H, Lq, Lk] token-level probabilities
    int64_t qOffset = 0, kvOffset = 0;
    std::vector<int64_t> selectedRows;  // rows of `values` averaged for the sink score
    int64_t batch = 0;                  // the batch element of rank-4 inputs (no copies needed)
    // Optional, [B, H, Lq] from the backend that computed rank-4 `probs`
    // (AttentionSteps::rowEntropy, rowDistance; NaN for empty rows): the entropy and distance
    // are their means, and no cell is read for them.
    const Tensor* rowEntropy = nullptr;
    const Tensor* rowDistance = nullptr;
    // Optional, [B, H, C] from the backend: Σ over every row of `values` per column, with
    // [B, C] the finite cells counted per column (null: every row counts). Used for the sink
    // score when selectedRows is empty (all rows), instead of reading every cell.
    const Tensor* columnSums = nullptr;
    const Tensor* columnCounts = nullptr;
};

std::vector<HeadStatistics> computeStatistics(const StatisticsInput& in);
/// Header line plus one line per head, '.'-decimal, 6 significant digits.
std::string statisticsCsv(const std::vector<HeadStatistics>& stats);
/// Head h of batch element b of a [B, H, L1, L2] tensor as a [H, L1, L2] copy.
Tensor headsOfBatch(const Tensor& t, int64_t b);

}  // namespace attnscope
