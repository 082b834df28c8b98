#pragma once
// BackendRegistry: the backend families compiled into this build (ggml's backend registry: a
// family lists devices, a device creates a backend). Everything that needs a backend — the command
// line, the Backend menu, export — asks here by a string id ("auto", "cpu", "opencl", "opencl:0");
// nothing else constructs a concrete backend. A family is registered at one point
// (BackendRegistry.cpp); a missing or broken runtime falls back to the CPU with a notice.

#include <memory>
#include <string>
#include <vector>

#include "core/common/Gemm.h"
#include "core/common/Result.h"
#include "core/engine/Backend.h"

namespace attnscope {

/// What a backend runs on; `auto` picks the best kind first (a GPU, then the CPU).
enum class DeviceKind { Gpu, Cpu };

/// One device of one family.
struct BackendDevice {
    std::string id;      // "cpu", "opencl:0": what --backend and the settings store
    std::string family;  // "cpu", "opencl"
    int index = 0;       // position within the family (--device N)
    Message label;       // what the user sees
    DeviceKind kind = DeviceKind::Cpu;
    bool gpu() const { return kind == DeviceKind::Gpu; }
};

/// Options every family may read; each ignores what does not apply to it.
struct BackendSettings {
    int threads = 0;                                 // CPU worker threads (0: all cores)
    gemm::GemmImpl gemm = gemm::GemmImpl::OpenBlas;  // CPU GEMM
};

/// A family of backends: lists its devices and creates a backend on one of them.
class BackendFamily {
public:
    virtual ~BackendFamily() = default;
    virtual std::string name() const = 0;
    /// The devices, in a stable order; an error says why there are none (no runtime).
    virtual Result<std::vector<BackendDevice>> devices() const = 0;
    virtual Result<std::unique_ptr<Backend>> create(const BackendDevice& device,
                                                    const BackendSettings& settings) const = 0;
    /// Preferred among devices of the same kind: our own CPU path beats an OpenCL CPU device.
    virtual int priority() const { return 0; }
};

struct BackendRequest {
    std::string backend = "auto";  // auto | a family name | a device id ("opencl:1")
    int device = -1;               // with a family name: its device index; -1: its best device
    BackendSettings settings;
};

struct BackendChoice {
    std::unique_ptr<Backend> backend;
    std::string id;  // the device id that was created
    Message notice;  // why the request was not met as asked (fallback); empty when it was
};

class BackendRegistry {
public:
    /// The families compiled into this build, registered once.
    static const BackendRegistry& builtin();

    void add(std::unique_ptr<BackendFamily> family);
    /// Family names in registration order ("cpu" first).
    std::vector<std::string> compiled() const;
    bool has(const std::string& family) const;
    /// Every device of every family. `problems` receives, per family without devices, why
    /// ("opencl: no OpenCL platform is installed …").
    std::vector<BackendDevice> devices(std::vector<Message>* problems = nullptr) const;
    /// The best device: the first GPU, else the CPU device of the highest priority.
    BackendDevice best() const;
    /// The backend for `request`. Errors only for bad requests (an unknown family or id, a device
    /// index past the list); a runtime that fails falls back to the best CPU device, with a notice.
    Result<BackendChoice> create(const BackendRequest& request) const;
    /// "auto, cpu, opencl" for messages.
    std::string choicesText() const;

private:
    std::vector<std::unique_ptr<BackendFamily>> m_families;
};

}  // namespace attnscope
