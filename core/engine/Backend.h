#pragma once
// Backend: the interface every compute path (CPU, OpenCL) implements. A backend turns Q/K/V and
// the engine's MaskPlan into the attention steps of a Trace; it never sees the GUI, and how a trace
// is made (inputs, projections, the mask plan) is the engine's.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/analysis/PooledAttention.h"
#include "core/common/Array.h"
#include "core/common/Result.h"
#include "core/engine/MaskPlan.h"

namespace attnscope {

/// Wall-clock milliseconds per step of one attention computation (SPEC §9 `--timings`).
struct StepTimings {
    double scores = 0, mask = 0, softmax = 0, context = 0;
    double total() const { return scores + mask + softmax + context; }
};

struct AttentionInputs {
    const Tensor* q = nullptr;       // [B, H, Lq, d]
    const Tensor* k = nullptr;       // [B, Hkv, Lk, d]
    const Tensor* v = nullptr;       // [B, Hkv, Lk, d]
    const MaskPlan* mask = nullptr;  // made by the engine: dense rows, 128-tiles, empty rows
    float scale = 1.0f;
    float softCap = 0.0f;  // > 0: scores = cap · tanh(scores / cap) before masking (SPEC §3)
};

struct AttentionSteps {
    Tensor scores;        // [B, H, Lq, Lk] scaled Q·Kᵀ before masking
    Tensor maskedScores;  // [B, H, Lq, Lk] −inf where the mask forbids
    Tensor probs;         // [B, H, Lq, Lk] row softmax; empty rows are 0
    Tensor context;       // [B, H, Lq, d]
    // Optional, from a backend that reduces the rows as it writes them (the CPU's; empty where
    // a backend does not): each row's entropy −Σ p·log p in nats and its mean distance
    // Σ p·|pos_q − pos_k| (positions with the mask's offsets), [B, H, Lq], NaN for a row with no
    // allowed key. The statistics read them instead of taking a logarithm of every cell again.
    Tensor rowEntropy, rowDistance;
    // Optional as well: the strong cells of every row, p ≥ kStrongFloor (at most 32 a row, since
    // a row sums to 1), as compressed rows: row (b, h, i) holds strongKeys / strongProbs
    // [strongStart[r], strongStart[r + 1]) with r = (b·H + h)·Lq + i, keys ascending. The token
    // lines at a threshold ≥ kStrongFloor read them instead of every cell.
    // Optional as well: each key's column sums over every query row, [B, H, Lk] — of the scores,
    // of the allowed (masked) scores and of the probabilities — and [B, Lk] the rows allowed to
    // see each key: the statistics' sink scores over all rows read them instead of every cell.
    Tensor columnScores, columnMasked, columnProbs, columnAllowed;
    static constexpr float kStrongFloor = 1.0f / 32.0f;
    std::vector<int64_t> strongStart;
    std::vector<int32_t> strongKeys;
    std::vector<float> strongProbs;
    // The mask plan's, filled by the engine (backends leave them empty).
    BoolArray mask;                                      // [B, Lq, Lk]
    BlockSummary blocks;                                 // 128-tiles of the mask
    std::vector<std::pair<int64_t, int64_t>> emptyRows;  // (b, q) with no allowed key
    StepTimings timings;
};

/// Polled between tiles of work; returning true abandons the computation.
using CancelCheck = std::function<bool()>;

class Backend {
public:
    virtual ~Backend() = default;
    virtual std::string name() const = 0;  // "cpu", "opencl"
    virtual Message device() const = 0;    // human-readable device description
    virtual int threads() const = 0;
    virtual Result<AttentionSteps> run(const AttentionInputs& in, const CancelCheck& cancel) = 0;
    /// How many times run() polls its CancelCheck for these inputs when it runs to the end: the
    /// engine counts the polls to show the progress of a computation.
    virtual int64_t cancelPolls(const AttentionInputs& in) const = 0;
    /// The pooled pass of SPEC §10 (no L² tensor), as pooledAttention() defines it; by default
    /// pooledAttention() itself on this backend's threads. A backend with a device runs it there.
    virtual Result<PooledAttention> pooledPass(const Tensor& q, const Tensor& k,
                                               const MaskExpr& mask, const MaskShape& shape,
                                               float scale, float softCap,
                                               const PooledRequest& request,
                                               const CancelCheck& cancel = {});
    /// Who runs pooledPass(), for the trace: "CPU", or the device.
    virtual Message pooledDevice() const;
    /// Whether pooledPass() runs on a device (which leaves the head metrics' row figures and the
    /// atlas map to the CPU: asked of it, they would bring the whole pass back to the CPU).
    virtual bool pooledOnDevice() const { return false; }
};

/// Checks Q/K/V ranks and shapes against each other (GQA, d); the message says what disagrees.
Status checkAttentionInputs(const AttentionInputs& in);

}  // namespace attnscope
