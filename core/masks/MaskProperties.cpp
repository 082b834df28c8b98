#include "core/masks/MaskProperties.h"

#include <algorithm>

namespace attnscope {

namespace {

int64_t countOnes(const uint8_t* p, int64_t n) {
    int64_t c = 0;
    for (int64_t i = 0; i < n; ++i) c += p[i] != 0;
    return c;
}

}  // namespace

MaskProperties computeProperties(const BoolArray& dense, const MaskShape& shape,
                                 const std::optional<SegmentInfo>& seg) {
    MaskProperties props;
    if (dense.rank() != 3) return props;
    const int64_t batch = dense.dim(0), lq = dense.dim(1), lk = dense.dim(2);
    props.totalPairs = dense.size();
    props.keysPerQuery.resize(static_cast<size_t>(batch * lq));

    // Segment id of every key position, so a row compares against one id per key.
    const bool hasSegments = seg.has_value() && !seg->segments.empty();
    std::vector<int64_t> kvSegment;
    if (hasSegments) {
        kvSegment.resize(static_cast<size_t>(lk));
        for (int64_t k = 0; k < lk; ++k) kvSegment[k] = seg->segmentOf(k + shape.kvOffset);
    }

    for (int64_t b = 0; b < batch; ++b) {
        for (int64_t q = 0; q < lq; ++q) {
            const uint8_t* row = dense.data() + (b * lq + q) * lk;
            const int64_t keys = countOnes(row, lk);
            props.keysPerQuery[static_cast<size_t>(b * lq + q)] = keys;
            props.allowedPairs += keys;
            if (keys == 0) props.emptyRows.emplace_back(b, q);

            // Keys with kv > q: indices above q + qOffset - kvOffset.
            const int64_t qPos = q + shape.qOffset;
            const int64_t firstFuture = std::clamp<int64_t>(qPos - shape.kvOffset + 1, 0, lk);
            props.causalViolations += countOnes(row + firstFuture, lk - firstFuture);

            if (!hasSegments) continue;
            if (seg->generationStart >= 0 && qPos >= seg->generationStart) continue;
            const int64_t qSegment = seg->segmentOf(qPos);
            int64_t cross = 0;
            for (int64_t k = 0; k < lk; ++k) cross += row[k] && kvSegment[k] != qSegment;
            props.crossSegmentPairs += cross;
        }
    }
    props.density = props.totalPairs > 0 ? static_cast<double>(props.allowedPairs) /
                                               static_cast<double>(props.totalPairs)
                                         : 0.0;
    return props;
}

}  // namespace attnscope
