#pragma once
// Exports of a dense mask in the forms other tools use: additive float masks as Hugging Face's
// eager / SDPA paths build them, and text rows of ■ / ⬚ as HF's mask visualiser prints.

#include <cstdint>
#include <string>

#include "core/common/Array.h"

namespace attnscope {

/// What a masked position holds in an additive mask: -inf, or the dtype's lowest finite value.
enum class AdditiveDtype { NegInf, F32, F16, BF16 };

/// The value masked positions get for `dtype` (as a float, exactly representable).
float maskedValue(AdditiveDtype dtype);

/// Same shape as `dense`: 0 where allowed, maskedValue(dtype) elsewhere.
Tensor toAdditive(const BoolArray& dense, AdditiveDtype dtype);

/// Rows of ■ (allowed) / ⬚ (masked) for one batch element of a dense [B, Lq, Lk] mask, under a
/// "q\kv" header of key indices, each row labelled with its query index.
std::string toText(const BoolArray& dense, int64_t batch = 0);

}  // namespace attnscope
