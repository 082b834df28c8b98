#pragma once
// Row-major single-threaded GEMM kernels used by CpuBackend, on Eigen or OpenBLAS sgemm.

#include <cstdint>

namespace attnscope::cpu {

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

}  // namespace attnscope::cpu
