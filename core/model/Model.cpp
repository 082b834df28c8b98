#include "core/model/Model.h"

#include <QDir>
#include <QFileInfo>

#include "core/common/Text.h"
#include "core/model/GgufModel.h"
#include "core/model/ModelWeights.h"
#include "core/tokenizer/Tokenizer.h"

namespace attnscope {

namespace {

/// Takes tensors by name, keeping the first error so that loading reads straight through.
class Loader {
public:
    explicit Loader(const ModelWeights& w) : m_w(w) {}

    Tensor take(const std::string& name, const Shape& shape) {
        if (m_failed) return {};
        auto t = m_w.take(name, shape);
        if (!t) {
            m_error = t.failure();
            m_failed = true;
            return {};
        }
        return std::move(t).value();
    }
    /// A [out, in] linear layer; `transposed`: stored as [in, out] (GPT-2's Conv1D).
    Linear linear(const std::string& name, int64_t out, int64_t in, bool bias,
                  bool transposed = false) {
        Linear l;
        if (transposed) {
            Tensor t = take(name + ".weight", {in, out});
            if (!t.empty()) l.w = layer::transposed(t);
        } else {
            l.w = take(name + ".weight", {out, in});
        }
        if (bias) l.b = take(name + ".bias", {out});
        return l;
    }
    Norm norm(const std::string& name, NormKind kind, double eps, int64_t n) {
        Norm r;
        r.kind = kind;
        r.eps = float(eps);
        // Old BERT checkpoints name LayerNorm parameters gamma / beta (transformers renames them).
        const bool old =
            kind == NormKind::LayerNorm && !m_w.has(name + ".weight") && m_w.has(name + ".gamma");
        r.w = take(name + (old ? ".gamma" : ".weight"), {n});
        if (kind == NormKind::LayerNorm) r.b = take(name + (old ? ".beta" : ".bias"), {n});
        return r;
    }
    /// Rows [r0, r0 + n) of a [rows, in] weight: GPT-2's fused c_attn split into q, k, v.
    static Linear rows(const Linear& l, int64_t r0, int64_t n) {
        Linear out;
        const int64_t in = l.in();
        out.w = Tensor({n, in});
        std::copy(l.w.data() + r0 * in, l.w.data() + (r0 + n) * in, out.w.data());
        if (!l.b.empty()) {
            out.b = Tensor({n});
            std::copy(l.b.data() + r0, l.b.data() + r0 + n, out.b.data());
        }
        return out;
    }
    bool failed() const { return m_failed; }
    const Error& error() const { return m_error; }

private:
    const ModelWeights& m_w;
    Error m_error;
    bool m_failed = false;
};

}  // namespace

Result<std::shared_ptr<const Model>> Model::open(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists()) return Text::tr("no such model: %1", path.toStdString());
    if (GgufModel::isGguf(path)) return GgufModel::open(path);
    if (!info.isDir())
        return Text::tr(
            "%1 is not a model (a Hugging Face folder with config.json, or a .gguf file)",
            path.toStdString());
    const QDir dir(path);
    if (!dir.exists("config.json"))
        return Text::tr("no config.json in %1: not a Hugging Face model folder",
                        path.toStdString());
    auto config = ModelConfig::load(dir.filePath("config.json").toStdString());
    if (!config) return config.failure();
    auto weights = ModelWeights::open(path);
    if (!weights) return weights.failure();
    auto model = fromWeights(std::move(config).value(), *weights, path);
    if (!model) return model;
    // The weights run without a tokenizer (token ids); text needs it, and says why it is missing.
    auto m = std::const_pointer_cast<Model>(model.value());
    auto tokenizer = Tokenizer::load(path);
    if (tokenizer)
        m->m_tokenizer = tokenizer.value();
    else
        m->m_tokenizerError = tokenizer.failure();
    return model;
}

Result<std::shared_ptr<const Model>> Model::fromWeights(ModelConfig config, ModelWeights& weights,
                                                        QString path) {
    std::shared_ptr<Model> m(new Model);
    m->m_config = std::move(config);
    m->m_path = std::move(path);
    const ModelConfig& c = m->m_config;
    const int64_t D = c.hidden, H = c.heads, Hkv = c.kvHeads, d = c.dHead, I = c.intermediate;
    Loader ld(weights);
    auto missing = [&](const std::string& name) {
        return Text::tr("the weights of %1 have no '%2' (the %3 layout)",
                        weights.what().toStdString(), name, architectureName(c.arch));
    };
    m->m_layers.resize(size_t(c.layers));
    switch (c.arch) {
        case Architecture::Bert: {
            if (!weights.choosePrefix("embeddings.word_embeddings.weight", {"", "bert."}))
                return missing("embeddings.word_embeddings.weight");
            m->m_tokenEmbedding = ld.take("embeddings.word_embeddings.weight", {c.vocab, D});
            m->m_positionEmbedding =
                ld.take("embeddings.position_embeddings.weight", {c.maxPositions, D});
            m->m_typeEmbedding =
                ld.take("embeddings.token_type_embeddings.weight", {c.typeVocab, D});
            m->m_embeddingNorm = ld.norm("embeddings.LayerNorm", c.norm, c.normEps, D);
            for (int64_t i = 0; i < c.layers; ++i) {
                const std::string p = "encoder.layer." + std::to_string(i) + ".";
                Layer& l = m->m_layers[size_t(i)];
                l.q = ld.linear(p + "attention.self.query", H * d, D, true);
                l.k = ld.linear(p + "attention.self.key", H * d, D, true);
                l.v = ld.linear(p + "attention.self.value", H * d, D, true);
                l.o = ld.linear(p + "attention.output.dense", D, H * d, true);
                l.attnNorm = ld.norm(p + "attention.output.LayerNorm", c.norm, c.normEps, D);
                l.up = ld.linear(p + "intermediate.dense", I, D, true);
                l.down = ld.linear(p + "output.dense", D, I, true);
                l.mlpNorm = ld.norm(p + "output.LayerNorm", c.norm, c.normEps, D);
            }
            break;
        }
        case Architecture::Gpt2: {
            if (!weights.choosePrefix("wte.weight", {"", "transformer."}))
                return missing("wte.weight");
            m->m_tokenEmbedding = ld.take("wte.weight", {c.vocab, D});
            m->m_positionEmbedding = ld.take("wpe.weight", {c.maxPositions, D});
            for (int64_t i = 0; i < c.layers; ++i) {
                const std::string p = "h." + std::to_string(i) + ".";
                Layer& l = m->m_layers[size_t(i)];
                l.attnNorm = ld.norm(p + "ln_1", c.norm, c.normEps, D);
                const Linear qkv = ld.linear(p + "attn.c_attn", 3 * D, D, true, true);
                if (!ld.failed()) {
                    l.q = Loader::rows(qkv, 0, D);
                    l.k = Loader::rows(qkv, D, D);
                    l.v = Loader::rows(qkv, 2 * D, D);
                }
                l.o = ld.linear(p + "attn.c_proj", D, D, true, true);
                l.mlpNorm = ld.norm(p + "ln_2", c.norm, c.normEps, D);
                l.up = ld.linear(p + "mlp.c_fc", I, D, true, true);
                l.down = ld.linear(p + "mlp.c_proj", D, I, true, true);
            }
            break;
        }
        case Architecture::Llama:
        case Architecture::Mistral:
        case Architecture::Qwen2:
        case Architecture::Gemma2: {
            if (!weights.choosePrefix("embed_tokens.weight", {"model.", ""}))
                return missing("model.embed_tokens.weight");
            m->m_tokenEmbedding = ld.take("embed_tokens.weight", {c.vocab, D});
            for (int64_t i = 0; i < c.layers; ++i) {
                const std::string p = "layers." + std::to_string(i) + ".";
                Layer& l = m->m_layers[size_t(i)];
                l.attnNorm = ld.norm(p + "input_layernorm", c.norm, c.normEps, D);
                l.q = ld.linear(p + "self_attn.q_proj", H * d, D, c.qkvBias);
                l.k = ld.linear(p + "self_attn.k_proj", Hkv * d, D, c.qkvBias);
                l.v = ld.linear(p + "self_attn.v_proj", Hkv * d, D, c.qkvBias);
                l.o = ld.linear(p + "self_attn.o_proj", D, H * d, c.outBias);
                if (c.sandwichNorms) {
                    l.postAttnNorm = ld.norm(p + "post_attention_layernorm", c.norm, c.normEps, D);
                    l.mlpNorm = ld.norm(p + "pre_feedforward_layernorm", c.norm, c.normEps, D);
                    l.postMlpNorm = ld.norm(p + "post_feedforward_layernorm", c.norm, c.normEps, D);
                } else {
                    l.mlpNorm = ld.norm(p + "post_attention_layernorm", c.norm, c.normEps, D);
                }
                l.gate = ld.linear(p + "mlp.gate_proj", I, D, c.mlpBias);
                l.up = ld.linear(p + "mlp.up_proj", I, D, c.mlpBias);
                l.down = ld.linear(p + "mlp.down_proj", D, I, c.mlpBias);
            }
            m->m_inverseFrequencies = c.rope.inverseFrequencies(d);
            break;
        }
    }
    if (ld.failed()) return ld.error();
    return std::shared_ptr<const Model>(std::move(m));
}

Encoding Model::describeIds(const std::vector<int64_t>& ids) const {
    Encoding e;
    e.ids = ids;
    for (int64_t id : ids)
        e.labels.push_back(m_tokenizer ? m_tokenizer->label(id) : std::to_string(id));
    return e;
}

std::string Model::summary() const {
    const ModelConfig& c = m_config;
    std::string s = std::string(architectureName(c.arch)) + " · " + std::to_string(c.layers) +
                    " layers · " + std::to_string(c.heads) + " heads";
    if (c.kvHeads != c.heads) s += " / " + std::to_string(c.kvHeads) + " kv heads";
    s += " · d_head " + std::to_string(c.dHead) + " · " + c.maskExpression(0);
    bool mixed = false;
    for (int64_t i = 1; i < c.layers; ++i) mixed |= c.maskExpression(i) != c.maskExpression(0);
    if (mixed) s += " (alternating with " + c.maskExpression(1) + ")";
    return s;
}

AttentionRule Model::attentionRule(int64_t layer) const {
    AttentionRule r;
    r.causal = m_config.causal();
    const bool sliding = layer >= 0 && layer < int64_t(m_config.slidingLayers.size()) &&
                         m_config.slidingLayers[size_t(layer)];
    r.window = sliding ? m_config.slidingWindow : 0;
    r.scale = float(m_config.scale(layer));
    r.softCap = float(m_config.softCap);
    return r;
}

}  // namespace attnscope
