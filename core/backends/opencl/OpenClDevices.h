#pragma once
// OpenClDevices: the OpenCL devices of every installed platform (ICD), flattened into one
// numbered list — what `attnscope devices`, `--device N` and the Backend menu offer.

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/Result.h"

namespace attnscope {

struct OpenClDeviceInfo {
    int index = 0;  // position in the flattened list (`--device N`)
    std::string platform, name, version;
    bool gpu = false;
    int computeUnits = 0;
    uint64_t globalMemory = 0, maxAllocation = 0;

    /// "NVIDIA H100 80GB HBM3 (NVIDIA CUDA, GPU)".
    std::string label() const;
};

/// Every device of every platform; an error (no ICD, no platform) says what to install.
Result<std::vector<OpenClDeviceInfo>> listOpenClDevices();

}  // namespace attnscope
