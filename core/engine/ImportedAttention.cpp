#include "core/engine/ImportedAttention.h"

#include "core/common/Text.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace attnscope {

namespace {

Tensor slice(const Tensor& a, int64_t first, Shape shape) {
    Tensor out(std::move(shape));
    std::memcpy(out.data(), a.data() + first * out.size(), sizeof(float) * out.size());
    return out;
}

/// Row softmax in place (fully −inf rows become zeros, as the engine does).
void softmaxRows(float* data, int64_t rows, int64_t cols) {
    for (int64_t r = 0; r < rows; ++r) {
        float* row = data + r * cols;
        const float m = *std::max_element(row, row + cols);
        if (!std::isfinite(m)) {
            std::fill(row, row + cols, 0.0f);
            continue;
        }
        double sum = 0;
        for (int64_t c = 0; c < cols; ++c) sum += row[c] = std::exp(row[c] - m);
        for (int64_t c = 0; c < cols; ++c) row[c] = float(row[c] / sum);
    }
}

}  // namespace

Result<ImportedAttention> ImportedAttention::create(Tensor maps, MapKind kind, Tensor vectors,
                                                    std::string name, bool frames, int64_t batch) {
    ImportedAttention a;
    a.m_kind = kind;
    a.m_name = std::move(name);
    a.m_frames = frames;
    if (!maps.empty() || maps.rank() > 0) {
        const Shape s = maps.shape();
        if (s.size() < 3 || s.size() > 5)
            return Text::tr(
                "attention maps must be [H, Lq, Lk], [layers, H, Lq, Lk] or [B, "
                "layers, H, Lq, Lk]; got %1",
                shapeToString(s));
        if (s.size() == 5) {
            if (batch < 0 || batch >= s[0])
                return Text::tr("batch %1 is not in %2", batch, shapeToString(s));
            maps = slice(maps, batch, {s[1], s[2], s[3], s[4]});
        } else if (s.size() == 3) {
            maps = slice(maps, 0, {1, s[0], s[1], s[2]});
        }
        a.m_layers = maps.dim(0), a.m_heads = maps.dim(1), a.m_qLen = maps.dim(2),
        a.m_kvLen = maps.dim(3);
        a.m_maps = std::move(maps);
    }
    if (vectors.rank() > 0) {
        const Shape s = vectors.shape();
        if (s.size() == 2) vectors = slice(vectors, 0, {1, s[0], s[1]});
        if (vectors.rank() != 3)
            return Text::tr("per-query-block vectors must be [H, Lk] or [layers, H, Lk]; got %1",
                            shapeToString(s));
        if (a.m_maps.empty()) {
            // Vectors alone: each becomes a one-row map.
            a.m_layers = vectors.dim(0), a.m_heads = vectors.dim(1), a.m_qLen = 1,
            a.m_kvLen = vectors.dim(2);
            a.m_maps = slice(vectors, 0, {a.m_layers, a.m_heads, 1, a.m_kvLen});
        }
        if (vectors.dim(1) != a.m_heads || vectors.dim(2) != a.m_kvLen ||
            (vectors.dim(0) != 1 && vectors.dim(0) != a.m_layers))
            return Text::tr("the vectors %1 do not match the maps' %2 heads and %3 keys",
                            shapeToString(s), a.m_heads, a.m_kvLen);
        a.m_vectors = std::move(vectors);
    }
    if (a.m_maps.empty()) return Text::tr("nothing to show: no attention maps and no vectors");
    if (a.m_heads < 1 || a.m_qLen < 1 || a.m_kvLen < 1)
        return Text::tr("the attention maps are empty %1", shapeToString(a.m_maps.shape()));
    return a;
}

Result<TracePtr> ImportedAttention::trace(int64_t layer) const {
    if (layer < 0 || layer >= m_layers)
        return Text::tr("layer %1 is not in 0..%2", layer, m_layers - 1);
    const int64_t H = m_heads, Lq = m_qLen, Lk = m_kvLen;
    // The maps are the trace: nothing is computed. Q/K/V are not known; zero tensors of width 1
    // only carry the shape (batch, heads, lengths) that the views read.
    auto shapes = std::make_shared<TraceInputs>();
    shapes->q = Tensor::zeros({1, H, Lq, 1});
    shapes->k = Tensor::zeros({1, H, Lk, 1});
    shapes->v = Tensor::zeros({1, H, Lk, 1});
    auto steps = std::make_shared<AttentionSteps>();
    steps->context = Tensor::zeros({1, H, Lq, 1});
    steps->mask = BoolArray({1, Lq, Lk}, uint8_t(1));
    steps->blocks = BlockSummary::fromDense(steps->mask);
    Tensor map = slice(m_maps, layer, {1, H, Lq, Lk});
    steps->probs = map;
    if (m_kind == MapKind::Logits) softmaxRows(steps->probs.data(), H * Lq, Lk);
    steps->scores = map;
    steps->maskedScores = std::move(map);
    auto t = std::make_shared<Trace>(std::move(shapes), std::move(steps));
    Scenario& s = t->scenario;
    s.name = m_name;
    s.description = "attention maps imported from a file";
    s.source = SourceKind::AttentionMaps;
    s.mapsLayers = m_layers;
    s.mapsFrames = m_frames;
    s.mapsAreProbabilities = m_kind == MapKind::Probabilities;
    s.batch = 1, s.heads = H, s.kvHeads = H, s.qLen = Lq, s.kvLen = Lk, s.dHead = 1, s.dModel = H;
    s.crossAttention = Lq != Lk;
    s.outputProjection = false;
    s.mask = "full";
    s.layer = static_cast<int>(layer);
    if (m_tokens.size() == static_cast<std::size_t>(Lk)) {
        s.keyTokens = m_tokens;
        if (Lq == Lk) s.queryTokens = m_tokens;
    }
    t->maskShape = MaskShape{1, Lq, Lk, 0, 0};
    t->scale = 1.0f;
    for (int64_t i = 0; i < Lq; ++i)
        t->queryTokens.push_back(s.queryTokens.size() == size_t(Lq) ? s.queryTokens[size_t(i)]
                                                                    : std::to_string(i));
    for (int64_t i = 0; i < Lk; ++i)
        t->keyTokens.push_back(s.keyTokens.size() == size_t(Lk) ? s.keyTokens[size_t(i)]
                                                                : std::to_string(i));
    t->backend = "import";
    t->device = Text::tr("attention maps from a file");
    if (!m_vectors.empty())
        t->queryVectors = slice(m_vectors, m_vectors.dim(0) == 1 ? 0 : layer, {1, H, Lk});
    return TracePtr(std::move(t));
}

}  // namespace attnscope
