#pragma once
// OpenCL column of bench_attention: OpenClBackend::run (every step copied back, as the Trace needs)
// and runResident (device only), with the SPEC §10 HBM floor estimate for the device.

#include <QJsonObject>
#include <memory>
#include <string>
#include <vector>

#include "core/engine/Backend.h"

namespace attnscope::bench {

struct OpenClTiming {
    bool full = false;           // the copy-back run was measured
    double fullMs = 0;           // median wall time of run(): device steps + copies back
    StepTimings split;           // step split of the median run (full, else resident)
    double residentMs = 0;       // median wall time of runResident(): nothing L² comes back
    double contextAbsSum = 0;    // Σ|context| of the first run, to check against the CPU
    std::vector<double> runsMs;  // every timed resident run
};

class OpenClBench {
public:
    /// deviceIndex < 0: the first GPU, else the first device; gemm: auto, tiled or clblast.
    /// `why` says why it is unavailable.
    static std::unique_ptr<OpenClBench> open(int deviceIndex, const std::string& gemm,
                                             std::string& why);
    virtual ~OpenClBench() = default;
    virtual std::string device() const = 0;
    /// One warm-up (kernel compilation), then `repeats` timed runs of each kind.
    virtual OpenClTiming measure(const AttentionInputs& in, int repeats, bool withCopyBack) = 0;
};

/// One line of the OpenCL table, with the CPU figures of the same L (0 when not measured).
struct OpenClRow {
    long long L = 0;
    OpenClTiming t;
    double cpuMs = 0, sgemmMs = 0, torchMs = 0, cpuContextAbsSum = 0;
};

/// The OpenCL table: full and device-only times, ratios to CPU, sgemm, torch and the HBM floor
/// (when `memGbps` > 0), and a check of Σ|context| against the CPU backend.
void printOpenClTable(const std::vector<OpenClRow>& rows, int heads, double memGbps,
                      const std::string& device);
QJsonObject openClJson(const OpenClRow& row, int heads, double memGbps);

/// SPEC §10: the three L² fp32 matrices (scores, masked, probs) written once per head, i.e.
/// 12 bytes · H · L², at `gbPerSecond` (3350 for an H100 SXM) — 144·L² bytes when H = 12.
inline double hbmFloorMs(long long L, int heads, double gbPerSecond) {
    return 12.0 * heads * double(L) * double(L) / (gbPerSecond * 1e9) * 1e3;
}

}  // namespace attnscope::bench
