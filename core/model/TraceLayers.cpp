#include "core/model/TraceLayers.h"

#include "core/analysis/SinkLens.h"
#include "core/analysis/SinkScore.h"
#include "core/analysis/ViewportPooling.h"
#include "core/common/ParallelFor.h"
#include "core/common/Text.h"
#include "core/model/ModelCache.h"
#include "core/tokenizer/Tokenizer.h"

namespace attnscope {

namespace {

/// Q or K of batch element b of a [B, n, L, d] tensor as [n, L, d] (a copy).
Tensor batchElement(const Tensor& t, int64_t b) {
    const int64_t per = t.dim(1) * t.dim(2) * t.dim(3);
    Tensor out({t.dim(1), t.dim(2), t.dim(3)});
    std::copy(t.data() + b * per, t.data() + (b + 1) * per, out.data());
    return out;
}

}  // namespace

int64_t traceLayerCount(const Trace& trace) {
    return trace.model.inputs ? int64_t(trace.model.inputs->run->layers.size()) : 1;
}

int64_t traceLayerNumber(const Trace& trace, int64_t i) {
    return trace.model.inputs ? trace.model.inputs->run->layers[size_t(i)].layer
                              : trace.scenario.layer;
}

Result<LayerAttention> traceLayer(const Trace& trace, int64_t i, int64_t batch) {
    if (i < 0 || i >= traceLayerCount(trace)) return Text::tr("layer index %1 is out of range", i);
    std::shared_ptr<const MaskExpr> userMask;
    if (!trace.scenario.mask.empty() && !(trace.model.inputs && trace.model.ownMask)) {
        auto parsed = MaskExpr::parse(trace.scenario.mask);
        if (!parsed) return parsed.failure();
        userMask = std::make_shared<const MaskExpr>(std::move(parsed).value());
    }
    if (trace.model.inputs) {
        auto a = captureAttention(trace.model.inputs->run->layers[size_t(i)]);
        if (!a) return a;
        if (!trace.model.ownScale) a->scale = trace.scale;
        if (!trace.model.ownMask) a->mask = userMask;
        return a;
    }
    if (trace.q.empty() || trace.k.empty()) return Text::tr("the source has no Q and K");
    LayerAttention a;
    const int64_t b = std::clamp<int64_t>(batch, 0, trace.batch() - 1);
    a.shape = trace.maskShape;
    a.q = batchElement(trace.q, b);
    a.k = batchElement(trace.k, b);
    a.batch = b;
    a.scale = trace.scale;
    a.softCap = float(trace.scenario.softCap);
    a.mask = userMask;
    return a;
}

Tensor traceValueNorms(const Trace& trace, int64_t i, int64_t batch, int64_t head,
                       bool* withOutput) {
    if (trace.model.inputs) {
        if (withOutput) *withOutput = true;
        const Tensor& all = trace.model.inputs->run->layers[size_t(i)].valueNorms;  // [H, Lk]
        if (all.rank() != 2) return {};
        const int64_t h = std::clamp<int64_t>(head, 0, all.dim(0) - 1), Lk = all.dim(1);
        Tensor out({Lk});
        std::copy(all.data() + h * Lk, all.data() + (h + 1) * Lk, out.data());
        return out;
    }
    if (withOutput) *withOutput = !trace.wo.empty();
    if (trace.v.empty()) return {};
    const int64_t b = std::clamp<int64_t>(batch, 0, trace.batch() - 1);
    const int64_t h = std::clamp<int64_t>(head, 0, trace.heads() - 1);
    // Kept with the inputs: a mask edit shares them, and its trace needs the same norms.
    return trace.inputs->derived("value norms of head " + std::to_string(h), b, [&] {
        Tensor out({trace.kvLen()});
        headValueNorms(batchElement(trace.v, b), trace.wo, trace.heads(), h, out.data());
        return out;
    });
}

std::vector<AtlasHead> traceAtlasFromSteps(const Trace& trace, int64_t batch, int64_t cells,
                                           int threads) {
    const AttentionSteps& st = trace.steps;
    if (trace.model.inputs || trace.isPooled() || st.probs.rank() != 4) return {};
    const int64_t B = st.probs.dim(0), H = st.probs.dim(1), Lq = st.probs.dim(2),
                  Lk = st.probs.dim(3);
    if (batch < 0 || batch >= B || st.rowEntropy.size() != B * H * Lq ||
        st.rowDistance.size() != B * H * Lq || st.columnProbs.size() != B * H * Lk ||
        st.columnAllowed.size() != B * Lk)
        return {};
    const int64_t n = std::clamp<int64_t>(cells, 1, std::max<int64_t>(Lq, 1));
    const int64_t m = std::clamp<int64_t>(cells, 1, std::max<int64_t>(Lk, 1));
    const int64_t offset = trace.maskShape.qOffset - trace.maskShape.kvOffset;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<AtlasHead> out(static_cast<size_t>(H));
    parallelFor(threads, H, [&](int, int64_t h) {
        const int64_t bh = batch * H + h;
        const float* p = st.probs.data() + bh * Lq * Lk;
        AtlasHead& o = out[size_t(h)];
        o.layer = trace.scenario.layer;
        o.head = h;
        // Masked pairs are 0 in the probabilities: the plain mean over each cell.
        o.map = poolToViewport(p, Lk, {0, Lq, 0, Lk}, n, m, PoolMode::Mean);
        // α_k: the mean probability key k receives from the rows allowed to see it.
        o.received.resize(size_t(Lk));
        std::vector<double> share(static_cast<size_t>(Lk));
        for (int64_t j = 0; j < Lk; ++j) {
            const double got = st.columnProbs[bh * Lk + j], seen = st.columnAllowed[batch * Lk + j];
            o.received[size_t(j)] = seen > 0 ? got / seen : nan;
            share[size_t(j)] = got / double(Lq);
        }
        o.metrics[size_t(HeadMetric::Sink)] = sinkScore(share).sink;
        // The row figures over the rows that have an allowed key (the others' entropy is NaN).
        double first = 0, entropy = 0, distance = 0, self = 0, previous = 0;
        int64_t rows = 0, selfRows = 0, previousRows = 0;
        for (int64_t i = 0; i < Lq; ++i) {
            const float e = st.rowEntropy[bh * Lq + i];
            if (std::isnan(e)) continue;
            ++rows;
            entropy += e;
            distance += st.rowDistance[bh * Lq + i];
            first += Lk > 0 ? p[i * Lk] : 0.0f;
            const int64_t own = i + offset;
            if (own >= 0 && own < Lk) self += p[i * Lk + own], ++selfRows;
            if (own - 1 >= 0 && own - 1 < Lk) previous += p[i * Lk + own - 1], ++previousRows;
        }
        auto mean = [nan](double sum, int64_t count) { return count ? sum / double(count) : nan; };
        o.metrics[size_t(HeadMetric::FirstMass)] = mean(first, rows);
        o.metrics[size_t(HeadMetric::Entropy)] = mean(entropy, rows);
        o.metrics[size_t(HeadMetric::MeanDistance)] = mean(distance, rows);
        o.metrics[size_t(HeadMetric::Diagonal)] = mean(self, selfRows);
        o.metrics[size_t(HeadMetric::Previous)] = mean(previous, previousRows);
    });
    return out;
}

Tensor traceHiddenNorms(const Trace& trace) {
    if (!trace.model.inputs) return {};
    const auto& layers = trace.model.inputs->run->layers;
    const int64_t n = int64_t(layers.size()), L = int64_t(trace.model.inputs->run->ids.size());
    Tensor out({n, L});
    for (int64_t l = 0; l < n; ++l)
        for (int64_t t = 0; t < L; ++t) out[l * L + t] = layers[size_t(l)].hiddenNorms[size_t(t)];
    return out;
}

Result<LayerAttention> captureAttention(const LayerCapture& cap) {
    LayerAttention a;
    a.q = cap.q;
    a.k = cap.k;
    a.shape = MaskShape{1, cap.q.dim(1), cap.k.dim(1), 0, 0};
    a.scale = float(cap.scale);
    a.softCap = float(cap.softCap);
    auto parsed = MaskExpr::parse(cap.mask);
    if (!parsed) return parsed.failure();
    a.mask = std::make_shared<const MaskExpr>(std::move(parsed).value());
    return a;
}

namespace {

/// α_k [layers, heads] of `count` layers given one by one.
Result<Tensor> alphaOfLayers(int64_t count,
                             const std::function<Result<LayerAttention>(int64_t)>& at, int64_t key,
                             int threads, const std::function<bool()>& cancel) {
    Tensor alpha;
    for (int64_t l = 0; l < count; ++l) {
        auto a = at(l);
        if (!a) return a.failure();
        const int64_t L = a->k.dim(1), H = a->q.dim(0);
        if (key < 0 || key >= L) return Text::tr("key %1 is outside the %2 keys", key, L);
        if (alpha.empty()) alpha = Tensor({count, H});
        const auto heads = atlasLayer(*a, l, 1, threads, cancel);
        if (heads.empty()) return Text::tr("cancelled");
        for (int64_t h = 0; h < H; ++h)
            alpha[l * H + h] = float(heads[size_t(h)].received[size_t(key)]);
    }
    return alpha;
}

}  // namespace

Result<Tensor> traceSinkAlpha(const Trace& trace, int64_t key, int64_t batch, int threads,
                              const std::function<bool()>& cancel) {
    return alphaOfLayers(
        traceLayerCount(trace), [&](int64_t i) { return traceLayer(trace, i, batch); }, key,
        threads, cancel);
}

Result<Tensor> sinkAlpha(const ModelRun& run, int64_t key, int threads,
                         const std::function<bool()>& cancel) {
    return alphaOfLayers(
        int64_t(run.layers.size()),
        [&](int64_t i) { return captureAttention(run.layers[size_t(i)]); }, key, threads, cancel);
}

Result<Tensor> sinkAlphaOfText(const Model& model, const std::string& text, int64_t key,
                               int threads, const std::function<bool()>& cancel) {
    if (!model.tokenizer())
        return Text::tr("the model has no tokenizer: %1", model.tokenizerFailure());
    const Encoding e = model.tokenizer()->encode(text);
    auto run = model.run(e.ids, RunOptions{threads, {}, {}}, cancel);
    if (!run) return run.failure();
    return sinkAlpha(*run, key, threads, cancel);
}

std::vector<bool> traceSpecialTokens(const Trace& trace) {
    std::vector<bool> out(trace.keyTokens.size(), false);
    if (!trace.model.inputs) return out;
    const auto& tokenizer = trace.model.inputs->model->tokenizer();
    const auto& ids = trace.model.inputs->run->ids;
    for (size_t i = 0; i < ids.size() && i < out.size(); ++i)
        out[i] = tokenizer && tokenizer->isSpecial(ids[i]);
    return out;
}

}  // namespace attnscope
