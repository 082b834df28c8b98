#include "core/common/Gemm.h"

#include <cblas.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>

#include <Eigen/Core>

namespace attnscope::gemm {

namespace {
using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstMap = Eigen::Map<const RowMat, 0, Eigen::OuterStride<>>;
using MutMap = Eigen::Map<RowMat, 0, Eigen::OuterStride<>>;
}  // namespace

void gemmNT(GemmImpl impl, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
            int64_t lda, const float* b, int64_t ldb, float* c, int64_t ldc) {
    if (impl == GemmImpl::OpenBlas) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(m), int(n), int(k), alpha, a,
                    int(lda), b, int(ldb), 0.0f, c, int(ldc));
        return;
    }
    ConstMap A(a, m, k, Eigen::OuterStride<>(lda));
    ConstMap B(b, n, k, Eigen::OuterStride<>(ldb));
    MutMap C(c, m, n, Eigen::OuterStride<>(ldc));
    C.noalias() = alpha * (A * B.transpose());
}

void gemmNN(GemmImpl impl, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
            const float* b, int64_t ldb, float* c, int64_t ldc) {
    if (impl == GemmImpl::OpenBlas) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, int(m), int(n), int(k), 1.0f, a,
                    int(lda), b, int(ldb), 0.0f, c, int(ldc));
        return;
    }
    ConstMap A(a, m, k, Eigen::OuterStride<>(lda));
    ConstMap B(b, k, n, Eigen::OuterStride<>(ldb));
    MutMap C(c, m, n, Eigen::OuterStride<>(ldc));
    C.noalias() = A * B;
}

void useSingleThreadedBlas() {
    openblas_set_num_threads(1);
}
void setBlasThreads(int threads) {
    openblas_set_num_threads(threads);
}

const char* blasCoreName() { return openblas_get_corename(); }

std::string betterBlasCoreType() {
    std::string core = openblas_get_corename();
    for (char& c : core) c = char(std::tolower(static_cast<unsigned char>(c)));
    const bool generic = core == "prescott" || core == "core2" || core == "penryn" ||
                         core == "dunnington" || core == "nehalem" || core == "atom" ||
                         core == "katmai" || core == "northwood";
    if (!generic) return {};
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
    return {};
}

void reexecWithBetterBlas(char** argv) {
    if (std::getenv("OPENBLAS_CORETYPE") || std::getenv("ATTNSCOPE_KEEP_BLAS")) return;
    const std::string core = betterBlasCoreType();
    if (core.empty()) return;
    setenv("OPENBLAS_CORETYPE", core.c_str(), 1);
    execv("/proc/self/exe", argv);  // returns only on failure: go on with what there is
}

}  // namespace attnscope::gemm
