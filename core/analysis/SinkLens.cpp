#include "core/analysis/SinkLens.h"

#include "core/analysis/FiniteMask.h"
#include "core/common/ParallelFor.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>

namespace attnscope {

namespace {
/// The kept columns of [0, lk) as runs [from, to).
std::vector<std::pair<int64_t, int64_t>> keptRuns(const std::vector<char>& hidden) {
    std::vector<std::pair<int64_t, int64_t>> runs;
    for (int64_t c = 0; c < int64_t(hidden.size()); ++c) {
        if (hidden[size_t(c)]) continue;
        if (!runs.empty() && runs.back().second == c)
            ++runs.back().second;
        else
            runs.emplace_back(c, c + 1);
    }
    return runs;
}

/// Σ of a row over the runs, each run summed in float and the runs in double (as withoutTokens).
double sumOfRuns(const float* row, const std::vector<std::pair<int64_t, int64_t>>& runs) {
    double sum = 0;
    for (const auto& [from, to] : runs)
        sum += double(Eigen::Map<const Eigen::ArrayXf>(row + from, to - from).sum());
    return sum;
}
}  // namespace

void headValueNorms(const Tensor& v, const Tensor& wo, int64_t heads, int64_t h, float* out) {
    using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const int64_t Hkv = v.dim(0), Lk = v.dim(1), d = v.dim(2);
    const int64_t group = std::max<int64_t>(1, heads / std::max<int64_t>(1, Hkv));
    const int64_t g = std::min(h / group, Hkv - 1);
    Eigen::Map<const RowMatrix> V(v.data() + g * Lk * d, Lk, d);
    if (wo.empty()) {
        for (int64_t j = 0; j < Lk; ++j) out[j] = V.row(j).norm();
        return;
    }
    // ‖v W‖² = v (W Wᵀ) vᵀ: the d × d Gram matrix of the head's rows of W_O instead of the
    // [Lk, D] product (D / d times fewer operations: 12 heads of 4096 keys took 2.4 GFLOP), in
    // double so that the quadratic form loses nothing to cancellation.
    const int64_t D = wo.dim(1);
    using RowMatrixD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const RowMatrixD W = Eigen::Map<const RowMatrix>(wo.data() + h * d * D, d, D).cast<double>();
    const Eigen::MatrixXd gram = W * W.transpose();
    const RowMatrixD Vd = V.cast<double>();
    const RowMatrixD y = Vd * gram;  // [Lk, d]
    for (int64_t j = 0; j < Lk; ++j)
        out[j] = float(std::sqrt(std::max(0.0, y.row(j).dot(Vd.row(j)))));
}

Tensor valueNorms(const Tensor& v, const Tensor& wo, int64_t heads, int threads) {
    const int64_t Lk = v.dim(1);
    Tensor out({heads, Lk});
    parallelFor(threads, heads,
                [&](int, int64_t h) { headValueNorms(v, wo, heads, h, out.data() + h * Lk); });
    return out;
}

Tensor valueWeighted(const float* alpha, int64_t lq, int64_t lk, const float* norms, int threads) {
    Tensor out({lq, lk});
    const Eigen::Map<const Eigen::ArrayXf> n(norms, lk);
    const int64_t bands = std::max<int64_t>(1, std::min<int64_t>(lq, 64));
    parallelFor(threads, bands, [&](int, int64_t band) {
        for (int64_t i = band * lq / bands; i < (band + 1) * lq / bands; ++i)
            Eigen::Map<Eigen::ArrayXf>(out.data() + i * lk, lk) =
                Eigen::Map<const Eigen::ArrayXf>(alpha + i * lk, lk) * n;
    });
    return out;
}

Tensor withoutTokens(const float* alpha, int64_t lq, int64_t lk,
                     const std::vector<int64_t>& hiddenRows, const std::vector<int64_t>& hiddenCols,
                     int threads) {
    std::vector<char> hideRow(size_t(lq), 0), hideCol(size_t(lk), 0);
    for (int64_t r : hiddenRows)
        if (r >= 0 && r < lq) hideRow[size_t(r)] = 1;
    for (int64_t c : hiddenCols)
        if (c >= 0 && c < lk) hideCol[size_t(c)] = 1;
    std::vector<int64_t> rows, cols;
    for (int64_t r = 0; r < lq; ++r)
        if (!hideRow[size_t(r)]) rows.push_back(r);
    for (int64_t c = 0; c < lk; ++c)
        if (!hideCol[size_t(c)]) cols.push_back(c);
    const int64_t n = int64_t(rows.size()), m = int64_t(cols.size());
    Tensor out({n, m});
    // The kept columns as runs [from, to) of the input: a few hidden tokens leave long runs,
    // summed and scaled vectorised.
    const auto runs = keptRuns(hideCol);
    const int64_t bands = std::max<int64_t>(1, std::min<int64_t>(n, 64));
    parallelFor(threads, bands, [&](int, int64_t band) {
        for (int64_t i = band * n / bands; i < (band + 1) * n / bands; ++i) {
            const float* row = alpha + rows[size_t(i)] * lk;
            const double sum = sumOfRuns(row, runs);
            const float inv = sum > 0 ? float(1.0 / sum) : 0.0f;
            float* o = out.data() + i * m;
            for (const auto& [from, to] : runs) {
                Eigen::Map<Eigen::ArrayXf>(o, to - from) =
                    Eigen::Map<const Eigen::ArrayXf>(row + from, to - from) * inv;
                o += to - from;
            }
        }
    });
    return out;
}

PooledLens pooledLens(const float* alpha, int64_t lq, int64_t lk, const float* norms,
                      const std::vector<int64_t>& hiddenCols, int64_t maxCells, int threads) {
    std::vector<char> hidden(size_t(std::max<int64_t>(lk, 0)), 0);
    for (int64_t c : hiddenCols)
        if (c >= 0 && c < lk) hidden[size_t(c)] = 1;
    const auto runs = keptRuns(hidden);
    std::vector<int64_t> kept;  // the kept columns, in order
    for (const auto& [from, to] : runs)
        for (int64_t c = from; c < to; ++c) kept.push_back(c);
    const int64_t m = int64_t(kept.size());
    const int64_t outR = std::clamp<int64_t>(maxCells, 1, std::max<int64_t>(lq, 1));
    const int64_t outC = std::clamp<int64_t>(maxCells, 1, std::max<int64_t>(lk, 1));
    const int64_t outM = std::clamp<int64_t>(maxCells, 1, std::max<int64_t>(m, 1));
    PooledLens out{Tensor({outR, outC}), norms ? Tensor({outR, outC}) : Tensor(),
                   Tensor({outR, outM})};
    constexpr float kNegInf = -std::numeric_limits<float>::infinity();
    constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
    struct Buffers {
        std::vector<float> maxA, countA, maxS, countS;
    };
    const int workers = std::max(1, threads);
    std::vector<Buffers> buffers(static_cast<size_t>(workers));
    parallelFor(workers, outR, [&](int worker, int64_t i) {
        Buffers& buf = buffers[size_t(worker)];
        if (buf.maxA.empty())
            for (auto* v : {&buf.maxA, &buf.countA, &buf.maxS, &buf.countS}) v->resize(size_t(lk));
        float* __restrict maxA = buf.maxA.data();
        float* __restrict countA = buf.countA.data();
        float* __restrict maxS = buf.maxS.data();
        float* __restrict countS = buf.countS.data();
        std::fill(maxA, maxA + lk, kNegInf);
        std::fill(maxS, maxS + lk, kNegInf);
        std::fill(countA, countA + lk, 0.0f);
        std::fill(countS, countS + lk, 0.0f);
        // The bin's rows reduced column by column (vectorised, see FiniteMask.h); the
        // renormalised row α / Σ_kept reduced alongside, the hidden columns with it (never read).
        for (int64_t r = i * lq / outR; r < (i + 1) * lq / outR; ++r) {
            const float* __restrict row = alpha + r * lk;
            const double sum = sumOfRuns(row, runs);
            const float inv = sum > 0 ? float(1.0 / sum) : 0.0f;
            for (int64_t c = 0; c < lk; ++c) {
                const float x = row[c], y = x * inv;
                const uint32_t fx = finiteMask(x), fy = finiteMask(y);
                const float a = finiteOr(x, fx, kNegInf), s = finiteOr(y, fy, kNegInf);
                maxA[c] = maxA[c] < a ? a : maxA[c];
                maxS[c] = maxS[c] < s ? s : maxS[c];
                countA[c] += float(fx & 1u);
                countS[c] += float(fy & 1u);
            }
        }
        // Column bins as poolToViewport's: bin j covers [⌊j·n/out⌋, ⌊(j+1)·n/out⌋).
        for (int64_t j = 0; j < outC; ++j) {
            double a = -std::numeric_limits<double>::infinity(), w = a, na = 0, nw = 0;
            for (int64_t c = j * lk / outC; c < (j + 1) * lk / outC; ++c) {
                na += countA[c];
                a = std::max(a, double(maxA[c]));
                // A column whose norm is not finite has no finite weighted cell.
                if (norms && countA[c] > 0 && finiteMask(norms[c]))
                    nw += 1, w = std::max(w, double(maxA[c] * norms[c]));
            }
            out.attention[i * outC + j] = float(na == 0 ? kNan : a);
            if (norms) out.valueWeighted[i * outC + j] = float(nw == 0 ? kNan : w);
        }
        for (int64_t j = 0; j < outM; ++j) {
            double s = -std::numeric_limits<double>::infinity(), n = 0;
            for (int64_t e = j * m / outM; e < (j + 1) * m / outM; ++e) {
                const int64_t c = kept[size_t(e)];
                n += countS[c];
                s = std::max(s, double(maxS[c]));
            }
            out.withoutColumns[i * outM + j] = float(n == 0 ? kNan : s);
        }
    });
    return out;
}

SinkMetric sinkMetric(const std::vector<Tensor>& alphaPerText, double epsilon) {
    SinkMetric out;
    out.epsilon = epsilon;
    out.texts = int64_t(alphaPerText.size());
    if (alphaPerText.empty()) return out;
    out.alpha = Tensor::zeros(alphaPerText.front().shape());
    const double n = double(alphaPerText.size());
    for (const Tensor& a : alphaPerText) {
        int64_t above = 0, counted = 0;
        for (int64_t i = 0; i < a.size(); ++i) {
            out.alpha[i] += float(a[i] / n);
            if (std::isnan(a[i])) continue;
            ++counted;
            if (a[i] > epsilon) ++above;
        }
        out.rate += counted ? double(above) / double(counted) / n : 0.0;
    }
    return out;
}

}  // namespace attnscope
