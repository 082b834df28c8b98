#pragma once
// The OpenCL C source of the attention kernels (scores, masked softmax, context, pooling),
// compiled at run time for the chosen device by OpenClBackend.

namespace attnscope::opencl {

extern const char* const kKernelSource;

}  // namespace attnscope::opencl
