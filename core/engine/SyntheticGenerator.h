#pragma once
// SyntheticGenerator: seeded inputs X and weights W_q/W_k/W_v/W_o whose products plant a chosen
// attention pattern (random, local, global, translation alignment, first-position sinks).
// Deterministic for a seed on every platform (own RNG, no std:: distributions).

#include <cstdint>

#include "core/common/Array.h"
#include "core/engine/Scenario.h"

namespace attnscope {

/// SplitMix64 with Box–Muller normals.
class Rng {
public:
    static constexpr uint64_t kGamma = 0x9E3779B97F4A7C15ull;
    explicit Rng(uint64_t seed) : m_state(seed ^ kGamma) {}
    uint64_t next();
    double uniform();  // [0, 1)
    double normal();
    /// n standard normals × stddev, vectorised Box–Muller (the synthetic weights of a 768-wide
    /// model are millions of draws; scalar log/sin/cos per draw took tens of milliseconds).
    void fillNormal(float* out, int64_t n, float stddev);
    /// How many draws (calls of next()) fillNormal(out, n, …) takes.
    static uint64_t normalDraws(int64_t n) { return uint64_t(n + 1) / 2; }
    /// Moves the stream on by `draws` calls of next() at no cost (the state advances by a
    /// constant per draw), so that parts of one stream can be filled in parallel.
    void skip(uint64_t draws) { m_state += draws * kGamma; }

private:
    uint64_t m_state;
    bool m_hasSpare = false;
    double m_spare = 0;
};

struct SyntheticInputs {
    Tensor x;    // [B, Lq, d_model]
    Tensor xKv;  // [B, Lk, d_model] (cross-attention only)
    Tensor wq, wk, wv, wo;
    Tensor bq, bk, bv;
};

class SyntheticGenerator {
public:
    /// Feature columns of X: constant 1, sink indicator, salience, then sin/cos position pairs,
    /// then noise. Exposed for tests that check the planted structure.
    static constexpr int64_t kConstFeature = 0;
    static constexpr int64_t kSinkFeature = 1;
    static constexpr int64_t kSalienceFeature = 2;
    static constexpr int64_t kFirstPositionFeature = 3;

    /// The random parts are drawn from one stream in a fixed order (X, X_kv, W_q, W_k, W_v, W_o,
    /// biases); the stream is split into pieces filled on `threads` threads (0: all cores) with
    /// the same result as one thread.
    static SyntheticInputs generate(const Scenario& scenario, int threads = 0);
    /// Key position each query is aligned with in the translation pattern (monotone with swaps).
    static std::vector<int64_t> translationAlignment(const Scenario& scenario);
};

}  // namespace attnscope
