#include "core/analysis/SinkLens.h"

#include "core/common/ParallelFor.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>

namespace attnscope {

Tensor valueNorms(const Tensor& v, const Tensor& wo, int64_t heads, int threads) {
    using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const int64_t Hkv = v.dim(0), Lk = v.dim(1), d = v.dim(2);
    const int64_t group = std::max<int64_t>(1, heads / std::max<int64_t>(1, Hkv));
    Tensor out({heads, Lk});
    parallelFor(threads, heads, [&](int, int64_t h) {
        const int64_t g = std::min(h / group, Hkv - 1);
        Eigen::Map<const RowMatrix> V(v.data() + g * Lk * d, Lk, d);
        if (wo.empty()) {
            for (int64_t j = 0; j < Lk; ++j) out[h * Lk + j] = V.row(j).norm();
            return;
        }
        const int64_t D = wo.dim(1);
        Eigen::Map<const RowMatrix> W(wo.data() + h * d * D, d, D);
        const RowMatrix y = V * W;  // [Lk, D]: what each key adds through this head
        for (int64_t j = 0; j < Lk; ++j) out[h * Lk + j] = y.row(j).norm();
    });
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
    std::vector<std::pair<int64_t, int64_t>> runs;
    for (int64_t c : cols)
        if (!runs.empty() && runs.back().second == c)
            ++runs.back().second;
        else
            runs.emplace_back(c, c + 1);
    const int64_t bands = std::max<int64_t>(1, std::min<int64_t>(n, 64));
    parallelFor(threads, bands, [&](int, int64_t band) {
        for (int64_t i = band * n / bands; i < (band + 1) * n / bands; ++i) {
            const float* row = alpha + rows[size_t(i)] * lk;
            double sum = 0;
            for (const auto& [from, to] : runs)
                sum += double(Eigen::Map<const Eigen::ArrayXf>(row + from, to - from).sum());
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
