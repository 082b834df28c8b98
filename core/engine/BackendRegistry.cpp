#include "engine/BackendRegistry.h"

#ifdef ATTNSCOPE_HAVE_OPENCL
#include "backends/opencl/OpenClBackend.h"
#endif

namespace attnscope {

namespace {

std::unique_ptr<Backend> cpuBackend(const BackendRequest& r) {
    return std::make_unique<CpuBackend>(CpuBackend::Options{r.threads, r.gemm});
}

}  // namespace

bool BackendRegistry::hasOpenCl() {
#ifdef ATTNSCOPE_HAVE_OPENCL
    return true;
#else
    return false;
#endif
}

std::vector<std::string> BackendRegistry::compiled() {
    std::vector<std::string> out{"cpu"};
    if (hasOpenCl()) out.push_back("opencl");
    return out;
}

std::vector<BackendOption> BackendRegistry::options(std::string* openClProblem) {
    std::vector<BackendOption> out;
    out.push_back({"cpu", -1, CpuBackend().device(), false});
#ifdef ATTNSCOPE_HAVE_OPENCL
    auto devices = listOpenClDevices();
    if (!devices) {
        if (openClProblem) *openClProblem = devices.error();
        return out;
    }
    for (const auto& d : *devices)
        out.push_back({"opencl", d.index, "OpenCL: " + d.label(), d.gpu});
#else
    if (openClProblem) *openClProblem = "this build has no OpenCL backend";
#endif
    return out;
}

Result<BackendChoice> BackendRegistry::create(const BackendRequest& r) {
    if (r.backend != "cpu" && r.backend != "opencl" && r.backend != "auto")
        return Error{"unknown backend '" + r.backend + "' (use cpu, opencl or auto)"};
    if (r.backend == "cpu") return BackendChoice{cpuBackend(r), {}};
#ifndef ATTNSCOPE_HAVE_OPENCL
    if (r.backend == "opencl")
        return BackendChoice{cpuBackend(r), "this build has no OpenCL backend; using the CPU"};
    return BackendChoice{cpuBackend(r), {}};
#else
    auto devices = listOpenClDevices();
    if (!devices) {
        if (r.backend == "auto" && r.device < 0) return BackendChoice{cpuBackend(r), {}};
        return BackendChoice{cpuBackend(r),
                             "OpenCL unavailable (" + devices.error() + "); using the CPU"};
    }
    if (r.device >= int(devices->size()))
        return Error{"no OpenCL device " + std::to_string(r.device) + ": there are " +
                     std::to_string(devices->size()) + " (see `attnscope devices`)"};
    int index = r.device;
    if (index < 0) {
        for (const auto& d : *devices)
            if (d.gpu) {
                index = d.index;
                break;
            }
        if (index < 0) {
            if (r.backend == "auto") return BackendChoice{cpuBackend(r), {}};
            index = 0;  // an explicit `opencl` without a GPU takes the first device (PoCL)
        }
    }
    auto backend = OpenClBackend::create(index);
    if (!backend)
        return BackendChoice{cpuBackend(r), "OpenCL device " + std::to_string(index) +
                                                " unusable (" + backend.error() +
                                                "); using the CPU"};
    return BackendChoice{std::unique_ptr<Backend>(std::move(backend).value()), {}};
#endif
}

}  // namespace attnscope
