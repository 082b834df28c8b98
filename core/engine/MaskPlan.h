#pragma once
// MaskPlan: the mask of one computation, made once by the engine and handed to every backend —
// the dense rows, the 128-tile summary that lets backends skip empty tiles, and the rows with no
// allowed key. Backends read it; none evaluates a mask expression itself.

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "core/common/Array.h"
#include "core/common/Result.h"
#include "core/masks/BlockSummary.h"
#include "core/masks/MaskExpr.h"

namespace attnscope {

struct MaskPlan {
    static constexpr int64_t kTile = 128;

    MaskShape shape;
    BoolArray rows;                                      // [B, Lq, Lk] 0/1
    BlockSummary blocks;                                 // kTile × kTile tiles of `rows`
    std::vector<std::pair<int64_t, int64_t>> emptyRows;  // (b, q) with no allowed key, sorted
    double buildMs = 0;

    /// Evaluates `mask` over `shape` on `threads` threads, one task per (batch, 128-row block),
    /// polling `stop` before each; an error when stopped or when the rows do not fit in memory.
    static Result<MaskPlan> build(const MaskExpr& mask, const MaskShape& shape, int threads,
                                  const std::function<bool()>& stop = {});
    /// How many times build() polls `stop` for `shape`.
    static int64_t polls(const MaskShape& shape);
};

}  // namespace attnscope
