#pragma once
// PooledAttention (SPEC §9 compute --pooled, §10): attention reduced straight into view-sized
// results without ever holding an L² tensor. Query rows are taken 64 at a time: the mask of the
// block is evaluated once for every head, the keys outside its allowed range are skipped (the
// empty tiles of a causal or windowed mask), and for each head the block's scores, exact
// probabilities and their reductions are computed in a buffer of 64 × Lk floats per thread.
// Results: frame × frame mean probabilities, the probability each key receives, each row's
// entropy, the per-head sink score of SPEC §5 and, when asked, a viewport pooled to a size.

#include <cstdint>
#include <functional>
#include <vector>

#include "core/analysis/PoolMode.h"
#include "core/analysis/ViewportPooling.h"
#include "core/common/Array.h"
#include "core/common/Result.h"
#include "core/masks/MaskExpr.h"
#include "core/masks/MaskShape.h"

namespace attnscope {

struct PooledRequest {
    int64_t frames = 64;    // tokens per frame, queries and keys alike
    bool frameMax = false;  // also the largest probability of each frame pair (frameMax)
    bool viewport = false;
    MatrixRegion region;  // [row0, row1) × [col0, col1) of the viewport
    int64_t width = 0, height = 0;
    PoolMode mode = PoolMode::Max;  // of the viewport: max or mean (Sum acts as Mean)
    bool rowStats = false;          // also the per-row figures of the head metrics (rowFirst, …)
    int64_t mapCells = 0;           // also `map`: the whole matrix mean-pooled, at most this many
                                    // cells per side (the atlas's small maps; 0: none)
    int64_t maskBatch = -1;         // the batch element the mask is evaluated for (−1: Q's own)
    bool logits = false;            // also the viewport's masked logits (viewportLogitSum)
    // The query rows are taken in `slices` consecutive groups; after each group but the last,
    // `snapshot` gets the results of the rows done so far (rows not yet done count 0, their
    // entropy 0 and shift NaN) and the fraction of rows done: a window fills its maps as it goes.
    int slices = 1;
    std::function<void(struct PooledAttention&& partial, double fraction)> snapshot;
    // The fraction of row blocks done, from the worker threads (rising, not ordered).
    std::function<void(double fraction)> progress;
};

struct PooledAttention {
    Tensor frameProbs;  // [B, H, ⌈Lq/N⌉, ⌈Lk/N⌉]: mean probability over the frame pair's token
                        // pairs, masked pairs counting 0
    Tensor frameMax;  // with frameMax: [B, H, ⌈Lq/N⌉, ⌈Lk/N⌉], the frame pair's largest
                      // probability (masked pairs counting 0)
    Tensor received;  // [B, H, Lk]: Σ over queries of the probability each key receives
    Tensor entropy;   // [B, H, Lq]: row entropy in nats, 0 for rows with no allowed key
    Tensor sink;      // [B, H]: SPEC §5 on the probabilities, every query selected
    Tensor keyMean;   // [B, H, Lk]: the mean probability each key receives from the queries
                      // that can see it (the sink metric's α_k); NaN where none can
    Tensor viewport;  // [B, H, height', width'] (at most height × width) when asked
    // [B, height', width']: 1 where the mask allows some pair of the viewport's cell, else 0
    // (a cell drawn as "masked", not as probability 0)
    Tensor viewportAllowed;
    // With `logits`: [B, H, height', width'], Σ of the allowed (scaled, soft-capped) scores of
    // each viewport cell, and [B, height', width'] the allowed pairs of each cell: their ratio is
    // the mean masked logit, as pooling the materialised masked scores gives (masked skipped).
    Tensor viewportLogitSum, viewportCount;
    // With `logits` as well: [B, H, height', width'], Σ of every (scaled, soft-capped) score of
    // each viewport cell, the mask ignored, and [height', width'] the pairs of each cell: their
    // ratio is the mean unmasked logit, as mean-pooling the materialised scores gives.
    Tensor viewportScoreSum, viewportPairs;
    // [B, Lk]: how many queries may see each key (the divisor of keyMean)
    Tensor seen;
    // With rowStats, per row [B, H, Lq], NaN for rows with no allowed key: the probability of key
    // 0, Σ p·|pos_q − pos_k|, and the probability of the key at the query's own position and at
    // the one before (NaN as well where that key is outside the keys).
    Tensor rowFirst, rowDistance, rowSelf, rowPrevious;
    // With mapCells: [B, H, mh, mw], the mean probability over each cell's token pairs (masked
    // pairs counting 0), cell (a, b) covering rows [⌊a·Lq/mh⌋, ⌊(a+1)·Lq/mh⌋) and the same for keys.
    Tensor map;
    // [B, H, Lq]: max + log Σ exp of each row's allowed scores, so that p_ij = exp(x_ij − shift_i)
    // (NaN for rows with no allowed key): what exact zoom needs to compute any cell alone.
    Tensor rowShift;
    double ms = 0;
};

/// What a pooled pass has summed over the rows done so far; every pass (the CPU's, a device's)
/// finishes its results from these with finishPooled(), its partial ones as well.
struct PooledSums {
    int64_t batch = 0, heads = 0, lq = 0, lk = 0, frames = 1;
    std::vector<double> received;  // [B, H, Lk]: Σ over the rows of each key's probability
    std::vector<double> seen;      // [B, Lk]: the rows that may see each key
    std::vector<double> frameSum;  // [B, H, ⌈Lq/N⌉, ⌈Lk/N⌉]: Σ of each frame pair's probabilities
    // The viewport's bins (starts, one more than bins each way; empty: no viewport), whether they
    // hold sums (a mean, divided by each bin's pairs) or maxima, and each bin's allowed pairs
    // [B, vh, vw].
    std::vector<int64_t> rowStarts, colStarts;
    bool viewportMean = false;
    std::vector<float> allowedPairs;
};

/// Σ of each frame pair's probabilities [B, H, Fq, Fk] from their means (frameProbs): mean × the
/// pair's token pairs, frames of n tokens over lq queries and lk keys.
Tensor frameSums(const Tensor& means, int64_t lq, int64_t lk, int64_t n);

/// [rows, cols]: the pairs of each bin of the given starts.
Tensor binPairs(const std::vector<int64_t>& rowStarts, const std::vector<int64_t>& colStarts);

/// Sets received, seen, keyMean, sink and frameProbs of `res` from `sums`, and with a viewport
/// its bins `viewport` ([B, H, vh, vw], maxima or sums: normalised here), viewportAllowed and
/// viewportCount.
void finishPooled(const PooledSums& sums, Tensor viewport, PooledAttention& res);

/// Whether Q, K and the request fit together (shapes, frames, the viewport inside the matrix and
/// of a sensible size); every pooled pass checks this first.
Status checkPooledRequest(const Tensor& q, const Tensor& k, const PooledRequest& request);

/// q [B, H, Lq, d], k [B, Hkv, Lk, d] (H a multiple of Hkv); the mask evaluated with `shape`.
/// Never allocates more than a few row blocks per thread besides the results.
Result<PooledAttention> pooledAttention(const Tensor& q, const Tensor& k, const MaskExpr& mask,
                                        const MaskShape& shape, float scale, float softCap,
                                        const PooledRequest& request, int threads,
                                        const std::function<bool()>& cancel = {});

/// Which of a trace's matrices exact cells are taken from: the probabilities, the masked scores
/// (−∞ where the mask forbids) or the scores (scaled and soft-capped, the mask ignored).
enum class CellValues { Probabilities, MaskedLogits, Logits };

/// The exact probabilities of `region` of head `head`, batch element `batch`, from Q, K and the
/// rows' shifts of a pooled pass: O(region · d), however long the rows are. Equal to the
/// materialised trace's cells; `values` chooses which matrix's.
Result<Tensor> exactCells(const Tensor& q, const Tensor& k, const MaskExpr& mask,
                          const MaskShape& shape, float scale, float softCap,
                          const Tensor& rowShift, int64_t batch, int64_t head,
                          const MatrixRegion& region, int64_t maskBatch = -1,
                          CellValues values = CellValues::Probabilities);

/// [B, H, Lq]: the probability each query gives the first key (its first-token mass, 0 where
/// the mask forbids it), from Q, K and the rows' shifts of any pooled pass: O(Lq · d) per head.
Result<Tensor> firstTokenMass(const Tensor& q, const Tensor& k, const MaskExpr& mask,
                              const MaskShape& shape, float scale, float softCap,
                              const Tensor& rowShift, int64_t maskBatch = -1);

/// Σ of the scaled, soft-capped scores of every cell of `region` pooled to rows × cols bins
/// (bin c covers ⌊c·n/cols⌋ … as poolToViewport), the mask ignored: [B, H, rows, cols]. Without
/// a soft-cap the sum is bilinear, (Σ q_i)·(Σ k_j) per bin, O(L·d + rows·cols·d); with one, each
/// score is computed (blocks of rows, no L² buffer).
Result<Tensor> pooledScoreSums(const Tensor& q, const Tensor& k, float scale, float softCap,
                               const MatrixRegion& region, int64_t rows, int64_t cols,
                               int threads, const std::function<bool()>& cancel = {});

/// Bytes the materialised trace of that shape needs (scores, masked scores, probabilities as
/// float32, the mask as bytes): what `compute --out` would hold.
double materialisedBytes(int64_t batch, int64_t heads, int64_t lq, int64_t lk);

}  // namespace attnscope
