#include "analysis/ViewportPooling.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace attnscope {

Tensor poolToViewport(const float* m, int64_t ld, MatrixRegion g, int64_t maxRows, int64_t maxCols,
                      PoolMode mode) {
    using Row = Eigen::Array<float, 1, Eigen::Dynamic>;
    const int64_t nr = std::max<int64_t>(g.row1 - g.row0, 0);
    const int64_t nc = std::max<int64_t>(g.col1 - g.col0, 0);
    const int64_t outR = std::clamp<int64_t>(maxRows, 1, std::max<int64_t>(nr, 1));
    const int64_t outC = std::clamp<int64_t>(maxCols, 1, std::max<int64_t>(nc, 1));
    Tensor out({outR, outC});
    const bool isMax = mode == PoolMode::Max;
    constexpr float kNegInf = -std::numeric_limits<float>::infinity();
    constexpr float kNan = std::numeric_limits<float>::quiet_NaN();
    constexpr float kFloatMax = std::numeric_limits<float>::max();
    // Two passes per output row: the rows of the bin are reduced column by column (SIMD over the
    // contiguous row; this reads every cell and dominates), then the columns into their bins.
    // Non-finite cells are skipped: as −inf for the max, as 0 with no count for the mean.
    Row reduced(nc), counts(nc);
    for (int64_t i = 0; i < outR; ++i) {
        const int64_t r0 = g.row0 + i * nr / outR, r1 = g.row0 + (i + 1) * nr / outR;
        reduced.setConstant(isMax ? kNegInf : 0.0f);
        counts.setZero();
        for (int64_t r = r0; r < r1; ++r) {
            const Eigen::Map<const Row> row(m + r * ld + g.col0, nc);
            const auto finite = row.abs() <= kFloatMax;  // false for ±inf and NaN
            if (isMax) {
                reduced = reduced.max(finite.select(row, kNegInf));
            } else {
                reduced += finite.select(row, 0.0f);
            }
            counts += finite.cast<float>();
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
    }
    return out;
}

}  // namespace attnscope
