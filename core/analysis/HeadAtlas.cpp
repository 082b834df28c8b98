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
    const int64_t H = in.q.dim(0), Lq = in.q.dim(1), Lk = in.k.dim(1);
    // The pooled path does the work: its viewport of the whole matrix at cells × cells (mean) is
    // the map, its row figures give the metrics, key_mean is α_k.
    PooledRequest request;
    request.viewport = true;
    request.region = {0, Lq, 0, Lk};
    request.width = std::clamp<int64_t>(cells, 1, Lk);
    request.height = std::clamp<int64_t>(cells, 1, Lq);
    request.mode = PoolMode::Mean;
    request.rowStats = true;
    auto done = pooled(in, request, threads, cancel);
    if (!done) return {};
    const PooledAttention& p = done.value();
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
