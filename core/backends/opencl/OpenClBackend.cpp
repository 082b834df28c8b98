#include "core/backends/opencl/OpenClBackend.h"

#include "core/backends/BackendRegistry.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <new>

#include "core/backends/opencl/OpenClCommon.h"
#include "core/backends/opencl/OpenClGemm.h"
#include "core/backends/opencl/OpenClKernels.h"
#include "core/analysis/SinkScore.h"
#include "core/common/ParallelFor.h"
#include "core/masks/BlockSummary.h"
#include "core/common/Text.h"

namespace attnscope {

namespace {

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

constexpr int kLocal = 16;      // scores_nt / context_nn work-groups are kLocal × kLocal
constexpr int kOutTile = 64;    // … each computing a kOutTile × kOutTile block of the output
constexpr int kRowGroup = 128;  // masked_softmax: work-items per row

size_t roundUp(int64_t n, int64_t tile) {
    return size_t((n + tile - 1) / tile);
}

template <class... Args>
void setArgs(cl::Kernel& kernel, const Args&... args) {
    cl_uint index = 0;
    (kernel.setArg(index++, args), ...);
}

std::string gib(double bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f GiB", bytes / double(1 << 30));
    return buf;
}

}  // namespace

struct OpenClBackend::Device {
    cl::Context context;
    cl::Device device;
    cl::CommandQueue queue;
    cl::Program program;
    cl::Kernel scores, softCap, softmax, context_, poolBins, meanRows, scoresRows, colSums;

    // The last computation, resident on the device; buffers are reused while large enough.
    struct Slot {
        cl::Buffer buffer;
        size_t capacity = 0;
    };
    Slot q, k, v, mask, states, s, ms, p, c, stats, cols;
    int64_t B = 0, H = 0, Hkv = 0, Lq = 0, Lk = 0, d = 0;
    bool resident = false;

    cl::Buffer& ensure(Slot& slot, size_t bytes) {
        bytes = std::max<size_t>(bytes, 4);
        if (slot.capacity < bytes) {
            slot.buffer = cl::Buffer();  // release first: the device may not hold both
            slot.buffer = cl::Buffer(context, CL_MEM_READ_WRITE, bytes);
            slot.capacity = bytes;
        }
        return slot.buffer;
    }
    template <class T>
    cl::Buffer& upload(Slot& slot, const T* data, size_t count) {
        cl::Buffer& b = ensure(slot, count * sizeof(T));
        if (count) queue.enqueueWriteBuffer(b, CL_TRUE, 0, count * sizeof(T), data);
        return b;
    }
    void download(Slot& slot, float* out, size_t count) {
        if (count) queue.enqueueReadBuffer(slot.buffer, CL_TRUE, 0, count * sizeof(float), out);
    }
    Slot& matrix(Matrix m) { return m == Matrix::Scores ? s : m == Matrix::MaskedScores ? ms : p; }
};

OpenClBackend::OpenClBackend(std::unique_ptr<Device> device, OpenClDeviceInfo info, Gemm gemm)
    : m_device(std::move(device)),
      m_info(std::move(info)),
      m_gemm(gemm),
      m_threads(resolveThreads(0)) {}

bool OpenClBackend::hasClBlast() {
    return opencl::haveClBlast();
}

OpenClBackend::~OpenClBackend() = default;

Message OpenClBackend::device() const {
    return Text::literal(m_info.label());
}

Result<std::unique_ptr<OpenClBackend>> OpenClBackend::create(int deviceIndex, Gemm gemm) {
    if (gemm == Gemm::ClBlast && !hasClBlast())
        return Text::tr("this build has no %1", Text::literal("CLBlast"));
    if (gemm == Gemm::Auto && !hasClBlast()) gemm = Gemm::Tiled;
    auto infos = listOpenClDevices();
    if (!infos) return infos.failure();
    if (deviceIndex < 0 || deviceIndex >= int(infos->size()))
        return Text::tr("no OpenCL device %1 (there are %2; see %3)", deviceIndex, infos->size(),
                        "`attnscope devices`");
    auto dev = std::make_unique<Device>();
    try {
        // One context, queue and compiled program per device for the life of the process:
        // choosing a device again (the Backend menu, a soak that switches back and forth) must
        // not compile again — PoCL and CLBlast keep what they compile per context, and a context
        // per choice grew the process by about 4 MB each time.
        static std::mutex cacheMutex;
        static std::map<int, std::shared_ptr<Device>> built;
        std::lock_guard lock(cacheMutex);
        std::shared_ptr<Device>& shared = built[deviceIndex];
        if (!shared) {
            auto fresh = std::make_shared<Device>();
            fresh->device = opencl::allDevices().at(size_t(deviceIndex));
            fresh->context = cl::Context(fresh->device);
            fresh->queue = cl::CommandQueue(fresh->context, fresh->device);
            fresh->program = cl::Program(fresh->context, std::string(opencl::kKernelSource));
            try {
                fresh->program.build({fresh->device}, "-cl-std=CL1.2");
            } catch (const cl::Error& e) {
                std::string log = fresh->program.getBuildInfo<CL_PROGRAM_BUILD_LOG>(fresh->device);
                if (log.size() > 2000) log.resize(2000);
                return Text::tr("the OpenCL kernels do not compile for %1: %2\n%3",
                                (*infos)[size_t(deviceIndex)].label(), opencl::describe(e), log);
            }
            shared = std::move(fresh);
        }
        dev->device = shared->device;
        dev->context = shared->context;
        dev->queue = shared->queue;
        dev->program = shared->program;
        dev->scores = cl::Kernel(dev->program, "scores_nt");
        dev->softCap = cl::Kernel(dev->program, "soft_cap");
        dev->softmax = cl::Kernel(dev->program, "masked_softmax");
        dev->context_ = cl::Kernel(dev->program, "context_nn");
        dev->poolBins = cl::Kernel(dev->program, "pool_bins");
        dev->meanRows = cl::Kernel(dev->program, "mean_rows");
        dev->scoresRows = cl::Kernel(dev->program, "scores_rows");
        dev->colSums = cl::Kernel(dev->program, "col_sums");
    } catch (const cl::Error& e) {
        return Text::tr("OpenCL device %1: %2", deviceIndex, opencl::describe(e));
    }
    return std::unique_ptr<OpenClBackend>(
        new OpenClBackend(std::move(dev), (*infos)[size_t(deviceIndex)], gemm));
}

Result<AttentionSteps> OpenClBackend::runResident(const AttentionInputs& in,
                                                  const CancelCheck& cancel) {
    if (!in.q || !in.k || !in.v || in.q->rank() != 4 || in.k->rank() != 4)
        if (Status st = checkAttentionInputs(in); !st) return st.failure();
    const Tensor &q = *in.q, &k = *in.k, &v = *in.v;
    const int64_t B = q.dim(0), H = q.dim(1), Hkv = k.dim(1), Lq = q.dim(2), Lk = k.dim(2),
                  d = q.dim(3);
    const int64_t nQB = (Lq + kTile - 1) / kTile, nKB = (Lk + kTile - 1) / kTile;
    const double matrixBytes = double(B) * H * Lq * Lk * sizeof(float);
    // Scores, masked scores and probs stay on the device, with the mask bytes (a quarter more).
    if (matrixBytes > double(m_info.maxAllocation) ||
        3.25 * matrixBytes > double(m_info.globalMemory))
        return Text::tr(
            "the attention matrices of B=%1, H=%2, Lq=%3, Lk=%4 need %5 each (three of "
            "them and the mask); %6 allows %7 per buffer and has %8",
            B, H, Lq, Lk, gib(matrixBytes), m_info.name, gib(double(m_info.maxAllocation)),
            gib(double(m_info.globalMemory)));
    if (std::max({Lq, Lk, d}) > (int64_t(1) << 30))
        return Text::tr("sequence too long for the OpenCL kernels");
    if (Status st = checkAttentionInputs(in); !st) return st.failure();

    Device& D = *m_device;
    D.resident = false;
    AttentionSteps out;
    auto stopped = [&] { return cancel && cancel(); };
    try {
        // The mask: the engine's plan (rows and tile summary), uploaded as bytes.
        auto t0 = Clock::now();
        const MaskPlan& plan = *in.mask;
        if (plan.blocks.blockSize != kTile)
            return Text::tr("the mask plan's tiles are not %1", kTile);
        cl::Buffer& maskBuf = D.upload(D.mask, plan.rows.data(), size_t(plan.rows.size()));
        cl::Buffer& stateBuf =
            D.upload(D.states, plan.blocks.states.data(), plan.blocks.states.size());
        out.timings.mask = msSince(t0);
        if (stopped()) return Text::tr("cancelled");

        const size_t nS = size_t(B * H * Lq * Lk);
        auto t1 = Clock::now();
        cl::Buffer& qBuf = D.upload(D.q, q.data(), size_t(q.size()));
        cl::Buffer& kBuf = D.upload(D.k, k.data(), size_t(k.size()));
        cl::Buffer& vBuf = D.upload(D.v, v.data(), size_t(v.size()));
        cl::Buffer& sBuf = D.ensure(D.s, nS * sizeof(float));
        cl::Buffer& msBuf = D.ensure(D.ms, nS * sizeof(float));
        cl::Buffer& pBuf = D.ensure(D.p, nS * sizeof(float));
        cl::Buffer& cBuf = D.ensure(D.c, size_t(B * H * Lq * d) * sizeof(float));
        const int iH = int(H), iHkv = int(Hkv), iLq = int(Lq), iLk = int(Lk), id = int(d);
        const int iQB = int(nQB), iKB = int(nKB);
        const opencl::GemmDims dims{B, H, Hkv, Lq, Lk, d};
        // CLBlast only where its 32-bit indices reach every element (else the tiled kernels).
        const bool tiledOnly = m_gemm == Gemm::Tiled || !opencl::clblastFits(dims);
        if (tiledOnly) {
            setArgs(D.scores, qBuf, kBuf, sBuf, iH, iHkv, iLq, iLk, id, in.scale);
            D.queue.enqueueNDRangeKernel(D.scores, cl::NullRange,
                                         cl::NDRange(roundUp(Lk, kOutTile) * kLocal,
                                                     roundUp(Lq, kOutTile) * kLocal, size_t(B * H)),
                                         cl::NDRange(kLocal, kLocal, 1));
        } else {
            opencl::scoresClBlast(D.queue, qBuf, kBuf, sBuf, dims, in.scale);
        }
        if (in.softCap > 0) {
            setArgs(D.softCap, sBuf, cl_long(nS), in.softCap);
            D.queue.enqueueNDRangeKernel(D.softCap, cl::NullRange, cl::NDRange(nS), cl::NullRange);
        }
        D.queue.finish();
        out.timings.scores = msSince(t1);
        if (stopped()) return Text::tr("cancelled");

        auto t2 = Clock::now();
        setArgs(D.softmax, sBuf, maskBuf, stateBuf, msBuf, pBuf, iH, iLq, iLk, iQB, iKB, pBuf,
                0);  // no row statistics
        D.queue.enqueueNDRangeKernel(D.softmax, cl::NullRange,
                                     cl::NDRange(size_t(B * H * Lq) * kRowGroup),
                                     cl::NDRange(kRowGroup));
        D.queue.finish();
        out.timings.softmax = msSince(t2);
        if (stopped()) return Text::tr("cancelled");

        auto t3 = Clock::now();
        const int64_t nonEmpty =
            int64_t(plan.blocks.states.size()) - plan.blocks.count(BlockSummary::Empty);
        if (!tiledOnly && (m_gemm == Gemm::ClBlast ||
                           2 * nonEmpty > int64_t(plan.blocks.states.size()))) {
            opencl::contextClBlast(D.queue, pBuf, vBuf, cBuf, dims);
        } else {
            setArgs(D.context_, pBuf, vBuf, stateBuf, cBuf, iH, iHkv, iLq, iLk, id, iQB, iKB);
            D.queue.enqueueNDRangeKernel(D.context_, cl::NullRange,
                                         cl::NDRange(roundUp(d, kOutTile) * kLocal,
                                                     roundUp(Lq, kOutTile) * kLocal, size_t(B * H)),
                                         cl::NDRange(kLocal, kLocal, 1));
        }
        D.queue.finish();
        out.timings.context = msSince(t3);
    } catch (const cl::Error& e) {
        return Text::tr("OpenCL on %1: %2", m_info.name, opencl::describe(e));
    } catch (const std::bad_alloc&) {
        return Text::tr(
            "out of memory: the attention matrices of B=%1, H=%2, Lq=%3, Lk=%4 do not fit", B, H,
            Lq, Lk);
    }
    D.B = B, D.H = H, D.Hkv = Hkv, D.Lq = Lq, D.Lk = Lk, D.d = d;
    D.resident = true;
    return out;
}

Result<AttentionSteps> OpenClBackend::run(const AttentionInputs& in, const CancelCheck& cancel) {
    auto steps = runResident(in, cancel);
    if (!steps) return steps;
    auto stopped = [&] { return cancel && cancel(); };
    AttentionSteps& out = steps.value();
    Device& D = *m_device;
    try {
        const std::vector<int64_t> shape{D.B, D.H, D.Lq, D.Lk};
        const size_t n = size_t(D.B * D.H * D.Lq * D.Lk);
        // Copies back are charged to the step that produced the tensor.
        auto t0 = Clock::now();
        out.scores = Tensor(shape);
        D.download(D.s, out.scores.data(), n);
        out.timings.scores += msSince(t0);
        if (stopped()) return Text::tr("cancelled");
        auto t1 = Clock::now();
        out.maskedScores = Tensor(shape);
        D.download(D.ms, out.maskedScores.data(), n);
        out.probs = Tensor(shape);
        D.download(D.p, out.probs.data(), n);
        out.timings.softmax += msSince(t1);
        if (stopped()) return Text::tr("cancelled");
        auto t2 = Clock::now();
        out.context = Tensor({D.B, D.H, D.Lq, D.d});
        D.download(D.c, out.context.data(), size_t(out.context.size()));
        out.timings.context += msSince(t2);
        stopped();  // the last of the polls counted for progress
    } catch (const cl::Error& e) {
        return Text::tr("OpenCL on %1: %2", m_info.name, opencl::describe(e));
    } catch (const std::bad_alloc&) {
        return Text::tr("out of memory copying the attention matrices back from %1", m_info.name);
    }
    return steps;
}

Result<Tensor> OpenClBackend::poolBins(Matrix which, int64_t b, const std::vector<int>& rowBegin,
                                       const std::vector<int>& rowEnd,
                                       const std::vector<int>& colBegin,
                                       const std::vector<int>& colEnd, PoolMode mode) {
    Device& D = *m_device;
    return poolBinsOf(which, b, D.H, D.Lq, D.Lk, rowBegin, rowEnd, colBegin, colEnd, mode);
}

Result<Tensor> OpenClBackend::poolBinsOf(Matrix which, int64_t b, int64_t H, int64_t Lq,
                                         int64_t Lk, const std::vector<int>& rowBegin,
                                         const std::vector<int>& rowEnd,
                                         const std::vector<int>& colBegin,
                                         const std::vector<int>& colEnd, PoolMode mode) {
    Device& D = *m_device;
    const int64_t nR = int64_t(rowBegin.size()), nC = int64_t(colBegin.size());
    Tensor out({H, nR, nC});
    if (out.size() == 0) return out;
    try {
        Device::Slot rb, re, cb, ce, o;
        D.upload(rb, rowBegin.data(), rowBegin.size());
        D.upload(re, rowEnd.data(), rowEnd.size());
        D.upload(cb, colBegin.data(), colBegin.size());
        D.upload(ce, colEnd.data(), colEnd.size());
        D.ensure(o, size_t(out.size()) * sizeof(float));
        const cl_long base = cl_long(b * H * Lq * Lk);
        const int iLq = int(Lq), iLk = int(Lk), iR = int(nR), iC = int(nC);
        const int iMode = mode == PoolMode::Max ? 1 : mode == PoolMode::Sum ? 2 : 0;
        cl::Kernel& kern = D.poolBins;
        setArgs(kern, D.matrix(which).buffer, base, iLq, iLk, rb.buffer, re.buffer, cb.buffer,
                ce.buffer, iR, iC, iMode, o.buffer);
        D.queue.enqueueNDRangeKernel(kern, cl::NullRange,
                                     cl::NDRange(size_t(nC), size_t(nR), size_t(H)));
        D.download(o, out.data(), size_t(out.size()));
    } catch (const cl::Error& e) {
        return Text::tr("OpenCL pooling on %1: %2", m_info.name, opencl::describe(e));
    }
    return out;
}

Result<Tensor> OpenClBackend::poolFrames(Matrix which, int64_t b, const FrameSpec& queryFrames,
                                         const FrameSpec& keyFrames, PoolMode mode) {
    Device& D = *m_device;
    if (!D.resident) return Text::tr("nothing computed on the device yet");
    if (b < 0 || b >= D.B) return Text::tr("batch element %1 out of range", b);
    if (Status st = queryFrames.validate(D.Lq); !st) return Text::tr("query frames: %1", st);
    if (Status st = keyFrames.validate(D.Lk); !st) return Text::tr("key frames: %1", st);
    std::vector<int> rb, re, cb, ce;
    for (const auto& [s, e] : queryFrames.ranges(D.Lq)) rb.push_back(int(s)), re.push_back(int(e));
    for (const auto& [s, e] : keyFrames.ranges(D.Lk)) cb.push_back(int(s)), ce.push_back(int(e));
    return poolBins(which, b, rb, re, cb, ce, mode);
}

Result<Tensor> OpenClBackend::poolToViewport(Matrix which, int64_t b, MatrixRegion g,
                                             int64_t maxRows, int64_t maxCols, PoolMode mode) {
    Device& D = *m_device;
    if (!D.resident) return Text::tr("nothing computed on the device yet");
    if (b < 0 || b >= D.B) return Text::tr("batch element %1 out of range", b);
    if (g.row0 < 0 || g.col0 < 0 || g.row1 > D.Lq || g.col1 > D.Lk)
        return Text::tr("viewport region outside the matrix");
    // The bins of ViewportPooling: cell i covers [⌊i·n/out⌋, ⌊(i+1)·n/out⌋); Sum acts as Mean.
    const int64_t nr = std::max<int64_t>(g.row1 - g.row0, 0);
    const int64_t nc = std::max<int64_t>(g.col1 - g.col0, 0);
    const int64_t outR = std::clamp<int64_t>(maxRows, 1, std::max<int64_t>(nr, 1));
    const int64_t outC = std::clamp<int64_t>(maxCols, 1, std::max<int64_t>(nc, 1));
    std::vector<int> rb, re, cb, ce;
    for (int64_t i = 0; i < outR; ++i)
        rb.push_back(int(g.row0 + i * nr / outR)), re.push_back(int(g.row0 + (i + 1) * nr / outR));
    for (int64_t j = 0; j < outC; ++j)
        cb.push_back(int(g.col0 + j * nc / outC)), ce.push_back(int(g.col0 + (j + 1) * nc / outC));
    return poolBins(which, b, rb, re, cb, ce, mode == PoolMode::Max ? mode : PoolMode::Mean);
}

Result<Tensor> OpenClBackend::meanOfRows(Matrix which, int64_t b,
                                         const std::vector<int64_t>& rows) {
    Device& D = *m_device;
    if (!D.resident) return Text::tr("nothing computed on the device yet");
    if (b < 0 || b >= D.B) return Text::tr("batch element %1 out of range", b);
    std::vector<int> list;  // rows outside the matrix are skipped, as meanOfRows() does
    if (rows.empty())
        for (int64_t r = 0; r < D.Lq; ++r) list.push_back(int(r));
    for (int64_t r : rows)
        if (r >= 0 && r < D.Lq) list.push_back(int(r));
    Tensor out({D.H, D.Lk});
    try {
        Device::Slot rowBuf, o;
        D.upload(rowBuf, list.data(), list.size());
        D.ensure(o, size_t(out.size()) * sizeof(float));
        const cl_long base = cl_long(b * D.H * D.Lq * D.Lk);
        const int iLq = int(D.Lq), iLk = int(D.Lk), n = int(list.size());
        cl::Kernel& kern = D.meanRows;
        setArgs(kern, D.matrix(which).buffer, base, iLq, iLk, rowBuf.buffer, n, o.buffer);
        D.queue.enqueueNDRangeKernel(kern, cl::NullRange, cl::NDRange(size_t(D.Lk), size_t(D.H)));
        D.download(o, out.data(), size_t(out.size()));
    } catch (const cl::Error& e) {
        return Text::tr("OpenCL pooling on %1: %2", m_info.name, opencl::describe(e));
    }
    return out;
}

Result<std::vector<SinkScore>> OpenClBackend::sinkScores(Matrix which, int64_t b,
                                                         const std::vector<int64_t>& rows) {
    auto means = meanOfRows(which, b, rows);
    if (!means) return means.failure();
    const int64_t H = means->dim(0), Lk = means->dim(1);
    std::vector<SinkScore> out;
    for (int64_t h = 0; h < H; ++h) {
        const float* r = means->data() + h * Lk;
        out.push_back(sinkScore(std::vector<double>(r, r + Lk)));
    }
    return out;
}

int64_t OpenClBackend::pooledChunkRows(int64_t heads, int64_t lk) const {
    // Scores, masked scores and probabilities of a chunk within a quarter of a GPU's memory, and
    // one allocation each; at most 1024 rows (a chunk's results are merged on the host). A CPU
    // device's memory is the process's: there the chunk takes at most 512 MiB, so that the pass
    // stays within the pooled path's memory bound (2 GiB at 32k tokens).
    const double rowBytes = double(heads) * double(lk) * sizeof(float);
    const double budget = m_info.gpu ? double(m_info.globalMemory) / 4.0
                                     : std::min(double(m_info.globalMemory) / 4.0, 512.0 * (1 << 20));
    int64_t rows = 1024;
    while (rows > 16 && (3.0 * double(rows) * rowBytes > budget ||
                         double(rows) * rowBytes > double(m_info.maxAllocation)))
        rows /= 2;
    return rows;
}

Result<PooledAttention> OpenClBackend::pooledPass(const Tensor& q, const Tensor& k,
                                                  const MaskExpr& mask, const MaskShape& shape,
                                                  float scale, float softCap,
                                                  const PooledRequest& request,
                                                  const CancelCheck& cancel) {
    // The head metrics' per-row figures (the atlas) are the CPU pass's.
    if (request.rowStats)
        return Backend::pooledPass(q, k, mask, shape, scale, softCap, request, cancel);
    const auto start = Clock::now();
    if (Status st = checkPooledRequest(q, k, request); !st) return st.failure();
    const int64_t B = q.dim(0), H = q.dim(1), Lq = q.dim(2), d = q.dim(3);
    const int64_t Hkv = k.dim(1), Lk = k.dim(2);
    if (std::max({Lq, Lk, d}) > (int64_t(1) << 30))
        return Text::tr("sequence too long for the OpenCL kernels");
    const int64_t N = request.frames, Fq = (Lq + N - 1) / N, Fk = (Lk + N - 1) / N;
    const bool port = request.viewport;
    const MatrixRegion region = port ? request.region : MatrixRegion{0, Lq, 0, Lk};
    int64_t vh = 0, vw = 0;
    if (port) {
        vh = std::min(request.height, region.row1 - region.row0);
        vw = std::min(request.width, region.col1 - region.col0);
    }
    const bool portMax = request.mode == PoolMode::Max;
    const bool logits = port && request.logits;
    const int64_t R = std::min(Lq, pooledChunkRows(B * H, Lk));
    if (3.0 * double(R) * double(B * H * Lk) * sizeof(float) > double(m_info.globalMemory))
        return Text::tr("%1 cannot hold the scores of %2 query rows over %3 keys", m_info.name, R,
                        Lk);

    // Bins: row and column starts of the viewport and the frames, in tokens.
    auto starts = [](int64_t from, int64_t n, int64_t out) {
        std::vector<int64_t> s(size_t(out + 1));
        for (int64_t c = 0; c <= out; ++c) s[size_t(c)] = from + c * n / out;
        return s;
    };
    const std::vector<int64_t> vRows =
        port ? starts(region.row0, region.row1 - region.row0, vh) : std::vector<int64_t>{};
    const std::vector<int64_t> vCols =
        port ? starts(region.col0, region.col1 - region.col0, vw) : std::vector<int64_t>{};
    std::vector<int32_t> vColOf(port ? size_t(Lk) : 0, -1);
    for (int64_t c = 0; c < vw; ++c)
        for (int64_t j = vCols[size_t(c)]; j < vCols[size_t(c) + 1]; ++j)
            vColOf[size_t(j)] = int32_t(c);
    std::vector<int> portColBegin, portColEnd, frameColBegin, frameColEnd;
    for (int64_t c = 0; c < vw; ++c)
        portColBegin.push_back(int(vCols[size_t(c)])), portColEnd.push_back(int(vCols[size_t(c) + 1]));
    for (int64_t f = 0; f < Fk; ++f)
        frameColBegin.push_back(int(f * N)), frameColEnd.push_back(int(std::min(Lk, (f + 1) * N)));

    // What the chunks add up, on the host.
    PooledAttention out;
    PooledSums sums;
    sums.batch = B, sums.heads = H, sums.lq = Lq, sums.lk = Lk, sums.frames = N;
    Tensor portAcc;  // the viewport's bins: maxima or sums
    std::vector<double> scoreSum, logitSum;
    try {
        out.entropy = Tensor({B, H, Lq}, 0.0f);
        out.rowShift = Tensor({B, H, Lq}, std::numeric_limits<float>::quiet_NaN());
        if (request.frameMax) out.frameMax = Tensor({B, H, Fq, Fk}, 0.0f);
        sums.received.assign(size_t(B * H * Lk), 0.0);
        sums.seen.assign(size_t(B * Lk), 0.0);
        sums.frameSum.assign(size_t(B * H * Fq * Fk), 0.0);
        if (port) {
            sums.rowStarts = vRows;
            sums.colStarts = vCols;
            sums.viewportMean = !portMax;
            sums.allowedPairs.assign(size_t(B * vh * vw), 0.0f);
            portAcc = Tensor({B, H, vh, vw}, 0.0f);
        }
        if (logits) {
            scoreSum.assign(size_t(B * H * vh * vw), 0.0);
            logitSum.assign(size_t(B * H * vh * vw), 0.0);
        }
    } catch (const std::bad_alloc&) {
        return Text::tr("out of memory for the pooled results");
    }

    // The results of the rows done so far (rows not yet done count 0).
    auto results = [&](PooledAttention& res) {
        finishPooled(sums, port ? portAcc : Tensor(), res);
        if (!logits) return;
        res.viewportLogitSum = Tensor({B, H, vh, vw});
        res.viewportScoreSum = Tensor({B, H, vh, vw});
        for (size_t j = 0; j < logitSum.size(); ++j) {
            res.viewportLogitSum[int64_t(j)] = float(logitSum[j]);
            res.viewportScoreSum[int64_t(j)] = float(scoreSum[j]);
        }
        res.viewportPairs = binPairs(vRows, vCols);
    };

    Device& D = *m_device;
    D.resident = false;  // the chunks take the resident matrices' buffers
    const int64_t chunks = (Lq + R - 1) / R;
    const int64_t slices = std::clamp<int64_t>(request.slices, 1, chunks);
    int64_t nextSlice = 1;
    try {
        cl::Buffer& qBuf = D.upload(D.q, q.data(), size_t(q.size()));
        cl::Buffer& kBuf = D.upload(D.k, k.data(), size_t(k.size()));
        const size_t cells = size_t(B * H * R * Lk);
        cl::Buffer& sBuf = D.ensure(D.s, cells * sizeof(float));
        cl::Buffer& msBuf = D.ensure(D.ms, cells * sizeof(float));
        cl::Buffer& pBuf = D.ensure(D.p, cells * sizeof(float));
        cl::Buffer& statsBuf = D.ensure(D.stats, size_t(B * H * R * 2) * sizeof(float));
        cl::Buffer& colsBuf = D.ensure(D.cols, size_t(B * H * Lk) * sizeof(float));
        BoolArray rows({B, R, Lk});
        std::vector<float> stats(size_t(B * H * R * 2)), cols(size_t(B * H * Lk));
        for (int64_t chunk = 0; chunk < chunks; ++chunk) {
            if (cancel && cancel()) return Text::tr("cancelled");
            const int64_t r0 = chunk * R, n = std::min(R, Lq - r0);
            // The chunk's mask on the host, its 128-tiles, the keys each may see, and the
            // viewport's allowed pairs.
            BoolArray m = n == R ? std::move(rows) : BoolArray({B, n, Lk});
            parallelFor(m_threads, B * n, [&](int, int64_t t) {
                const int64_t b = t / n, r = t % n;
                mask.evalRow(request.maskBatch >= 0 ? request.maskBatch : b, r0 + r, 0, Lk,
                             shape, m.data() + t * Lk);
            });
            const BlockSummary tiles = BlockSummary::fromDense(m, kTile);
            for (int64_t b = 0; b < B; ++b)
                for (int64_t r = 0; r < n; ++r) {
                    const uint8_t* a = m.data() + (b * n + r) * Lk;
                    double* sn = sums.seen.data() + b * Lk;
                    for (int64_t j = 0; j < Lk; ++j) sn[j] += a[j];
                    const int64_t i = r0 + r;
                    if (!port || i < region.row0 || i >= region.row1) continue;
                    const int64_t vr =
                        std::upper_bound(vRows.begin(), vRows.end(), i) - vRows.begin() - 1;
                    float* cnt = sums.allowedPairs.data() + (b * vh + vr) * vw;
                    for (int64_t j = region.col0; j < region.col1; ++j)
                        if (a[j]) cnt[vColOf[size_t(j)]] += 1.0f;
                }
            cl::Buffer& maskBuf = D.upload(D.mask, m.data(), size_t(m.size()));
            cl::Buffer& stateBuf = D.upload(D.states, tiles.states.data(), tiles.states.size());
            const int iH = int(H), iHkv = int(Hkv), iLq = int(Lq), iLk = int(Lk), id = int(d);
            const int iR0 = int(r0), iN = int(n), iKB = int(tiles.kvBlocks),
                      iQB = int(tiles.qBlocks);
            // Every score when the unmasked logits are summed, else only the tiles the mask
            // leaves.
            setArgs(D.scoresRows, qBuf, kBuf, stateBuf, sBuf, iH, iHkv, iLq, iLk, id, iR0, iN,
                    iKB, logits ? 0 : 1, scale);
            D.queue.enqueueNDRangeKernel(D.scoresRows, cl::NullRange,
                                         cl::NDRange(roundUp(Lk, kOutTile) * kLocal,
                                                     roundUp(n, kOutTile) * kLocal, size_t(B * H)),
                                         cl::NDRange(kLocal, kLocal, 1));
            const size_t nS = size_t(B * H * n * Lk);
            if (softCap > 0) {
                setArgs(D.softCap, sBuf, cl_long(nS), softCap);
                D.queue.enqueueNDRangeKernel(D.softCap, cl::NullRange, cl::NDRange(nS),
                                             cl::NullRange);
            }
            setArgs(D.softmax, sBuf, maskBuf, stateBuf, msBuf, pBuf, iH, iN, iLk, iQB, iKB,
                    statsBuf, 1);
            D.queue.enqueueNDRangeKernel(D.softmax, cl::NullRange,
                                         cl::NDRange(size_t(B * H * n) * kRowGroup),
                                         cl::NDRange(kRowGroup));
            setArgs(D.colSums, pBuf, iN, iLk, colsBuf);
            D.queue.enqueueNDRangeKernel(D.colSums, cl::NullRange,
                                         cl::NDRange(size_t(Lk), size_t(B * H)), cl::NullRange);
            D.download(D.stats, stats.data(), size_t(B * H * n * 2));
            D.download(D.cols, cols.data(), cols.size());
            for (int64_t bh = 0; bh < B * H; ++bh) {
                for (int64_t r = 0; r < n; ++r) {
                    out.rowShift[bh * Lq + r0 + r] = stats[size_t((bh * n + r) * 2)];
                    out.entropy[bh * Lq + r0 + r] = stats[size_t((bh * n + r) * 2 + 1)];
                }
                for (int64_t j = 0; j < Lk; ++j)
                    sums.received[size_t(bh * Lk + j)] += cols[size_t(bh * Lk + j)];
            }
            // Bins of the chunk's rows: the frames, then the viewport's.
            auto rowBins = [&](const std::vector<int64_t>& bounds, std::vector<int>& rb,
                               std::vector<int>& re, int64_t& first) {
                rb.clear(), re.clear();
                first = -1;
                for (size_t c = 0; c + 1 < bounds.size(); ++c) {
                    const int64_t a = std::max(bounds[c], r0), z = std::min(bounds[c + 1], r0 + n);
                    if (a >= z) continue;
                    if (first < 0) first = int64_t(c);
                    rb.push_back(int(a - r0)), re.push_back(int(z - r0));
                }
            };
            std::vector<int64_t> frameBounds;
            for (int64_t f = r0 / N; f * N < r0 + n; ++f) frameBounds.push_back(f * N);
            frameBounds.push_back(std::min(Lq, (r0 + n + N - 1) / N * N));
            std::vector<int> rb, re;
            int64_t first = 0;
            rowBins(frameBounds, rb, re, first);
            const int64_t f0 = r0 / N;
            for (int64_t b = 0; b < B; ++b) {
                auto frames = poolBinsOf(Matrix::Probs, b, H, n, Lk, rb, re, frameColBegin,
                                         frameColEnd, PoolMode::Sum);
                if (!frames) return frames.failure();
                const int64_t nr = int64_t(rb.size());
                for (int64_t h = 0; h < H; ++h)
                    for (int64_t i = 0; i < nr; ++i)
                        for (int64_t f = 0; f < Fk; ++f) {
                            const float x = (*frames)[(h * nr + i) * Fk + f];
                            if (std::isfinite(x))
                                sums.frameSum[size_t(((b * H + h) * Fq + f0 + i) * Fk + f)] += x;
                        }
                if (!request.frameMax) continue;
                auto maxima = poolBinsOf(Matrix::Probs, b, H, n, Lk, rb, re, frameColBegin,
                                         frameColEnd, PoolMode::Max);
                if (!maxima) return maxima.failure();
                for (int64_t h = 0; h < H; ++h)
                    for (int64_t i = 0; i < nr; ++i)
                        for (int64_t f = 0; f < Fk; ++f) {
                            float& cell = out.frameMax[((b * H + h) * Fq + f0 + i) * Fk + f];
                            const float x = (*maxima)[(h * nr + i) * Fk + f];
                            if (std::isfinite(x)) cell = std::max(cell, x);
                        }
            }
            if (port) {
                rowBins(vRows, rb, re, first);
                const int64_t nr = int64_t(rb.size());
                for (int64_t b = 0; nr > 0 && b < B; ++b) {
                    auto bins = poolBinsOf(Matrix::Probs, b, H, n, Lk, rb, re, portColBegin,
                                           portColEnd, portMax ? PoolMode::Max : PoolMode::Sum);
                    if (!bins) return bins.failure();
                    for (int64_t h = 0; h < H; ++h)
                        for (int64_t i = 0; i < nr; ++i)
                            for (int64_t c = 0; c < vw; ++c) {
                                const float x = (*bins)[(h * nr + i) * vw + c];
                                if (!std::isfinite(x)) continue;
                                float& cell = portAcc[((b * H + h) * vh + first + i) * vw + c];
                                cell = portMax ? std::max(cell, x) : cell + x;
                            }
                    if (!logits) continue;
                    // Σ of the allowed scores (the masked ones are −∞, skipped) and of every
                    // score.
                    for (auto [which, into] : {std::pair{Matrix::MaskedScores, &logitSum},
                                               std::pair{Matrix::Scores, &scoreSum}}) {
                        auto s = poolBinsOf(which, b, H, n, Lk, rb, re, portColBegin, portColEnd,
                                            PoolMode::Sum);
                        if (!s) return s.failure();
                        for (int64_t h = 0; h < H; ++h)
                            for (int64_t i = 0; i < nr; ++i)
                                for (int64_t c = 0; c < vw; ++c) {
                                    const float x = (*s)[(h * nr + i) * vw + c];
                                    if (std::isfinite(x))
                                        (*into)[size_t(((b * H + h) * vh + first + i) * vw + c)] +=
                                            x;
                                }
                    }
                }
            }
            if (n == R) rows = std::move(m);
            const double fraction = double(chunk + 1) / double(chunks);
            if (request.progress) request.progress(fraction);
            if (request.snapshot && chunk + 1 < chunks &&
                chunk + 1 >= nextSlice * chunks / slices) {
                ++nextSlice;
                PooledAttention partial;
                partial.entropy = out.entropy;
                partial.rowShift = out.rowShift;
                partial.frameMax = out.frameMax;
                results(partial);
                request.snapshot(std::move(partial), fraction);
            }
        }
    } catch (const cl::Error& e) {
        return Text::tr("OpenCL on %1: %2", m_info.name, opencl::describe(e));
    } catch (const std::bad_alloc&) {
        return Text::tr("out of memory for the pooled pass on %1 tokens", Lq);
    }
    results(out);
    out.ms = msSince(start);
    return out;
}

namespace {
class OpenClFamily : public BackendFamily {
public:
    std::string name() const override { return "opencl"; }
    Result<std::vector<BackendDevice>> devices() const override {
        auto list = listOpenClDevices();
        if (!list) return list.failure();
        std::vector<BackendDevice> out;
        for (const auto& d : *list)
            out.push_back({"opencl:" + std::to_string(d.index), "opencl", d.index,
                           Text::literal("OpenCL: " + d.label()),
                           d.gpu ? DeviceKind::Gpu : DeviceKind::Cpu});
        return out;
    }
    Result<std::unique_ptr<Backend>> create(const BackendDevice& device,
                                            const BackendSettings&) const override {
        auto backend = OpenClBackend::create(device.index);
        if (!backend) return backend.failure();
        return std::unique_ptr<Backend>(std::move(backend).value());
    }
};
}  // namespace

std::unique_ptr<BackendFamily> makeOpenClFamily() {
    return std::make_unique<OpenClFamily>();
}

}  // namespace attnscope
