#pragma once
// StepSlice: the 2-D matrix the step inspector shows for one step of a Trace — the [b, h] (or
// [b, g] for K/V, [b] for X/mask/output, a head's column block of W) slice, pooled to at most
// maxCells per side for long axes, with its label, axis names and statistics.

#include <QString>
#include <cstdint>
#include <vector>

#include "core/analysis/ViewportPooling.h"
#include "core/common/Array.h"
#include "core/engine/Trace.h"

namespace attnscope {

/// Which projection matrix the Projections step shows.
enum class ProjectionMatrix { Wq, Wk, Wv };

enum class SliceHead { None, Query, Kv };  // how the head selector applies to a step

struct StepSlice {
    bool available = false;      // false: the step's tensor does not exist for this source
    Tensor values;               // [R, C] as shown (pooled when an axis is longer than maxCells)
    int64_t rows = 0, cols = 0;  // the slice before pooling
    bool pooled = false;
    SliceHead head = SliceHead::None;
    int64_t headIndex = 0;  // the query head, or the kv head g for K/V
    QString label;          // "Q[b=0, h=2]", "K[b=0, g=1] — kv head of query head 5 …"
    QString rowAxis, colAxis;
    QString tensorShape;                // the whole tensor's shape, "[1, 4, 8, 16]"
    double min = 0, max = 0, mean = 0;  // over the finite values of the unpooled slice
    int64_t nonFinite = 0;              // −∞ cells (masked scores)
    std::vector<int64_t> emptyRows;     // query rows with no allowed key (batch b)

    /// Token coordinate of the centre of shown cell i along an axis of n tokens pooled to out.
    static double cellCenter(int64_t n, int64_t out, int64_t i) {
        return pooledCellCenter(n, out, i);
    }
};

/// Snake-case name of a step for file names: Step::MaskedScores → "masked_scores".
QString stepKey(Step step);

/// How the head selector applies to `step` (none for X, W's are per head block, mask, output).
SliceHead sliceHeadOf(Step step, ProjectionMatrix matrix);

StepSlice stepSlice(const Trace& trace, Step step, int64_t batch, int64_t head,
                    ProjectionMatrix matrix = ProjectionMatrix::Wq, int64_t maxCells = 256);

}  // namespace attnscope
