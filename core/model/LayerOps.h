#pragma once
// The operations a transformer layer is made of, on float32 tensors of tokens × features, as
// transformers computes them (same formulas, same order of scale, soft-cap and mask): linear
// layers on OpenBLAS sgemm, LayerNorm and RMSNorm, activations, the rotary embedding, and the
// attention the forward pass needs to go on to the next layer (row blocks, no L² buffer).

#include <cstdint>
#include <vector>

#include "core/common/Array.h"
#include "core/model/ModelConfig.h"

namespace attnscope {

/// y = x · Wᵀ + b, W stored as [out, in] (torch.nn.Linear).
struct Linear {
    Tensor w;
    Tensor b;  // empty: no bias
    int64_t out() const { return w.dim(0); }
    int64_t in() const { return w.dim(1); }
};

struct Norm {
    NormKind kind = NormKind::LayerNorm;
    Tensor w;
    Tensor b;  // LayerNorm only
    float eps = 1e-5f;
};

/// How one layer attends: what the forward pass needs (the engine gets the same as a mask
/// expression, a scale and a cap).
struct AttentionRule {
    bool causal = true;
    int64_t window = 0;  // keys per query (itself included), 0: unlimited
    float scale = 1.0f;
    float softCap = 0.0f;  // c · tanh(s / c) before masking, 0: none
};

namespace layer {

/// x [L, in] → [L, out], rows split over `threads`.
Tensor linear(const Tensor& x, const Linear& l, int threads);
/// Normalises each row of x [L, n].
Tensor normalized(const Tensor& x, const Norm& n, int threads);
/// In place, element-wise.
void activate(Tensor& x, Activation a, int threads);
/// x += y, element-wise.
void add(Tensor& x, const Tensor& y);
/// [L, n·d] (token-major, as a linear layer writes it) → [n, L, d] (head-major).
Tensor splitHeads(const Tensor& x, int64_t n, int64_t d);
/// cos and sin of every position × frequency, made once per run.
struct RopeTable {
    std::vector<float> cos, sin;  // [L, d/2]
    int64_t half = 0;
};
RopeTable ropeTable(const std::vector<float>& inverseFrequencies, int64_t L);
/// Rotates x [n, L, d] in place at positions 0…L−1 (HF's rotate-half layout).
void applyRope(Tensor& x, const RopeTable& table);
/// Softmax attention of q [H, L, d] over k, v [Hkv, L, d] → context [L, H·d], 64 query rows
/// at a time.
Tensor attend(const Tensor& q, const Tensor& k, const Tensor& v, const AttentionRule& rule,
              int threads);
/// xᵀ of a matrix [r, c] → [c, r].
Tensor transposed(const Tensor& x);
/// The L2 norm of each row of x [L, n].
std::vector<float> rowNorms(const Tensor& x);

}  // namespace layer

}  // namespace attnscope
