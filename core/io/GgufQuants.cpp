#include "core/io/GgufQuants.h"

#include <cstring>

#include "core/common/Text.h"

namespace attnscope {

namespace {

constexpr int64_t kQK = 256;  // elements of a K-quant super-block (ggml's QK_K)

// Block sizes and bytes per block of ggml-common.h's block structs.
constexpr GgmlTypeInfo kTypes[] = {
    {GgmlType::F32, "f32", 1, 4, true},
    {GgmlType::F16, "f16", 1, 2, true},
    {GgmlType::Q4_0, "q4_0", 32, 2 + 16, true},
    {GgmlType::Q4_1, "q4_1", 32, 2 + 2 + 16, true},
    {GgmlType::Q5_0, "q5_0", 32, 2 + 4 + 16, true},
    {GgmlType::Q5_1, "q5_1", 32, 2 + 2 + 4 + 16, true},
    {GgmlType::Q8_0, "q8_0", 32, 2 + 32, true},
    {GgmlType::Q8_1, "q8_1", 32, 4 + 4 + 32, false},
    {GgmlType::Q2_K, "q2_k", kQK, 2 + 2 + kQK / 16 + kQK / 4, true},
    {GgmlType::Q3_K, "q3_k", kQK, 2 + kQK / 4 + kQK / 8 + 12, true},
    {GgmlType::Q4_K, "q4_k", kQK, 2 + 2 + 12 + kQK / 2, true},
    {GgmlType::Q5_K, "q5_k", kQK, 2 + 2 + 12 + kQK / 8 + kQK / 2, true},
    {GgmlType::Q6_K, "q6_k", kQK, 2 + kQK / 2 + kQK / 4 + kQK / 16, true},
    {GgmlType::Q8_K, "q8_k", kQK, 4 + kQK + kQK / 8, true},
    {GgmlType::IQ2_XXS, "iq2_xxs", kQK, 2 + kQK / 4, false},
    {GgmlType::IQ2_XS, "iq2_xs", kQK, 2 + kQK / 4 + kQK / 32, false},
    {GgmlType::IQ3_XXS, "iq3_xxs", kQK, 2 + kQK / 4 + kQK / 8, false},
    {GgmlType::IQ1_S, "iq1_s", kQK, 2 + kQK / 8 + kQK / 16, false},
    {GgmlType::IQ4_NL, "iq4_nl", 32, 2 + 16, false},
    {GgmlType::IQ3_S, "iq3_s", kQK, 2 + kQK / 4 + kQK / 8 + kQK / 32 + 4, false},
    {GgmlType::IQ2_S, "iq2_s", kQK, 2 + kQK / 4 + kQK / 16, false},
    {GgmlType::IQ4_XS, "iq4_xs", kQK, 2 + 2 + kQK / 2 + kQK / 64, false},
    {GgmlType::I8, "i8", 1, 1, true},
    {GgmlType::I16, "i16", 1, 2, true},
    {GgmlType::I32, "i32", 1, 4, true},
    {GgmlType::I64, "i64", 1, 8, true},
    {GgmlType::F64, "f64", 1, 8, true},
    {GgmlType::IQ1_M, "iq1_m", kQK, kQK / 8 + kQK / 16 + kQK / 32, false},
    {GgmlType::BF16, "bf16", 1, 2, true},
    {GgmlType::TQ1_0, "tq1_0", kQK, 2 + 4 * 13, false},
    {GgmlType::TQ2_0, "tq2_0", kQK, 2 + 64, false},
    {GgmlType::MXFP4, "mxfp4", 32, 1 + 16, false},
    {GgmlType::NVFP4, "nvfp4", 64, 4 + 32, false},
    {GgmlType::Q1_0, "q1_0", 128, 2 + 16, false},
};

using Byte = unsigned char;

uint16_t loadU16(const Byte* p) {
    return static_cast<uint16_t>(p[0] | (p[1] << 8));
}
uint32_t loadU32(const Byte* p) {
    return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}
float loadHalf(const Byte* p) {
    return halfToFloat(loadU16(p));
}

// Each function converts one block at `b` to its blockSize floats at `y`, with ggml's operations
// in ggml's order. Every product that an addition follows — an f16 scale (11 significant bits)
// times a sub-block scale (at most 6 bits) times a quant (at most 5) — is exact in float32, so
// whether the compiler fuses `dl * q - ml` into an FMA (GCC and clang do with -march=native)
// changes no bit.

void q4_0(const Byte* b, float* y) {  // d, qs[16]: element j low nibble, j + 16 high nibble
    const float d = loadHalf(b);
    const Byte* qs = b + 2;
    for (int j = 0; j < 16; ++j) {
        y[j] = static_cast<float>((qs[j] & 0x0f) - 8) * d;
        y[j + 16] = static_cast<float>((qs[j] >> 4) - 8) * d;
    }
}

void q4_1(const Byte* b, float* y) {  // d, m, qs[16]
    const float d = loadHalf(b), m = loadHalf(b + 2);
    const Byte* qs = b + 4;
    for (int j = 0; j < 16; ++j) {
        y[j] = static_cast<float>(qs[j] & 0x0f) * d + m;
        y[j + 16] = static_cast<float>(qs[j] >> 4) * d + m;
    }
}

/// The 5-bit quant of element j (0..31) of a Q5_0/Q5_1 block: bit j of qh is its high bit.
int q5(const Byte* qs, uint32_t qh, int j) {
    const int low = j < 16 ? (qs[j] & 0x0f) : (qs[j - 16] >> 4);
    return low | static_cast<int>(((qh >> j) & 1u) << 4);
}

void q5_0(const Byte* b, float* y) {  // d, qh (u32), qs[16]
    const float d = loadHalf(b);
    const uint32_t qh = loadU32(b + 2);
    for (int j = 0; j < 32; ++j) y[j] = static_cast<float>(q5(b + 6, qh, j) - 16) * d;
}

void q5_1(const Byte* b, float* y) {  // d, m, qh (u32), qs[16]
    const float d = loadHalf(b), m = loadHalf(b + 2);
    const uint32_t qh = loadU32(b + 4);
    for (int j = 0; j < 32; ++j) y[j] = static_cast<float>(q5(b + 8, qh, j)) * d + m;
}

void q8_0(const Byte* b, float* y) {  // d, int8 qs[32]
    const float d = loadHalf(b);
    for (int j = 0; j < 32; ++j) y[j] = static_cast<float>(static_cast<int8_t>(b[2 + j])) * d;
}

// In the 2- and 3-bit K-quants, element e of a super-block sits in 128-element half h = e / 128,
// its 2 bits at position 2 * ((e % 128) / 32) of byte qs[32 h + e % 32].
int twoBits(const Byte* qs, int e) {
    return (qs[32 * (e / 128) + e % 32] >> (2 * ((e % 128) / 32))) & 3;
}

void q2_k(const Byte* b, float* y) {  // scales[16] (4-bit scale | 4-bit min), qs[64], d, dmin
    const Byte* scales = b;
    const Byte* qs = b + 16;
    const float d = loadHalf(b + 80), dmin = loadHalf(b + 82);
    for (int s = 0; s < 16; ++s) {
        const float dl = d * static_cast<float>(scales[s] & 0x0f);
        const float ml = dmin * static_cast<float>(scales[s] >> 4);
        for (int e = 16 * s; e < 16 * s + 16; ++e)
            y[e] = dl * static_cast<float>(twoBits(qs, e)) - ml;
    }
}

void q3_k(const Byte* b, float* y) {  // hmask[32], qs[64], scales[12] (16 × 6 bits), d
    const Byte* hmask = b;
    const Byte* qs = b + 32;
    const Byte* sc = b + 96;
    const float d = loadHalf(b + 108);
    for (int s = 0; s < 16; ++s) {
        // Low 4 bits: nibbles of bytes 0..7 (scales 0..7 low, 8..15 high); high 2 bits:
        // bytes 8..11.
        const int low = s < 8 ? (sc[s] & 0x0f) : (sc[s - 8] >> 4);
        const int high = (sc[8 + s % 4] >> (2 * (s / 4))) & 3;
        const float dl = d * static_cast<float>((low | (high << 4)) - 32);
        for (int e = 16 * s; e < 16 * s + 16; ++e) {
            // The high bit of element e is bit e / 32 of hmask[e % 32]; a clear bit subtracts 4.
            const bool hi = (hmask[e % 32] >> (e / 32)) & 1;
            y[e] = dl * static_cast<float>(twoBits(qs, e) - (hi ? 0 : 4));
        }
    }
}

/// The 6-bit scale and min of sub-block j (0..7) of a Q4_K/Q5_K block (ggml's get_scale_min_k4).
void scaleMinK4(const Byte* q, int j, int& scale, int& min) {
    if (j < 4) {
        scale = q[j] & 63;
        min = q[j + 4] & 63;
    } else {
        scale = (q[j + 4] & 0x0f) | ((q[j - 4] >> 6) << 4);
        min = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
    }
}

void q4_k(const Byte* b, float* y) {  // d, dmin, scales[12], qs[128]
    const float d = loadHalf(b), dmin = loadHalf(b + 2);
    const Byte* qs = b + 16;
    for (int s = 0; s < 8; ++s) {  // sub-blocks of 32: even ones low nibbles, odd ones high
        int scale = 0, min = 0;
        scaleMinK4(b + 4, s, scale, min);
        const float dl = d * static_cast<float>(scale), ml = dmin * static_cast<float>(min);
        const Byte* q = qs + 32 * (s / 2);
        for (int l = 0; l < 32; ++l) {
            const int v = s % 2 == 0 ? (q[l] & 0x0f) : (q[l] >> 4);
            y[32 * s + l] = dl * static_cast<float>(v) - ml;
        }
    }
}

void q5_k(const Byte* b, float* y) {  // d, dmin, scales[12], qh[32], qs[128]
    const float d = loadHalf(b), dmin = loadHalf(b + 2);
    const Byte* qh = b + 16;
    const Byte* qs = b + 48;
    for (int s = 0; s < 8; ++s) {
        int scale = 0, min = 0;
        scaleMinK4(b + 4, s, scale, min);
        const float dl = d * static_cast<float>(scale), ml = dmin * static_cast<float>(min);
        const Byte* q = qs + 32 * (s / 2);
        for (int l = 0; l < 32; ++l) {
            const int low = s % 2 == 0 ? (q[l] & 0x0f) : (q[l] >> 4);
            const int v = low + (((qh[l] >> s) & 1) ? 16 : 0);  // bit s of qh[l]: the fifth bit
            y[32 * s + l] = dl * static_cast<float>(v) - ml;
        }
    }
}

void q6_k(const Byte* b, float* y) {  // ql[128], qh[64], int8 scales[16], d
    const Byte* ql = b;
    const Byte* qh = b + 128;
    const Byte* sc = b + 192;
    const float d = loadHalf(b + 208);
    for (int e = 0; e < kQK; ++e) {
        // Element e = 128 h + 32 k + l: low nibble of ql[64 h + l + 32 (k % 2)] (high nibble for
        // k >= 2), its top two bits at 2 k in qh[32 h + l].
        const int h = e / 128, k = (e % 128) / 32, l = e % 32;
        const Byte low = ql[64 * h + l + 32 * (k % 2)];
        const int v =
            (k < 2 ? (low & 0x0f) : (low >> 4)) | (((qh[32 * h + l] >> (2 * k)) & 3) << 4);
        y[e] = d * static_cast<float>(static_cast<int8_t>(sc[e / 16])) * static_cast<float>(v - 32);
    }
}

void q8_k(const Byte* b, float* y) {  // float d, int8 qs[256], int16 bsums[16] (not needed)
    float d;
    std::memcpy(&d, b, sizeof d);
    for (int j = 0; j < kQK; ++j) y[j] = d * static_cast<float>(static_cast<int8_t>(b[4 + j]));
}

using BlockDecoder = void (*)(const Byte*, float*);

BlockDecoder blockDecoder(GgmlType type) {
    switch (type) {
        case GgmlType::Q4_0:
            return q4_0;
        case GgmlType::Q4_1:
            return q4_1;
        case GgmlType::Q5_0:
            return q5_0;
        case GgmlType::Q5_1:
            return q5_1;
        case GgmlType::Q8_0:
            return q8_0;
        case GgmlType::Q2_K:
            return q2_k;
        case GgmlType::Q3_K:
            return q3_k;
        case GgmlType::Q4_K:
            return q4_k;
        case GgmlType::Q5_K:
            return q5_k;
        case GgmlType::Q6_K:
            return q6_k;
        case GgmlType::Q8_K:
            return q8_k;
        default:
            return nullptr;
    }
}

}  // namespace

const GgmlTypeInfo* ggmlTypeInfo(uint32_t id) {
    for (const GgmlTypeInfo& t : kTypes)
        if (static_cast<uint32_t>(t.type) == id) return &t;
    return nullptr;
}

const GgmlTypeInfo& ggmlTypeInfo(GgmlType type) {
    return *ggmlTypeInfo(static_cast<uint32_t>(type));
}

std::optional<DType> ggmlPlainDType(GgmlType type) {
    switch (type) {
        case GgmlType::F32:
            return DType::F32;
        case GgmlType::F16:
            return DType::F16;
        case GgmlType::BF16:
            return DType::BF16;
        case GgmlType::F64:
            return DType::F64;
        case GgmlType::I8:
            return DType::I8;
        case GgmlType::I16:
            return DType::I16;
        case GgmlType::I32:
            return DType::I32;
        case GgmlType::I64:
            return DType::I64;
        default:
            return std::nullopt;
    }
}

Status dequantizeGgml(GgmlType type, const char* src, int64_t count, float* dst) {
    const GgmlTypeInfo& info = ggmlTypeInfo(type);
    if (!info.dequantizable)
        return Text::tr(
            "ggml type %1 cannot be converted to float32 (AttnScope reads f32, f16, bf16, f64, "
            "i8-i64, q4_0, q4_1, q5_0, q5_1, q8_0 and q2_k-q8_k)",
            info.name);
    if (count < 0 || count % info.blockSize != 0)
        return Text::tr("%1 elements are not a whole number of %2 blocks of %3", count, info.name,
                        info.blockSize);
    if (const std::optional<DType> plain = ggmlPlainDType(type)) {
        convertElements(src, count, *plain, false, dst);
        return Status::success();
    }
    const BlockDecoder decode = blockDecoder(type);
    const auto* bytes = reinterpret_cast<const Byte*>(src);
    const int64_t blocks = count / info.blockSize;
    for (int64_t i = 0; i < blocks; ++i)
        decode(bytes + i * info.blockBytes, dst + i * info.blockSize);
    return Status::success();
}

}  // namespace attnscope
