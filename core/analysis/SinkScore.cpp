#include "core/analysis/SinkScore.h"

#include "core/analysis/FiniteMask.h"

#include <cmath>
#include <limits>

namespace attnscope {

namespace {
/// Adds the finite cells of one row to the column sums and counts (vectorised: FiniteMask.h).
void addFiniteRow(const float* __restrict row, double* __restrict sum, double* __restrict count,
                  int64_t n) {
    for (int64_t c = 0; c < n; ++c) {
        const uint32_t finite = finiteMask(row[c]);
        sum[c] += double(finiteOr(row[c], finite, 0.0f));
        count[c] += double(finite & 1u);
    }
}
}  // namespace

std::vector<double> meanOfRows(const float* m, int64_t lq, int64_t lk,
                               const std::vector<int64_t>& rows) {
    // Column sums in double over the chosen rows; non-finite cells (masked −inf) are skipped
    // and not counted.
    std::vector<double> sum(lk, 0.0), count(lk, 0.0);
    auto add = [&](int64_t r) {
        if (r >= 0 && r < lq) addFiniteRow(m + r * lk, sum.data(), count.data(), lk);
    };
    if (rows.empty())
        for (int64_t r = 0; r < lq; ++r) add(r);
    else
        for (int64_t r : rows) add(r);
    for (int64_t c = 0; c < lk; ++c)
        sum[c] = count[c] > 0 ? sum[c] / count[c] : std::numeric_limits<double>::quiet_NaN();
    return sum;
}

SinkScore sinkScore(const std::vector<double>& r) {
    SinkScore s;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (r.empty()) return {nan, nan, nan, nan};
    s.first = r.front();
    s.last = r.back();
    if (r.size() < 3) {
        s.mid = s.sink = nan;
        return s;
    }
    double sum = 0;
    int64_t n = 0;
    for (size_t i = 1; i + 1 < r.size(); ++i)
        if (std::isfinite(r[i])) {
            sum += r[i];
            ++n;
        }
    s.mid = n ? sum / double(n) : nan;
    s.sink = s.first - s.mid;
    return s;
}

std::vector<SinkScore> sinkScores(const Tensor& m, const std::vector<int64_t>& rows) {
    std::vector<SinkScore> out;
    const int64_t H = m.dim(0), lq = m.dim(1), lk = m.dim(2);
    for (int64_t h = 0; h < H; ++h)
        out.push_back(sinkScore(meanOfRows(m.data() + h * lq * lk, lq, lk, rows)));
    return out;
}

}  // namespace attnscope
