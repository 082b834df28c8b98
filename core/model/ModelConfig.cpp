#include "core/model/ModelConfig.h"

#include <QFile>
#include <QJsonDocument>
#include <cmath>

#include "core/common/Text.h"

namespace attnscope {

namespace {

constexpr Architecture kArchitectures[] = {Architecture::Bert,  Architecture::Gpt2,
                                           Architecture::Llama, Architecture::Mistral,
                                           Architecture::Qwen2, Architecture::Gemma2};

/// Reads config fields, remembering the first problem so that parsing reads straight through.
class Fields {
public:
    explicit Fields(const QJsonObject& json) : m_json(json) {}

    int64_t integer(const char* key, int64_t fallback, bool required = false) {
        const QJsonValue v = m_json.value(key);
        if (v.isUndefined() || v.isNull()) {
            if (required) fail(Text::tr("config.json has no \"%1\"", key));
            return fallback;
        }
        if (!v.isDouble() || v.toDouble() != std::floor(v.toDouble()) || v.toDouble() < 0 ||
            v.toDouble() > 1e12) {
            fail(Text::tr("config.json: \"%1\" must be a non-negative integer", key));
            return fallback;
        }
        return static_cast<int64_t>(v.toDouble());
    }
    double number(const char* key, double fallback) {
        const QJsonValue v = m_json.value(key);
        if (v.isUndefined() || v.isNull()) return fallback;
        if (!v.isDouble() || !std::isfinite(v.toDouble())) {
            fail(Text::tr("config.json: \"%1\" must be a number", key));
            return fallback;
        }
        return v.toDouble();
    }
    bool boolean(const char* key, bool fallback) {
        const QJsonValue v = m_json.value(key);
        if (v.isUndefined() || v.isNull()) return fallback;
        if (!v.isBool()) fail(Text::tr("config.json: \"%1\" must be true or false", key));
        return v.toBool(fallback);
    }
    // (The message is made apart: lupdate misplaces Text::tr in a function that returns
    // std::string.)
    static Error notAString(const char* key) {
        return Text::tr("config.json: \"%1\" must be a string", key);
    }
    std::string text(const char* key, const std::string& fallback) {
        const QJsonValue v = m_json.value(key);
        if (v.isUndefined() || v.isNull()) return fallback;
        if (!v.isString()) fail(notAString(key));
        return v.toString().toStdString();
    }
    void fail(Error message) {
        if (m_failed) return;
        m_error = std::move(message);
        m_failed = true;
    }
    bool failed() const { return m_failed; }
    const Error& error() const { return m_error; }

private:
    QJsonObject m_json;
    Error m_error;
    bool m_failed = false;
};

Result<Activation> activationFrom(const std::string& name) {
    if (name == "gelu") return Activation::Gelu;
    if (name == "gelu_new" || name == "gelu_pytorch_tanh" || name == "gelu_fast")
        return Activation::GeluTanh;
    if (name == "silu" || name == "swish") return Activation::Silu;
    if (name == "relu") return Activation::Relu;
    return Text::tr("unsupported activation '%1' (supported: %2)", name,
                    "gelu, gelu_new, gelu_pytorch_tanh, silu, relu");
}

/// The activation named by `name` (or `fallback` with the problem noted in `f`).
Activation activationOr(Fields& f, const std::string& name, Activation fallback) {
    auto act = activationFrom(name);
    if (!act) f.fail(act.failure());
    return act ? *act : fallback;
}

void parseRope(Fields& f, const QJsonObject& json, RopeConfig& rope) {
    rope.enabled = true;
    rope.theta = f.number("rope_theta", 10000.0);
    const QJsonValue scaling = json.value("rope_scaling");
    if (scaling.isUndefined() || scaling.isNull()) return;
    if (!scaling.isObject())
        return f.fail(
            Text::tr("config.json: \"%1\" must be an object", Text::literal("rope_scaling")));
    const QJsonObject s = scaling.toObject();
    std::string type = s.value("rope_type").toString().toStdString();
    if (type.empty()) type = s.value("type").toString().toStdString();
    if (type == "default" || type.empty()) return;
    if (type != "llama3")
        return f.fail(Text::tr("unsupported %1 type '%2': it changes attention (supported: %3)",
                               Text::literal("rope_scaling"), type, "default, llama3"));
    rope.llama3 = true;
    rope.factor = s.value("factor").toDouble(8.0);
    rope.lowFreqFactor = s.value("low_freq_factor").toDouble(1.0);
    rope.highFreqFactor = s.value("high_freq_factor").toDouble(4.0);
    rope.originalMaxPositions = s.value("original_max_position_embeddings").toDouble(8192);
    if (!(rope.factor > 0) || !(rope.highFreqFactor > rope.lowFreqFactor) ||
        !(rope.originalMaxPositions > 0))
        f.fail(Text::tr("config.json: %1 needs %2 > 0, %3 > %4 and %5 > 0",
                        Text::literal("rope_scaling llama3"), "factor", "high_freq_factor",
                        "low_freq_factor", "original_max_position_embeddings"));
}

/// Llama, Mistral, Qwen2 and Gemma 2 share these fields.
void parseLlamaFamily(Fields& f, const QJsonObject& json, ModelConfig& c) {
    c.hidden = f.integer("hidden_size", 0, true);
    c.layers = f.integer("num_hidden_layers", 0, true);
    c.heads = f.integer("num_attention_heads", 0, true);
    c.kvHeads = f.integer("num_key_value_heads", c.heads);
    c.intermediate = f.integer("intermediate_size", 0, true);
    c.vocab = f.integer("vocab_size", 0, true);
    c.maxPositions = f.integer("max_position_embeddings", 2048);
    c.dHead = f.integer("head_dim", c.heads > 0 ? c.hidden / c.heads : 0);
    c.norm = NormKind::RmsNorm;
    c.normEps = f.number("rms_norm_eps", 1e-6);
    c.gatedMlp = true;
    c.qkvBias = f.boolean("attention_bias", false);
    c.outBias = c.qkvBias;
    c.mlpBias = f.boolean("mlp_bias", false);
    c.activation = activationOr(f, f.text("hidden_act", "silu"), Activation::Silu);
    parseRope(f, json, c.rope);
}

}  // namespace

const char* architectureName(Architecture arch) {
    switch (arch) {
        case Architecture::Bert:
            return "bert";
        case Architecture::Gpt2:
            return "gpt2";
        case Architecture::Llama:
            return "llama";
        case Architecture::Mistral:
            return "mistral";
        case Architecture::Qwen2:
            return "qwen2";
        case Architecture::Gemma2:
            return "gemma2";
    }
    return "llama";
}

std::string supportedArchitectures() {
    std::string s;
    for (Architecture a : kArchitectures)
        s += (s.empty() ? "" : ", ") + std::string(architectureName(a));
    return s;
}

std::vector<float> RopeConfig::inverseFrequencies(int64_t dHead) const {
    std::vector<float> inv(static_cast<size_t>(dHead / 2));
    for (size_t i = 0; i < inv.size(); ++i) {
        // transformers: 1 / theta ** (arange(0, d, 2).float() / d), all in float32.
        const float exponent = float(2 * i) / float(dHead);
        inv[i] = 1.0f / static_cast<float>(std::pow(double(float(theta)), double(exponent)));
    }
    if (!factors.empty()) {
        for (size_t i = 0; i < inv.size() && i < factors.size(); ++i) inv[i] /= factors[i];
        return inv;
    }
    if (!llama3) return inv;
    const double lowWavelen = originalMaxPositions / lowFreqFactor;
    const double highWavelen = originalMaxPositions / highFreqFactor;
    for (float& f : inv) {
        const double wavelen = 2 * M_PI / f;
        if (wavelen < highWavelen) continue;
        if (wavelen > lowWavelen) {
            f = static_cast<float>(f / factor);
            continue;
        }
        const double smooth =
            (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
        f = static_cast<float>((1 - smooth) * f / factor + smooth * f);
    }
    return inv;
}

Result<ModelConfig> ModelConfig::fromJson(const QJsonObject& json) {
    const std::string type = json.value("model_type").toString().toStdString();
    if (type.empty())
        return Text::tr("config.json has no \"%1\" (supported: %2)", Text::literal("model_type"),
                        supportedArchitectures());
    ModelConfig c;
    bool known = false;
    for (Architecture a : kArchitectures)
        if (type == architectureName(a)) c.arch = a, known = true;
    if (!known)
        return Text::tr("unsupported architecture '%1' (%2 in config.json); supported: %3", type,
                        "model_type", supportedArchitectures());
    Fields f(json);
    switch (c.arch) {
        case Architecture::Bert: {
            c.hidden = f.integer("hidden_size", 0, true);
            c.layers = f.integer("num_hidden_layers", 0, true);
            c.heads = f.integer("num_attention_heads", 0, true);
            c.kvHeads = c.heads;
            c.dHead = c.heads > 0 ? c.hidden / c.heads : 0;
            c.intermediate = f.integer("intermediate_size", 0, true);
            c.vocab = f.integer("vocab_size", 0, true);
            c.maxPositions = f.integer("max_position_embeddings", 512);
            c.typeVocab = f.integer("type_vocab_size", 2);
            c.norm = NormKind::LayerNorm;
            c.normEps = f.number("layer_norm_eps", 1e-12);
            c.gatedMlp = false;
            c.qkvBias = c.outBias = c.mlpBias = true;
            c.activation = activationOr(f, f.text("hidden_act", "gelu"), Activation::Gelu);
            const std::string pos = f.text("position_embedding_type", "absolute");
            if (pos != "absolute")
                f.fail(Text::tr("unsupported %1 '%2': it changes attention (supported: %3)",
                                Text::literal("position_embedding_type"), pos, "absolute"));
            break;
        }
        case Architecture::Gpt2: {
            c.hidden = f.integer("n_embd", 768);
            c.layers = f.integer("n_layer", 12);
            c.heads = f.integer("n_head", 12);
            c.kvHeads = c.heads;
            c.dHead = c.heads > 0 ? c.hidden / c.heads : 0;
            c.intermediate = f.integer("n_inner", 4 * c.hidden);
            c.vocab = f.integer("vocab_size", 50257);
            c.maxPositions = f.integer("n_positions", 1024);
            c.norm = NormKind::LayerNorm;
            c.normEps = f.number("layer_norm_epsilon", 1e-5);
            c.gatedMlp = false;
            c.qkvBias = c.outBias = c.mlpBias = true;
            c.activation =
                activationOr(f, f.text("activation_function", "gelu_new"), Activation::GeluTanh);
            if (!f.boolean("scale_attn_weights", true)) c.queryScale = 1.0;
            c.scaleByInverseLayer = f.boolean("scale_attn_by_inverse_layer_idx", false);
            break;
        }
        case Architecture::Llama:
            parseLlamaFamily(f, json, c);
            break;
        case Architecture::Mistral:
            parseLlamaFamily(f, json, c);
            c.slidingWindow = f.integer("sliding_window", 0);
            c.slidingLayers.assign(size_t(c.layers), c.slidingWindow > 0);
            break;
        case Architecture::Qwen2: {
            parseLlamaFamily(f, json, c);
            c.qkvBias = true;  // Qwen2 always has q/k/v biases, never an o bias
            c.outBias = false;
            // Layers from max_window_layers on use the window (what Qwen2's attention does
            // whenever the window is on; transformers 4.44's eager path ignores it).
            if (f.boolean("use_sliding_window", false)) {
                c.slidingWindow = f.integer("sliding_window", 4096);
                const int64_t from = f.integer("max_window_layers", c.layers);
                c.slidingLayers.resize(size_t(c.layers));
                for (int64_t i = 0; i < c.layers; ++i) c.slidingLayers[size_t(i)] = i >= from;
            }
            break;
        }
        case Architecture::Gemma2: {
            parseLlamaFamily(f, json, c);
            c.dHead = f.integer("head_dim", 256);
            c.norm = NormKind::RmsNormOnePlus;
            c.activation = activationOr(
                f, f.text("hidden_activation", f.text("hidden_act", "gelu_pytorch_tanh")),
                Activation::GeluTanh);
            c.embeddingScaled = true;
            c.sandwichNorms = true;
            c.queryScale = 1.0 / std::sqrt(f.number("query_pre_attn_scalar", 224));
            c.softCap = f.number("attn_logit_softcapping", 0.0);
            c.slidingWindow = f.integer("sliding_window", 4096);
            c.slidingLayers.resize(size_t(c.layers));
            // Gemma 2 alternates: even layers slide, odd layers are global.
            for (int64_t i = 0; i < c.layers; ++i) c.slidingLayers[size_t(i)] = i % 2 == 0;
            break;
        }
    }
    if (f.failed()) return f.error();
    if (c.slidingLayers.empty()) c.slidingLayers.assign(size_t(c.layers), false);
    if (Status st = c.validate(); !st) return st.failure();
    return c;
}

Result<ModelConfig> ModelConfig::load(const std::string& path) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly)) return Text::tr("cannot read %1", path);
    if (file.size() > 16 * 1024 * 1024) return Text::tr("%1 is too large for a config.json", path);
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return Text::tr("%1: not a JSON object (%2 at offset %3)", path,
                        err.errorString().toStdString(), err.offset);
    auto c = fromJson(doc.object());
    if (!c) return Text::tr("%1: %2", path, c.failure());
    return c;
}

std::string ModelConfig::maskExpression(int64_t layer) const {
    if (!causal()) return "full";
    if (slidingWindow > 0 && layer >= 0 && layer < int64_t(slidingLayers.size()) &&
        slidingLayers[size_t(layer)])
        return "causal & window(" + std::to_string(slidingWindow) + ")";
    return "causal";
}

double ModelConfig::scale(int64_t layer) const {
    double s = queryScale > 0 ? queryScale : 1.0 / std::sqrt(double(dHead));
    if (scaleByInverseLayer) s /= double(layer + 1);
    return s;
}

Status ModelConfig::validate() const {
    if (layers < 1 || layers > 1024)
        return Text::tr("config.json: the number of layers must be 1 to 1024");
    if (hidden < 1 || hidden > 65536)
        return Text::tr("config.json: the hidden size must be 1 to 65536");
    if (heads < 1 || heads > 1024)
        return Text::tr("config.json: the number of heads must be 1 to 1024");
    if (kvHeads < 1 || heads % kvHeads != 0)
        return Text::tr("config.json: heads (%1) must be a multiple of kv heads (%2)", heads,
                        kvHeads);
    if (dHead < 1 || dHead > 4096) return Text::tr("config.json: d_head must be 1 to 4096");
    if ((arch == Architecture::Bert || arch == Architecture::Gpt2) && heads * dHead != hidden)
        return Text::tr("config.json: the hidden size %1 is not a multiple of %2 heads", hidden,
                        heads);
    if (rope.enabled && dHead % 2 != 0)
        return Text::tr("config.json: rotary embedding needs an even d_head");
    if (intermediate < 1 || intermediate > 1'000'000)
        return Text::tr("config.json: the intermediate size must be 1 to 1000000");
    if (vocab < 1 || vocab > 10'000'000)
        return Text::tr("config.json: the vocabulary size must be 1 to 10^7");
    if (maxPositions < 1) return Text::tr("config.json: max positions must be at least 1");
    if (softCap < 0)
        return Text::tr("config.json: %1 must not be negative",
                        Text::literal("attn_logit_softcapping"));
    if (!(normEps > 0) || normEps > 1)
        return Text::tr("config.json: the norm epsilon must be in (0, 1]");
    return {};
}

}  // namespace attnscope
