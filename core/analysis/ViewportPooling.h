#pragma once
// ViewportPooling (SPEC §5 level of detail): reduces a region of a large matrix so that no more
// cells are drawn than the viewport has pixels; re-run on zoom with the visible region.

#include <cstdint>

#include "core/analysis/PoolMode.h"
#include "core/common/Array.h"

namespace attnscope {

struct MatrixRegion {
    int64_t row0 = 0, row1 = 0, col0 = 0, col1 = 0;  // [row0, row1) × [col0, col1)
};

/// Position of the centre of pooled cell i when n positions are pooled to `out` cells (cell i
/// covers [⌊i·n/out⌋, ⌊(i+1)·n/out⌋)), counted from the first pooled position.
inline double pooledCellCenter(int64_t n, int64_t out, int64_t i) {
    return 0.5 * double(i * n / out + (i + 1) * n / out - 1);
}

/// Pools `region` of a row-major matrix with leading dimension `ld` to at most
/// maxRows × maxCols cells (dimensions already small enough are kept). Output cell (i, j) covers
/// rows [row0 + ⌊i·n/out⌋, row0 + ⌊(i+1)·n/out⌋). Non-finite cells are skipped; Sum acts as Mean.
/// `threads` > 1: the output rows on the worker pool's threads (the same result).
Tensor poolToViewport(const float* matrix, int64_t ld, MatrixRegion region, int64_t maxRows,
                      int64_t maxCols, PoolMode mode, int threads = 1);

/// The same bins over two matrices: each output cell is Σ sums / Σ counts over the cell (NaN
/// where the counts are 0) — a mean over what the counts count, e.g. a pooled trace's masked
/// logits from per-bin sums of allowed scores and allowed pairs.
Tensor poolRatioToViewport(const float* sums, const float* counts, int64_t ld, MatrixRegion region,
                           int64_t maxRows, int64_t maxCols);

}  // namespace attnscope
