#pragma once
// TraceBuilder: runs a Scenario end to end — inputs (synthetic or from tensor files), Q/K/V
// projections, the backend's attention steps, the output projection — into an immutable Trace.

#include "core/engine/Backend.h"
#include "core/engine/Trace.h"

namespace attnscope {

struct TraceRequest {
    Scenario scenario;
    // Optional explicit tensors, overriding the scenario's source (command line --q/--k/--v).
    std::optional<Tensor> q, k, v;
};

/// Called with the fraction of the trace done (0…1), from the worker or backend threads.
using ProgressReport = std::function<void(double fraction)>;

/// What a trace is computed from, once the source has been read: the inputs (Q/K/V and, for
/// synthetic sources, X and the weights), the scenario with the shapes they fixed, the parsed and
/// validated mask and the scale. The materialised trace and the pooled path both start here.
struct PreparedTrace {
    Scenario scenario;
    TraceInputsPtr inputs;
    std::shared_ptr<const MaskExpr> mask;
    MaskShape maskShape;
    float scale = 1.0f;
    TraceModel model;
};

class TraceBuilder {
public:
    /// Reads or generates the inputs of `request` (a model runs here, once per text) without
    /// computing any L² step. Attention-map sources have no inputs and are refused.
    static Result<PreparedTrace> prepare(const TraceRequest& request, int threads,
                                         const CancelCheck& cancel = {},
                                         const TracePtr& previous = {},
                                         const ProgressReport& progress = {});
    /// Projects X [B, L, d_model] with W [d_model, n·d] (+ bias) into [B, n, L, d].
    static Tensor project(const Tensor& x, const Tensor& w, const Tensor& bias, int64_t heads,
                          int64_t d, int threads = 1);
    /// concat_h(context) · W_o → [B, Lq, d_model].
    static Tensor outputProjection(const Tensor& context, const Tensor& wo, int threads = 1);

    /// `previous`: the last trace; when the new scenario generates the same inputs (only the mask,
    /// scale or display changed) its X, W and Q/K/V are reused instead of regenerated.
    /// `progress` gets rough fractions: inputs and projections, then the backend's tiles (counted
    /// through its cancel polls, one per row block and head).
    static Result<TracePtr> build(const TraceRequest& request, Backend& backend,
                                  const CancelCheck& cancel = {}, TracePtr previous = {},
                                  const ProgressReport& progress = {});
    /// The pooled path (SPEC §10): the inputs as build() makes them, then one pooled pass with no
    /// L² tensor — the whole matrix pooled to at most `fineBins` per side (max; 0: 1024, or 2048
    /// from 16k tokens on), per-key and per-row results, the rows' shifts for exact zoom.
    /// `snapshot` gets partial traces while the rows fill (`slices` of them), the last one complete
    /// is returned. `tokensPerFrame` > 0: frame maps of that size too (mean and max).
    static Result<TracePtr> buildPooled(const TraceRequest& request, int threads,
                                        const CancelCheck& cancel = {}, TracePtr previous = {},
                                        const ProgressReport& progress = {},
                                        const std::function<void(TracePtr)>& snapshot = {},
                                        int64_t fineBins = 0, int slices = 8, bool logits = true,
                                        int64_t tokensPerFrame = 0);
    /// build() and buildPooled() once the inputs are prepared (the engine prepares first: a
    /// model's length, and so the path, is known only once its text is tokenised). pool() runs
    /// the pass on `backend` when given (its device: Backend::pooledPass), else on the CPU.
    static Result<TracePtr> materialise(PreparedTrace prepared, Backend& backend,
                                        const CancelCheck& cancel = {},
                                        const ProgressReport& progress = {});
    static Result<TracePtr> pool(PreparedTrace prepared, int threads,
                                 const CancelCheck& cancel = {},
                                 const ProgressReport& progress = {},
                                 const std::function<void(TracePtr)>& snapshot = {},
                                 int64_t fineBins = 0, int slices = 8, bool logits = true,
                                 int64_t tokensPerFrame = 0, Backend* backend = nullptr);
    /// The same computation under `scenario`, which differs from the trace's only in what is
    /// shown (display fields, names, token labels): shares the inputs and every step, copies
    /// no tensor.
    static TracePtr relabel(const Trace& trace, const Scenario& scenario);
    /// True when two synthetic scenarios generate identical X, W, Q, K and V.
    static bool sameInputs(const Scenario& a, const Scenario& b);

private:
    /// The trace of an attention-map source: the maps of its layer, nothing computed.
    static Result<TracePtr> fromMaps(const Scenario& scenario);
    /// Sets the trace's scenario and its query / key labels from it.
    static void label(Trace& trace, Scenario scenario);
};

}  // namespace attnscope
