#include "bench_opencl.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "bench_reference.h"

#ifdef ATTNSCOPE_HAVE_OPENCL
#include "core/backends/opencl/OpenClBackend.h"
#endif

namespace attnscope::bench {

#ifdef ATTNSCOPE_HAVE_OPENCL
namespace {

class OpenClBenchImpl : public OpenClBench {
public:
    explicit OpenClBenchImpl(std::unique_ptr<OpenClBackend> backend)
        : m_backend(std::move(backend)) {}
    std::string device() const override {
        const char* gemm[] = {"auto", "tiled", "clblast"};
        return m_backend->device().message + ", GEMM " + gemm[int(m_backend->gemm())];
    }

    OpenClTiming measure(const AttentionInputs& in, int repeats, bool withCopyBack) override {
        OpenClTiming t;
        auto first = withCopyBack ? m_backend->run(in, {}) : m_backend->runResident(in);
        if (!first) {
            std::fprintf(stderr, "attnscope_bench: OpenCL: %s\n", first.error().c_str());
            return t;
        }
        for (float x : first->context) t.contextAbsSum += std::fabs(double(x));
        std::vector<double> full, resident;
        std::vector<StepTimings> splits;
        for (int r = 0; r < repeats; ++r) {
            if (withCopyBack) {
                const double ms = wall([&] { return m_backend->run(in, {}); }, &splits);
                full.push_back(ms);
            }
            resident.push_back(
                wall([&] { return m_backend->runResident(in); }, withCopyBack ? nullptr : &splits));
        }
        t.residentMs = median(resident);
        t.runsMs = resident;
        t.full = withCopyBack;
        if (withCopyBack) t.fullMs = median(full);
        // The split of the median run of the kind that recorded splits (full, else resident).
        const std::vector<double>& timed = withCopyBack ? full : resident;
        std::vector<size_t> order(timed.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(),
                  [&](size_t a, size_t b) { return timed[a] < timed[b]; });
        if (!splits.empty()) t.split = splits[order[order.size() / 2]];
        return t;
    }

private:
    template <class Fn>
    static double wall(Fn&& fn, std::vector<StepTimings>* splits) {
        const auto t0 = std::chrono::steady_clock::now();
        auto r = fn();
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count();
        if (!r) {
            std::fprintf(stderr, "attnscope_bench: OpenCL: %s\n", r.error().c_str());
            std::exit(1);
        }
        if (splits) splits->push_back(r->timings);
        return ms;
    }
    std::unique_ptr<OpenClBackend> m_backend;
};

}  // namespace

std::unique_ptr<OpenClBench> OpenClBench::open(int deviceIndex, const std::string& gemm,
                                               std::string& why) {
    if (gemm != "auto" && gemm != "tiled" && gemm != "clblast") {
        why = "--opencl-gemm must be auto, tiled or clblast";
        return nullptr;
    }
    auto devices = listOpenClDevices();
    if (!devices) {
        why = devices.error();
        return nullptr;
    }
    if (deviceIndex < 0) {
        deviceIndex = 0;
        for (const auto& d : *devices)
            if (d.gpu) {
                deviceIndex = d.index;
                break;
            }
    }
    auto backend =
        OpenClBackend::create(deviceIndex, gemm == "tiled"     ? OpenClBackend::Gemm::Tiled
                                           : gemm == "clblast" ? OpenClBackend::Gemm::ClBlast
                                                               : OpenClBackend::Gemm::Auto);
    if (!backend) {
        why = backend.error();
        return nullptr;
    }
    return std::make_unique<OpenClBenchImpl>(std::move(backend).value());
}
#else
std::unique_ptr<OpenClBench> OpenClBench::open(int, const std::string&, std::string& why) {
    why = "built without OpenCL";
    return nullptr;
}
#endif

}  // namespace attnscope::bench

namespace attnscope::bench {

namespace {
std::string cell(const char* f, double x, bool show = true) {
    if (!show) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, f, x);
    return buf;
}
}  // namespace

void printOpenClTable(const std::vector<OpenClRow>& rows, int heads, double memGbps,
                      const std::string& device) {
    std::printf("\nOpenCL on %s\n", device.c_str());
    std::printf("%6s | %9s | %-23s | %11s | %8s | %10s | %9s | %10s | %10s | %s\n", "L",
                "full (ms)", "split scr/msk/smx/ctx", "device (ms)", "full/cpu", "full/sgemm",
                "dev/torch", "floor (ms)", "dev/floor", "context vs cpu");
    std::printf("%s\n", std::string(140, '-').c_str());
    for (const OpenClRow& r : rows) {
        const auto& s = r.t.split;
        const std::string split = cell("%.0f", s.scores) + "/" + cell("%.0f", s.mask) + "/" +
                                  cell("%.0f", s.softmax) + "/" + cell("%.0f", s.context);
        const double floor = memGbps > 0 ? hbmFloorMs(r.L, heads, memGbps) : 0;
        std::string check;
        if (r.cpuContextAbsSum > 0) {
            const double rel =
                std::fabs(r.t.contextAbsSum - r.cpuContextAbsSum) / r.cpuContextAbsSum;
            check = rel < 1e-4 ? "ok" : cell("DIFFERS (%.2g)", rel);
        }
        std::printf("%6lld | %9s | %-23s | %11.1f | %8s | %10s | %9s | %10s | %10s | %s\n", r.L,
                    cell("%.1f", r.t.fullMs, r.t.full).c_str(), split.c_str(), r.t.residentMs,
                    cell("%.2f", r.t.fullMs / r.cpuMs, r.t.full && r.cpuMs > 0).c_str(),
                    cell("%.2f", r.t.fullMs / r.sgemmMs, r.t.full && r.sgemmMs > 0).c_str(),
                    cell("%.2f", r.t.residentMs / r.torchMs, r.torchMs > 0).c_str(),
                    cell("%.2f", floor, floor > 0).c_str(),
                    cell("%.2f", r.t.residentMs / floor, floor > 0).c_str(), check.c_str());
    }
    std::printf(
        "full = OpenClBackend::run (every step copied back for the Trace); device = runResident "
        "(nothing L² copied back); the split is of the full run, or of the resident run when "
        "only that was timed\n");
    if (memGbps > 0)
        std::printf(
            "floor = 12 bytes x H x L^2 (scores, masked, probs) at %.0f GB/s (SPEC §10: "
            "target dev/floor <= 3 at L = 16384 on an H100)\n",
            memGbps);
    else
        std::printf(
            "floor: give --mem-gbps for this device's memory bandwidth (SPEC §10 uses the "
            "H100's 3350 GB/s)\n");
}

QJsonObject openClJson(const OpenClRow& r, int heads, double memGbps) {
    QJsonObject o{{"resident_ms", r.t.residentMs}};
    if (r.t.full) o["full_ms"] = r.t.fullMs;
    o["scores_ms"] = r.t.split.scores;
    o["mask_ms"] = r.t.split.mask;
    o["softmax_ms"] = r.t.split.softmax;
    o["context_ms"] = r.t.split.context;
    if (memGbps > 0) o["hbm_floor_ms"] = hbmFloorMs(r.L, heads, memGbps);
    return o;
}

}  // namespace attnscope::bench
