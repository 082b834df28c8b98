#include "core/common/Gemm.h"

#include <cblas.h>

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

}  // namespace attnscope::gemm
