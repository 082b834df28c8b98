#include "core/analysis/FramePooling.h"

#include "core/common/Text.h"

#include <cmath>
#include <limits>

namespace attnscope {

std::vector<std::pair<int64_t, int64_t>> FrameSpec::ranges(int64_t length) const {
    std::vector<std::pair<int64_t, int64_t>> out;
    if (tokensPerFrame > 0) {
        for (int64_t s = 0; s < length; s += tokensPerFrame)
            out.emplace_back(s, std::min(length, s + tokensPerFrame));
        return out;
    }
    if (starts.empty()) {
        for (int64_t s = 0; s < length; ++s) out.emplace_back(s, s + 1);
        return out;
    }
    for (size_t i = 0; i < starts.size(); ++i) {
        const int64_t end = i + 1 < starts.size() ? starts[i + 1] : length;
        if (starts[i] < end) out.emplace_back(starts[i], std::min(end, length));
    }
    return out;
}

Status FrameSpec::validate(int64_t length) const {
    if (tokensPerFrame < 0) return Text::tr("tokens per frame must be ≥ 0");
    if (tokensPerFrame > 0) return {};
    if (!starts.empty() && starts.front() != 0) return Text::tr("the first frame must start at 0");
    for (size_t i = 1; i < starts.size(); ++i)
        if (starts[i] <= starts[i - 1])
            return Text::tr("frame starts must increase (%1 then %2)", starts[i - 1], starts[i]);
    if (!starts.empty() && starts.back() >= length)
        return Text::tr("frame start %1 is past the sequence end %2", starts.back(), length);
    return {};
}

Tensor poolFrames(const float* m, int64_t lq, int64_t lk, const FrameSpec& qf, const FrameSpec& kf,
                  PoolMode mode) {
    const auto qr = qf.ranges(lq), kr = kf.ranges(lk);
    Tensor out({int64_t(qr.size()), int64_t(kr.size())});
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (size_t i = 0; i < qr.size(); ++i)
        for (size_t j = 0; j < kr.size(); ++j) {
            double acc = mode == PoolMode::Max ? -std::numeric_limits<double>::infinity() : 0.0;
            int64_t n = 0;
            for (int64_t r = qr[i].first; r < qr[i].second; ++r) {
                const float* row = m + r * lk;
                for (int64_t c = kr[j].first; c < kr[j].second; ++c) {
                    if (!std::isfinite(row[c])) continue;
                    acc = mode == PoolMode::Max ? std::max(acc, double(row[c])) : acc + row[c];
                    ++n;
                }
            }
            float value = nan;
            if (n > 0) value = float(mode == PoolMode::Mean ? acc / double(n) : acc);
            out.at({int64_t(i), int64_t(j)}) = value;
        }
    return out;
}

Tensor poolFramesPerHead(const Tensor& a, int64_t b, const FrameSpec& qf, const FrameSpec& kf,
                         PoolMode mode) {
    const int64_t H = a.dim(1), lq = a.dim(2), lk = a.dim(3);
    const int64_t fq = int64_t(qf.ranges(lq).size()), fk = int64_t(kf.ranges(lk).size());
    Tensor out({H, fq, fk});
    for (int64_t h = 0; h < H; ++h) {
        Tensor one = poolFrames(a.data() + (b * H + h) * lq * lk, lq, lk, qf, kf, mode);
        std::copy(one.begin(), one.end(), out.data() + h * fq * fk);
    }
    return out;
}

std::vector<int64_t> rowsOfFrames(const FrameSpec& frames, int64_t length,
                                  const std::vector<int64_t>& frameIndices) {
    const auto r = frames.ranges(length);
    std::vector<int64_t> rows;
    for (int64_t f : frameIndices)
        if (f >= 0 && f < int64_t(r.size()))
            for (int64_t t = r[f].first; t < r[f].second; ++t) rows.push_back(t);
    return rows;
}

}  // namespace attnscope
