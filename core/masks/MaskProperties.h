#pragma once
// MaskProperties: what SPEC §4 reports about a materialised mask — density, causal violations,
// pairs crossing paraphrase / document segments while encoding, keys per query, empty rows.

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "core/common/Array.h"
#include "core/masks/MaskShape.h"

namespace attnscope {

struct MaskProperties {
    int64_t allowedPairs = 0;
    int64_t totalPairs = 0;
    double density = 0;
    int64_t causalViolations = 0;   // allowed pairs with kv > q (absolute positions)
    int64_t crossSegmentPairs = 0;  // allowed pairs with q < generationStart (all q when there is
                                    // no generation) whose segments differ; 0 without segments
    std::vector<int64_t> keysPerQuery;                   // [batch * qLen]
    std::vector<std::pair<int64_t, int64_t>> emptyRows;  // (b, q index) with no allowed key
};

/// dense is [B, Lq, Lk]; `shape` supplies the offsets that turn indices into positions.
MaskProperties computeProperties(const BoolArray& dense, const MaskShape& shape,
                                 const std::optional<SegmentInfo>& seg);

}  // namespace attnscope
