#pragma once
// TraceLayers: the layers behind a trace, for the views of a whole model (atlas, sink lens, token
// and neuron views). A model source's trace reaches every captured layer of its run, each under
// the model's own mask and scale unless the user set them; any other trace is its one layer.

#include <vector>

#include "core/analysis/HeadAtlas.h"
#include "core/common/Result.h"
#include "core/engine/Trace.h"
#include "core/model/Model.h"

namespace attnscope {

/// How many layers the trace reaches (a model's layer count, else 1).
int64_t traceLayerCount(const Trace& trace);
/// The layer number of the i-th layer the trace reaches (a model: i; else the scenario's layer).
int64_t traceLayerNumber(const Trace& trace, int64_t i);
/// The attention of the i-th layer for batch element `batch`.
Result<LayerAttention> traceLayer(const Trace& trace, int64_t i, int64_t batch = 0);
/// ‖v_j W_O^h‖ [Lk] of head h in the i-th layer: captured by the model, or from the trace's V
/// and W_O (‖v_j‖ when the trace has no W_O: `withOutput` says which); empty without V.
Tensor traceValueNorms(const Trace& trace, int64_t i, int64_t batch, int64_t head,
                       bool* withOutput = nullptr);
/// The atlas heads of a one-layer trace's materialised steps, batch element `batch`, maps
/// mean-pooled to at most `cells` a side: the metrics from the row figures and column sums the
/// CPU backend keeps (AttentionSteps::rowEntropy …), the same as atlasLayer()'s own pass computes
/// again from Q and K. Empty when the steps lack them (other backends, pooled traces, models).
std::vector<AtlasHead> traceAtlasFromSteps(const Trace& trace, int64_t batch, int64_t cells,
                                           int threads = 1);
/// Hidden-state norm per token before each layer, [layers, L]; empty without a model.
Tensor traceHiddenNorms(const Trace& trace);
/// Whether each key token is a special token of the model's tokenizer ([CLS], BOS, …).
std::vector<bool> traceSpecialTokens(const Trace& trace);

/// One captured layer's attention under the model's own mask, scale and soft-cap.
Result<LayerAttention> captureAttention(const LayerCapture& capture);
/// α_k per layer and head of a run ([layers, heads]): the mean attention key `key` receives from
/// the queries that can see it (the sink metric of "When Attention Sink Emerges").
Result<Tensor> sinkAlpha(const ModelRun& run, int64_t key, int threads,
                         const std::function<bool()>& cancel = {});
/// α_k per layer and head of the layers a trace reaches, under the trace's mask rule and scale.
Result<Tensor> traceSinkAlpha(const Trace& trace, int64_t key, int64_t batch, int threads,
                              const std::function<bool()>& cancel = {});
/// The same for `text` run through `model` (tokenised with its tokenizer).
Result<Tensor> sinkAlphaOfText(const Model& model, const std::string& text, int64_t key,
                               int threads, const std::function<bool()>& cancel = {});

}  // namespace attnscope
