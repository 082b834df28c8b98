#pragma once
// FramePooling (SPEC §5): groups tokens into frames — a fixed number of tokens per frame or
// explicit start positions — and reduces an [Lq, Lk] matrix to [frames_q, frames_k].

#include <cstdint>
#include <utility>
#include <vector>

#include "core/analysis/PoolMode.h"
#include "core/common/Array.h"
#include "core/common/Result.h"

namespace attnscope {

struct FrameSpec {
    int64_t tokensPerFrame = 0;   // > 0: fixed-size frames (the last may be shorter)
    std::vector<int64_t> starts;  // otherwise: frame start positions, strictly increasing, from 0

    static FrameSpec fixed(int64_t tokensPerFrame) { return {tokensPerFrame, {}}; }
    static FrameSpec fromStarts(std::vector<int64_t> starts) { return {0, std::move(starts)}; }
    /// [begin, end) of every frame of a sequence of `length` tokens.
    std::vector<std::pair<int64_t, int64_t>> ranges(int64_t length) const;
    Status validate(int64_t length) const;
};

/// Frame × frame reduction of one [lq, lk] row-major matrix. Non-finite cells (masked logits)
/// are left out of means and sums; a frame pair with none finite becomes NaN.
Tensor poolFrames(const float* matrix, int64_t lq, int64_t lk, const FrameSpec& queryFrames,
                  const FrameSpec& keyFrames, PoolMode mode);
/// All heads of batch element b of a [B, H, Lq, Lk] tensor → [H, Fq, Fk].
Tensor poolFramesPerHead(const Tensor& attention, int64_t b, const FrameSpec& queryFrames,
                         const FrameSpec& keyFrames, PoolMode mode);
/// Query rows covered by a selection of frames (e.g. the last block, frames 16–18).
std::vector<int64_t> rowsOfFrames(const FrameSpec& frames, int64_t length,
                                  const std::vector<int64_t>& frameIndices);

}  // namespace attnscope
