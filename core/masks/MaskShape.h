#pragma once
// MaskShape: the extent a mask expression is evaluated over (batch, lengths, global offsets), and
// SegmentInfo: the segment structure a paraphrase(...) or docs(...) atom declares.

#include <cstdint>
#include <utility>
#include <vector>

namespace attnscope {

struct MaskShape {
    int64_t batch = 1;
    int64_t qLen = 0;
    int64_t kvLen = 0;
    int64_t qOffset = 0;   // added to a query index to get its absolute position
    int64_t kvOffset = 0;  // added to a key index to get its absolute position
    /// "Lk" of the atoms: the absolute end of the keys.
    int64_t kvTotal() const { return kvOffset + kvLen; }
};

struct SegmentInfo {
    /// [start, end) of each segment in absolute positions (paraphrase: including its separators;
    /// the generated tokens are not listed, they start at generationStart).
    std::vector<std::pair<int64_t, int64_t>> segments;
    int64_t generationStart = -1;  // paraphrase: n*(t+s); -1 otherwise

    /// Index of the segment holding absolute position p, or -1.
    int64_t segmentOf(int64_t p) const;
};

}  // namespace attnscope
