#pragma once
// The ggml tensor types of GGUF files (block size, bytes per block, llama.cpp's name) and their
// conversion to float32, bit for bit as ggml's reference dequantize_row_* functions compute it.
// Types without a conversion here (IQ*, TQ*, MXFP4, ...) are still listed, so that a file holding
// them can be inspected.

#include <cstdint>
#include <optional>
#include <string>

#include "core/common/Result.h"
#include "core/io/DType.h"

namespace attnscope {

/// ggml's type ids as GGUF files store them (ggml.h `enum ggml_type`); gaps are ids ggml retired.
enum class GgmlType : uint32_t {
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q4_1 = 3,
    Q5_0 = 6,
    Q5_1 = 7,
    Q8_0 = 8,
    Q8_1 = 9,
    Q2_K = 10,
    Q3_K = 11,
    Q4_K = 12,
    Q5_K = 13,
    Q6_K = 14,
    Q8_K = 15,
    IQ2_XXS = 16,
    IQ2_XS = 17,
    IQ3_XXS = 18,
    IQ1_S = 19,
    IQ4_NL = 20,
    IQ3_S = 21,
    IQ2_S = 22,
    IQ4_XS = 23,
    I8 = 24,
    I16 = 25,
    I32 = 26,
    I64 = 27,
    F64 = 28,
    IQ1_M = 29,
    BF16 = 30,
    TQ1_0 = 34,
    TQ2_0 = 35,
    MXFP4 = 39,
    NVFP4 = 40,
    Q1_0 = 41,
};

struct GgmlTypeInfo {
    GgmlType type = GgmlType::F32;
    const char* name = "";   ///< llama.cpp's lower-case name: "f32", "q4_k", "iq2_xxs", ...
    int64_t blockSize = 1;   ///< elements per block; a row holds a whole number of blocks
    int64_t blockBytes = 4;  ///< bytes per block
    bool dequantizable = false;
};

/// The type with id `id`, or nullptr when ggml has no such type.
const GgmlTypeInfo* ggmlTypeInfo(uint32_t id);
const GgmlTypeInfo& ggmlTypeInfo(GgmlType type);

/// The DType of an unquantized ggml type's elements (F32, F16, BF16, F64, I8..I64), if it has one.
std::optional<DType> ggmlPlainDType(GgmlType type);

/// Converts `count` elements of `type` at `src` (any alignment; `count` / blockSize blocks) to
/// float32. Fails, naming the type, when the type has no conversion or `count` is not a
/// multiple of the block size.
Status dequantizeGgml(GgmlType type, const char* src, int64_t count, float* dst);

}  // namespace attnscope
