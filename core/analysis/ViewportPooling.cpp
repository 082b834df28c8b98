#include "core/analysis/ViewportPooling.h"

#include "core/analysis/FiniteMask.h"
#include "core/common/ParallelFor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace attnscope {

Tensor poolToViewport(const float* m, int64_t ld, MatrixRegion g, int64_t maxRows, int64_t maxCols,
                      PoolMode mode, int threads) {
    const int64_t nr = std::max<int64_t>(g.row1 - g.row0, 0);
    const int64_t nc = std::max<int64_t>(g.col1 - g.col0, 0);
    const int64_t outR = std::clamp<int64_t>(maxRows, 1, std::max<int64_t>(nr, 1));
    const int64_t outC = std::clamp<int64_t>(maxCols, 1, std::max<int64_t>(nc, 1));
    Tensor out({outR, outC});
    const bool isMax = mode == PoolMode::Max;
    constexpr float kNegInf = -std::numeric_limits<float>::infinity();
    constexpr float kNan = std::numeric_limits<float>::quiet_NaN();
    // Two passes per output row: the rows of the bin are reduced column by column (this reads
    // every cell and dominates; the loops vectorise, see FiniteMask.h), then the columns into
    // their bins. Non-finite cells are skipped: as −inf for the max, as 0 with no count for the
    // mean.
    const int workers = std::max(1, threads);
    std::vector<std::vector<float>> reducedBufs(static_cast<size_t>(workers)),
        countsBufs(static_cast<size_t>(workers));
    parallelFor(workers, outR, [&](int worker, int64_t i) {
        auto& reducedBuf = reducedBufs[size_t(worker)];
        auto& countsBuf = countsBufs[size_t(worker)];
        if (reducedBuf.empty()) {
            reducedBuf.resize(size_t(nc));
            countsBuf.resize(size_t(nc));
        }
        float* __restrict reduced = reducedBuf.data();
        float* __restrict counts = countsBuf.data();
        const int64_t r0 = g.row0 + i * nr / outR, r1 = g.row0 + (i + 1) * nr / outR;
        std::fill(reduced, reduced + nc, isMax ? kNegInf : 0.0f);
        std::fill(counts, counts + nc, 0.0f);
        for (int64_t r = r0; r < r1; ++r) {
            const float* __restrict row = m + r * ld + g.col0;
            if (isMax) {
                for (int64_t c = 0; c < nc; ++c) {
                    const uint32_t finite = finiteMask(row[c]);
                    const float x = finiteOr(row[c], finite, kNegInf), was = reduced[c];
                    reduced[c] = was < x ? x : was;
                    counts[c] += float(finite & 1u);
                }
            } else {
                for (int64_t c = 0; c < nc; ++c) {
                    const uint32_t finite = finiteMask(row[c]);
                    reduced[c] += finiteOr(row[c], finite, 0.0f);
                    counts[c] += float(finite & 1u);
                }
            }
        }
        // Column bin j covers [⌊j·n/out⌋, ⌊(j+1)·n/out⌋), the same rule as the rows.
        for (int64_t j = 0; j < outC; ++j) {
            const int64_t c0 = j * nc / outC, c1 = (j + 1) * nc / outC;
            double acc = isMax ? -std::numeric_limits<double>::infinity() : 0.0, n = 0;
            for (int64_t c = c0; c < c1; ++c) {
                n += counts[c];
                acc = isMax ? std::max(acc, double(reduced[c])) : acc + double(reduced[c]);
            }
            out.at({i, j}) = n == 0 ? kNan : float(isMax ? acc : acc / n);
        }
    });
    return out;
}

Tensor poolRatioToViewport(const float* sums, const float* counts, int64_t ld, MatrixRegion region,
                           int64_t maxRows, int64_t maxCols) {
    const int64_t nr = region.row1 - region.row0, nc = region.col1 - region.col0;
    const int64_t R = std::min(maxRows, nr), C = std::min(maxCols, nc);
    Tensor out({R, C});
    for (int64_t r = 0; r < R; ++r)
        for (int64_t c = 0; c < C; ++c) {
            double s = 0, n = 0;
            for (int64_t i = region.row0 + r * nr / R; i < region.row0 + (r + 1) * nr / R; ++i)
                for (int64_t j = region.col0 + c * nc / C; j < region.col0 + (c + 1) * nc / C;
                     ++j) {
                    s += sums[i * ld + j];
                    n += counts[i * ld + j];
                }
            out[r * C + c] = n > 0 ? float(s / n) : std::numeric_limits<float>::quiet_NaN();
        }
    return out;
}

}  // namespace attnscope
