#pragma once
// DType: the element types AttnScope can import (NumPy, safetensors, PyTorch files) and the
// conversion of raw element bytes, in either byte order, to float, double or 0/1 bytes.

#include <cstdint>
#include <optional>
#include <string>

namespace attnscope {

enum class DType { Bool, I8, U8, I16, U16, I32, U32, I64, U64, F16, BF16, F32, F64 };

/// Bytes per element.
int dtypeSize(DType dtype);
/// NumPy's name: "float32", "bfloat16", "bool", "int64", ...
const char* dtypeName(DType dtype);
/// NumPy's type code without byte order: "f4", "b1", "i8", ... ("bf16" for bfloat16).
const char* dtypeCode(DType dtype);
/// Parses a NumPy type code without byte order ("f4", "b1", "?", "u2", ...).
std::optional<DType> dtypeFromCode(const std::string& code);

bool isFloatingPoint(DType dtype);

float halfToFloat(uint16_t bits);
float bfloat16ToFloat(uint16_t bits);

/// Converts `count` elements of `dtype` starting at `src` (any alignment) to `dst`. With
/// `swapBytes` the source elements are in the other byte order than the machine's. For uint8_t
/// the result is 0/1 (non-zero becomes 1). Instantiated for float, double and uint8_t.
template <class T>
void convertElements(const char* src, int64_t count, DType dtype, bool swapBytes, T* dst);

}  // namespace attnscope
