#include "core/backends/opencl/OpenClBackend.h"

#include "core/backends/BackendRegistry.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <new>

#include "core/backends/opencl/OpenClCommon.h"
#include "core/backends/opencl/OpenClGemm.h"
#include "core/backends/opencl/OpenClKernels.h"
#include "core/common/ParallelFor.h"
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
    cl::Kernel scores, softCap, softmax, context_, poolBins, meanRows;

    // The last computation, resident on the device; buffers are reused while large enough.
    struct Slot {
        cl::Buffer buffer;
        size_t capacity = 0;
    };
    Slot q, k, v, mask, states, s, ms, p, c;
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
        if (m_gemm == Gemm::Tiled) {
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
        setArgs(D.softmax, sBuf, maskBuf, stateBuf, msBuf, pBuf, iH, iLq, iLk, iQB, iKB);
        D.queue.enqueueNDRangeKernel(D.softmax, cl::NullRange,
                                     cl::NDRange(size_t(B * H * Lq) * kRowGroup),
                                     cl::NDRange(kRowGroup));
        D.queue.finish();
        out.timings.softmax = msSince(t2);
        if (stopped()) return Text::tr("cancelled");

        auto t3 = Clock::now();
        const int64_t nonEmpty =
            int64_t(plan.blocks.states.size()) - plan.blocks.count(BlockSummary::Empty);
        if (m_gemm == Gemm::ClBlast ||
            (m_gemm == Gemm::Auto && 2 * nonEmpty > int64_t(plan.blocks.states.size()))) {
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
    const int64_t nR = int64_t(rowBegin.size()), nC = int64_t(colBegin.size());
    Tensor out({D.H, nR, nC});
    if (out.size() == 0) return out;
    try {
        Device::Slot rb, re, cb, ce, o;
        D.upload(rb, rowBegin.data(), rowBegin.size());
        D.upload(re, rowEnd.data(), rowEnd.size());
        D.upload(cb, colBegin.data(), colBegin.size());
        D.upload(ce, colEnd.data(), colEnd.size());
        D.ensure(o, size_t(out.size()) * sizeof(float));
        const cl_long base = cl_long(b * D.H * D.Lq * D.Lk);
        const int iLq = int(D.Lq), iLk = int(D.Lk), iR = int(nR), iC = int(nC);
        const int iMode = mode == PoolMode::Max ? 1 : mode == PoolMode::Sum ? 2 : 0;
        cl::Kernel& kern = D.poolBins;
        setArgs(kern, D.matrix(which).buffer, base, iLq, iLk, rb.buffer, re.buffer, cb.buffer,
                ce.buffer, iR, iC, iMode, o.buffer);
        D.queue.enqueueNDRangeKernel(kern, cl::NullRange,
                                     cl::NDRange(size_t(nC), size_t(nR), size_t(D.H)));
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
