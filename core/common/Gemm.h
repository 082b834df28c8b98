#pragma once
// Row-major single-threaded GEMM kernels on Eigen or OpenBLAS sgemm, shared by the engine (Q/K/V
// projections) and the CPU backend (scores and P·V per 128-row block).

#include <cstdint>
#include <string>

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
/// OpenBLAS's kernels in use ("Haswell", "SkylakeX", ...).
const char* blasCoreName();
/// The kernels to ask OpenBLAS for when it fell back to generic ones on a CPU it does not know:
/// Debian 12's OpenBLAS 0.3.21 picks "Prescott" (SSE3) on newer Xeons, 3× slower than AVX-512
/// kernels on the same machine (a 1024×768×3072 sgemm: 252 ms vs 35 ms). Empty when fine.
std::string betterBlasCoreType();
/// When betterBlasCoreType() names kernels and OPENBLAS_CORETYPE is unset, sets it and re-executes
/// the program (OpenBLAS reads it once, when it loads); returns only when nothing was done.
/// ATTNSCOPE_KEEP_BLAS=1 keeps what OpenBLAS chose.
void reexecWithBetterBlas(char** argv);

}  // namespace attnscope::gemm
