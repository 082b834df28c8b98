#pragma once
// Internal to core/backends/opencl: the OpenCL C++ bindings configured for OpenCL 1.2 entry
// points (PoCL, NVIDIA, AMD and Intel all provide them), with errors as exceptions that the
// backend turns into Error values at its boundary.

#define CL_HPP_ENABLE_EXCEPTIONS
#define CL_HPP_MINIMUM_OPENCL_VERSION 120
#define CL_HPP_TARGET_OPENCL_VERSION 120
#include <CL/opencl.hpp>
#include <string>
#include <vector>

#include "core/common/Result.h"

namespace attnscope::opencl {

/// Devices of all platforms in the order of listOpenClDevices(); throws cl::Error.
std::vector<cl::Device> allDevices();
/// "clEnqueueNDRangeKernel failed: CL_OUT_OF_RESOURCES (-5)", a message to nest in another.
Error describe(const cl::Error& e);

}  // namespace attnscope::opencl
