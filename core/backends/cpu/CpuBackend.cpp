#include "core/backends/cpu/CpuBackend.h"

#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <mutex>
#include <new>
#include <thread>

#include "core/backends/BackendRegistry.h"
#include "core/common/Gemm.h"
#include "core/common/ParallelFor.h"
#include "core/common/Text.h"

namespace attnscope {

namespace {

using Clock = std::chrono::steady_clock;
constexpr float kNegInf = -std::numeric_limits<float>::infinity();

double msSince(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Per-worker time per step, summed over tasks; padded so workers do not share a cache line.
struct alignas(64) WorkerClock {
    double scores = 0, mask = 0, softmax = 0, context = 0;
};

struct Dims {
    int64_t B, H, Hkv, Lq, Lk, d, nQB, nKB;
};

}  // namespace

CpuBackend::CpuBackend(Options options)
    : m_threads(resolveThreads(options.threads)), m_gemm(options.gemm) {
    gemm::useSingleThreadedBlas();
}

Message CpuBackend::device() const {
    return m_gemm == Gemm::OpenBlas
               ? Text::tr("CPU (Eigen + OpenBLAS sgemm), %1 threads", m_threads)
               : Text::tr("CPU (Eigen), %1 threads", m_threads);
}

int64_t CpuBackend::cancelPolls(const AttentionInputs& in) const {
    if (!in.q || in.q->rank() != 4) return 1;
    const int64_t B = in.q->dim(0), H = in.q->dim(1), nQB = (in.q->dim(2) + kTile - 1) / kTile;
    return B * nQB * H;
}

Result<AttentionSteps> CpuBackend::run(const AttentionInputs& in, const CancelCheck& cancel) {
    if (Status st = checkAttentionInputs(in); !st) return st.failure();
    const Tensor &q = *in.q, &k = *in.k, &v = *in.v;
    Dims D{q.dim(0), q.dim(1), k.dim(1), q.dim(2), k.dim(2), q.dim(3), 0, 0};
    D.nQB = (D.Lq + kTile - 1) / kTile;
    D.nKB = (D.Lk + kTile - 1) / kTile;
    const gemm::GemmImpl gemm = m_gemm;
    const int64_t group = D.H / D.Hkv;

    AttentionSteps out;
    std::atomic<bool> stopped{false};
    auto shouldStop = [&] {
        if (stopped.load(std::memory_order_relaxed)) return true;
        if (cancel && cancel()) stopped = true;
        return stopped.load(std::memory_order_relaxed);
    };

    try {
        // Per (batch, head, row block) scores → mask → softmax → context, fused so the block's
        // rows are still in cache for each step. The mask rows and tiles are the plan's.
        const MaskPlan& plan = *in.mask;
        if (plan.blocks.blockSize != kTile)
            return Text::tr("the mask plan's tiles are not %1", kTile);
        const auto tB = Clock::now();
        out.scores = Tensor({D.B, D.H, D.Lq, D.Lk});
        out.maskedScores = Tensor({D.B, D.H, D.Lq, D.Lk});
        out.probs = Tensor({D.B, D.H, D.Lq, D.Lk});
        out.context = Tensor({D.B, D.H, D.Lq, D.d});
        const float nan = std::numeric_limits<float>::quiet_NaN();
        out.rowEntropy = Tensor({D.B, D.H, D.Lq}, nan);
        out.rowDistance = Tensor({D.B, D.H, D.Lq}, nan);
        const float qOffset = float(plan.shape.qOffset), kvOffset = float(plan.shape.kvOffset);
        std::vector<WorkerClock> clocks(m_threads);
        // Each task's strong cells, joined in task order (= row order) afterwards.
        struct Strong {
            std::vector<int64_t> count;  // per row of the task
            std::vector<int32_t> keys;
            std::vector<float> probs;
        };
        std::vector<Strong> strong(static_cast<size_t>(D.B * D.H * D.nQB));
        // Column sums per worker (merged after), each task's rows summed in float first.
        struct Columns {
            std::vector<double> scores, masked, probs, allowed;
            std::vector<float> ts, tm, tp, ta;
        };
        std::vector<Columns> columns(static_cast<size_t>(m_threads));

        parallelFor(m_threads, D.B * D.H * D.nQB, [&](int worker, int64_t t) {
            if (shouldStop()) return;
            const int64_t qb = t % D.nQB, bh = t / D.nQB, b = bh / D.H, h = bh % D.H;
            const int64_t g = h / group;
            const int64_t r0 = qb * kTile, r1 = std::min(D.Lq, r0 + kTile), rows = r1 - r0;
            const float* Q = q.data() + (bh * D.Lq + r0) * D.d;
            const float* K = k.data() + (b * D.Hkv + g) * D.Lk * D.d;
            const float* V = v.data() + (b * D.Hkv + g) * D.Lk * D.d;
            float* S = out.scores.data() + (bh * D.Lq + r0) * D.Lk;
            float* M = out.maskedScores.data() + (bh * D.Lq + r0) * D.Lk;
            float* P = out.probs.data() + (bh * D.Lq + r0) * D.Lk;
            float* C = out.context.data() + (bh * D.Lq + r0) * D.d;
            const uint8_t* maskRows = plan.rows.data() + (b * D.Lq + r0) * D.Lk;
            const uint8_t* state = plan.blocks.states.data() + (b * D.nQB + qb) * D.nKB;
            WorkerClock& clk = clocks[worker];

            auto t0 = Clock::now();
            gemm::gemmNT(gemm, rows, D.Lk, D.d, in.scale, Q, D.d, K, D.d, S, D.Lk);
            if (in.softCap > 0) {  // Gemma 2: c · tanh(s / c), after scaling, before masking
                Eigen::Map<Eigen::ArrayXf> sa(S, rows * D.Lk);
                sa = in.softCap * (sa * (1.0f / in.softCap)).tanh();
            }
            auto t1 = Clock::now();

            int64_t firstTile = D.nKB, lastTile = -1;
            for (int64_t kb = 0; kb < D.nKB; ++kb)
                if (state[kb] != BlockSummary::Empty) {
                    firstTile = std::min(firstTile, kb);
                    lastTile = kb;
                }
            const int64_t lo = lastTile < 0 ? 0 : firstTile * kTile;
            const int64_t hi = lastTile < 0 ? 0 : std::min(D.Lk, (lastTile + 1) * kTile);

            // The block's column sums — scores everywhere, masked scores where allowed, probs —
            // added row by row while each row is in cache (summed in float per block, then into
            // the worker's doubles).
            Columns& col = columns[size_t(worker)];
            if (col.scores.empty()) {
                const size_t n = size_t(D.B * D.H * D.Lk);
                col.scores.assign(n, 0.0);
                col.masked.assign(n, 0.0);
                col.probs.assign(n, 0.0);
                col.allowed.assign(size_t(D.B * D.Lk), 0.0);
                for (auto* v : {&col.ts, &col.tm, &col.tp, &col.ta}) v->assign(size_t(D.Lk), 0.0f);
            }
            using Row = Eigen::Map<Eigen::ArrayXf>;
            using ConstRow = Eigen::Map<const Eigen::ArrayXf>;
            Row ts(col.ts.data(), D.Lk), tm(col.tm.data(), D.Lk), tp(col.tp.data(), D.Lk),
                ta(col.ta.data(), D.Lk);
            ts.setZero();
            tm.setZero();
            tp.setZero();
            ta.setZero();
            const bool countRows = h == 0;  // the heads share the mask

            // Row r's masked scores from its scores, just before its softmax reads them (the row
            // stays in L1 between the two; a pass of its own over the block read the masked
            // scores back from memory). Timed per row: the inspector shows the two steps apart.
            double maskMs = 0;
            static const Eigen::ArrayXf ramp = Eigen::ArrayXf::LinSpaced(kTile, 0.0f, kTile - 1);
            auto maskRow = [&](int64_t r) {
                const auto start = Clock::now();
                const float* s = S + r * D.Lk;
                float* m = M + r * D.Lk;
                const uint8_t* mr = maskRows + r * D.Lk;
                ts += ConstRow(s, D.Lk);
                for (int64_t kb = 0; kb < D.nKB; ++kb) {
                    const int64_t c0 = kb * kTile, c1 = std::min(D.Lk, c0 + kTile);
                    if (state[kb] == BlockSummary::Empty) {
                        std::fill(m + c0, m + c1, kNegInf);
                    } else if (state[kb] == BlockSummary::Full) {
                        std::memcpy(m + c0, s + c0, (c1 - c0) * sizeof(float));
                    } else {
                        for (int64_t c = c0; c < c1; ++c) m[c] = mr[c] ? s[c] : kNegInf;
                    }
                }
                maskMs += std::chrono::duration<double, std::milli>(Clock::now() - start).count();
            };

            // A finished row into the column sums: its probabilities, and its allowed masked
            // scores (with the count of rows allowed to see each key, once for all heads).
            auto addColumns = [&](const float* m, const float* p, const uint8_t* mr) {
                tp += ConstRow(p, D.Lk);
                for (int64_t kb = firstTile; kb <= lastTile; ++kb) {
                    const int64_t c0 = kb * kTile, c1 = std::min(D.Lk, c0 + kTile);
                    if (state[kb] == BlockSummary::Empty) continue;
                    if (state[kb] == BlockSummary::Full) {
                        tm.segment(c0, c1 - c0) += ConstRow(m + c0, c1 - c0);
                        if (countRows) ta.segment(c0, c1 - c0) += 1.0f;
                        continue;
                    }
                    for (int64_t c = c0; c < c1; ++c)
                        if (mr[c]) {
                            tm[c] += m[c];
                            if (countRows) ta[c] += 1.0f;
                        }
                }
            };
            for (int64_t r = 0; r < rows; ++r) {
                maskRow(r);
                const float* m = M + r * D.Lk;
                float* p = P + r * D.Lk;
                const uint8_t* mr = maskRows + r * D.Lk;
                std::fill(p, p + lo, 0.0f);
                std::fill(p + hi, p + D.Lk, 0.0f);
                float mx = kNegInf;
                if (hi > lo) mx = Eigen::Map<const Eigen::ArrayXf>(m + lo, hi - lo).maxCoeff();
                if (mx == kNegInf) {  // no allowed key: a zero row (the plan lists it)
                    std::fill(p + lo, p + hi, 0.0f);
                    addColumns(m, p, mr);
                    continue;
                }
                // With e = exp(x − max) and Z = Σ e: the row's entropy is log Z − Σ e·(x − max)/Z
                // and its mean distance Σ e·|pos_q − pos_k| / Z, summed per tile while the tile
                // is in cache (no logarithm per cell).
                float sum = 0.0f;
                double ex = 0, dist = 0;
                const float qPos = float(r0 + r) + qOffset;
                for (int64_t kb = firstTile; kb <= lastTile; ++kb) {
                    const int64_t c0 = kb * kTile, c1 = std::min(D.Lk, c0 + kTile), n = c1 - c0;
                    if (state[kb] == BlockSummary::Empty) {
                        std::fill(p + c0, p + c1, 0.0f);
                        continue;
                    }
                    Eigen::Map<Eigen::ArrayXf> pe(p + c0, n);
                    const Eigen::Map<const Eigen::ArrayXf> me(m + c0, n);
                    pe = (me - mx).exp();
                    if (state[kb] == BlockSummary::Partial) {
                        // exp(−inf) is not exactly 0 in Eigen; masked cells add nothing.
                        for (int64_t c = c0; c < c1; ++c) {
                            if (!mr[c]) {
                                p[c] = 0.0f;
                                continue;
                            }
                            ex += double(p[c]) * double(m[c] - mx);
                            dist += double(p[c]) * double(std::abs(float(c) + kvOffset - qPos));
                        }
                    } else {
                        // |pos_k − pos_q| from a constant ramp 0 … kTile − 1: LinSpaced made
                        // this a scalar loop, a third of the softmax's time (perf annotate).
                        const auto far = (ramp.head(n) + (float(c0) + kvOffset - qPos)).abs();
                        ex += double((pe * (me - mx)).sum());
                        dist += double((pe * far).sum());
                    }
                    sum += pe.sum();
                }
                Eigen::Map<Eigen::ArrayXf>(p + lo, hi - lo) *= 1.0f / sum;
                // The row's strong cells: none when its largest, 1 / Z, is below the floor.
                Strong& st = strong[size_t(t)];
                if (st.count.empty()) st.count.assign(size_t(rows), 0);
                if (1.0f / sum >= AttentionSteps::kStrongFloor)
                    for (int64_t kb = firstTile; kb <= lastTile; ++kb) {
                        if (state[kb] == BlockSummary::Empty) continue;
                        const int64_t c0 = kb * kTile, c1 = std::min(D.Lk, c0 + kTile);
                        if (Eigen::Map<const Eigen::ArrayXf>(p + c0, c1 - c0).maxCoeff() <
                            AttentionSteps::kStrongFloor)
                            continue;
                        for (int64_t c = c0; c < c1; ++c)
                            if (p[c] >= AttentionSteps::kStrongFloor) {
                                st.keys.push_back(int32_t(c));
                                st.probs.push_back(p[c]);
                                ++st.count[size_t(r)];
                            }
                    }
                const int64_t at = bh * D.Lq + r0 + r;
                out.rowEntropy[at] = float(std::log(double(sum)) - ex / double(sum));
                out.rowDistance[at] = float(dist / double(sum));
                addColumns(m, p, mr);
            }
            {
                double* cs = col.scores.data() + bh * D.Lk;
                double* cm = col.masked.data() + bh * D.Lk;
                double* cp = col.probs.data() + bh * D.Lk;
                for (int64_t c = 0; c < D.Lk; ++c) {
                    cs[c] += ts[c];
                    cm[c] += tm[c];
                    cp[c] += tp[c];
                }
                if (countRows) {
                    double* ca = col.allowed.data() + b * D.Lk;
                    for (int64_t c = 0; c < D.Lk; ++c) ca[c] += ta[c];
                }
            }
            auto t3 = Clock::now();

            if (hi > lo)
                gemm::gemmNN(gemm, rows, D.d, hi - lo, P + lo, D.Lk, V + lo * D.d, D.d, C, D.d);
            else
                std::fill(C, C + rows * D.d, 0.0f);
            auto t4 = Clock::now();

            using ms = std::chrono::duration<double, std::milli>;
            clk.scores += ms(t1 - t0).count();
            clk.mask += maskMs;
            clk.softmax += ms(t3 - t1).count() - maskMs;
            clk.context += ms(t4 - t3).count();
        });
        const double fusedMs = msSince(tB);
        if (stopped) return Text::tr("cancelled");
        // The column sums of every worker, merged.
        out.columnScores = Tensor({D.B, D.H, D.Lk}, 0.0f);
        out.columnMasked = Tensor({D.B, D.H, D.Lk}, 0.0f);
        out.columnProbs = Tensor({D.B, D.H, D.Lk}, 0.0f);
        out.columnAllowed = Tensor({D.B, D.Lk}, 0.0f);
        {
            std::vector<double> s1(size_t(D.B * D.H * D.Lk), 0.0), s2 = s1, s3 = s1,
                                                                   a(size_t(D.B * D.Lk), 0.0);
            for (const Columns& c : columns) {
                if (c.scores.empty()) continue;
                for (size_t i = 0; i < s1.size(); ++i) {
                    s1[i] += c.scores[i];
                    s2[i] += c.masked[i];
                    s3[i] += c.probs[i];
                }
                for (size_t i = 0; i < a.size(); ++i) a[i] += c.allowed[i];
            }
            for (size_t i = 0; i < s1.size(); ++i) {
                out.columnScores[int64_t(i)] = float(s1[i]);
                out.columnMasked[int64_t(i)] = float(s2[i]);
                out.columnProbs[int64_t(i)] = float(s3[i]);
            }
            for (size_t i = 0; i < a.size(); ++i) out.columnAllowed[int64_t(i)] = float(a[i]);
        }
        // The strong cells as compressed rows (tasks are (b·H + h, row block) in row order).
        out.strongStart.assign(size_t(D.B * D.H * D.Lq) + 1, 0);
        size_t total = 0;
        for (const Strong& st : strong) total += st.keys.size();
        out.strongKeys.reserve(total);
        out.strongProbs.reserve(total);
        for (int64_t t = 0; t < int64_t(strong.size()); ++t) {
            const Strong& st = strong[size_t(t)];
            const int64_t qb = t % D.nQB, bh = t / D.nQB, r0 = qb * kTile;
            const int64_t rows = std::min(D.Lq, r0 + kTile) - r0;
            for (int64_t r = 0; r < rows; ++r) {
                const int64_t at = bh * D.Lq + r0 + r;
                out.strongStart[size_t(at) + 1] =
                    out.strongStart[size_t(at)] + (st.count.empty() ? 0 : st.count[size_t(r)]);
            }
            out.strongKeys.insert(out.strongKeys.end(), st.keys.begin(), st.keys.end());
            out.strongProbs.insert(out.strongProbs.end(), st.probs.begin(), st.probs.end());
        }

        // Steps ran interleaved on several threads: share the fused wall time out in proportion
        // to the thread time each step took, so the steps add up to the real total.
        WorkerClock sum;
        for (const auto& c : clocks) {
            sum.scores += c.scores;
            sum.mask += c.mask;
            sum.softmax += c.softmax;
            sum.context += c.context;
        }
        const double busy = sum.scores + sum.mask + sum.softmax + sum.context;
        const double f = busy > 0 ? fusedMs / busy : 0.0;
        out.timings = {sum.scores * f, sum.mask * f, sum.softmax * f, sum.context * f};
    } catch (const std::bad_alloc&) {
        return Text::tr(
            "out of memory: the attention matrices of B=%1, H=%2, Lq=%3, Lk=%4 do not fit", D.B,
            D.H, D.Lq, D.Lk);
    }
    return out;
}

namespace {
class CpuFamily : public BackendFamily {
public:
    std::string name() const override { return "cpu"; }
    Result<std::vector<BackendDevice>> devices() const override {
        return std::vector<BackendDevice>{
            {"cpu", "cpu", 0, CpuBackend().device(), DeviceKind::Cpu}};
    }
    Result<std::unique_ptr<Backend>> create(const BackendDevice&,
                                            const BackendSettings& s) const override {
        return std::unique_ptr<Backend>(
            std::make_unique<CpuBackend>(CpuBackend::Options{s.threads, s.gemm}));
    }
    int priority() const override { return 1; }  // a CPU OpenCL device (PoCL) never beats it
};
}  // namespace

std::unique_ptr<BackendFamily> makeCpuFamily() {
    return std::make_unique<CpuFamily>();
}

}  // namespace attnscope
