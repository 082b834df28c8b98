#pragma once
// FiniteMask: all ones for a finite float and zero for ±inf and NaN, from the exponent bits.
// The reductions over attention rows (column means, viewport pooling) skip masked −inf cells;
// written with this mask instead of a comparison and a conditional, their loops have no control
// flow and the compiler vectorises them (GCC 12 leaves `finite ? v : 0` loops scalar, and
// Eigen 3.4's select() is evaluated one scalar at a time).

#include <bit>
#include <cstdint>

namespace attnscope {

inline uint32_t finiteMask(float v) {
    return (std::bit_cast<uint32_t>(v) & 0x7f800000u) != 0x7f800000u ? 0xffffffffu : 0u;
}

/// v where it is finite, else `otherwise`.
inline float finiteOr(float v, uint32_t mask, float otherwise) {
    return std::bit_cast<float>((std::bit_cast<uint32_t>(v) & mask) |
                                (std::bit_cast<uint32_t>(otherwise) & ~mask));
}

}  // namespace attnscope
