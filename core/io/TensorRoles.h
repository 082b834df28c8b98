#pragma once
// TensorRoles: what the tensors of an opened file are for (SPEC §8) — attention maps with layer
// and head axes (logits or probabilities), per-query-block vectors, or Q/K/V to compute from —
// with the guesses made from names and shapes, and the check that the chosen tensors fit.

#include <optional>
#include <string>

#include "core/common/Result.h"
#include "core/io/TensorFile.h"

namespace attnscope {

enum class MapKind { Logits, Probabilities };

struct TensorRoles {
    enum class Use { Maps, Vectors, Qkv };
    Use use = Use::Maps;
    std::string maps;     ///< [H, Lq, Lk], [layers, H, Lq, Lk] or [B, layers, H, Lq, Lk]
    std::string vectors;  ///< [H, Lk] or [layers, H, Lk]; may be empty with maps
    MapKind kind = MapKind::Logits;
    int64_t batch = 0;
    std::string q, k, v;  ///< [H, L, d] or [B, H, L, d]

    /// Roles that need no question: a file holding `full_frame_attention` [H, F, F] and
    /// `last_block_frame_attention` [H, F] (SPEC §8) opens straight into the views.
    static std::optional<TensorRoles> obvious(const TensorFile& file);
    /// The best guess to propose in the mapping dialog (names such as attentions, attn, q/k/v).
    static TensorRoles suggest(const TensorFile& file);
    /// Checks that the named tensors exist and have usable ranks.
    Status check(const TensorFile& file) const;
};

}  // namespace attnscope
