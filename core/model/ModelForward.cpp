// Model::run: the forward pass, layer by layer, capturing what the engine needs. Pre-norm
// decoders (GPT-2, Llama, Mistral, Qwen2, Gemma 2) and the post-norm BERT encoder share it.

#include <chrono>
#include <cmath>
#include <cstring>

#include "core/analysis/SinkLens.h"
#include "core/common/Text.h"
#include "core/model/Model.h"

namespace attnscope {

namespace {

Tensor embed(const Tensor& table, const std::vector<int64_t>& ids) {
    const int64_t D = table.dim(1), L = int64_t(ids.size());
    Tensor h({L, D});
    for (int64_t t = 0; t < L; ++t)
        std::memcpy(h.data() + t * D, table.data() + ids[size_t(t)] * D, size_t(D) * sizeof(float));
    return h;
}

void addRows(Tensor& h, const Tensor& table, int64_t rows) {
    const int64_t D = h.dim(1);
    for (int64_t t = 0; t < h.dim(0); ++t)
        for (int64_t i = 0; i < D; ++i) h[t * D + i] += table[(t % rows) * D + i];
}

}  // namespace

Result<ModelRun> Model::run(const std::vector<int64_t>& ids, const RunOptions& options,
                            const CancelCheck& cancel) const {
    const ModelConfig& c = m_config;
    const auto start = std::chrono::steady_clock::now();
    const int64_t L = int64_t(ids.size());
    if (L == 0) return Text::tr("the text has no tokens");
    if (L > c.maxPositions)
        return Text::tr("%1 tokens are more than the model's %2 positions (%3 cuts the text)", L,
                        c.maxPositions, "--truncate");
    for (size_t i = 0; i < ids.size(); ++i)
        if (ids[i] < 0 || ids[i] >= c.vocab)
            return Text::tr("token id %1 at position %2 is outside the vocabulary (0 to %3)",
                            ids[i], i, c.vocab - 1);
    int64_t last = c.layers - 1;
    if (!options.layers.empty()) {
        for (int64_t l : options.layers)
            if (l < 0 || l >= c.layers)
                return Text::tr("layer %1 does not exist (the model has %2 layers: 0 to %3)", l,
                                c.layers, c.layers - 1);
        last = *options.layers.rbegin();
    }
    const int threads = std::max(1, options.threads);
    const int64_t H = c.heads, Hkv = c.kvHeads, d = c.dHead;

    ModelRun run;
    run.ids = ids;
    try {
        Tensor h = embed(m_tokenEmbedding, ids);
        if (c.embeddingScaled) {
            const float s = float(std::sqrt(double(c.hidden)));
            for (float& x : h) x *= s;
        }
        if (c.arch == Architecture::Gpt2) addRows(h, m_positionEmbedding, c.maxPositions);
        if (c.arch == Architecture::Bert) {
            addRows(h, m_typeEmbedding, 1);  // token type 0 throughout
            addRows(h, m_positionEmbedding, c.maxPositions);
            h = layer::normalized(h, m_embeddingNorm, threads);
        }
        const bool postNorm = c.arch == Architecture::Bert;
        const layer::RopeTable rope =
            c.rope.enabled ? layer::ropeTable(m_inverseFrequencies, L) : layer::RopeTable{};
        for (int64_t i = 0; i <= last; ++i) {
            if (cancel && cancel()) return Text::tr("cancelled");
            const Layer& ly = m_layers[size_t(i)];
            const bool capture = options.layers.empty() || options.layers.count(i) > 0;
            LayerCapture cap;
            if (capture) cap.hiddenNorms = layer::rowNorms(h);

            const Tensor x = postNorm ? Tensor() : layer::normalized(h, ly.attnNorm, threads);
            const Tensor& in = postNorm ? h : x;
            Tensor q = layer::splitHeads(layer::linear(in, ly.q, threads), H, d);
            Tensor k = layer::splitHeads(layer::linear(in, ly.k, threads), Hkv, d);
            Tensor v = layer::splitHeads(layer::linear(in, ly.v, threads), Hkv, d);
            if (c.rope.enabled) {
                layer::applyRope(q, rope);
                layer::applyRope(k, rope);
            }
            const AttentionRule rule = attentionRule(i);
            Tensor attn = layer::linear(layer::attend(q, k, v, rule, threads), ly.o, threads);
            if (capture) {
                cap.layer = i;
                cap.mask = c.maskExpression(i);
                cap.scale = c.scale(i);
                cap.softCap = c.softCap;
                cap.valueNorms = valueNorms(v, layer::transposed(ly.o.w), H);
                cap.q = std::move(q);
                cap.k = std::move(k);
                cap.v = std::move(v);
                run.layers.push_back(std::move(cap));
            }
            if (options.progress) options.progress(double(i + 1) / double(last + 1));
            if (i == last) break;  // nothing after the last captured attention is needed

            if (postNorm) {  // BERT: h = LN(h + attn); h = LN(h + mlp(h))
                layer::add(attn, h);
                h = layer::normalized(attn, ly.attnNorm, threads);
                Tensor u = layer::linear(h, ly.up, threads);
                layer::activate(u, c.activation, threads);
                Tensor mlp = layer::linear(u, ly.down, threads);
                layer::add(mlp, h);
                h = layer::normalized(mlp, ly.mlpNorm, threads);
                continue;
            }
            if (c.sandwichNorms) attn = layer::normalized(attn, ly.postAttnNorm, threads);
            layer::add(h, attn);
            const Tensor y = layer::normalized(h, ly.mlpNorm, threads);
            Tensor u = layer::linear(y, ly.up, threads);
            if (c.gatedMlp) {
                Tensor g = layer::linear(y, ly.gate, threads);
                layer::activate(g, c.activation, threads);
                for (int64_t j = 0, n = u.size(); j < n; ++j) u[j] *= g[j];
            } else {
                layer::activate(u, c.activation, threads);
            }
            Tensor mlp = layer::linear(u, ly.down, threads);
            if (c.sandwichNorms) mlp = layer::normalized(mlp, ly.postMlpNorm, threads);
            layer::add(h, mlp);
        }
    } catch (const std::bad_alloc&) {
        return Text::tr("out of memory running the model on %1 tokens", L);
    }
    run.forwardMs =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return run;
}

}  // namespace attnscope
