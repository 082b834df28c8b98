#include "core/analysis/HeadAtlas.h"

#include <Eigen/Core>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

#include "core/analysis/PooledAttention.h"
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
    const int64_t H = in.q.dim(0), Lq = in.q.dim(1), d = in.q.dim(2);
    const int64_t Hkv = in.k.dim(0), Lk = in.k.dim(1);
    // The pooled path does the work: its viewport of the whole matrix at cells × cells (mean) is
    // the map, its row figures give the metrics, key_mean is α_k.
    Tensor q({1, H, Lq, d}), k({1, Hkv, Lk, d});
    std::copy(in.q.begin(), in.q.end(), q.begin());
    std::copy(in.k.begin(), in.k.end(), k.begin());
    static const MaskExpr kFull = *MaskExpr::parse("full");
    PooledRequest request;
    request.frames = std::max<int64_t>(Lq, Lk);  // one frame: nothing to pool there
    request.viewport = true;
    request.region = {0, Lq, 0, Lk};
    request.width = std::clamp<int64_t>(cells, 1, Lk);
    request.height = std::clamp<int64_t>(cells, 1, Lq);
    request.mode = PoolMode::Mean;
    request.rowStats = true;
    request.maskBatch = in.batch;
    auto pooled = pooledAttention(q, k, in.mask ? *in.mask : kFull, in.shape, in.scale, in.softCap,
                                  request, threads, cancel);
    if (!pooled) return {};
    const PooledAttention& p = pooled.value();
    const int64_t n = p.viewport.dim(2), m = p.viewport.dim(3);
    auto meanOf = [&](const Tensor& t, int64_t h, const Tensor* rowsOf = nullptr) {
        double sum = 0;
        int64_t count = 0;
        for (int64_t i = 0; i < Lq; ++i) {
            const float v = t[h * Lq + i];
            if (std::isnan(v) || (rowsOf && std::isnan((*rowsOf)[h * Lq + i]))) continue;
            sum += v;
            ++count;
        }
        return count ? sum / double(count) : std::numeric_limits<double>::quiet_NaN();
    };
    std::vector<AtlasHead> out(static_cast<size_t>(H));
    for (int64_t h = 0; h < H; ++h) {
        AtlasHead& o = out[size_t(h)];
        o.layer = layer;
        o.head = h;
        o.map = Tensor({n, m});
        std::copy(p.viewport.data() + h * n * m, p.viewport.data() + (h + 1) * n * m, o.map.data());
        o.received.assign(p.keyMean.data() + h * Lk, p.keyMean.data() + (h + 1) * Lk);
        o.metrics[size_t(HeadMetric::Sink)] = p.sink[h];
        o.metrics[size_t(HeadMetric::FirstMass)] = meanOf(p.rowFirst, h);
        // Entropy over the rows that have an allowed key (rowFirst is NaN for the others).
        o.metrics[size_t(HeadMetric::Entropy)] = meanOf(p.entropy, h, &p.rowFirst);
        o.metrics[size_t(HeadMetric::MeanDistance)] = meanOf(p.rowDistance, h);
        o.metrics[size_t(HeadMetric::Diagonal)] = meanOf(p.rowSelf, h);
        o.metrics[size_t(HeadMetric::Previous)] = meanOf(p.rowPrevious, h);
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
