#pragma once
// ImportedAttention: attention maps read from a file (per layer [H, Lq, Lk], logits or
// probabilities) and optional per-query-block vectors [H, Lk], turned into a Trace the views
// show as they show a computed one. Q/K/V are not known, so the trace carries zero Q/K/V of
// width 1; the maps stand in for scores, masked scores and probabilities.

#include <string>
#include <vector>

#include "core/common/Array.h"
#include "core/common/Result.h"
#include "core/engine/Trace.h"
#include "core/io/TensorRoles.h"

namespace attnscope {

class ImportedAttention {
public:
    /// `maps`: [H, Lq, Lk], [layers, H, Lq, Lk] or [B, layers, H, Lq, Lk] (batch `batch` taken);
    /// `vectors` (may be empty): [H, Lk] or [layers, H, Lk], with H and Lk matching the maps, or
    /// alone when there are no maps. `frames`: positions are frames (axis labels say so).
    static Result<ImportedAttention> create(Tensor maps, MapKind kind, Tensor vectors,
                                            std::string name, bool frames, int64_t batch = 0);

    int64_t layers() const { return m_layers; }
    int64_t heads() const { return m_heads; }
    int64_t qLen() const { return m_qLen; }
    int64_t kvLen() const { return m_kvLen; }
    MapKind kind() const { return m_kind; }
    bool hasVectors() const { return !m_vectors.empty(); }
    /// Token labels for the axes (ignored unless there is one per position).
    void setTokens(std::vector<std::string> tokens) { m_tokens = std::move(tokens); }

    /// The trace of one layer.
    Result<TracePtr> trace(int64_t layer) const;

private:
    Tensor m_maps;     // [layers, H, Lq, Lk]
    Tensor m_vectors;  // [layers or 1, H, Lk] or empty
    MapKind m_kind = MapKind::Logits;
    std::string m_name;
    bool m_frames = false;
    int64_t m_layers = 1, m_heads = 0, m_qLen = 0, m_kvLen = 0;
    std::vector<std::string> m_tokens;
};

}  // namespace attnscope
