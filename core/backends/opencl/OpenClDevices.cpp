#include "core/backends/opencl/OpenClDevices.h"

#include "core/backends/opencl/OpenClCommon.h"
#include "core/common/Text.h"

namespace attnscope {

namespace opencl {

std::vector<cl::Device> allDevices() {
    std::vector<cl::Platform> platforms;
    cl::Platform::get(&platforms);
    std::vector<cl::Device> out;
    for (const auto& p : platforms) {
        std::vector<cl::Device> devices;
        try {
            p.getDevices(CL_DEVICE_TYPE_ALL, &devices);
        } catch (const cl::Error&) {
            continue;  // a platform without devices (CL_DEVICE_NOT_FOUND) adds nothing
        }
        out.insert(out.end(), devices.begin(), devices.end());
    }
    return out;
}

Error describe(const cl::Error& e) {
    const char* name = nullptr;  // none: a code without a name here
    switch (e.err()) {
        case CL_DEVICE_NOT_FOUND:
            name = "CL_DEVICE_NOT_FOUND";
            break;
        case CL_DEVICE_NOT_AVAILABLE:
            name = "CL_DEVICE_NOT_AVAILABLE";
            break;
        case CL_MEM_OBJECT_ALLOCATION_FAILURE:
            name = "CL_MEM_OBJECT_ALLOCATION_FAILURE";
            break;
        case CL_OUT_OF_RESOURCES:
            name = "CL_OUT_OF_RESOURCES";
            break;
        case CL_OUT_OF_HOST_MEMORY:
            name = "CL_OUT_OF_HOST_MEMORY";
            break;
        case CL_BUILD_PROGRAM_FAILURE:
            name = "CL_BUILD_PROGRAM_FAILURE";
            break;
        case CL_INVALID_BUFFER_SIZE:
            name = "CL_INVALID_BUFFER_SIZE";
            break;
        case CL_INVALID_WORK_GROUP_SIZE:
            name = "CL_INVALID_WORK_GROUP_SIZE";
            break;
        case -1001:
            name = "CL_PLATFORM_NOT_FOUND_KHR";
            break;
        default:
            break;
    }
    if (!name) return Text::tr("%1 failed: OpenCL error (%2)", e.what(), e.err());
    return Text::tr("%1 failed: %2 (%3)", e.what(), name, e.err());
}

}  // namespace opencl

std::string OpenClDeviceInfo::label() const {
    return name + " (" + platform + ", " + (gpu ? "GPU" : "CPU") + ")";
}

Result<std::vector<OpenClDeviceInfo>> listOpenClDevices() {
    try {
        std::vector<OpenClDeviceInfo> out;
        for (const cl::Device& d : opencl::allDevices()) {
            OpenClDeviceInfo info;
            info.index = int(out.size());
            info.platform =
                cl::Platform(d.getInfo<CL_DEVICE_PLATFORM>()).getInfo<CL_PLATFORM_NAME>();
            info.name = d.getInfo<CL_DEVICE_NAME>();
            info.version = d.getInfo<CL_DEVICE_VERSION>();
            info.gpu = (d.getInfo<CL_DEVICE_TYPE>() & CL_DEVICE_TYPE_GPU) != 0;
            info.computeUnits = int(d.getInfo<CL_DEVICE_MAX_COMPUTE_UNITS>());
            info.globalMemory = d.getInfo<CL_DEVICE_GLOBAL_MEM_SIZE>();
            info.maxAllocation = d.getInfo<CL_DEVICE_MAX_MEM_ALLOC_SIZE>();
            // Strip the NUL terminators some drivers leave in info strings.
            for (std::string* s : {&info.platform, &info.name, &info.version})
                s->erase(std::find(s->begin(), s->end(), '\0'), s->end());
            out.push_back(std::move(info));
        }
        if (out.empty())
            return Text::tr("no OpenCL device found (install a driver's ICD, e.g. %1)",
                            Text::literal("pocl-opencl-icd"));
        return out;
    } catch (const cl::Error& e) {
        if (e.err() == -1001 || e.err() == CL_DEVICE_NOT_FOUND)
            return Text::tr(
                "no OpenCL platform is installed (no ICD in %1; install a driver's ICD, e.g. %2)",
                Text::literal("/etc/OpenCL/vendors"), "pocl-opencl-icd");
        return Text::tr("OpenCL: %1", opencl::describe(e));
    }
}

}  // namespace attnscope
