#include "analysis/AttentionStatistics.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace attnscope {

namespace {
double finiteMean(const float* p, int64_t n, int64_t stride) {
    double s = 0;
    int64_t c = 0;
    for (int64_t i = 0; i < n; ++i)
        if (std::isfinite(p[i * stride])) {
            s += p[i * stride];
            ++c;
        }
    return c ? s / double(c) : std::numeric_limits<double>::quiet_NaN();
}
}  // namespace

Tensor headsOfBatch(const Tensor& t, int64_t b) {
    const int64_t H = t.dim(1), n = t.dim(2) * t.dim(3);
    Tensor out({H, t.dim(2), t.dim(3)});
    std::copy(t.data() + b * H * n, t.data() + (b + 1) * H * n, out.data());
    return out;
}

std::vector<HeadStatistics> computeStatistics(const StatisticsInput& in) {
    std::vector<HeadStatistics> out;
    const Tensor& v = *in.values;
    const int64_t H = v.dim(0), R = v.dim(1), C = v.dim(2);
    for (int64_t h = 0; h < H; ++h) {
        HeadStatistics s;
        s.head = h;
        const float* m = v.data() + h * R * C;
        s.diagonalMean = finiteMean(m, std::min(R, C), C + 1);
        s.firstColumnMean = finiteMean(m, R, C);
        s.sink = sinkScore(meanOfRows(m, R, C, in.selectedRows));
        if (in.probs && h < in.probs->dim(0)) {
            const int64_t lq = in.probs->dim(1), lk = in.probs->dim(2);
            const float* p = in.probs->data() + h * lq * lk;
            double entropy = 0, distance = 0;
            int64_t rows = 0;
            for (int64_t q = 0; q < lq; ++q) {
                const float* row = p + q * lk;
                double e = 0, dist = 0, mass = 0;
                for (int64_t k = 0; k < lk; ++k) {
                    const double x = row[k];
                    if (x <= 0) continue;
                    mass += x;
                    e -= x * std::log(x);
                    dist += x * double(std::llabs((q + in.qOffset) - (k + in.kvOffset)));
                }
                if (mass <= 0) continue;  // empty row
                entropy += e;
                distance += dist;
                ++rows;
            }
            s.rowEntropy = rows ? entropy / double(rows) : std::numeric_limits<double>::quiet_NaN();
            s.meanDistance =
                rows ? distance / double(rows) : std::numeric_limits<double>::quiet_NaN();
        }
        out.push_back(s);
    }
    return out;
}

std::string statisticsCsv(const std::vector<HeadStatistics>& stats) {
    std::string csv =
        "head,diagonal_mean,first_column_mean,row_entropy,mean_distance,first,mid,last,sink\n";
    char buf[64];
    auto num = [&](double x) {
        // to_chars ignores the C locale, so the CSV keeps '.' decimals under any LANG.
        auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, 6);
        return std::string(buf, r.ptr);
    };
    for (const auto& s : stats)
        csv += std::to_string(s.head) + "," + num(s.diagonalMean) + "," + num(s.firstColumnMean) +
               "," + num(s.rowEntropy) + "," + num(s.meanDistance) + "," + num(s.sink.first) + "," +
               num(s.sink.mid) + "," + num(s.sink.last) + "," + num(s.sink.sink) + "\n";
    return csv;
}

}  // namespace attnscope
