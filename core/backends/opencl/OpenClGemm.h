#pragma once
// Internal to core/backends/opencl: the two attention products through CLBlast's strided-batched
// SGEMM (when the build found CLBlast). Grouped-query attention folds into the batch: the `H/Hkv`
// query heads that share a kv head are contiguous, so they form one taller matrix per (b, g).

#include <cstdint>

#include "core/backends/opencl/OpenClCommon.h"

namespace attnscope::opencl {

struct GemmDims {
    int64_t B, H, Hkv, Lq, Lk, d;
};

/// True when this build links CLBlast.
bool haveClBlast();
/// s[b,h] = scale · q[b,h] · k[b,g]ᵀ for every head; throws cl::Error when CLBlast fails.
void scoresClBlast(cl::CommandQueue& queue, const cl::Buffer& q, const cl::Buffer& k,
                   const cl::Buffer& s, const GemmDims& dims, float scale);
/// c[b,h] = p[b,h] · v[b,g]; throws cl::Error when CLBlast fails.
void contextClBlast(cl::CommandQueue& queue, const cl::Buffer& p, const cl::Buffer& v,
                    const cl::Buffer& c, const GemmDims& dims);

}  // namespace attnscope::opencl
