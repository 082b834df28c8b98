#include "core/masks/MaskShape.h"

#include <algorithm>

namespace attnscope {

int64_t SegmentInfo::segmentOf(int64_t p) const {
    // Segments are sorted and disjoint: find the last one starting at or before p.
    auto it = std::upper_bound(segments.begin(), segments.end(), p,
                               [](int64_t v, const auto& seg) { return v < seg.first; });
    if (it == segments.begin()) return -1;
    --it;
    return p < it->second ? static_cast<int64_t>(it - segments.begin()) : -1;
}

}  // namespace attnscope
