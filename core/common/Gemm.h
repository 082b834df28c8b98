#pragma once
// Row-major single-threaded GEMM kernels on Eigen or OpenBLAS sgemm, shared by the engine (Q/K/V
// projections) and the CPU backend (scores and P·V per 128-row block).

#include <cstdint>

namespace attnscope::gemm {

enum class GemmImpl { Eigen, OpenBlas };

/// C[M×N] = alpha · A[M×K] · B[N×K]ᵀ
void gemmNT(GemmImpl impl, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
            int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc);
/// C[M×N] = A[M×K] · B[K×N]
void gemmNN(GemmImpl impl, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
            const float* b, int64_t ldb, float* c, int64_t ldc);
/// Keeps OpenBLAS single-threaded inside our own worker threads.
void useSingleThreadedBlas();
/// Sets OpenBLAS's own thread count (benchmarks of the sgemm reference).
void setBlasThreads(int threads);

}  // namespace attnscope::gemm
