#include "core/engine/SyntheticGenerator.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>

#include "core/common/ParallelFor.h"

namespace attnscope {

uint64_t Rng::next() {
    uint64_t z = (m_state += kGamma);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

double Rng::uniform() {
    return double(next() >> 11) * (1.0 / 9007199254740992.0);
}

double Rng::normal() {
    if (m_hasSpare) {
        m_hasSpare = false;
        return m_spare;
    }
    double u = 0;
    while (u <= 1e-300) u = uniform();
    const double v = uniform();
    const double r = std::sqrt(-2.0 * std::log(u));
    m_spare = r * std::sin(2 * std::numbers::pi * v);
    m_hasSpare = true;
    return r * std::cos(2 * std::numbers::pi * v);
}

void Rng::fillNormal(float* out, int64_t n, float stddev) {
    constexpr int64_t kBlock = 512;
    Eigen::ArrayXf u1(kBlock), u2(kBlock);
    for (int64_t start = 0; start < n; start += 2 * kBlock) {
        const int64_t pairs = std::min(kBlock, (n - start + 1) / 2);
        for (int64_t i = 0; i < pairs; ++i) {
            const uint64_t bits = next();
            // Two 24-bit uniforms per draw; u1 in (0, 1] so that log(u1) is finite.
            u1[i] = float((bits >> 40) + 1) * (1.0f / 16777216.0f);
            u2[i] = float((bits >> 16) & 0xFFFFFF) * (1.0f / 16777216.0f);
        }
        auto a = u1.head(pairs), b = u2.head(pairs);
        const Eigen::ArrayXf r = (-2.0f * a.log()).sqrt() * stddev;
        const Eigen::ArrayXf theta = b * float(2 * std::numbers::pi);
        const Eigen::ArrayXf z0 = r * theta.cos(), z1 = r * theta.sin();
        for (int64_t i = 0; i < pairs; ++i) {
            out[start + 2 * i] = z0[i];
            if (start + 2 * i + 1 < n) out[start + 2 * i + 1] = z1[i];
        }
    }
}

namespace {

// Number of sin/cos position pairs that fit both X and a head.
int64_t positionPairs(const Scenario& s) {
    const int64_t byModel = (s.dModel - SyntheticGenerator::kFirstPositionFeature) / 2;
    const int64_t byHead = (s.dHead - 2) / 2;
    return std::clamp<int64_t>(std::min(byModel, byHead), 0, 8);
}

double frequency(int64_t j, int64_t length) {
    // Geometric from π/2 down to about π/L: the sum of cosines peaks at distance 0 and decays.
    const double lo = std::numbers::pi / std::max<int64_t>(length, 4), hi = std::numbers::pi / 2;
    return hi * std::pow(lo / hi, double(j) / 7.0);
}

/// Draws fillInput takes per row of X.
uint64_t inputRowDraws(const Scenario& s, bool isKeySide) {
    const int64_t noiseStart = SyntheticGenerator::kFirstPositionFeature + 2 * positionPairs(s);
    return (isKeySide && s.dModel > 2 ? 1 : 0) +
           (noiseStart < s.dModel ? Rng::normalDraws(s.dModel - noiseStart) : 0);
}

/// Fills rows [r0, r1) of X (rows over batch × length), drawing from `rng` positioned at row r0.
void fillInput(Tensor& x, const Scenario& s, int64_t length, const std::vector<int64_t>& posOf,
               bool isKeySide, Rng rng, int64_t r0, int64_t r1) {
    const int64_t F = positionPairs(s), dm = s.dModel;
    const int64_t noiseStart = SyntheticGenerator::kFirstPositionFeature + 2 * F;
    for (int64_t r = r0; r < r1; ++r) {
        const int64_t t = r % length;
        float* row = x.data() + r * dm;
        if (dm > 0) row[SyntheticGenerator::kConstFeature] = 1.0f;
        if (dm > 1)
            row[SyntheticGenerator::kSinkFeature] = (isKeySide && t < s.sinkSpan) ? 1.0f : 0.0f;
        // Salient positions (global pattern): about one in eight.
        if (dm > 2)
            row[SyntheticGenerator::kSalienceFeature] =
                (isKeySide && rng.uniform() < 0.125) ? 1.0f : 0.0f;
        const double pos = double(posOf[t]);
        // A sink token carries no position (like a BOS token), so its logit is the planted
        // sink term plus noise wherever the query stands.
        const bool sinkToken = isKeySide && t < s.sinkSpan && !s.sinkHeads.empty();
        for (int64_t j = 0; j < F && !sinkToken; ++j) {
            const double w = frequency(j, std::max(s.qLen, s.kvLen));
            row[SyntheticGenerator::kFirstPositionFeature + 2 * j] = float(std::sin(w * pos));
            row[SyntheticGenerator::kFirstPositionFeature + 2 * j + 1] = float(std::cos(w * pos));
        }
        if (noiseStart < dm) rng.fillNormal(row + noiseStart, dm - noiseStart, 1.0f);
    }
}

}  // namespace

std::vector<int64_t> SyntheticGenerator::translationAlignment(const Scenario& s) {
    std::vector<int64_t> align(s.qLen);
    for (int64_t i = 0; i < s.qLen; ++i)
        align[i] =
            s.qLen > 1 ? std::llround(double(i) * double(s.kvLen - 1) / double(s.qLen - 1)) : 0;
    // Local reordering, as between languages with different word order: swap some neighbours.
    Rng rng(s.seed * 31 + 7);
    for (int64_t i = 1; i + 1 < s.qLen; i += 3)
        if (rng.uniform() < 0.5) std::swap(align[i], align[i + 1]);
    return align;
}

SyntheticInputs SyntheticGenerator::generate(const Scenario& s, int threads) {
    SyntheticInputs in;
    const int64_t F = positionPairs(s), dm = s.dModel, d = s.dHead;
    const bool cross = s.crossAttention;

    std::vector<int64_t> qPos(s.qLen), kPos(s.kvLen);
    for (int64_t t = 0; t < s.kvLen; ++t) kPos[t] = t + s.kvOffset;
    if (s.pattern == PatternKind::Translation) {
        qPos = translationAlignment(s);
        for (auto& p : qPos) p += s.kvOffset;
    } else {
        for (int64_t t = 0; t < s.qLen; ++t) qPos[t] = t + s.qOffset;
    }

    // The pieces of the stream, in order, each with the draws it takes; X is cut into blocks
    // of rows so that both threads have work at every size.
    struct Piece {
        uint64_t first = 0;  // draws before this piece
        std::function<void(Rng)> fill;
    };
    std::vector<Piece> pieces;
    uint64_t drawn = 0;
    auto addPiece = [&](uint64_t draws, std::function<void(Rng)> fill) {
        pieces.push_back({drawn, std::move(fill)});
        drawn += draws;
    };
    auto addInput = [&](Tensor& x, int64_t length, const std::vector<int64_t>& pos, bool keySide) {
        x = Tensor::zeros({s.batch, length, dm});
        const int64_t rows = s.batch * length, block = 256;
        const uint64_t perRow = inputRowDraws(s, keySide);
        for (int64_t r0 = 0; r0 < rows; r0 += block) {
            const int64_t r1 = std::min(rows, r0 + block);
            addPiece(perRow * uint64_t(r1 - r0), [&x, &s, length, &pos, keySide, r0, r1](Rng rng) {
                fillInput(x, s, length, pos, keySide, rng, r0, r1);
            });
        }
    };
    addInput(in.x, s.qLen, qPos, !cross);
    if (cross) addInput(in.xKv, s.kvLen, kPos, true);

    // Random part of W_q, W_k: noise features only, so the planted features keep their meaning.
    const double noiseStd = s.pattern == PatternKind::Random ? 1.0 : 0.35;
    const int64_t noiseStart = kFirstPositionFeature + 2 * F;
    auto addProjection = [&](Tensor& w, int64_t nHeads) {
        w = Tensor::zeros({dm, nHeads * d});
        const double sd = noiseStd / std::sqrt(double(std::max<int64_t>(dm - noiseStart, 1)));
        // The last two coordinates of every head carry the planted global and sink terms;
        // noise there would be multiplied by their large query weights.
        const int64_t noisy = d > 4 ? d - 2 : d;
        const int64_t noisyRows = std::max<int64_t>(dm - noiseStart, 0);
        addPiece(uint64_t(noisyRows) * Rng::normalDraws(nHeads * d),
                 [&w, nHeads, d, dm, sd, noisy, noiseStart](Rng rng) {
                     for (int64_t r = noiseStart; r < dm; ++r) {
                         float* row = w.data() + r * nHeads * d;
                         rng.fillNormal(row, nHeads * d, float(sd));
                         for (int64_t c = 0; c < nHeads * d; ++c)
                             if (c % d >= noisy) row[c] = 0.0f;
                     }
                 });
    };
    auto addRandom = [&](Tensor& w, int64_t rows, int64_t cols, double sd) {
        w = Tensor({rows, cols});
        addPiece(Rng::normalDraws(rows * cols),
                 [&w, sd](Rng rng) { rng.fillNormal(w.data(), w.size(), float(sd)); });
    };
    addProjection(in.wq, s.heads);
    addProjection(in.wk, s.kvHeads);
    addRandom(in.wv, dm, s.kvHeads * d, 1.0 / std::sqrt(double(dm)));
    addRandom(in.wo, s.heads * d, dm, 1.0 / std::sqrt(double(s.heads * d)));
    if (s.bias) {
        addRandom(in.bq, 1, s.heads * d, 0.1);
        addRandom(in.bk, 1, s.kvHeads * d, 0.1);
        addRandom(in.bv, 1, s.kvHeads * d, 0.1);
    }
    parallelFor(resolveThreads(threads), int64_t(pieces.size()), [&](int, int64_t i) {
        Rng rng(s.seed);
        rng.skip(pieces[i].first);
        pieces[i].fill(rng);
    });

    const double scale = s.effectiveScale();
    // Local / translation: q·k ≈ α² Σ_j cos(ω_j Δ), a bump around the aligned key.
    if ((s.pattern == PatternKind::Local || s.pattern == PatternKind::Translation) && F > 0) {
        for (int64_t g = 0; g < s.kvHeads; ++g)
            for (int64_t j = 0; j < 2 * F; ++j)
                in.wk.at({kFirstPositionFeature + j, g * d + j}) = 1.0f;
        for (int64_t h = 0; h < s.heads; ++h) {
            const double sharp = 1.0 + 0.5 * double(h % 3);  // heads differ in focus
            const float alpha = float(std::sqrt(sharp * 3.0 / (scale * double(F))));
            for (int64_t j = 0; j < 2 * F; ++j)
                in.wq.at({kFirstPositionFeature + j, h * d + j}) = alpha;
        }
    }
    // Global: every query rewards salient keys through a shared coordinate.
    if (s.pattern == PatternKind::Global && d >= 2 && dm > kSalienceFeature) {
        for (int64_t g = 0; g < s.kvHeads; ++g) in.wk.at({kSalienceFeature, g * d + d - 2}) = 1.0f;
        for (int64_t h = 0; h < s.heads; ++h)
            in.wq.at({kConstFeature, h * d + d - 2}) = float((2.0 + 0.5 * double(h % 4)) / scale);
    }
    // Sinks: the listed query heads reward keys carrying the sink feature (position 0 / frame 0).
    if (d >= 1 && dm > kSinkFeature) {
        for (int64_t g = 0; g < s.kvHeads; ++g) in.wk.at({kSinkFeature, g * d + d - 1}) = 1.0f;
        for (int h : s.sinkHeads)
            if (h >= 0 && h < s.heads)
                in.wq.at({kConstFeature, int64_t(h) * d + d - 1}) =
                    float((6.0 + 0.5 * double(h % 3)) / scale);
    }
    return in;
}

}  // namespace attnscope
