#pragma once
// Trace: the immutable result of one computation — every step's tensor plus the metadata the
// views need (tokens, segments, frames, empty rows). Shared with views as shared_ptr<const Trace>.

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/common/Array.h"
#include "core/engine/Backend.h"
#include "core/engine/Scenario.h"
#include "core/masks/MaskExpr.h"

namespace attnscope {

/// The steps of the attention computation, in pipeline order (SPEC §6 flowchart).
enum class Step {
    Input,        // X
    Projections,  // W_q, W_k, W_v
    Queries,      // Q
    Keys,         // K
    Values,       // V
    Scores,       // scaled Q·Kᵀ
    Mask,
    MaskedScores,
    Probabilities,
    Context,
    Output,
};
constexpr int kStepCount = 11;
std::string stepName(Step step);
std::string stepFormula(Step step);

/// The output projection of a trace, computed on first use: at L = 1024 it is 1.2 GFLOP that
/// only the Output step shows, so a live edit does not pay for it unless that step is on screen.
/// A copied trace computes its own (its context may have been replaced).
class LazyOutput {
public:
    LazyOutput() = default;
    LazyOutput(const LazyOutput&) {}
    LazyOutput& operator=(const LazyOutput&) {
        std::lock_guard lock(m_mutex);
        m_done = false;
        m_value = Tensor();
        return *this;
    }
    template <class Compute>
    const Tensor& get(Compute&& compute) const {
        std::lock_guard lock(m_mutex);
        if (!m_done) {
            m_value = compute();
            m_done = true;
        }
        return m_value;
    }

private:
    mutable std::mutex m_mutex;
    mutable bool m_done = false;
    mutable Tensor m_value;
};

/// What a trace is computed from: X, the projection weights and Q/K/V. Immutable once made and
/// shared — never copied — by every trace whose scenario generates the same inputs (an edit of the
/// mask or of the display reuses them).
struct TraceInputs {
    Tensor x;    // [B, Lq, d_model] query-side input (synthetic / projection sources)
    Tensor xKv;  // [B, Lk, d_model] key/value-side input for cross-attention (else empty)
    Tensor wq, wk, wv, wo;  // [d_model, H·d], [d_model, Hkv·d] ×2, [H·d, d_model]
    Tensor bq, bk, bv;      // biases when the scenario has them
    Tensor q;               // [B, H, Lq, d]
    Tensor k, v;            // [B, Hkv, Lk, d]

    /// A figure of these inputs alone for batch element `batch`, computed on first use and kept
    /// with them (e.g. the sink lens's ‖v_j W_O‖: a mask edit, which keeps the inputs, does not
    /// compute it again). `name` tells the figures apart.
    template <class Compute>
    Tensor derived(const std::string& name, int64_t batch, Compute&& compute) const {
        const std::pair<std::string, int64_t> key{name, batch};
        {
            std::lock_guard lock(m_derivedMutex);
            if (auto it = m_derived.find(key); it != m_derived.end()) return it->second;
        }
        Tensor value = compute();
        std::lock_guard lock(m_derivedMutex);
        return m_derived.try_emplace(key, std::move(value)).first->second;
    }

private:
    mutable std::mutex m_derivedMutex;
    mutable std::map<std::pair<std::string, int64_t>, Tensor> m_derived;
};
using TraceInputsPtr = std::shared_ptr<const TraceInputs>;

struct ModelInputs;
/// A model source's whole run (every layer's capture and the tokens) behind a trace of one of its
/// layers: the views of a whole model (atlas, sink lens) read the other layers from it.
struct TraceModel {
    std::shared_ptr<const ModelInputs> inputs;
    bool ownMask = true;   // each layer under the model's own mask (else the scenario's)
    bool ownScale = true;  // each layer's own scale (else the scenario's)
};

struct PooledAttention;
/// A trace on the pooled path (SPEC §10): no L² step is held. What the views read instead — the
/// whole matrix pooled to a fine grid (the cache zooms re-pool from), per-key received attention,
/// per-row entropy and shifts — and what exact zoom needs to compute any region's cells from Q
/// and K alone (the mask, the soft-cap and the shifts).
struct PooledTrace {
    std::shared_ptr<const PooledAttention> attention;  // viewport: the whole matrix, max-pooled
    std::shared_ptr<const MaskExpr> mask;
    float softCap = 0;
    double fraction = 1.0;         // of the query rows done: < 1 while the maps fill
    int64_t tokensPerFrame = 0;    // the frames of attention->frameProbs / frameMax asked for (0:
                                   // none asked; frameProbs then has the default frames of 64)
    double materialisedBytes = 0;  // what the materialised trace would need
    Message reason;                // why the pooled path was taken, for the status bar
};

struct Trace {
    explicit Trace(TraceInputsPtr in = std::make_shared<TraceInputs>(),
                   std::shared_ptr<const AttentionSteps> st = std::make_shared<AttentionSteps>())
        : inputs(std::move(in)),
          x(inputs->x),
          xKv(inputs->xKv),
          wq(inputs->wq),
          wk(inputs->wk),
          wv(inputs->wv),
          wo(inputs->wo),
          bq(inputs->bq),
          bk(inputs->bk),
          bv(inputs->bv),
          q(inputs->q),
          k(inputs->k),
          v(inputs->v),
          sharedSteps(std::move(st)),
          steps(*sharedSteps) {}
    /// A copy shares the inputs and the steps (a relabelled trace costs no tensor copies).
    Trace(const Trace&) = default;
    Trace& operator=(const Trace&) = delete;

    Scenario scenario;
    MaskShape maskShape;
    float scale = 1.0f;

    TraceInputsPtr inputs;
    // The inputs by name (views read trace->q); they live in `inputs`.
    const Tensor &x, &xKv, &wq, &wk, &wv, &wo, &bq, &bk, &bv, &q, &k, &v;
    std::shared_ptr<const AttentionSteps> sharedSteps;
    const AttentionSteps& steps;  // scores, masked scores, probs, context, mask, blocks, empty rows
    Tensor queryVectors;  // [B, H, Lk] per-query-block vectors imported from a file: the sink
                          // view shows them instead of averaging query rows (else empty)

    std::vector<std::string> queryTokens, keyTokens;
    TraceModel model;  // a model source's run; empty otherwise
    // Set on the pooled path: then `steps` is empty and the views that can read pooled results
    // show them (the others say what they would need).
    std::shared_ptr<const PooledTrace> pooled;
    std::optional<SegmentInfo> segments;
    std::string backend;
    Message device;
    int threads = 1;

    bool isPooled() const { return pooled != nullptr; }
    int64_t batch() const { return q.dim(0); }
    int64_t heads() const { return q.dim(1); }
    int64_t kvHeads() const { return k.dim(1); }
    int64_t qLen() const { return q.dim(2); }
    int64_t kvLen() const { return k.dim(2); }
    int64_t dHead() const { return q.dim(3); }

    /// Whether the trace has an output projection (synthetic inputs with W_o, and the scenario
    /// asks for it); its shape is [B, Lq, d_model].
    bool hasOutput() const;
    Shape outputShape() const;
    /// O = concat_h(C_h)·W_o, [B, Lq, d_model], computed on the first call (from any thread);
    /// empty without an output projection.
    const Tensor& output() const;

    /// The tensor a step shows (the mask as 0/1 floats is built by the caller from steps.mask).
    const Tensor* tensor(Step step) const;

private:
    LazyOutput m_output;
};

using TracePtr = std::shared_ptr<const Trace>;

}  // namespace attnscope
