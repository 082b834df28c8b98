#include "analysis/ViewportPooling.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace attnscope {

Tensor poolToViewport(const float* m, int64_t ld, MatrixRegion g, int64_t maxRows, int64_t maxCols,
                      PoolMode mode) {
    const int64_t nr = std::max<int64_t>(g.row1 - g.row0, 0);
    const int64_t nc = std::max<int64_t>(g.col1 - g.col0, 0);
    const int64_t outR = std::clamp<int64_t>(maxRows, 1, std::max<int64_t>(nr, 1));
    const int64_t outC = std::clamp<int64_t>(maxCols, 1, std::max<int64_t>(nc, 1));
    Tensor out({outR, outC});
    const bool isMax = mode == PoolMode::Max;
    std::vector<double> acc(outC);
    std::vector<int64_t> cnt(outC);
    std::vector<int64_t> colBin(nc);
    // Column bin j covers [⌊j·n/out⌋, ⌊(j+1)·n/out⌋), the same rule as the rows.
    for (int64_t j = 0; j < outC; ++j)
        for (int64_t c = j * nc / outC; c < (j + 1) * nc / outC; ++c) colBin[c] = j;
    for (int64_t i = 0; i < outR; ++i) {
        const int64_t r0 = g.row0 + i * nr / outR, r1 = g.row0 + (i + 1) * nr / outR;
        std::fill(acc.begin(), acc.end(), isMax ? -std::numeric_limits<double>::infinity() : 0.0);
        std::fill(cnt.begin(), cnt.end(), 0);
        for (int64_t r = r0; r < r1; ++r) {
            const float* row = m + r * ld + g.col0;
            for (int64_t c = 0; c < nc; ++c) {
                const float x = row[c];
                if (!std::isfinite(x)) continue;
                const int64_t j = colBin[c];
                acc[j] = isMax ? std::max(acc[j], double(x)) : acc[j] + x;
                ++cnt[j];
            }
        }
        for (int64_t j = 0; j < outC; ++j)
            out.at({i, j}) = cnt[j] == 0 ? std::numeric_limits<float>::quiet_NaN()
                                         : float(isMax ? acc[j] : acc[j] / double(cnt[j]));
    }
    return out;
}

}  // namespace attnscope
