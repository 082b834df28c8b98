#pragma once
// Reference timings for bench_attention: the two attention GEMMs in OpenBLAS sgemm, and PyTorch
// eager materialised attention run through bench/torch_reference.py.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/common/Array.h"

namespace attnscope::bench {

double median(std::vector<double> v);

struct SgemmTiming {
    double blasThreadsMs = 0;  // (a) OpenBLAS with `threads` threads, heads one after another
    double headThreadsMs = 0;  // (b) heads spread over `threads` std::threads, 1-thread sgemm each
    double best() const { return std::min(blasThreadsMs, headThreadsMs); }
    const char* bestName() const { return blasThreadsMs <= headThreadsMs ? "blas-mt" : "head-mt"; }
};

/// Per head S = scale·Q·Kᵀ (L×L) then C = S·V, with S and C preallocated and touched here, in the
/// constructor, outside any timed region. Each call times one pass over all heads.
class SgemmReference {
public:
    SgemmReference(const Tensor& q, const Tensor& k, const Tensor& v, float scale, int threads);
    double runBlasThreaded();  // (a)
    double runHeadThreaded();  // (b)

private:
    void head(int64_t h);
    const Tensor &m_q, &m_k, &m_v;
    float m_scale;
    int m_threads;
    Tensor m_s, m_c;
};

/// The projections of a trace's inputs in OpenBLAS sgemm, one call per matrix with `threads`
/// BLAS threads: Q = X·W_q [L × d_model]·[d_model × H·d], K and V = X·W_k, X·W_v with Hkv·d
/// columns. Median of `repeats` passes, operands allocated and touched outside the timing.
double sgemmProjectionsMs(int64_t L, int64_t dModel, int64_t qCols, int64_t kvCols, int threads,
                          int repeats);

struct TorchTiming {
    double ms = 0;
    double contextAbsSum = 0;
};

/// Runs torch_reference.py once for all lengths; empty map (and `why` set) when python3 or torch
/// is missing or the script fails. Inputs are read from `inputDir` (q_L.f32, k_L.f32, v_L.f32).
std::map<long long, TorchTiming> runTorchReference(const std::vector<long long>& lengths, int heads,
                                                   int dhead, int threads, int repeats,
                                                   const std::string& mask,
                                                   const std::string& inputDir, std::string& why);

}  // namespace attnscope::bench
