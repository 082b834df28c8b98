#include "core/engine/TraceBuilder.h"

#include "core/analysis/HeadAtlas.h"
#include "core/analysis/PooledAttention.h"

#include <atomic>

#include <Eigen/Core>

#include "core/common/Gemm.h"
#include "core/common/ParallelFor.h"
#include "core/common/Text.h"
#include "core/engine/ImportedAttention.h"
#include "core/engine/SyntheticGenerator.h"
#include "core/io/TensorArgument.h"
#include "core/model/ModelCache.h"

namespace attnscope {

namespace {
using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// Accepts [H, L, d] or [B, H, L, d]; returns [B, H, L, d].
Result<Tensor> asBatched(Tensor t, const std::string& what) {
    if (t.rank() == 3) {
        Tensor r({1, t.dim(0), t.dim(1), t.dim(2)});
        std::copy(t.begin(), t.end(), r.begin());
        return r;
    }
    if (t.rank() != 4)
        return Text::tr("%1 must be [H, L, d] or [B, H, L, d]; got %2", what,
                        shapeToString(t.shape()));
    return t;
}

std::vector<std::string> positionLabels(int64_t n, int64_t offset) {
    std::vector<std::string> v(n);
    for (int64_t i = 0; i < n; ++i) v[i] = std::to_string(i + offset);
    return v;
}
}  // namespace

Tensor TraceBuilder::project(const Tensor& x, const Tensor& w, const Tensor& bias, int64_t heads,
                             int64_t d, int threads) {
    const int64_t B = x.dim(0), L = x.dim(1), dm = x.dim(2);
    Tensor out({B, heads, L, d});
    gemm::useSingleThreadedBlas();  // the parallelism is ours, one task per (batch, head)
    // X[b] · W[:, h·d : (h+1)·d] with OpenBLAS sgemm (≈ 25 % faster than Eigen's product here:
    // a seed edit at L = 1024 runs three of them, 3.6 GFLOP).
    parallelFor(threads, B * heads, [&](int, int64_t t) {
        const int64_t b = t / heads, h = t % heads;
        float* o = out.data() + (b * heads + h) * L * d;
        gemm::gemmNN(gemm::GemmImpl::OpenBlas, L, d, dm, x.data() + b * L * dm, dm,
                     w.data() + h * d, heads * d, o, d);
        if (!bias.empty())
            Eigen::Map<RowMat>(o, L, d).rowwise() +=
                Eigen::Map<const Eigen::RowVectorXf>(bias.data() + h * d, d);
    });
    return out;
}

Tensor TraceBuilder::outputProjection(const Tensor& context, const Tensor& wo, int threads) {
    const int64_t B = context.dim(0), H = context.dim(1), L = context.dim(2), d = context.dim(3);
    const int64_t dm = wo.dim(1);
    Tensor out({B, L, dm});
    // out[b] = Σ_h C[b,h] · W_o[h·d : (h+1)·d, :], one task per (batch, block of 128 rows).
    const int64_t blocks = (L + 127) / 128;
    parallelFor(threads, B * blocks, [&](int, int64_t t) {
        const int64_t b = t / blocks, r0 = (t % blocks) * 128,
                      rows = std::min<int64_t>(128, L - r0);
        Eigen::Map<RowMat> O(out.data() + (b * L + r0) * dm, rows, dm);
        O.setZero();
        for (int64_t h = 0; h < H; ++h)
            O.noalias() +=
                Eigen::Map<const RowMat>(context.data() + ((b * H + h) * L + r0) * d, rows, d) *
                Eigen::Map<const RowMat>(wo.data() + h * d * dm, d, dm);
    });
    return out;
}

bool TraceBuilder::sameInputs(const Scenario& a, const Scenario& b) {
    return a.source == SourceKind::Synthetic && b.source == SourceKind::Synthetic &&
           a.seed == b.seed && a.pattern == b.pattern && a.sinkHeads == b.sinkHeads &&
           a.sinkSpan == b.sinkSpan && a.batch == b.batch && a.heads == b.heads &&
           a.kvHeads == b.kvHeads && a.qLen == b.qLen && a.kvLen == b.kvLen &&
           a.dModel == b.dModel && a.dHead == b.dHead && a.crossAttention == b.crossAttention &&
           a.bias == b.bias && a.qOffset == b.qOffset && a.kvOffset == b.kvOffset &&
           a.scale == b.scale;  // the generator plants its patterns against the scale
}

void TraceBuilder::label(Trace& trace, Scenario scenario) {
    const Scenario& sc = scenario;
    trace.queryTokens = sc.queryTokens.size() == size_t(sc.qLen)
                            ? sc.queryTokens
                            : positionLabels(sc.qLen, sc.qOffset);
    const auto& keyTok = sc.keyTokens.empty() && !sc.crossAttention ? sc.queryTokens : sc.keyTokens;
    trace.keyTokens =
        keyTok.size() == size_t(sc.kvLen) ? keyTok : positionLabels(sc.kvLen, sc.kvOffset);
    trace.scenario = std::move(scenario);
}

TracePtr TraceBuilder::relabel(const Trace& trace, const Scenario& scenario) {
    auto t = std::make_shared<Trace>(trace);  // shares inputs and steps
    Scenario s = scenario;
    // What the computation fixed stays as it was computed (tensor sources set the shapes).
    s.batch = trace.scenario.batch, s.heads = trace.scenario.heads;
    s.kvHeads = trace.scenario.kvHeads, s.qLen = trace.scenario.qLen;
    s.kvLen = trace.scenario.kvLen, s.dHead = trace.scenario.dHead;
    s.crossAttention = trace.scenario.crossAttention;
    s.outputProjection = trace.scenario.outputProjection;
    if (s.source == SourceKind::Model) {  // what the model decided: its mask, scale and tokens
        if (s.mask.empty()) s.mask = trace.scenario.mask;
        if (!s.scale) s.scale = trace.scenario.scale;
        s.softCap = trace.scenario.softCap;
        s.mapsLayers = trace.scenario.mapsLayers;
        s.queryTokens = trace.scenario.queryTokens;
        s.keyTokens.clear();
    }
    label(*t, std::move(s));
    return t;
}

Result<TracePtr> TraceBuilder::fromMaps(const Scenario& scenario) {
    if (Status st = scenario.validate(); !st) return st.failure();
    Tensor maps, vectors;
    if (!scenario.mapsPath.empty()) {
        auto m = loadTensorArgument(scenario.mapsPath);
        if (!m) return m.failure();
        maps = std::move(m).value();
    }
    if (!scenario.vectorsPath.empty()) {
        auto v = loadTensorArgument(scenario.vectorsPath);
        if (!v) return v.failure();
        vectors = std::move(v).value();
    }
    auto imported = ImportedAttention::create(
        std::move(maps), scenario.mapsAreProbabilities ? MapKind::Probabilities : MapKind::Logits,
        std::move(vectors), scenario.name, scenario.mapsFrames, scenario.mapsBatch);
    if (!imported) return imported.failure();
    imported->setTokens(scenario.keyTokens);
    auto trace = imported->trace(scenario.layer);
    if (!trace) return trace.failure();
    // The document's scenario, with what the file decides: its shapes, and no mask applied.
    Scenario s = scenario;
    s.mask = "full";
    s.qOffset = s.kvOffset = 0;
    s.mapsLayers = imported->layers();
    return relabel(**trace, s);
}

Result<PreparedTrace> TraceBuilder::prepare(const TraceRequest& request, int threads,
                                            const CancelCheck& cancel, const TracePtr& previous,
                                            const ProgressReport& progress) {
    auto report = [&progress](double f) {
        if (progress) progress(f);
    };
    Scenario s = request.scenario;
    if (s.source == SourceKind::AttentionMaps && !(request.q && request.k && request.v))
        return Text::tr("attention maps have no Q and K to compute from");
    TraceInputsPtr shared;  // the inputs, shared with the previous trace when they are the same
    TraceModel traceModel;

    const bool explicitTensors = request.q && request.k && request.v;
    if (s.source == SourceKind::Model && !explicitTensors) {
        if (Status st = s.validate(); !st) return st.failure();
        // The model runs once per text; a layer, mask or display change reads its capture.
        // The forward pass fills the first quarter of the bar (the attention the rest).
        auto model = ModelCache::shared().get(s.modelPath, s.modelText, s.modelIds, threads, cancel,
                                              [&](double f) { report(0.25 * f); });
        if (!model) return model.failure();
        const ModelConfig& config = model->model->config();
        if (s.layer >= config.layers)
            return Text::tr("layer %1 does not exist (the model has %2 layers: 0 to %3)", s.layer,
                            config.layers, config.layers - 1);
        const LayerCapture& cap = model->run->layers[size_t(s.layer)];
        traceModel = {std::make_shared<ModelInputs>(*model), s.mask.empty(), !s.scale};
        auto in = std::make_shared<TraceInputs>();
        in->q = *asBatched(cap.q, "Q");
        in->k = *asBatched(cap.k, "K");
        in->v = *asBatched(cap.v, "V");
        s.batch = 1;
        s.heads = config.heads;
        s.kvHeads = config.kvHeads;
        s.qLen = s.kvLen = int64_t(model->run->ids.size());
        s.dHead = config.dHead;
        s.dModel = config.hidden;
        s.crossAttention = false;
        s.outputProjection = false;
        if (s.mask.empty()) s.mask = cap.mask;
        if (!s.scale) s.scale = cap.scale;
        s.softCap = cap.softCap;
        s.mapsLayers = config.layers;
        s.queryTokens = model->encoding.labels;
        s.keyTokens.clear();
        shared = std::move(in);
        report(0.25);
    } else if (explicitTensors || s.source == SourceKind::Tensors) {
        Tensor q, k, v;
        if (explicitTensors) {
            q = *request.q;
            k = *request.k;
            v = *request.v;
        } else {
            auto lq = loadTensorArgument(s.qPath), lk = loadTensorArgument(s.kPath),
                 lv = loadTensorArgument(s.vPath);
            if (!lq) return lq.failure();
            if (!lk) return lk.failure();
            if (!lv) return lv.failure();
            q = std::move(lq).value();
            k = std::move(lk).value();
            v = std::move(lv).value();
        }
        auto bq = asBatched(std::move(q), "Q"), bk = asBatched(std::move(k), "K"),
             bv = asBatched(std::move(v), "V");
        if (!bq) return bq.failure();
        if (!bk) return bk.failure();
        if (!bv) return bv.failure();
        auto in = std::make_shared<TraceInputs>();
        in->q = std::move(bq).value();
        in->k = std::move(bk).value();
        in->v = std::move(bv).value();
        // The shapes now come from the tensors.
        s.batch = in->q.dim(0);
        s.heads = in->q.dim(1);
        s.qLen = in->q.dim(2);
        s.dHead = in->q.dim(3);
        s.kvHeads = in->k.dim(1);
        s.kvLen = in->k.dim(2);
        s.crossAttention = s.qLen != s.kvLen;
        s.outputProjection = false;
        shared = std::move(in);
    } else if (previous && sameInputs(previous->scenario, s)) {
        // Only the mask, the scale's use or the display changed: the previous trace's inputs,
        // shared, not copied.
        shared = previous->inputs;
    } else {
        if (Status st = s.validate(); !st) return st.failure();
        SyntheticInputs gen = SyntheticGenerator::generate(s);
        auto in = std::make_shared<TraceInputs>();
        in->q = project(gen.x, gen.wq, gen.bq, s.heads, s.dHead, threads);
        const Tensor& xkv = s.crossAttention ? gen.xKv : gen.x;
        in->k = project(xkv, gen.wk, gen.bk, s.kvHeads, s.dHead, threads);
        in->v = project(xkv, gen.wv, gen.bv, s.kvHeads, s.dHead, threads);
        in->x = std::move(gen.x);
        in->xKv = std::move(gen.xKv);
        in->wq = std::move(gen.wq);
        in->wk = std::move(gen.wk);
        in->wv = std::move(gen.wv);
        in->wo = std::move(gen.wo);
        in->bq = std::move(gen.bq);
        in->bk = std::move(gen.bk);
        in->bv = std::move(gen.bv);
        shared = std::move(in);
    }
    auto mask = MaskExpr::parse(s.mask);
    if (!mask) return Text::tr("mask: %1", mask.failure());
    PreparedTrace p;
    p.maskShape = MaskShape{s.batch, s.qLen, s.kvLen, s.qOffset, s.kvOffset};
    if (Status st = mask->validate(p.maskShape); !st) return Text::tr("mask: %1", st.failure());
    p.mask = std::make_shared<const MaskExpr>(std::move(mask).value());
    p.scale = float(s.effectiveScale());
    p.inputs = std::move(shared);
    p.model = std::move(traceModel);
    p.scenario = std::move(s);
    return p;
}

Result<TracePtr> TraceBuilder::build(const TraceRequest& request, Backend& backend,
                                     const CancelCheck& cancel, TracePtr previous,
                                     const ProgressReport& progress) {
    auto report = [&progress](double f) {
        if (progress) progress(f);
    };
    report(0.0);
    if (request.scenario.source == SourceKind::AttentionMaps &&
        !(request.q && request.k && request.v)) {
        auto t = fromMaps(request.scenario);
        report(1.0);
        return t;
    }
    auto prepared = prepare(request, backend.threads(), cancel, previous, progress);
    if (!prepared) return prepared.failure();
    return materialise(std::move(prepared).value(), backend, cancel, progress);
}

Result<TracePtr> TraceBuilder::materialise(PreparedTrace pt, Backend& backend,
                                           const CancelCheck& cancel,
                                           const ProgressReport& progress) {
    auto report = [&progress](double f) {
        if (progress) progress(f);
    };
    if (Status st = pt.scenario.fitsMaterialised(); !st) return st.failure();
    const MaskExpr* mask = pt.mask.get();
    const MaskShape maskShape = pt.maskShape;
    const float scale = pt.scale;
    const Scenario& sc = pt.scenario;
    TraceInputsPtr shared = pt.inputs;

    // The mask plan: made once here and handed to the backend (no backend evaluates masks).
    auto plan = MaskPlan::build(*mask, maskShape, backend.threads(), cancel);
    if (!plan) return plan.failure();
    AttentionInputs in;
    in.q = &shared->q;
    in.k = &shared->k;
    in.v = &shared->v;
    in.mask = &plan.value();
    in.scale = scale;
    in.softCap = float(sc.softCap);
    report(0.25);
    // Counting the backend's cancel polls gives the fraction done between 25 % and 95 %.
    const double polls = double(std::max<int64_t>(1, backend.cancelPolls(in)));
    std::atomic<int64_t> polled{0};
    CancelCheck counting = [&]() {
        report(0.25 + 0.7 * std::min(1.0, double(++polled) / polls));
        return cancel && cancel();
    };
    auto ran = backend.run(in, progress ? counting : cancel);
    if (!ran) return ran.failure();
    auto steps = std::make_shared<AttentionSteps>(std::move(ran).value());
    steps->timings.mask += plan->buildMs;
    steps->mask = std::move(plan->rows);
    steps->blocks = std::move(plan->blocks);
    steps->emptyRows = std::move(plan->emptyRows);

    auto trace = std::make_shared<Trace>(std::move(shared), std::move(steps));
    trace->maskShape = maskShape;
    trace->scale = scale;
    trace->segments = mask->segments();
    trace->backend = backend.name();
    trace->device = backend.device();
    trace->threads = backend.threads();
    trace->model = std::move(pt.model);
    label(*trace, std::move(pt.scenario));
    report(1.0);
    return TracePtr(std::move(trace));
}

Result<TracePtr> TraceBuilder::buildPooled(const TraceRequest& request, int threads,
                                           const CancelCheck& cancel, TracePtr previous,
                                           const ProgressReport& progress,
                                           const std::function<void(TracePtr)>& snapshot,
                                           int64_t fineBins, int slices, bool logits,
                                           int64_t tokensPerFrame) {
    auto report = [&progress](double f) {
        if (progress) progress(f);
    };
    report(0.0);
    if (request.scenario.source == SourceKind::AttentionMaps)
        return Text::tr("attention maps are a trace already: there is nothing to pool");
    auto prepared = prepare(request, threads, cancel, std::move(previous), progress);
    if (!prepared) return prepared.failure();
    return pool(std::move(prepared).value(), threads, cancel, progress, snapshot, fineBins, slices,
                logits, tokensPerFrame);
}

Result<TracePtr> TraceBuilder::pool(PreparedTrace pt, int threads, const CancelCheck& cancel,
                                    const ProgressReport& progress,
                                    const std::function<void(TracePtr)>& snapshot,
                                    int64_t fineBins, int slices, bool logits,
                                    int64_t tokensPerFrame, Backend* backend) {
    auto report = [&progress](double f) {
        if (progress) progress(f);
    };
    const Scenario& sc = pt.scenario;
    const TraceInputs& in = *pt.inputs;
    const int64_t B = in.q.dim(0), H = in.q.dim(1), Lq = in.q.dim(2), Lk = in.k.dim(2);
    // The fine grid: at most fineBins per side (0: 2048 from 16k tokens on, else 1024 — filling
    // a finer cache costs more than the pass at 4k), fewer when the heads would not fit 64 M
    // cells.
    if (fineBins <= 0) fineBins = std::max(Lq, Lk) >= 16384 ? 2048 : 1024;
    int64_t bins = std::max<int64_t>(64, fineBins);
    while (bins > 256 && double(B * H) * double(bins) * double(bins) > 64e6) bins /= 2;
    PooledRequest pr;
    pr.viewport = true;
    pr.region = {0, Lq, 0, Lk};
    pr.height = std::min(Lq, bins);
    pr.width = std::min(Lk, bins);
    pr.mode = PoolMode::Max;
    pr.logits = logits;  // the masked logits too, for a display that shows logits
    // A one-layer trace's atlas from this pass (the head metrics' row figures and the small mean
    // maps add a few per cent on the CPU), where the atlas would otherwise run a second pass.
    if (!pt.model.inputs && !(backend && backend->pooledOnDevice())) {
        pr.rowStats = true;
        pr.mapCells = kAtlasCells;
    }
    pr.slices = std::max(1, slices);
    if (tokensPerFrame > 0) {  // the display's frames: their means and maxima
        pr.frames = tokensPerFrame;
        pr.frameMax = true;
    }
    const double need = materialisedBytes(B, H, Lq, Lk);
    auto makeTrace = [&](PooledAttention&& result, double fraction) {
        auto pooled = std::make_shared<PooledTrace>();
        pooled->attention = std::make_shared<const PooledAttention>(std::move(result));
        pooled->mask = pt.mask;
        pooled->softCap = float(sc.softCap);
        pooled->fraction = fraction;
        pooled->tokensPerFrame = tokensPerFrame > 0 ? tokensPerFrame : 0;
        pooled->materialisedBytes = need;
        auto trace = std::make_shared<Trace>(pt.inputs);
        trace->maskShape = pt.maskShape;
        trace->scale = pt.scale;
        trace->segments = pt.mask->segments();
        trace->backend = "pooled (" + (backend ? backend->name() : std::string("cpu")) + ")";
        trace->device = backend ? backend->pooledDevice() : Text::literal("CPU");
        trace->threads = threads;
        trace->model = pt.model;
        trace->pooled = std::move(pooled);
        label(*trace, sc);
        return TracePtr(std::move(trace));
    };
    if (snapshot)
        pr.snapshot = [&](PooledAttention&& partial, double fraction) {
            snapshot(makeTrace(std::move(partial), fraction));
        };
    pr.progress = [&](double f) { report(0.25 + 0.75 * f); };
    report(0.25);
    auto result = backend ? backend->pooledPass(in.q, in.k, *pt.mask, pt.maskShape, pt.scale,
                                                float(sc.softCap), pr, cancel)
                          : pooledAttention(in.q, in.k, *pt.mask, pt.maskShape, pt.scale,
                                            float(sc.softCap), pr, threads, cancel);
    if (!result) return result.failure();
    TracePtr trace = makeTrace(std::move(result).value(), 1.0);
    report(1.0);
    return trace;
}

}  // namespace attnscope
