#include "core/masks/MaskExport.h"

#include <algorithm>
#include <bit>
#include <limits>

namespace attnscope {

float maskedValue(AdditiveDtype dtype) {
    switch (dtype) {
        case AdditiveDtype::NegInf:
            return -std::numeric_limits<float>::infinity();
        case AdditiveDtype::F32:
            return std::numeric_limits<float>::lowest();  // -3.4028235e38
        case AdditiveDtype::F16:
            return -65504.0f;
        case AdditiveDtype::BF16:
            return std::bit_cast<float>(0xFF7F0000u);  // bf16 0xFF7F, -3.3895314e38
    }
    return -std::numeric_limits<float>::infinity();
}

Tensor toAdditive(const BoolArray& dense, AdditiveDtype dtype) {
    Tensor out(dense.shape());
    const float masked = maskedValue(dtype);
    const uint8_t* in = dense.data();
    float* dst = out.data();
    const int64_t n = dense.size();
    for (int64_t i = 0; i < n; ++i) dst[i] = in[i] ? 0.0f : masked;
    return out;
}

std::string toText(const BoolArray& dense, int64_t batch) {
    if (dense.rank() != 3 || batch < 0 || batch >= dense.dim(0)) return {};
    const int64_t lq = dense.dim(1), lk = dense.dim(2);
    const size_t cellWidth = std::to_string(std::max<int64_t>(lk - 1, 0)).size();
    const size_t labelWidth =
        std::max<size_t>(4, std::to_string(std::max<int64_t>(lq - 1, 0)).size());
    auto padLeft = [](const std::string& s, size_t width) {
        return std::string(width > s.size() ? width - s.size() : 0, ' ') + s;
    };

    std::string out = padLeft("q\\kv", labelWidth);
    for (int64_t k = 0; k < lk; ++k) {
        out += ' ';
        out += padLeft(std::to_string(k), cellWidth);
    }
    out += "\n";
    const std::string gap(cellWidth - 1, ' ');
    for (int64_t q = 0; q < lq; ++q) {
        out += padLeft(std::to_string(q), labelWidth);
        const uint8_t* row = dense.data() + (batch * lq + q) * lk;
        for (int64_t k = 0; k < lk; ++k) out += " " + gap + (row[k] ? "■" : "⬚");
        out += "\n";
    }
    return out;
}

}  // namespace attnscope
