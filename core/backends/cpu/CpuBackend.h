#pragma once
// CpuBackend: attention on the CPU with Eigen (or OpenBLAS sgemm underneath), one fused pass per
// 128-row block — scores GEMM, mask, softmax, P·V — threaded over batch × heads × row blocks and
// skipping the 128×128 tiles the engine's MaskPlan marks empty.

#include <memory>

#include "core/common/Gemm.h"
#include "core/engine/Backend.h"

namespace attnscope {

class CpuBackend : public Backend {
public:
    using Gemm = gemm::GemmImpl;
    struct Options {
        int threads = 0;             // 0: one per hardware thread
        Gemm gemm = Gemm::OpenBlas;  // 10–15 % faster than Eigen here at L ≥ 1024 (bench/)
    };

    CpuBackend() : CpuBackend(Options{}) {}
    explicit CpuBackend(Options options);

    std::string name() const override { return "cpu"; }
    Message device() const override;
    int threads() const override { return m_threads; }
    Result<AttentionSteps> run(const AttentionInputs& in, const CancelCheck& cancel) override;
    /// One poll per (batch, head, 128-row block) of the fused steps.
    int64_t cancelPolls(const AttentionInputs& in) const override;

    static constexpr int64_t kTile = 128;

private:
    int m_threads;
    Gemm m_gemm;
};

class BackendFamily;
/// The "cpu" family for the BackendRegistry: one device, this machine's cores.
std::unique_ptr<BackendFamily> makeCpuFamily();

}  // namespace attnscope
