#include "core/analysis/AttentionStatistics.h"

#include "core/common/ParallelFor.h"

#include <Eigen/Core>
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

namespace {
/// Head-major view of batch element `b` of a [H, R, C] or [B, H, R, C] tensor.
struct HeadMatrices {
    const float* data;
    int64_t heads, rows, cols;
};
HeadMatrices headMatrices(const Tensor& t, int64_t b) {
    if (t.rank() == 4)
        return {t.data() + b * t.dim(1) * t.dim(2) * t.dim(3), t.dim(1), t.dim(2), t.dim(3)};
    return {t.data(), t.dim(0), t.dim(1), t.dim(2)};
}
}  // namespace

std::vector<HeadStatistics> computeStatistics(const StatisticsInput& in) {
    const HeadMatrices v = headMatrices(*in.values, in.batch);
    const int64_t H = v.heads, R = v.rows, C = v.cols;
    std::vector<HeadStatistics> out(H);
    // Heads are independent; the entropy's logarithms over every cell dominate at long L.
    parallelFor(resolveThreads(0), H, [&](int, int64_t h) {
        HeadStatistics& s = out[h];
        s.head = h;
        const float* m = v.data + h * R * C;
        s.diagonalMean = finiteMean(m, std::min(R, C), C + 1);
        s.firstColumnMean = finiteMean(m, R, C);
        const Tensor* cs = in.columnSums;
        if (in.selectedRows.empty() && cs && cs->rank() == 3 && cs->dim(1) == H &&
            cs->dim(2) == C && in.batch < cs->dim(0) &&
            (!in.columnCounts ||
             (in.columnCounts->rank() == 2 && in.columnCounts->dim(0) == cs->dim(0) &&
              in.columnCounts->dim(1) == C))) {
            // The backend's column sums over all rows: the means without reading a cell.
            std::vector<double> r(static_cast<size_t>(C));
            const float* sum = cs->data() + (in.batch * H + h) * C;
            const float* count = in.columnCounts ? in.columnCounts->data() + in.batch * C : nullptr;
            for (int64_t c = 0; c < C; ++c) {
                const double n = count ? double(count[c]) : double(R);
                r[size_t(c)] =
                    n > 0 ? double(sum[c]) / n : std::numeric_limits<double>::quiet_NaN();
            }
            s.sink = sinkScore(r);
        } else {
            s.sink = sinkScore(meanOfRows(m, R, C, in.selectedRows));
        }
        if (!in.probs) return;
        const HeadMatrices pm = headMatrices(*in.probs, in.batch);
        if (h >= pm.heads) return;
        const int64_t lq = pm.rows, lk = pm.cols;
        const double nan = std::numeric_limits<double>::quiet_NaN();
        // The backend's row figures, when it gave them for these probabilities.
        auto rowsOf = [&](const Tensor* t) -> const float* {
            if (!t || t->rank() != 3 || in.probs->rank() != 4 || t->dim(0) != in.probs->dim(0) ||
                t->dim(1) != pm.heads || t->dim(2) != lq)
                return nullptr;
            return t->data() + (in.batch * pm.heads + h) * lq;
        };
        if (const float* e = rowsOf(in.rowEntropy), *dd = rowsOf(in.rowDistance); e && dd) {
            double entropy = 0, distance = 0;
            int64_t rows = 0;
            for (int64_t q = 0; q < lq; ++q)
                if (!std::isnan(e[q])) {
                    entropy += e[q];
                    distance += dd[q];
                    ++rows;
                }
            s.rowEntropy = rows ? entropy / double(rows) : nan;
            s.meanDistance = rows ? distance / double(rows) : nan;
            return;
        }
        const float* p = pm.data + h * lq * lk;
        // Vectorised over each row in float (Eigen's SIMD log), accumulated over rows in double:
        // the logarithms of every cell dominate at long L. For a row of probabilities (finite,
        // ≥ 0) a zero cell adds 0·log(1e-38) = 0, so no select is needed; Eigen 3.4 evaluates
        // select() one scalar at a time (scalar logf), so rows with negative or non-finite cells
        // (imported maps) alone take that path.
        const Eigen::ArrayXf keyPos =
            Eigen::ArrayXf::LinSpaced(lk, 0.0f, float(lk - 1)) + float(in.kvOffset);
        double entropy = 0, distance = 0;
        int64_t rows = 0;
        for (int64_t q = 0; q < lq; ++q) {
            const Eigen::Map<const Eigen::ArrayXf> row(p + q * lk, lk);
            const float qPos = float(q + in.qOffset);
            // Only tested for being positive and finite: a float sum vectorises, a sum cast to
            // double does not (Eigen 3.4).
            double mass = row.sum();
            if (std::isfinite(mass) && (lk == 0 || row.minCoeff() >= 0.0f)) {
                if (!(mass > 0)) continue;  // empty row
                entropy -= double((row * row.max(1e-38f).log()).sum());
                distance += double((row * (keyPos - qPos).abs()).sum());
                ++rows;
                continue;
            }
            const auto positive = row > 0.0f;
            mass = positive.select(row, 0.0f).cast<double>().sum();
            if (!(mass > 0)) continue;  // empty row
            entropy -= double(positive.select(row * row.max(1e-38f).log(), 0.0f).sum());
            distance += double(positive.select(row * (keyPos - qPos).abs(), 0.0f).sum());
            ++rows;
        }
        s.rowEntropy = rows ? entropy / double(rows) : nan;
        s.meanDistance = rows ? distance / double(rows) : nan;
    });
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
