#pragma once
// How a group of cells is reduced to one: frame pooling (mean/max/sum) and viewport pooling.

#include <optional>
#include <string>

namespace attnscope {

enum class PoolMode { Mean, Max, Sum };

inline std::string toString(PoolMode mode) {
    return mode == PoolMode::Mean ? "mean" : mode == PoolMode::Max ? "max" : "sum";
}
inline std::optional<PoolMode> poolModeFromString(const std::string& s) {
    if (s == "mean") return PoolMode::Mean;
    if (s == "max") return PoolMode::Max;
    if (s == "sum") return PoolMode::Sum;
    return std::nullopt;
}

}  // namespace attnscope
