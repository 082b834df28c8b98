#pragma once
// ModelConfig: what a Hugging Face config.json (or a GGUF file's metadata) says about a model's
// shape and its attention — architecture, dimensions, norms, rotary embedding, per-layer masks,
// scale and soft-cap (SPEC §11). Anything that changes attention and is not supported is refused
// with a message naming it, so that a model is never shown with attention it does not compute.

#include <QJsonObject>
#include <cstdint>
#include <string>
#include <vector>

#include "core/common/Result.h"

namespace attnscope {

enum class Architecture { Bert, Gpt2, Llama, Mistral, Qwen2, Gemma2 };
enum class Activation { Gelu, GeluTanh, Silu, Relu };
enum class NormKind { LayerNorm, RmsNorm, RmsNormOnePlus };  // Gemma: x̂ · (1 + w)

/// "bert", "gpt2", ... (the model_type of config.json).
const char* architectureName(Architecture arch);
/// The supported model types, comma-separated (for messages).
std::string supportedArchitectures();

/// Rotary embedding of Llama-family models: HF's rotate-half layout, frequencies
/// theta^(−2i/d), optionally rescaled as Llama 3 does.
struct RopeConfig {
    bool enabled = false;
    double theta = 10000.0;
    bool llama3 = false;  // rope_scaling type "llama3"
    double factor = 1.0, lowFreqFactor = 1.0, highFreqFactor = 4.0;
    double originalMaxPositions = 8192;
    /// Per-frequency divisors (llama.cpp's rope_freqs tensor, how GGUF files carry Llama 3's
    /// scaling); empty: none.
    std::vector<float> factors;

    /// The inverse frequencies for d_head (d_head / 2 of them), in float32 as transformers
    /// computes them.
    std::vector<float> inverseFrequencies(int64_t dHead) const;
};

struct ModelConfig {
    Architecture arch = Architecture::Llama;
    int64_t layers = 0;
    int64_t hidden = 0;
    int64_t heads = 0;
    int64_t kvHeads = 0;
    int64_t dHead = 0;
    int64_t intermediate = 0;
    int64_t vocab = 0;
    int64_t maxPositions = 0;  // learned or trained positions: a longer text is refused
    int64_t typeVocab = 0;     // BERT token types

    NormKind norm = NormKind::RmsNorm;
    double normEps = 1e-6;
    Activation activation = Activation::Silu;
    bool gatedMlp = true;  // down(act(gate(x)) · up(x)), else down(act(up(x)))
    bool qkvBias = false;
    bool outBias = false;
    bool mlpBias = false;
    RopeConfig rope;
    bool embeddingScaled = false;  // Gemma: embeddings × sqrt(hidden)
    bool sandwichNorms = false;    // Gemma 2: norms after attention and after the MLP too

    // Attention.
    double queryScale = 0;             // the score scale, 0: 1/sqrt(d_head)
    bool scaleByInverseLayer = false;  // GPT-2 scale_attn_by_inverse_layer_idx
    double softCap = 0;                // attention logit soft-capping, 0: none
    int64_t slidingWindow = 0;         // keys per query on sliding layers, 0: none
    std::vector<bool> slidingLayers;   // per layer: whether it uses the sliding window

    /// Parses a config.json object; the message names what is missing or unsupported.
    static Result<ModelConfig> fromJson(const QJsonObject& json);
    /// Reads and parses `path` (a config.json).
    static Result<ModelConfig> load(const std::string& path);

    bool causal() const { return arch != Architecture::Bert; }
    /// The mask layer `layer` applies, as an expression of SPEC §4.
    std::string maskExpression(int64_t layer) const;
    /// The score scale of layer `layer`.
    double scale(int64_t layer) const;
    /// Checks dimensions against each other.
    Status validate() const;
};

}  // namespace attnscope
