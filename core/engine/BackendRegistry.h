#pragma once
// BackendRegistry: the compute backends compiled into this build and the devices they can run on;
// creates the one a user asks for (`--backend`, `--device`, the Backend menu). A missing or broken
// OpenCL runtime falls back to the CPU backend with a notice, never an error.

#include <memory>
#include <string>
#include <vector>

#include "backends/cpu/CpuBackend.h"
#include "engine/Backend.h"

namespace attnscope {

/// One entry of the device list: a backend and, for OpenCL, the device index.
struct BackendOption {
    std::string backend;  // "cpu" or "opencl"
    int device = -1;      // OpenCL device index (listOpenClDevices()); -1 for the CPU backend
    std::string label;    // what the user sees
    bool gpu = false;
};

struct BackendRequest {
    std::string backend = "auto";  // cpu | opencl | auto
    int device = -1;               // OpenCL device; -1: the first GPU, else the first device
    int threads = 0;               // CPU backend worker threads (0: all cores)
    CpuBackend::Gemm gemm = CpuBackend::Gemm::OpenBlas;
};

struct BackendChoice {
    std::unique_ptr<Backend> backend;
    std::string notice;  // why the request was not met as asked (fallback); empty when it was
};

class BackendRegistry {
public:
    /// True when this build has the OpenCL backend.
    static bool hasOpenCl();
    /// Backends compiled in: "cpu", then "opencl" when present.
    static std::vector<std::string> compiled();
    /// The CPU backend, then every OpenCL device. `openClProblem` receives why there are no
    /// OpenCL entries (not compiled in, no platform), when there are none.
    static std::vector<BackendOption> options(std::string* openClProblem = nullptr);
    /// The backend for `request`. `auto` takes the first OpenCL GPU and otherwise the CPU backend
    /// (a CPU OpenCL device such as PoCL never beats our own CPU path). Errors only for bad
    /// requests (unknown backend name, a device index past the list); runtime problems fall back.
    static Result<BackendChoice> create(const BackendRequest& request);
};

}  // namespace attnscope
