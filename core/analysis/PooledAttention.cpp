#include "core/analysis/PooledAttention.h"

#include <Eigen/Core>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>

#include "core/analysis/SinkScore.h"
#include "core/common/Gemm.h"
#include "core/common/ParallelFor.h"
#include "core/common/Text.h"

namespace attnscope {

namespace {

constexpr int64_t kRows = 64;

/// Start of each of `out` bins of n positions: bin c covers [⌊c·n/out⌋, ⌊(c+1)·n/out⌋).
std::vector<int64_t> binStarts(int64_t n, int64_t out) {
    std::vector<int64_t> s(size_t(out + 1));
    for (int64_t c = 0; c <= out; ++c) s[size_t(c)] = c * n / out;
    return s;
}

/// The bin of each position that `starts` (one more than the bins; empty: none) divides.
std::vector<int32_t> binOfEach(const std::vector<int64_t>& starts) {
    if (starts.empty()) return {};
    std::vector<int32_t> of(size_t(starts.back()));
    for (size_t c = 0; c + 1 < starts.size(); ++c)
        for (int64_t i = starts[c]; i < starts[c + 1]; ++i) of[size_t(i)] = int32_t(c);
    return of;
}

}  // namespace

Status checkPooledRequest(const Tensor& q, const Tensor& k, const PooledRequest& request) {
    if (q.rank() != 4 || k.rank() != 4) return Text::tr("Q and K must be [B, H, L, d]");
    const int64_t B = q.dim(0), H = q.dim(1), Lq = q.dim(2), d = q.dim(3);
    const int64_t Hkv = k.dim(1), Lk = k.dim(2);
    if (k.dim(0) != B || k.dim(3) != d || Hkv < 1 || H % Hkv != 0)
        return Text::tr("K does not match Q (batch, d_head, or heads not a multiple of kv heads)");
    if (request.frames < 1) return Text::tr("frames must hold at least one token");
    if (request.mapCells < 0 || request.mapCells > 1024)
        return Text::tr("the map's size must be 0 to 1024 cells each way");
    if (!request.viewport) return {};
    const MatrixRegion& g = request.region;
    if (g.row0 < 0 || g.row1 > Lq || g.row0 >= g.row1 || g.col0 < 0 || g.col1 > Lk ||
        g.col0 >= g.col1)
        return Text::tr("the viewport must lie inside the %1 × %2 matrix", Lq, Lk);
    if (request.width < 1 || request.height < 1 || request.width > 8192 || request.height > 8192)
        return Text::tr("the viewport's size must be 1 to 8192 pixels each way");
    return {};
}

Tensor frameSums(const Tensor& means, int64_t lq, int64_t lk, int64_t n) {
    Tensor sums = means;
    const int64_t Fq = means.dim(2), Fk = means.dim(3);
    for (int64_t bh = 0; bh < means.dim(0) * means.dim(1); ++bh)
        for (int64_t fq = 0; fq < Fq; ++fq)
            for (int64_t fk = 0; fk < Fk; ++fk)
                sums[(bh * Fq + fq) * Fk + fk] *= float(std::min(lq, (fq + 1) * n) - fq * n) *
                                                  float(std::min(lk, (fk + 1) * n) - fk * n);
    return sums;
}

Tensor binPairs(const std::vector<int64_t>& rowStarts, const std::vector<int64_t>& colStarts) {
    const int64_t rows = int64_t(rowStarts.size()) - 1, cols = int64_t(colStarts.size()) - 1;
    Tensor out({rows, cols});
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < cols; ++c)
            out[r * cols + c] = float(double(rowStarts[size_t(r) + 1] - rowStarts[size_t(r)]) *
                                      double(colStarts[size_t(c) + 1] - colStarts[size_t(c)]));
    return out;
}

void finishPooled(const PooledSums& s, Tensor viewport, PooledAttention& res) {
    const int64_t B = s.batch, H = s.heads, Lq = s.lq, Lk = s.lk, N = s.frames;
    const int64_t Fq = (Lq + N - 1) / N, Fk = (Lk + N - 1) / N;
    res.received = Tensor({B, H, Lk});
    for (size_t j = 0; j < s.received.size(); ++j) res.received[int64_t(j)] = float(s.received[j]);
    res.seen = Tensor({B, Lk});
    for (size_t j = 0; j < s.seen.size(); ++j) res.seen[int64_t(j)] = float(s.seen[j]);
    res.keyMean = Tensor({B, H, Lk});
    res.sink = Tensor({B, H});
    res.frameProbs = Tensor({B, H, Fq, Fk});
    for (int64_t bh = 0; bh < B * H; ++bh) {
        const int64_t b = bh / H;
        std::vector<double> r(static_cast<size_t>(Lk));
        for (int64_t j = 0; j < Lk; ++j) {
            const double n = s.seen[size_t(b * Lk + j)], x = s.received[size_t(bh * Lk + j)];
            res.keyMean[bh * Lk + j] =
                n > 0 ? float(x / n) : std::numeric_limits<float>::quiet_NaN();
            r[size_t(j)] = x / double(Lq);
        }
        res.sink[bh] = float(sinkScore(r).sink);
        for (int64_t fq = 0; fq < Fq; ++fq) {
            const double nr = double(std::min(Lq, (fq + 1) * N) - fq * N);
            for (int64_t fk = 0; fk < Fk; ++fk) {
                const double nc = double(std::min(Lk, (fk + 1) * N) - fk * N);
                const int64_t at = (bh * Fq + fq) * Fk + fk;
                res.frameProbs[at] = float(s.frameSum[size_t(at)] / (nr * nc));
            }
        }
    }
    if (s.rowStarts.empty()) return;
    const int64_t vh = int64_t(s.rowStarts.size()) - 1, vw = int64_t(s.colStarts.size()) - 1;
    if (s.viewportMean) {
        const Tensor pairs = binPairs(s.rowStarts, s.colStarts);
        for (int64_t bh = 0; bh < B * H; ++bh)
            for (int64_t i = 0; i < vh * vw; ++i) viewport[bh * vh * vw + i] /= pairs[i];
    }
    res.viewport = std::move(viewport);
    res.viewportAllowed = Tensor({B, vh, vw});
    res.viewportCount = Tensor({B, vh, vw});
    for (size_t j = 0; j < s.allowedPairs.size(); ++j) {
        res.viewportAllowed[int64_t(j)] = s.allowedPairs[j] > 0 ? 1.0f : 0.0f;
        res.viewportCount[int64_t(j)] = s.allowedPairs[j];
    }
}

double materialisedBytes(int64_t batch, int64_t heads, int64_t lq, int64_t lk) {
    const double cells = double(batch) * double(heads) * double(lq) * double(lk);
    return cells * 4.0 * 3.0 + double(batch) * double(lq) * double(lk);
}

Result<PooledAttention> pooledAttention(const Tensor& q, const Tensor& k, const MaskExpr& mask,
                                        const MaskShape& shape, float scale, float softCap,
                                        const PooledRequest& request, int threads,
                                        const std::function<bool()>& cancel) {
    const auto start = std::chrono::steady_clock::now();
    if (Status st = checkPooledRequest(q, k, request); !st) return st.failure();
    const int64_t B = q.dim(0), H = q.dim(1), Lq = q.dim(2), d = q.dim(3);
    const int64_t Hkv = k.dim(1), Lk = k.dim(2);
    const int64_t N = request.frames, Fq = (Lq + N - 1) / N, Fk = (Lk + N - 1) / N;
    const int64_t group = H / Hkv;
    const bool port = request.viewport;
    MatrixRegion region = request.region;
    int64_t vh = 0, vw = 0;
    if (port) {
        vh = std::min(request.height, region.row1 - region.row0);
        vw = std::min(request.width, region.col1 - region.col0);
    }
    const bool portMax = request.mode == PoolMode::Max;
    // The atlas map: sums per cell, its own bins over the whole matrix.
    const bool mapped = request.mapCells > 0;
    const int64_t mh = mapped ? std::min(request.mapCells, Lq) : 0;
    const int64_t mw = mapped ? std::min(request.mapCells, Lk) : 0;
    const std::vector<int64_t> mRows = mapped ? binStarts(Lq, mh) : std::vector<int64_t>{};
    const std::vector<int64_t> mCols = mapped ? binStarts(Lk, mw) : std::vector<int64_t>{};
    const std::vector<int32_t> mRowOf = binOfEach(mRows), mColOf = binOfEach(mCols);

    PooledAttention out;
    std::vector<double> frameSum;
    try {
        if (request.frameMax) out.frameMax = Tensor({B, H, Fq, Fk}, 0.0f);
        out.entropy = Tensor({B, H, Lq}, 0.0f);  // rows of wholly masked blocks stay 0
        out.rowShift = Tensor({B, H, Lq}, std::numeric_limits<float>::quiet_NaN());
        if (port) out.viewport = Tensor({B, H, vh, vw}, 0.0f);
        if (port && request.logits)
            out.viewportLogitSum = Tensor({B, H, vh, vw}, 0.0f);  // probabilities ≥ 0: max from 0
        if (request.rowStats)
            for (Tensor* t : {&out.rowFirst, &out.rowDistance, &out.rowSelf, &out.rowPrevious})
                *t = Tensor({B, H, Lq}, std::numeric_limits<float>::quiet_NaN());
        if (mapped) out.map = Tensor({B, H, mh, mw}, 0.0f);
        frameSum.assign(size_t(B * H * Fq * Fk), 0.0);
    } catch (const std::bad_alloc&) {
        return Text::tr("out of memory for the pooled results");
    }
    const std::vector<int64_t> vRows =
        port ? binStarts(region.row1 - region.row0, vh) : std::vector<int64_t>{};
    const std::vector<int64_t> vCols =
        port ? binStarts(region.col1 - region.col0, vw) : std::vector<int64_t>{};
    // The viewport bin of each row / column of the region.
    const std::vector<int32_t> vRowOf = binOfEach(vRows), vColOf = binOfEach(vCols);

    // Tasks: whole query frames (at least 64 rows) of one batch element, so that a task owns its
    // rows of the frame sums; received and the viewport are summed per worker, then merged.
    const int64_t framesPerTask = std::max<int64_t>(1, (kRows + N - 1) / N);
    const int64_t tasksPerBatch = (Fq + framesPerTask - 1) / framesPerTask;
    const int64_t tasks = B * tasksPerBatch;
    const int workers = std::max(1, threads);
    std::vector<std::vector<double>> received(static_cast<size_t>(workers));
    // The viewport is accumulated in place (out.viewport, sums for a mean): a bin whose rows lie
    // in one task belongs to that task alone, the few bins across two tasks take atomic updates.
    // Allowed pairs per viewport cell, [B, vh, vw] (shared by the heads: the mask is).
    std::vector<float> portCount(port ? size_t(B * vh * vw) : 0, 0.0f);
    const bool logits = port && request.logits;
    auto addToBin = [portMax](float& cell, float v, bool owned) {
        if (owned) {
            cell = portMax ? std::max(cell, v) : cell + v;
            return;
        }
        std::atomic_ref<float> a(cell);
        if (!portMax) {
            a.fetch_add(v, std::memory_order_relaxed);
            return;
        }
        float now = a.load(std::memory_order_relaxed);
        while (v > now && !a.compare_exchange_weak(now, v, std::memory_order_relaxed)) {
        }
    };
    // Whether viewport row bin vr lies wholly in the rows [rowBegin, rowEnd).
    auto ownsBin = [&](int64_t vr, int64_t rowBegin, int64_t rowEnd) {
        return region.row0 + vRows[size_t(vr)] >= rowBegin &&
               region.row0 + vRows[size_t(vr) + 1] <= rowEnd;
    };
    std::vector<std::vector<double>> seenBy(static_cast<size_t>(workers));  // [B, Lk] per worker
    std::atomic<bool> stopped{false};
    std::atomic<int64_t> tasksDone{0};
    gemm::useSingleThreadedBlas();
    const float inf = std::numeric_limits<float>::infinity();
    // 0, 1, …, Lk − 1: the rows' key distances from it (Eigen's LinSpaced is a scalar loop).
    const Eigen::ArrayXf ramp = Eigen::ArrayXf::LinSpaced(std::max<int64_t>(Lk, 1), 0.0f,
                                                          float(std::max<int64_t>(Lk, 1) - 1));

    auto runTask = [&](int worker, int64_t task) {
        if (stopped) return;
        auto& recv = received[size_t(worker)];
        if (recv.empty()) recv.assign(size_t(B * H * Lk), 0.0);
        auto& seen = seenBy[size_t(worker)];
        if (seen.empty()) seen.assign(size_t(B * Lk), 0.0);
        const int64_t b = task / tasksPerBatch, t = task % tasksPerBatch;
        const int64_t rowBegin = t * framesPerTask * N;
        const int64_t rowEnd = std::min(Lq, (t + 1) * framesPerTask * N);
        std::vector<uint8_t> allowed(size_t(kRows * Lk));
        std::vector<float> x(size_t(kRows * Lk)), maskf(size_t(kRows * Lk)),
            ebuf(static_cast<size_t>(Lk)), distbuf(static_cast<size_t>(Lk));

        for (int64_t r0 = rowBegin; r0 < rowEnd; r0 += kRows) {
            if (cancel && cancel()) {
                stopped = true;
                return;
            }
            const int64_t r1 = std::min(rowEnd, r0 + kRows), rows = r1 - r0;
            // The block's mask, once for every head, and the keys any of its rows may see.
            int64_t lo = Lk, hi = 0;
            for (int64_t r = 0; r < rows; ++r) {
                uint8_t* m = allowed.data() + r * Lk;
                mask.evalRow(request.maskBatch >= 0 ? request.maskBatch : b, r0 + r, 0, Lk, shape,
                             m);
                int64_t first = 0;
                while (first < Lk && !m[first]) ++first;
                if (first == Lk) continue;
                int64_t last = Lk - 1;
                while (!m[last]) --last;
                lo = std::min(lo, first);
                hi = std::max(hi, last + 1);
                // The viewport cells this row has an allowed pair in.
                const int64_t i = r0 + r;
                if (port && i >= region.row0 && i < region.row1) {
                    const int64_t vr = vRowOf[size_t(i - region.row0)];
                    const bool owned = ownsBin(vr, rowBegin, rowEnd);
                    float* arow = portCount.data() + (b * vh + vr) * vw;
                    for (int64_t j = std::max(first, region.col0),
                                 end = std::min(last + 1, region.col1);
                         j < end; ++j) {
                        if (!m[j]) continue;
                        float& cell = arow[vColOf[size_t(j - region.col0)]];
                        if (owned)
                            cell += 1.0f;
                        else
                            std::atomic_ref<float>(cell).fetch_add(1.0f, std::memory_order_relaxed);
                    }
                }
            }
            if (hi <= lo) continue;  // no allowed key in the block: zero rows, entropy 0
            const int64_t n = hi - lo;
            for (int64_t r = 0; r < rows; ++r)
                for (int64_t j = 0; j < n; ++j) {
                    const bool ok = allowed[size_t(r * Lk + lo + j)] != 0;
                    maskf[size_t(r * n + j)] = ok ? 1.0f : 0.0f;
                    if (ok) seen[size_t(b * Lk + lo + j)] += 1.0;  // queries that see the key
                }
            for (int64_t h = 0; h < H; ++h) {
                const int64_t g = h / group;
                const float* Q = q.data() + ((b * H + h) * Lq + r0) * d;
                const float* K = k.data() + ((b * Hkv + g) * Lk + lo) * d;
                gemm::gemmNT(gemm::GemmImpl::OpenBlas, rows, n, d, scale, Q, d, K, d, x.data(), n);
                double* fsum = frameSum.data() + (b * H + h) * Fq * Fk;
                double* rsum = recv.data() + (b * H + h) * Lk;
                for (int64_t r = 0; r < rows; ++r) {
                    const int64_t i = r0 + r;
                    Eigen::Map<Eigen::ArrayXf> a(x.data() + r * n, n);
                    Eigen::Map<const Eigen::ArrayXf> mk(maskf.data() + r * n, n);
                    if (softCap > 0) a = softCap * (a * (1.0f / softCap)).tanh();
                    a = (mk > 0.5f).select(a, -inf);
                    const float top = a.maxCoeff();
                    float* ent = out.entropy.data() + (b * H + h) * Lq + i;
                    if (!std::isfinite(top)) {  // no allowed key in this row
                        *ent = 0.0f;
                        continue;
                    }
                    // The viewport's masked logits: Σ of the allowed scores per cell (masked
                    // keys add 0: one vectorised select, then a branch-free scatter).
                    if (logits && i >= region.row0 && i < region.row1) {
                        const int64_t vr = vRowOf[size_t(i - region.row0)];
                        const bool owned = ownsBin(vr, rowBegin, rowEnd);
                        float* lrow = out.viewportLogitSum.data() + ((b * H + h) * vh + vr) * vw;
                        Eigen::Map<Eigen::ArrayXf> z(distbuf.data(), n);
                        z = (mk > 0.5f).select(a, 0.0f);
                        const int32_t* binOf = vColOf.data() - region.col0;
                        const float* z0 = z.data() - lo;
                        const int64_t c0 = std::max(lo, region.col0),
                                      c1 = std::min(hi, region.col1);
                        if (owned) {
                            for (int64_t j = c0; j < c1; ++j) lrow[binOf[j]] += z0[j];
                        } else {
                            for (int64_t j = c0; j < c1; ++j)
                                std::atomic_ref<float>(lrow[binOf[j]])
                                    .fetch_add(z0[j], std::memory_order_relaxed);
                        }
                    }
                    // e = exp(x − max) over the allowed keys; H = log Z − Σ e·(x − max) / Z.
                    a = a - top;
                    Eigen::Map<Eigen::ArrayXf> e(ebuf.data(), n);
                    e = a.exp();  // 0 where masked (x − max = −inf)
                    const double z = e.cast<double>().sum();
                    const double ex = (mk > 0.5f).select(e * a, 0.0f).cast<double>().sum();
                    *ent = float(std::log(z) - ex / z);
                    out.rowShift[(b * H + h) * Lq + i] = float(double(top) + std::log(z));
                    e *= float(1.0 / z);
                    const auto& pr = e;  // the row's probabilities over [lo, hi)
                    // Received: Σ over rows, per worker.
                    Eigen::Map<Eigen::ArrayXd>(rsum + lo, n) += pr.cast<double>();
                    // Frame sums of this row's frame.
                    double* frow = fsum + (i / N) * Fk;
                    // The task owns its rows' frames: maxima written plainly.
                    float* fmax = request.frameMax
                                      ? out.frameMax.data() + ((b * H + h) * Fq + i / N) * Fk
                                      : nullptr;
                    for (int64_t fk = lo / N; fk * N < hi; ++fk) {
                        const int64_t c0 = std::max(lo, fk * N), c1 = std::min(hi, (fk + 1) * N);
                        const auto seg = pr.segment(c0 - lo, c1 - c0);
                        frow[fk] += double(seg.sum());
                        if (fmax) fmax[fk] = std::max(fmax[fk], seg.maxCoeff());
                    }
                    if (request.rowStats) {
                        const int64_t at = (b * H + h) * Lq + i;
                        const double pos = double(i + shape.qOffset);
                        out.rowFirst[at] = lo == 0 ? pr[0] : 0.0f;
                        // Σ p·|pos_q − pos_k| over [lo, hi): the distances as a ramp.
                        Eigen::Map<Eigen::ArrayXf> dist(distbuf.data(), n);
                        dist = (ramp.head(n) + float(double(lo + shape.kvOffset) - pos)).abs();
                        out.rowDistance[at] = float((pr * dist).cast<double>().sum());
                        const int64_t self = i + shape.qOffset - shape.kvOffset;
                        auto cell = [&](int64_t j) {
                            if (j < 0 || j >= Lk) return std::numeric_limits<float>::quiet_NaN();
                            return j >= lo && j < hi ? float(pr[j - lo]) : 0.0f;
                        };
                        out.rowSelf[at] = cell(self);
                        out.rowPrevious[at] = cell(self - 1);
                    }
                    // The atlas map's cells of this row: sums over runs of at least a few
                    // tokens; a cell row across two tasks takes atomic updates.
                    if (mapped) {
                        const int64_t mr = mRowOf[size_t(i)];
                        const bool owned =
                            mRows[size_t(mr)] >= rowBegin && mRows[size_t(mr) + 1] <= rowEnd;
                        float* mrow = out.map.data() + ((b * H + h) * mh + mr) * mw;
                        for (int64_t j = lo; j < hi;) {
                            const int32_t bin = mColOf[size_t(j)];
                            const int64_t end = std::min(hi, mCols[size_t(bin) + 1]);
                            const float v = pr.segment(j - lo, end - j).sum();
                            if (owned)
                                mrow[bin] += v;
                            else
                                std::atomic_ref<float>(mrow[bin]).fetch_add(
                                    v, std::memory_order_relaxed);
                            j = end;
                        }
                    }
                    // The viewport's bins of this row.
                    if (port && i >= region.row0 && i < region.row1) {
                        const int64_t vr = vRowOf[size_t(i - region.row0)];
                        const bool owned = ownsBin(vr, rowBegin, rowEnd);
                        float* vrow = out.viewport.data() + ((b * H + h) * vh + vr) * vw;
                        const int64_t c0 = std::max(lo, region.col0),
                                      c1 = std::min(hi, region.col1);
                        if (owned) {  // cell by cell: bins may be a token or two wide
                            const int32_t* binOf = vColOf.data() - region.col0;
                            const float* p = pr.data() - lo;
                            if (portMax)
                                for (int64_t j = c0; j < c1; ++j)
                                    vrow[binOf[j]] = std::max(vrow[binOf[j]], p[j]);
                            else
                                for (int64_t j = c0; j < c1; ++j) vrow[binOf[j]] += p[j];
                            continue;
                        }
                        for (int64_t j = c0; j < c1;) {
                            const int32_t bin = vColOf[size_t(j - region.col0)];
                            const int64_t end = std::min(c1, region.col0 + vCols[size_t(bin) + 1]);
                            const auto seg = pr.segment(j - lo, end - j);
                            addToBin(vrow[bin], portMax ? seg.maxCoeff() : seg.sum(), owned);
                            j = end;
                        }
                    }
                }
            }
        }
        const int64_t done = ++tasksDone;
        if (request.progress) request.progress(double(done) / double(tasks));
    };

    // The results of the rows done so far: per-worker sums merged and normalised.
    auto results = [&](PooledAttention& res, bool final) {
        PooledSums sums;
        sums.batch = B, sums.heads = H, sums.lq = Lq, sums.lk = Lk, sums.frames = N;
        sums.received.assign(size_t(B * H * Lk), 0.0);
        for (const auto& r : received)
            if (!r.empty())
                for (size_t j = 0; j < r.size(); ++j) sums.received[j] += r[j];
        sums.seen.assign(size_t(B * Lk), 0.0);
        for (const auto& s : seenBy)
            if (!s.empty())
                for (size_t j = 0; j < s.size(); ++j) sums.seen[j] += s[j];
        sums.frameSum = frameSum;
        if (port) {
            sums.rowStarts = vRows;
            sums.colStarts = vCols;
            sums.viewportMean = !portMax;
            sums.allowedPairs = portCount;
        }
        // The accumulated bins: the final results normalise them in place, partial ones a copy.
        finishPooled(sums, port ? (final ? std::move(out.viewport) : out.viewport) : Tensor(), res);
        if (mapped) {  // sums over each cell's pairs → means
            res.map = final ? std::move(out.map) : out.map;
            const Tensor pairs = binPairs(mRows, mCols);
            for (int64_t bh = 0; bh < B * H; ++bh)
                for (int64_t c = 0; c < mh * mw; ++c) res.map[bh * mh * mw + c] /= pairs[c];
        }
        if (logits && !final) {
            res.viewportLogitSum = out.viewportLogitSum;
            res.viewportScoreSum = out.viewportScoreSum;
            res.viewportPairs = out.viewportPairs;
        }
    };

    // The unmasked logits need no softmax: summed before the rows, shown by every snapshot.
    if (logits) {
        auto sums = pooledScoreSums(q, k, scale, softCap, region, vh, vw, workers, cancel);
        if (!sums) return sums.failure();
        out.viewportScoreSum = std::move(sums).value();
        out.viewportPairs = binPairs(vRows, vCols);
    }

    // The slices of tasks, one after the other; a snapshot after each but the last.
    const int64_t slices = std::clamp<int64_t>(request.slices, 1, std::max<int64_t>(1, tasks));
    for (int64_t s = 0; s < slices; ++s) {
        const int64_t t0 = s * tasks / slices, t1 = (s + 1) * tasks / slices;
        parallelFor(workers, t1 - t0, [&](int worker, int64_t i) { runTask(worker, t0 + i); });
        if (stopped) return Text::tr("cancelled");
        if (request.snapshot && s + 1 < slices) {
            PooledAttention partial;
            try {
                // The per-row results so far, copied; the sums merged afresh.
                partial.entropy = out.entropy;
                partial.rowShift = out.rowShift;
                partial.frameMax = out.frameMax;
                if (request.rowStats) {
                    partial.rowFirst = out.rowFirst;
                    partial.rowDistance = out.rowDistance;
                    partial.rowSelf = out.rowSelf;
                    partial.rowPrevious = out.rowPrevious;
                }
                results(partial, false);
            } catch (const std::bad_alloc&) {
                continue;  // no snapshot: the final results are what matters
            }
            request.snapshot(std::move(partial), double(t1) / double(tasks));
        }
    }
    results(out, true);
    out.ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return out;
}

Result<Tensor> exactCells(const Tensor& q, const Tensor& k, const MaskExpr& mask,
                          const MaskShape& shape, float scale, float softCap,
                          const Tensor& rowShift, int64_t batch, int64_t head,
                          const MatrixRegion& region, int64_t maskBatch, CellValues values) {
    const int64_t B = q.dim(0), H = q.dim(1), Lq = q.dim(2), d = q.dim(3);
    const int64_t Hkv = k.dim(1), Lk = k.dim(2);
    if (batch < 0 || batch >= B || head < 0 || head >= H) return Text::tr("no such head");
    if (region.row0 < 0 || region.row1 > Lq || region.row0 >= region.row1 || region.col0 < 0 ||
        region.col1 > Lk || region.col0 >= region.col1)
        return Text::tr("the region must lie inside the matrix");
    const int64_t rows = region.row1 - region.row0, cols = region.col1 - region.col0;
    if (double(rows) * double(cols) > 64e6) return Text::tr("the region is too large to hold");
    const int64_t g = head / (H / Hkv);
    Tensor out({rows, cols});
    gemm::gemmNT(gemm::GemmImpl::OpenBlas, rows, cols, d, scale,
                 q.data() + ((batch * H + head) * Lq + region.row0) * d, d,
                 k.data() + ((batch * Hkv + g) * Lk + region.col0) * d, d, out.data(), cols);
    std::vector<uint8_t> allowed(static_cast<size_t>(cols));
    for (int64_t r = 0; r < rows; ++r) {
        const int64_t i = region.row0 + r;
        mask.evalRow(maskBatch >= 0 ? maskBatch : batch, i, region.col0, cols, shape,
                     allowed.data());
        const float shift = rowShift[(batch * H + head) * Lq + i];
        float* x = out.data() + r * cols;
        for (int64_t j = 0; j < cols; ++j) {
            float s = x[j];
            if (softCap > 0) s = softCap * std::tanh(s / softCap);
            if (values == CellValues::Logits)
                x[j] = s;
            else if (values == CellValues::MaskedLogits)
                x[j] = allowed[size_t(j)] ? s : -std::numeric_limits<float>::infinity();
            else
                x[j] = allowed[size_t(j)] && !std::isnan(shift) ? std::exp(s - shift) : 0.0f;
        }
    }
    return out;
}

Result<Tensor> pooledScoreSums(const Tensor& q, const Tensor& k, float scale, float softCap,
                               const MatrixRegion& region, int64_t rows, int64_t cols, int threads,
                               const std::function<bool()>& cancel) {
    const int64_t B = q.dim(0), H = q.dim(1), Lq = q.dim(2), d = q.dim(3);
    const int64_t Hkv = k.dim(1), Lk = k.dim(2), group = H / Hkv;
    if (region.row0 < 0 || region.row1 > Lq || region.row0 >= region.row1 || region.col0 < 0 ||
        region.col1 > Lk || region.col0 >= region.col1 || rows < 1 || cols < 1)
        return Text::tr("the region must lie inside the matrix");
    const int64_t nr = region.row1 - region.row0, nc = region.col1 - region.col0;
    rows = std::min(rows, nr);
    cols = std::min(cols, nc);
    const std::vector<int64_t> rb = binStarts(nr, rows), cb = binStarts(nc, cols);
    Tensor out({B, H, rows, cols}, 0.0f);
    std::atomic<bool> stopped{false};
    gemm::useSingleThreadedBlas();
    if (softCap <= 0) {
        // Σ_{i∈R} Σ_{j∈C} s·q_i·k_j = s · (Σ_{i∈R} q_i) · (Σ_{j∈C} k_j): bin sums in double, then
        // one small product per head.
        auto binSums = [d](const float* x, const std::vector<int64_t>& starts, int64_t n) {
            Tensor t({n, d});
            for (int64_t c = 0; c < n; ++c) {
                std::vector<double> acc(size_t(d), 0.0);
                for (int64_t i = starts[size_t(c)]; i < starts[size_t(c) + 1]; ++i)
                    for (int64_t e = 0; e < d; ++e) acc[size_t(e)] += x[i * d + e];
                for (int64_t e = 0; e < d; ++e) t[c * d + e] = float(acc[size_t(e)]);
            }
            return t;
        };
        std::vector<Tensor> kSums(size_t(B * Hkv));
        parallelFor(std::max(1, threads), B * Hkv, [&](int, int64_t t) {
            kSums[size_t(t)] = binSums(k.data() + (t * Lk + region.col0) * d, cb, cols);
        });
        parallelFor(std::max(1, threads), B * H, [&](int, int64_t t) {
            if (stopped || (cancel && cancel())) {
                stopped = true;
                return;
            }
            const int64_t b = t / H, h = t % H;
            const Tensor qs = binSums(q.data() + (t * Lq + region.row0) * d, rb, rows);
            gemm::gemmNT(gemm::GemmImpl::OpenBlas, rows, cols, d, scale, qs.data(), d,
                         kSums[size_t(b * Hkv + h / group)].data(), d, out.data() + t * rows * cols,
                         cols);
        });
        if (stopped) return Text::tr("cancelled");
        return out;
    }
    // With a soft-cap every score is needed: blocks of 64 query rows, one head per task, the
    // block's scores in a buffer of 64 × region columns.
    std::vector<int32_t> colBin(static_cast<size_t>(nc));
    for (int64_t c = 0; c < cols; ++c)
        for (int64_t j = cb[size_t(c)]; j < cb[size_t(c) + 1]; ++j) colBin[size_t(j)] = int32_t(c);
    parallelFor(std::max(1, threads), B * H, [&](int, int64_t t) {
        const int64_t b = t / H, h = t % H;
        const float* kh = k.data() + ((b * Hkv + h / group) * Lk + region.col0) * d;
        float* sums = out.data() + t * rows * cols;
        std::vector<float> block(size_t(kRows * nc));
        std::vector<double> acc(static_cast<size_t>(cols));
        int64_t bin = 0;
        for (int64_t r0 = 0; r0 < nr && !stopped; r0 += kRows) {
            if (cancel && cancel()) {
                stopped = true;
                return;
            }
            const int64_t n = std::min(kRows, nr - r0);
            gemm::gemmNT(gemm::GemmImpl::OpenBlas, n, nc, d, scale,
                         q.data() + (t * Lq + region.row0 + r0) * d, d, kh, d, block.data(), nc);
            for (int64_t i = 0; i < n; ++i) {
                const int64_t row = r0 + i;
                while (rb[size_t(bin) + 1] <= row) ++bin;
                std::fill(acc.begin(), acc.end(), 0.0);
                const float* x = block.data() + i * nc;
                for (int64_t j = 0; j < nc; ++j)
                    acc[size_t(colBin[size_t(j)])] += softCap * std::tanh(x[j] / softCap);
                for (int64_t c = 0; c < cols; ++c) sums[bin * cols + c] += float(acc[size_t(c)]);
            }
        }
    });
    if (stopped) return Text::tr("cancelled");
    return out;
}

Result<Tensor> firstTokenMass(const Tensor& q, const Tensor& k, const MaskExpr& mask,
                              const MaskShape& shape, float scale, float softCap,
                              const Tensor& rowShift, int64_t maskBatch) {
    const int64_t B = q.dim(0), H = q.dim(1), Lq = q.dim(2);
    Tensor out({B, H, Lq});
    for (int64_t b = 0; b < B; ++b)
        for (int64_t h = 0; h < H; ++h) {
            auto column = exactCells(q, k, mask, shape, scale, softCap, rowShift, b, h,
                                     {0, Lq, 0, 1}, maskBatch);
            if (!column) return column.failure();
            std::copy(column->begin(), column->end(), out.data() + (b * H + h) * Lq);
        }
    return out;
}

}  // namespace attnscope
