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
/// Whether CLBlast can run the two products of `dims`: its batched kernels index each operand
/// with 32-bit ints (batch × stride), so the scores of every head together must stay below 2³¹
/// elements (12 heads at L = 16384 do not: the writes wrap and the device faults). Otherwise the
/// tiled kernels, which index with 64 bits, compute them.
bool clblastFits(const GemmDims& dims);
/// s[b,h] = scale · q[b,h] · k[b,g]ᵀ for every head; throws cl::Error when CLBlast fails.
void scoresClBlast(cl::CommandQueue& queue, const cl::Buffer& q, const cl::Buffer& k,
                   const cl::Buffer& s, const GemmDims& dims, float scale);
/// c[b,h] = p[b,h] · v[b,g]; throws cl::Error when CLBlast fails.
void contextClBlast(cl::CommandQueue& queue, const cl::Buffer& p, const cl::Buffer& v,
                    const cl::Buffer& c, const GemmDims& dims);

}  // namespace attnscope::opencl
