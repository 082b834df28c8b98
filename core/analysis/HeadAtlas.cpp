#include "core/analysis/HeadAtlas.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/analysis/PooledAttention.h"
#include "core/analysis/SinkScore.h"

namespace attnscope {

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

namespace {

const MaskExpr& fullMask() {
    static const MaskExpr full = *MaskExpr::parse("full");
    return full;
}

/// One layer's attention through the pooled path (Q and K as its [1, H, L, d] inputs).
Result<PooledAttention> pooled(const LayerAttention& in, PooledRequest request, int threads,
                               const std::function<bool()>& cancel) {
    const int64_t H = in.q.dim(0), Lq = in.q.dim(1), d = in.q.dim(2);
    const int64_t Hkv = in.k.dim(0), Lk = in.k.dim(1);
    Tensor q({1, H, Lq, d}), k({1, Hkv, Lk, d});
    std::copy(in.q.begin(), in.q.end(), q.begin());
    std::copy(in.k.begin(), in.k.end(), k.begin());
    request.maskBatch = in.batch;
    request.frames = std::max<int64_t>(Lq, Lk);  // one frame: nothing to pool there
    return pooledAttention(q, k, in.mask ? *in.mask : fullMask(), in.shape, in.scale, in.softCap,
                           request, threads, cancel);
}

}  // namespace

std::vector<AtlasHead> atlasLayer(const LayerAttention& in, int64_t layer, int64_t cells,
                                  int threads, const std::function<bool()>& cancel) {
    // The pooled path does the work: its map of the whole matrix at cells × cells (mean), its row
    // figures give the metrics, key_mean is α_k.
    PooledRequest request;
    request.mapCells = std::max<int64_t>(1, cells);
    request.rowStats = true;
    auto done = pooled(in, request, threads, cancel);
    if (!done) return {};
    return atlasFromPooled(done.value(), 0, layer);
}

std::vector<AtlasHead> atlasFromPooled(const PooledAttention& p, int64_t batch, int64_t layer) {
    const int64_t H = p.map.dim(1), n = p.map.dim(2), m = p.map.dim(3);
    const int64_t Lq = p.rowFirst.dim(2), Lk = p.keyMean.dim(2);
    // The mean of a row figure over head h's rows (and those where `rowsOf` is a number).
    auto meanOf = [&](const Tensor& t, int64_t h, const Tensor* rowsOf = nullptr) {
        double sum = 0;
        int64_t count = 0;
        for (int64_t i = 0; i < Lq; ++i) {
            const int64_t at = (batch * H + h) * Lq + i;
            const float v = t[at];
            if (std::isnan(v) || (rowsOf && std::isnan((*rowsOf)[at]))) continue;
            sum += v;
            ++count;
        }
        return count ? sum / double(count) : std::numeric_limits<double>::quiet_NaN();
    };
    std::vector<AtlasHead> out(static_cast<size_t>(H));
    for (int64_t h = 0; h < H; ++h) {
        const int64_t bh = batch * H + h;
        AtlasHead& o = out[size_t(h)];
        o.layer = layer;
        o.head = h;
        o.map = Tensor({n, m});
        std::copy(p.map.data() + bh * n * m, p.map.data() + (bh + 1) * n * m, o.map.data());
        o.received.assign(p.keyMean.data() + bh * Lk, p.keyMean.data() + (bh + 1) * Lk);
        o.metrics[size_t(HeadMetric::Sink)] = p.sink[bh];
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
    // The rows' shifts from one pooled pass, then every cell exactly.
    const int64_t Lq = in.q.dim(1), Lk = in.k.dim(1);
    auto done = pooled(in, PooledRequest{}, threads, {});
    if (!done) return {};
    Tensor q({1, in.q.dim(0), Lq, in.q.dim(2)}), k({1, in.k.dim(0), Lk, in.k.dim(2)});
    std::copy(in.q.begin(), in.q.end(), q.begin());
    std::copy(in.k.begin(), in.k.end(), k.begin());
    auto cells = exactCells(q, k, in.mask ? *in.mask : fullMask(), in.shape, in.scale, in.softCap,
                            done->rowShift, 0, head, {0, Lq, 0, Lk}, in.batch);
    return cells ? std::move(cells).value() : Tensor();
}

}  // namespace attnscope
