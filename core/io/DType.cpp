#include "core/io/DType.h"

#include <bit>
#include <cstring>
#include <type_traits>

namespace attnscope {

namespace {

struct DTypeInfo {
    DType dtype;
    int size;
    const char* name;
    const char* code;
};

constexpr DTypeInfo kInfo[] = {
    {DType::Bool, 1, "bool", "b1"},       {DType::I8, 1, "int8", "i1"},
    {DType::U8, 1, "uint8", "u1"},        {DType::I16, 2, "int16", "i2"},
    {DType::U16, 2, "uint16", "u2"},      {DType::I32, 4, "int32", "i4"},
    {DType::U32, 4, "uint32", "u4"},      {DType::I64, 8, "int64", "i8"},
    {DType::U64, 8, "uint64", "u8"},      {DType::F16, 2, "float16", "f2"},
    {DType::BF16, 2, "bfloat16", "bf16"}, {DType::F32, 4, "float32", "f4"},
    {DType::F64, 8, "float64", "f8"},
};

const DTypeInfo& info(DType dtype) {
    return kInfo[static_cast<int>(dtype)];
}

template <class Raw>
Raw load(const char* p, bool swapBytes) {
    Raw v;
    std::memcpy(&v, p, sizeof(Raw));
    if constexpr (sizeof(Raw) == 2) {
        if (swapBytes) v = static_cast<Raw>(__builtin_bswap16(static_cast<uint16_t>(v)));
    } else if constexpr (sizeof(Raw) == 4) {
        if (swapBytes) v = static_cast<Raw>(__builtin_bswap32(static_cast<uint32_t>(v)));
    } else if constexpr (sizeof(Raw) == 8) {
        if (swapBytes) v = static_cast<Raw>(__builtin_bswap64(static_cast<uint64_t>(v)));
    }
    return v;
}

template <class T, class Raw, class Decode>
void convertLoop(const char* src, int64_t count, bool swapBytes, T* dst, Decode decode) {
    for (int64_t i = 0; i < count; ++i) {
        const auto value = decode(load<Raw>(src + i * int64_t{sizeof(Raw)}, swapBytes));
        if constexpr (std::is_same_v<T, uint8_t>)
            dst[i] = value != 0 ? 1 : 0;
        else
            dst[i] = static_cast<T>(value);
    }
}

template <class Raw>
auto as() {
    return [](auto bits) { return std::bit_cast<Raw>(bits); };
}

}  // namespace

int dtypeSize(DType dtype) {
    return info(dtype).size;
}
const char* dtypeName(DType dtype) {
    return info(dtype).name;
}
const char* dtypeCode(DType dtype) {
    return info(dtype).code;
}

std::optional<DType> dtypeFromCode(const std::string& code) {
    if (code == "?") return DType::Bool;
    for (const DTypeInfo& i : kInfo) {
        if (code == i.code) return i.dtype;
    }
    return std::nullopt;
}

bool isFloatingPoint(DType dtype) {
    return dtype == DType::F16 || dtype == DType::BF16 || dtype == DType::F32 ||
           dtype == DType::F64;
}

float halfToFloat(uint16_t bits) {
    const uint32_t sign = uint32_t{bits & 0x8000u} << 16;
    const uint32_t exponent = (bits >> 10) & 0x1fu;
    uint32_t mantissa = bits & 0x3ffu;
    if (exponent == 0x1f)  // inf / nan: keep the payload
        return std::bit_cast<float>(sign | 0x7f800000u | (mantissa << 13));
    if (exponent == 0) {
        if (mantissa == 0) return std::bit_cast<float>(sign);
        // Subnormal half: value = mantissa * 2^-24, exact in float.
        const float magnitude = static_cast<float>(mantissa) * 0x1p-24f;
        return sign ? -magnitude : magnitude;
    }
    return std::bit_cast<float>(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

float bfloat16ToFloat(uint16_t bits) {
    return std::bit_cast<float>(uint32_t{bits} << 16);
}

template <class T>
void convertElements(const char* src, int64_t count, DType dtype, bool swapBytes, T* dst) {
    if constexpr (std::is_same_v<T, float>) {
        if (dtype == DType::F32 && !swapBytes) {
            std::memcpy(dst, src, static_cast<std::size_t>(count) * sizeof(float));
            return;
        }
    }
    const auto identity = [](auto v) { return v; };
    switch (dtype) {
        case DType::Bool:
        case DType::U8:
            convertLoop<T, uint8_t>(src, count, swapBytes, dst, identity);
            break;
        case DType::I8:
            convertLoop<T, int8_t>(src, count, swapBytes, dst, identity);
            break;
        case DType::I16:
            convertLoop<T, int16_t>(src, count, swapBytes, dst, identity);
            break;
        case DType::U16:
            convertLoop<T, uint16_t>(src, count, swapBytes, dst, identity);
            break;
        case DType::I32:
            convertLoop<T, int32_t>(src, count, swapBytes, dst, identity);
            break;
        case DType::U32:
            convertLoop<T, uint32_t>(src, count, swapBytes, dst, identity);
            break;
        case DType::I64:
            convertLoop<T, int64_t>(src, count, swapBytes, dst, identity);
            break;
        case DType::U64:
            convertLoop<T, uint64_t>(src, count, swapBytes, dst, identity);
            break;
        case DType::F16:
            convertLoop<T, uint16_t>(src, count, swapBytes, dst, halfToFloat);
            break;
        case DType::BF16:
            convertLoop<T, uint16_t>(src, count, swapBytes, dst, bfloat16ToFloat);
            break;
        case DType::F32:
            convertLoop<T, uint32_t>(src, count, swapBytes, dst, as<float>());
            break;
        case DType::F64:
            convertLoop<T, uint64_t>(src, count, swapBytes, dst, as<double>());
            break;
    }
}

template void convertElements<float>(const char*, int64_t, DType, bool, float*);
template void convertElements<double>(const char*, int64_t, DType, bool, double*);
template void convertElements<uint8_t>(const char*, int64_t, DType, bool, uint8_t*);

}  // namespace attnscope
