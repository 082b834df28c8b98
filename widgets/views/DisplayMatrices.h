#pragma once
// DisplayMatrices: what the matrix views show of a Trace under ViewOptions — per head, the chosen
// value kind, frame-pooled when frames are on and pooled to at most maxCells per side for long
// sequences, with the token range behind every displayed row and column.

#include <QString>
#include <utility>
#include <vector>

#include "core/analysis/PooledAttention.h"
#include "core/common/Array.h"
#include "core/engine/Trace.h"
#include "widgets/views/ViewOptions.h"

namespace attnscope {

struct DisplayMatrices {
    Tensor values;                                                  // [H, R, C]
    std::vector<std::pair<int64_t, int64_t>> rowRanges, colRanges;  // token [begin, end) per cell
    bool frames = false;                                            // rows/columns are frames
    bool pooledForDetail = false;  // level-of-detail pooling was applied
    double vmin = 0, vmax = 1;     // colour range under the options
    bool anyMasked = false;        // some cells are wholly masked (NaN: drawn grey)
    bool probabilities = false;    // a pooled trace's probabilities, whatever kind was asked
    QString label;                 // colour bar label

    int64_t heads() const { return values.dim(0); }
    int64_t rows() const { return values.dim(1); }
    int64_t cols() const { return values.dim(2); }
    float at(int64_t h, int64_t r, int64_t c) const {
        return values[(h * rows() + r) * cols() + c];
    }
};

/// Tokens per frame in effect: the options', else 1 for maps of video frames (0: tokens).
int64_t effectiveTokensPerFrame(const Trace& trace, const ViewOptions& options);
/// Query rows (in display units: frames when frames are on) averaged by sink views.
std::vector<int64_t> effectiveQuerySelection(const Trace& trace, const ViewOptions& options);
/// The step tensor a value kind shows.
const Tensor& valueTensor(const Trace& trace, ValueKind kind);

/// What a pooled trace shows for a value kind: the logits (masked or not) when its pass kept
/// them, else the probabilities.
CellValues pooledCellValues(const PooledAttention& pooled, ValueKind kind);

/// `markMasked`: cells the mask wholly forbids become NaN (drawn grey); off for views that plot
/// the values themselves (the 3D weight surface).
DisplayMatrices displayMatrices(const Trace& trace, const ViewOptions& options,
                                int64_t maxCells = 256, bool markMasked = true);

/// One head's matrix, as displayMatrices() gives it (values [1, R, C], the colour range over this
/// head alone): a view of one head pools 1/H of the cells (the 3D weight surface at L = 4096
/// pooled all 12 heads, 800 MB, to show one).
DisplayMatrices displayMatrix(const Trace& trace, const ViewOptions& options, int64_t head,
                              int64_t maxCells = 256, bool markMasked = true);

}  // namespace attnscope
