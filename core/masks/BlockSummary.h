#pragma once
// BlockSummary: a dense mask reduced to tiles of blockSize × blockSize, each empty, partial or
// full — what FlexAttention's BlockMask stores to skip work. Edge tiles count only real cells.

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/Array.h"

namespace attnscope {

struct BlockSummary {
    enum State : uint8_t { Empty = 0, Partial = 1, Full = 2 };

    int64_t blockSize = 128;
    int64_t batch = 0;
    int64_t qBlocks = 0;
    int64_t kvBlocks = 0;
    std::vector<uint8_t> states;  // [batch][qBlocks][kvBlocks]

    State at(int64_t b, int64_t qb, int64_t kb) const {
        return static_cast<State>(states[static_cast<size_t>((b * qBlocks + qb) * kvBlocks + kb)]);
    }
    int64_t count(State s) const;

    /// dense is [B, Lq, Lk] of 0/1.
    static BlockSummary fromDense(const BoolArray& dense, int64_t blockSize = 128);
    /// A small grid per batch element (█ full, ▒ partial, · empty), for `attnscope mask`.
    std::string toText() const;
};

}  // namespace attnscope
