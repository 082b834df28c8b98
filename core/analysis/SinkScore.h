#pragma once
// SinkScore (SPEC §5): r[k] = mean of the selected query rows; sink = r[0] − mean(r[1 … Lk−2]).
// > 0 means the head sinks attention into the first position.

#include <cstdint>
#include <vector>

#include "core/common/Array.h"

namespace attnscope {

struct SinkScore {
    double first = 0, mid = 0, last = 0, sink = 0;  // mid and sink are NaN when Lk < 3
};

/// Mean of the selected rows (all rows when `rows` is empty) of an [Lq, Lk] row-major matrix.
/// Non-finite cells (masked logits) are skipped; a column with none finite is NaN.
std::vector<double> meanOfRows(const float* matrix, int64_t lq, int64_t lk,
                               const std::vector<int64_t>& rows);
SinkScore sinkScore(const std::vector<double>& r);
/// One score per head of `matrices` [H, Lq, Lk].
std::vector<SinkScore> sinkScores(const Tensor& matrices, const std::vector<int64_t>& rows);

}  // namespace attnscope
