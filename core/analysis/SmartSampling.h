#pragma once
// SmartSampling (SPEC §5): picks at most N positions of a long sequence for display, always
// keeping the start of generation, segment starts and the last position of each segment.

#include <cstdint>
#include <optional>
#include <vector>

#include "core/masks/MaskExpr.h"

namespace attnscope {

/// Sorted indices in [0, length). `offset` converts the segments' absolute positions to indices.
std::vector<int64_t> samplePositions(int64_t length, int64_t maxPositions,
                                     const std::optional<SegmentInfo>& segments,
                                     int64_t offset = 0);

}  // namespace attnscope
