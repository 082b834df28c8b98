#include "core/analysis/HeadAtlas.h"

#include <Eigen/Core>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

#include "core/analysis/SinkScore.h"
#include "core/common/Gemm.h"
#include "core/common/ParallelFor.h"

namespace attnscope {

namespace {
constexpr int64_t kRowBlock = 64;
}  // namespace

std::string headMetricName(HeadMetric metric) {
    switch (metric) {
        case HeadMetric::Sink:
            return "sink score";
        case HeadMetric::FirstMass:
            return "first-token mass";
        case HeadMetric::Entropy:
            return "entropy";
        case HeadMetric::MeanDistance:
            return "mean distance";
        case HeadMetric::Diagonal:
            return "diagonal";
        case HeadMetric::Previous:
            return "previous token";
    }
    return {};
}

bool forEachProbabilityBlock(
    const LayerAttention& in, int threads,
    const std::function<void(int64_t, int64_t, int64_t, const float*)>& block,
    const std::function<bool()>& cancel) {
    const int64_t H = in.q.dim(0), Lq = in.q.dim(1), d = in.q.dim(2);
    const int64_t Hkv = in.k.dim(0), Lk = in.k.dim(1);
    const int64_t group = std::max<int64_t>(1, H / std::max<int64_t>(1, Hkv));
    std::atomic<bool> stopped{false};
    gemm::useSingleThreadedBlas();
    parallelFor(std::max(1, threads), H, [&](int, int64_t h) {
        std::vector<float> p(size_t(kRowBlock * Lk));
        std::vector<uint8_t> allowed(size_t(Lk), 1);
        const float* K = in.k.data() + std::min(h / group, Hkv - 1) * Lk * d;
        for (int64_t r0 = 0; r0 < Lq; r0 += kRowBlock) {
            if (stopped || (cancel && cancel())) {
                stopped = true;
                return;
            }
            const int64_t r1 = std::min(Lq, r0 + kRowBlock), rows = r1 - r0;
            gemm::gemmNT(gemm::GemmImpl::OpenBlas, rows, Lk, d, in.scale,
                         in.q.data() + (h * Lq + r0) * d, d, K, d, p.data(), Lk);
            for (int64_t r = 0; r < rows; ++r) {
                float* row = p.data() + r * Lk;
                if (in.mask) in.mask->evalRow(in.batch, r0 + r, 0, Lk, in.shape, allowed.data());
                Eigen::Map<Eigen::ArrayXf> a(row, Lk);
                if (in.softCap > 0) a = in.softCap * (a * (1.0f / in.softCap)).tanh();
                float top = -std::numeric_limits<float>::infinity();
                for (int64_t j = 0; j < Lk; ++j)
                    if (allowed[size_t(j)]) top = std::max(top, row[j]);
                if (!std::isfinite(top)) {  // no allowed key: a zero row
                    std::fill(row, row + Lk, 0.0f);
                    continue;
                }
                double sum = 0;
                for (int64_t j = 0; j < Lk; ++j) {
                    row[j] = allowed[size_t(j)] ? std::exp(row[j] - top) : 0.0f;
                    sum += row[j];
                }
                const float inv = float(1.0 / sum);
                a *= inv;
            }
            block(h, r0, r1, p.data());
        }
    });
    return !stopped;
}

std::vector<AtlasHead> atlasLayer(const LayerAttention& in, int64_t layer, int64_t cells,
                                  int threads, const std::function<bool()>& cancel) {
    const int64_t H = in.q.dim(0), Lq = in.q.dim(1), Lk = in.k.dim(1);
    const int64_t n = std::clamp<int64_t>(cells, 1, Lq), m = std::clamp<int64_t>(cells, 1, Lk);
    const int64_t qOff = in.shape.qOffset, kvOff = in.shape.kvOffset;
    struct Acc {
        std::vector<double> cells, colSum, colSeen;
        double first = 0, entropy = 0, distance = 0, diag = 0, prev = 0;
        int64_t rows = 0, diagRows = 0, prevRows = 0;
    };
    std::vector<Acc> acc(static_cast<size_t>(H));
    for (Acc& a : acc) {
        a.cells.assign(size_t(n * m), 0.0);
        a.colSum.assign(size_t(Lk), 0.0);
        a.colSeen.assign(size_t(Lk), 0.0);
    }
    // Row and column of each token's cell.
    std::vector<int64_t> cellOfRow(static_cast<size_t>(Lq)), cellOfCol(static_cast<size_t>(Lk));
    for (int64_t a = 0; a < n; ++a)
        for (int64_t i = a * Lq / n; i < (a + 1) * Lq / n; ++i) cellOfRow[size_t(i)] = a;
    for (int64_t b = 0; b < m; ++b)
        for (int64_t j = b * Lk / m; j < (b + 1) * Lk / m; ++j) cellOfCol[size_t(j)] = b;

    const bool done = forEachProbabilityBlock(
        in, threads,
        [&](int64_t h, int64_t r0, int64_t r1, const float* probs) {
            Acc& a = acc[size_t(h)];
            std::vector<uint8_t> allowed(size_t(Lk), 1);
            for (int64_t i = r0; i < r1; ++i) {
                const float* row = probs + (i - r0) * Lk;
                if (in.mask) in.mask->evalRow(in.batch, i, 0, Lk, in.shape, allowed.data());
                double* cellRow = a.cells.data() + cellOfRow[size_t(i)] * m;
                bool any = false;
                double entropy = 0, distance = 0;
                const int64_t pos = i + qOff;
                for (int64_t j = 0; j < Lk; ++j) {
                    const double p = row[j];
                    cellRow[cellOfCol[size_t(j)]] += p;
                    a.colSum[size_t(j)] += p;
                    if (allowed[size_t(j)]) {
                        any = true;
                        a.colSeen[size_t(j)] += 1;
                    }
                    if (p > 0) entropy -= p * std::log(p);
                    distance += p * double(std::llabs(pos - (j + kvOff)));
                }
                if (!any) continue;
                ++a.rows;
                a.first += row[0];
                a.entropy += entropy;
                a.distance += distance;
                const int64_t self = pos - kvOff;
                if (self >= 0 && self < Lk) {
                    a.diag += row[self];
                    ++a.diagRows;
                }
                if (self - 1 >= 0 && self - 1 < Lk) {
                    a.prev += row[self - 1];
                    ++a.prevRows;
                }
            }
        },
        cancel);
    if (!done) return {};

    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<AtlasHead> out(static_cast<size_t>(H));
    for (int64_t h = 0; h < H; ++h) {
        const Acc& a = acc[size_t(h)];
        AtlasHead& o = out[size_t(h)];
        o.layer = layer;
        o.head = h;
        o.map = Tensor({n, m});
        for (int64_t r = 0; r < n; ++r)
            for (int64_t c = 0; c < m; ++c) {
                const double count =
                    double((r + 1) * Lq / n - r * Lq / n) * double((c + 1) * Lk / m - c * Lk / m);
                o.map[r * m + c] = float(a.cells[size_t(r * m + c)] / count);
            }
        std::vector<double> meanOverRows(static_cast<size_t>(Lk));
        o.received.resize(size_t(Lk));
        for (int64_t j = 0; j < Lk; ++j) {
            meanOverRows[size_t(j)] = a.colSum[size_t(j)] / double(Lq);
            o.received[size_t(j)] =
                a.colSeen[size_t(j)] > 0 ? a.colSum[size_t(j)] / a.colSeen[size_t(j)] : nan;
        }
        const double rows = double(a.rows);
        o.metrics[size_t(HeadMetric::Sink)] = sinkScore(meanOverRows).sink;
        o.metrics[size_t(HeadMetric::FirstMass)] = a.rows ? a.first / rows : nan;
        o.metrics[size_t(HeadMetric::Entropy)] = a.rows ? a.entropy / rows : nan;
        o.metrics[size_t(HeadMetric::MeanDistance)] = a.rows ? a.distance / rows : nan;
        o.metrics[size_t(HeadMetric::Diagonal)] = a.diagRows ? a.diag / double(a.diagRows) : nan;
        o.metrics[size_t(HeadMetric::Previous)] = a.prevRows ? a.prev / double(a.prevRows) : nan;
    }
    return out;
}

Tensor headProbabilities(const LayerAttention& in, int64_t head, int threads) {
    const int64_t Lq = in.q.dim(1), Lk = in.k.dim(1), d = in.q.dim(2);
    LayerAttention one = in;
    one.q = Tensor({1, Lq, d});
    std::copy(in.q.data() + head * Lq * d, in.q.data() + (head + 1) * Lq * d, one.q.data());
    const int64_t group = std::max<int64_t>(1, in.q.dim(0) / std::max<int64_t>(1, in.k.dim(0)));
    one.k = Tensor({1, Lk, d});
    const int64_t g = std::min(head / group, in.k.dim(0) - 1);
    std::copy(in.k.data() + g * Lk * d, in.k.data() + (g + 1) * Lk * d, one.k.data());
    Tensor out({Lq, Lk});
    forEachProbabilityBlock(one, threads, [&](int64_t, int64_t r0, int64_t r1, const float* p) {
        std::copy(p, p + (r1 - r0) * Lk, out.data() + r0 * Lk);
    });
    return out;
}

}  // namespace attnscope
