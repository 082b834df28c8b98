#include "core/backends/opencl/OpenClGemm.h"

#ifdef ATTNSCOPE_HAVE_CLBLAST
#include <clblast.h>
#endif

namespace attnscope::opencl {

bool clblastFits(const GemmDims& D) {
    const double limit = 2147483647.0;
    const double scores = double(D.B) * double(D.H) * double(D.Lq) * double(D.Lk);
    const double q = double(D.B) * double(D.H) * double(D.Lq) * double(D.d);
    const double kv = double(D.B) * double(D.Hkv) * double(D.Lk) * double(D.d);
    return scores < limit && q < limit && kv < limit;
}

#ifdef ATTNSCOPE_HAVE_CLBLAST
namespace {
void check(clblast::StatusCode status, const char* what) {
    if (status != clblast::StatusCode::kSuccess) throw cl::Error(int(status), what);
}
}  // namespace

bool haveClBlast() {
    return true;
}

void scoresClBlast(cl::CommandQueue& queue, const cl::Buffer& q, const cl::Buffer& k,
                   const cl::Buffer& s, const GemmDims& D, float scale) {
    const size_t rows = size_t(D.H / D.Hkv * D.Lq);  // the query heads of one kv head, stacked
    cl_command_queue handle = queue();
    check(clblast::GemmStridedBatched<float>(
              clblast::Layout::kRowMajor, clblast::Transpose::kNo, clblast::Transpose::kYes, rows,
              size_t(D.Lk), size_t(D.d), scale, q(), 0, size_t(D.d), rows * size_t(D.d), k(), 0,
              size_t(D.d), size_t(D.Lk * D.d), 0.0f, s(), 0, size_t(D.Lk), rows * size_t(D.Lk),
              size_t(D.B * D.Hkv), &handle, nullptr),
          "CLBlast GemmStridedBatched (Q·Kᵀ)");
}

void contextClBlast(cl::CommandQueue& queue, const cl::Buffer& p, const cl::Buffer& v,
                    const cl::Buffer& c, const GemmDims& D) {
    const size_t rows = size_t(D.H / D.Hkv * D.Lq);
    cl_command_queue handle = queue();
    check(clblast::GemmStridedBatched<float>(
              clblast::Layout::kRowMajor, clblast::Transpose::kNo, clblast::Transpose::kNo, rows,
              size_t(D.d), size_t(D.Lk), 1.0f, p(), 0, size_t(D.Lk), rows * size_t(D.Lk), v(), 0,
              size_t(D.d), size_t(D.Lk * D.d), 0.0f, c(), 0, size_t(D.d), rows * size_t(D.d),
              size_t(D.B * D.Hkv), &handle, nullptr),
          "CLBlast GemmStridedBatched (P·V)");
}
#else
bool haveClBlast() {
    return false;
}
void scoresClBlast(cl::CommandQueue&, const cl::Buffer&, const cl::Buffer&, const cl::Buffer&,
                   const GemmDims&, float) {
    throw cl::Error(CL_INVALID_OPERATION, "CLBlast (not in this build)");
}
void contextClBlast(cl::CommandQueue&, const cl::Buffer&, const cl::Buffer&, const cl::Buffer&,
                    const GemmDims&) {
    throw cl::Error(CL_INVALID_OPERATION, "CLBlast (not in this build)");
}
#endif

}  // namespace attnscope::opencl
