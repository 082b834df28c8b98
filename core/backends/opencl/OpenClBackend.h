#pragma once
// OpenClBackend: attention on an OpenCL device (a GPU, or the CPU through PoCL): scaled Q·Kᵀ
// (CLBlast batched SGEMM or our tiled kernel), a fused mask + softmax kernel that skips the mask's
// empty 128-tiles, and P·V (CLBlast, or our tiled kernel that steps over empty tiles only). The
// last computation stays on the device, so sink scores, frame pooling and viewport pooling can run
// there and bring back only view-sized results.

#include <memory>
#include <vector>

#include "core/analysis/FramePooling.h"
#include "core/analysis/PoolMode.h"
#include "core/analysis/SinkScore.h"
#include "core/analysis/ViewportPooling.h"
#include "core/backends/opencl/OpenClDevices.h"
#include "core/engine/Backend.h"

namespace attnscope {

class OpenClBackend : public Backend {
public:
    /// Which of the device-resident [B, H, Lq, Lk] matrices a pooling function reads.
    enum class Matrix { Scores, MaskedScores, Probs };

    /// Who computes the two products. CLBlast's strided-batched SGEMM is faster than our tiled
    /// kernels on dense products (docs/benchmarks.md); our P·V kernel skips the empty tiles.
    /// Auto: CLBlast for Q·Kᵀ, and for P·V unless half the tiles or more are empty.
    enum class Gemm { Auto, Tiled, ClBlast };

    /// Opens device `index` of listOpenClDevices() and compiles the kernels for it; an error
    /// (no platform, bad index, compiler failure, CLBlast asked for but not built) says what.
    static Result<std::unique_ptr<OpenClBackend>> create(int deviceIndex, Gemm gemm = Gemm::Auto);
    /// True when this build has CLBlast.
    static bool hasClBlast();
    ~OpenClBackend() override;

    std::string name() const override { return "opencl"; }
    Message device() const override;
    int threads() const override { return m_threads; }
    const OpenClDeviceInfo& deviceInfo() const { return m_info; }
    Gemm gemm() const { return m_gemm; }

    /// Every step, computed on the device and copied back in full (the Trace needs them).
    Result<AttentionSteps> run(const AttentionInputs& in, const CancelCheck& cancel) override;
    /// After the mask, the scores, the softmax and the context on the device, and after each of
    /// the three copies back (scores; masked scores and probabilities; context).
    int64_t cancelPolls(const AttentionInputs&) const override { return 6; }
    /// The same computation, leaving scores, masked scores, probs and context on the device:
    /// the result carries the mask, block summary, empty rows and timings only.
    Result<AttentionSteps> runResident(const AttentionInputs& in, const CancelCheck& cancel = {});
    /// The pooled pass on the device (SPEC §10): query rows in chunks whose scores, masked scores
    /// and probabilities fit it; each chunk's scores skip the tiles its mask empties, its softmax
    /// keeps the rows' shifts and entropies, and its probabilities are reduced there (received
    /// attention, frame sums and maxima, the viewport's bins, the logits' sums) so that only
    /// view-sized results come back. The mask is evaluated per chunk on the host. The same results
    /// as pooledAttention(); the head metrics' per-row figures (rowStats) are the CPU pass's.
    Result<PooledAttention> pooledPass(const Tensor& q, const Tensor& k, const MaskExpr& mask,
                                       const MaskShape& shape, float scale, float softCap,
                                       const PooledRequest& request,
                                       const CancelCheck& cancel = {}) override;
    Message pooledDevice() const override { return device(); }
    bool pooledOnDevice() const override { return true; }
    /// Query rows per chunk of the pooled pass for B·H heads over Lk keys on this device.
    int64_t pooledChunkRows(int64_t heads, int64_t lk) const;

    // Pooling of the last run's device-resident matrices of batch element b (SPEC §5).
    /// Mean of the selected query rows (all when empty) per head → [H, Lk]; as meanOfRows().
    Result<Tensor> meanOfRows(Matrix which, int64_t b, const std::vector<int64_t>& rows);
    /// One SinkScore per head over the selected rows; as sinkScores().
    Result<std::vector<SinkScore>> sinkScores(Matrix which, int64_t b,
                                              const std::vector<int64_t>& rows);
    /// [H, Fq, Fk]; as poolFramesPerHead().
    Result<Tensor> poolFrames(Matrix which, int64_t b, const FrameSpec& queryFrames,
                              const FrameSpec& keyFrames, PoolMode mode);
    /// [H, rows, cols] of one region of every head; as poolToViewport() per head.
    Result<Tensor> poolToViewport(Matrix which, int64_t b, MatrixRegion region, int64_t maxRows,
                                  int64_t maxCols, PoolMode mode);

    static constexpr int64_t kTile = 128;

private:
    struct Device;  // OpenCL objects and the resident buffers; only the .cpp sees OpenCL types
    OpenClBackend(std::unique_ptr<Device> device, OpenClDeviceInfo info, Gemm gemm);
    /// [H, rows, cols] bins of batch element b of `which` held as [B·H, Lq, Lk] (the pooled
    /// pass's chunks are held in the same buffers, with Lq their rows).
    Result<Tensor> poolBinsOf(Matrix which, int64_t b, int64_t H, int64_t Lq, int64_t Lk,
                              const std::vector<int>& rowBegin, const std::vector<int>& rowEnd,
                              const std::vector<int>& colBegin, const std::vector<int>& colEnd,
                              PoolMode mode);
    Result<Tensor> poolBins(Matrix which, int64_t b, const std::vector<int>& rowBegin,
                            const std::vector<int>& rowEnd, const std::vector<int>& colBegin,
                            const std::vector<int>& colEnd, PoolMode mode);

    std::unique_ptr<Device> m_device;
    OpenClDeviceInfo m_info;
    Gemm m_gemm;
    int m_threads = 1;  // host threads that evaluate the mask
};

class BackendFamily;
/// The "opencl" family for the BackendRegistry: every device of every OpenCL platform.
std::unique_ptr<BackendFamily> makeOpenClFamily();

}  // namespace attnscope
