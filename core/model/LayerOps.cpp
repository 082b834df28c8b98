#include "core/model/LayerOps.h"

#include <cmath>
#include <cstring>
#include <limits>

#include <Eigen/Core>

#include "core/common/Gemm.h"
#include "core/common/ParallelFor.h"

namespace attnscope::layer {

namespace {
constexpr int64_t kRowBlock = 64;

int64_t blocksOf(int64_t n) {
    return (n + kRowBlock - 1) / kRowBlock;
}
}  // namespace

Tensor linear(const Tensor& x, const Linear& l, int threads) {
    const int64_t L = x.dim(0), in = l.in(), out = l.out();
    Tensor y({L, out});
    gemm::useSingleThreadedBlas();  // the parallelism is ours: slices of the output columns
    // Each task multiplies all rows by one slice of W, so OpenBLAS packs each weight once; blocks
    // of 64 rows repacked the whole of W per block (19–22 % of a forward pass at L = 256).
    const int64_t tasks = std::max(1, threads);
    const int64_t slice = ((out + tasks - 1) / tasks + 15) / 16 * 16;
    parallelFor(threads, (out + slice - 1) / slice, [&](int, int64_t t) {
        const int64_t c0 = t * slice, cols = std::min(slice, out - c0);
        float* o = y.data() + c0;
        gemm::gemmNT(gemm::GemmImpl::OpenBlas, L, cols, in, 1.0f, x.data(), in,
                     l.w.data() + c0 * in, in, o, out);
        if (!l.b.empty())
            for (int64_t r = 0; r < L; ++r)
                Eigen::Map<Eigen::ArrayXf>(o + r * out, cols) +=
                    Eigen::Map<const Eigen::ArrayXf>(l.b.data() + c0, cols);
    });
    return y;
}

Tensor normalized(const Tensor& x, const Norm& n, int threads) {
    const int64_t L = x.dim(0), N = x.dim(1);
    Tensor y({L, N});
    parallelFor(threads, blocksOf(L), [&](int, int64_t t) {
        const int64_t r1 = std::min(L, (t + 1) * kRowBlock);
        for (int64_t r = t * kRowBlock; r < r1; ++r) {
            const float* a = x.data() + r * N;
            float* o = y.data() + r * N;
            if (n.kind == NormKind::LayerNorm) {
                double mean = 0;
                for (int64_t i = 0; i < N; ++i) mean += a[i];
                mean /= double(N);
                double var = 0;
                for (int64_t i = 0; i < N; ++i) var += (a[i] - mean) * (a[i] - mean);
                var /= double(N);
                const float inv = float(1.0 / std::sqrt(var + n.eps)), m = float(mean);
                for (int64_t i = 0; i < N; ++i)
                    o[i] = (a[i] - m) * inv * n.w[i] + (n.b.empty() ? 0.0f : n.b[i]);
            } else {
                double ms = 0;
                for (int64_t i = 0; i < N; ++i) ms += double(a[i]) * a[i];
                const float inv = float(1.0 / std::sqrt(ms / double(N) + n.eps));
                const bool onePlus = n.kind == NormKind::RmsNormOnePlus;
                for (int64_t i = 0; i < N; ++i)
                    o[i] = (a[i] * inv) * (onePlus ? 1.0f + n.w[i] : n.w[i]);
            }
        }
    });
    return y;
}

void activate(Tensor& x, Activation a, int threads) {
    const int64_t n = x.size(), chunk = 1 << 14;
    parallelFor(threads, (n + chunk - 1) / chunk, [&](int, int64_t t) {
        float* p = x.data() + t * chunk;
        const int64_t m = std::min(chunk, n - t * chunk);
        Eigen::Map<Eigen::ArrayXf> v(p, m);  // Eigen's tanh and exp are vectorised
        switch (a) {
            case Activation::Gelu:
                for (int64_t i = 0; i < m; ++i)
                    p[i] = 0.5f * p[i] * (1.0f + std::erf(p[i] * float(M_SQRT1_2)));
                break;
            case Activation::GeluTanh: {
                const float c = std::sqrt(2.0f / float(M_PI));
                v = 0.5f * v * (1.0f + (c * (v + 0.044715f * v.cube())).tanh());
                break;
            }
            case Activation::Silu:
                v = v / (1.0f + (-v).exp());
                break;
            case Activation::Relu:
                v = v.max(0.0f);
                break;
        }
    });
}

void add(Tensor& x, const Tensor& y) {
    float* a = x.data();
    const float* b = y.data();
    for (int64_t i = 0, n = x.size(); i < n; ++i) a[i] += b[i];
}

Tensor splitHeads(const Tensor& x, int64_t n, int64_t d) {
    const int64_t L = x.dim(0);
    Tensor out({n, L, d});
    for (int64_t h = 0; h < n; ++h)
        for (int64_t t = 0; t < L; ++t)
            std::memcpy(out.data() + (h * L + t) * d, x.data() + t * n * d + h * d,
                        size_t(d) * sizeof(float));
    return out;
}

RopeTable ropeTable(const std::vector<float>& inv, int64_t L) {
    RopeTable t;
    t.half = int64_t(inv.size());
    t.cos.resize(size_t(L * t.half));
    t.sin.resize(size_t(L * t.half));
    for (int64_t p = 0; p < L; ++p)
        for (int64_t i = 0; i < t.half; ++i) {
            // transformers: the angle is a float32 product, its cos and sin float32.
            const float angle = float(p) * inv[size_t(i)];
            t.cos[size_t(p * t.half + i)] = float(std::cos(double(angle)));
            t.sin[size_t(p * t.half + i)] = float(std::sin(double(angle)));
        }
    return t;
}

void applyRope(Tensor& x, const RopeTable& table) {
    const int64_t n = x.dim(0), L = x.dim(1), d = x.dim(2), half = d / 2;
    for (int64_t h = 0; h < n; ++h)
        for (int64_t t = 0; t < L; ++t) {
            float* p = x.data() + (h * L + t) * d;
            const float* c = table.cos.data() + t * half;
            const float* s = table.sin.data() + t * half;
            for (int64_t i = 0; i < half; ++i) {
                const float a = p[i], b = p[i + half];
                p[i] = a * c[i] - b * s[i];
                p[i + half] = b * c[i] + a * s[i];
            }
        }
}

Tensor attend(const Tensor& q, const Tensor& k, const Tensor& v, const AttentionRule& rule,
              int threads) {
    const int64_t H = q.dim(0), L = q.dim(1), d = q.dim(2), Hkv = k.dim(0), Lk = k.dim(1);
    const int64_t group = H / Hkv, nb = blocksOf(L);
    Tensor ctx({L, H * d});
    std::vector<std::vector<float>> scratch(size_t(std::max(threads, 1)));
    gemm::useSingleThreadedBlas();
    parallelFor(threads, H * nb, [&](int worker, int64_t t) {
        const int64_t h = t / nb, r0 = (t % nb) * kRowBlock, r1 = std::min(L, r0 + kRowBlock);
        const int64_t rows = r1 - r0, g = h / group;
        const int64_t kEnd = rule.causal ? std::min(Lk, r1) : Lk;
        const int64_t kBegin =
            rule.causal && rule.window > 0 ? std::max<int64_t>(0, r0 - rule.window + 1) : 0;
        const int64_t n = kEnd - kBegin;
        auto& s = scratch[size_t(worker)];
        s.resize(size_t(rows * n));
        const float* K = k.data() + (g * Lk + kBegin) * d;
        const float* V = v.data() + (g * Lk + kBegin) * d;
        gemm::gemmNT(gemm::GemmImpl::OpenBlas, rows, n, d, rule.scale, q.data() + (h * L + r0) * d,
                     d, K, d, s.data(), n);
        for (int64_t r = 0; r < rows; ++r) {
            float* row = s.data() + r * n;
            const int64_t i = r0 + r;
            // The allowed keys of a causal or sliding rule are one run: [lo, hi).
            int64_t lo = 0, hi = n;
            if (rule.causal) hi = std::min(n, i - kBegin + 1);
            if (rule.causal && rule.window > 0)
                lo = std::max<int64_t>(0, i - rule.window + 1 - kBegin);
            std::fill(row, row + std::max<int64_t>(lo, 0), 0.0f);
            std::fill(row + std::max(hi, lo), row + n, 0.0f);
            if (hi <= lo) continue;  // no allowed key: a zero row
            Eigen::Map<Eigen::ArrayXf> a(row + lo, hi - lo);
            if (rule.softCap > 0) a = rule.softCap * (a * (1.0f / rule.softCap)).tanh();
            a = (a - a.maxCoeff()).exp();
            a *= 1.0f / a.sum();
        }
        gemm::gemmNN(gemm::GemmImpl::OpenBlas, rows, d, n, s.data(), n, V, d,
                     ctx.data() + r0 * H * d + h * d, H * d);
    });
    return ctx;
}

Tensor transposed(const Tensor& x) {
    const int64_t r = x.dim(0), c = x.dim(1);
    Tensor t({c, r});
    for (int64_t i = 0; i < r; ++i)
        for (int64_t j = 0; j < c; ++j) t[j * r + i] = x[i * c + j];
    return t;
}

std::vector<float> rowNorms(const Tensor& x) {
    const int64_t L = x.dim(0), n = x.dim(1);
    std::vector<float> out(static_cast<size_t>(L));
    for (int64_t r = 0; r < L; ++r) {
        double s = 0;
        for (int64_t i = 0; i < n; ++i) s += double(x[r * n + i]) * x[r * n + i];
        out[size_t(r)] = float(std::sqrt(s));
    }
    return out;
}

}  // namespace attnscope::layer
