#include "core/analysis/SmartSampling.h"

#include <algorithm>
#include <set>

namespace attnscope {

std::vector<int64_t> samplePositions(int64_t length, int64_t maxPositions,
                                     const std::optional<SegmentInfo>& segments, int64_t offset) {
    std::vector<int64_t> all;
    if (length <= 0) return all;
    maxPositions = std::max<int64_t>(maxPositions, 2);
    if (length <= maxPositions) {
        all.resize(length);
        for (int64_t i = 0; i < length; ++i) all[i] = i;
        return all;
    }
    // Structural positions in priority order: ends of the sequence, generation start, segment
    // starts, segment ends.
    std::vector<int64_t> required{0, length - 1};
    if (segments) {
        if (segments->generationStart >= 0) required.push_back(segments->generationStart - offset);
        for (const auto& [b, e] : segments->segments) required.push_back(b - offset);
        for (const auto& [b, e] : segments->segments) required.push_back(e - 1 - offset);
    }
    std::set<int64_t> chosen;
    for (int64_t p : required) {
        if (int64_t(chosen.size()) >= maxPositions) break;
        if (p >= 0 && p < length) chosen.insert(p);
    }
    // Fill the rest evenly: repeatedly split the widest gap between chosen positions.
    while (int64_t(chosen.size()) < maxPositions) {
        int64_t bestGap = 0, bestAt = -1, prev = -1;
        for (int64_t p : chosen) {
            if (prev >= 0 && p - prev > bestGap) {
                bestGap = p - prev;
                bestAt = prev + (p - prev) / 2;
            }
            prev = p;
        }
        if (bestGap < 2) break;
        chosen.insert(bestAt);
    }
    return {chosen.begin(), chosen.end()};
}

}  // namespace attnscope
