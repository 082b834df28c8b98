#pragma once
// Model: a transformer loaded from a Hugging Face folder — its config and its weights as float32
// — that runs natively on the CPU and captures, per layer, what the engine needs to trace that
// layer's attention: post-RoPE Q, K, V per head (kv heads kept), the mask as an expression, the
// scale and soft-cap, and the hidden-state norm per token before the layer (SPEC §11). The L²
// steps stay the engine's: a layer is traced from its capture like any Q/K/V source.

#include <QString>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/common/Array.h"
#include "core/common/Result.h"
#include "core/engine/Backend.h"
#include "core/model/LayerOps.h"
#include "core/model/ModelConfig.h"

namespace attnscope {

class ModelWeights;
class Tokenizer;
struct Encoding;

struct LayerCapture {
    int64_t layer = 0;
    Tensor q;          // [H, L, d_head], after the rotary embedding
    Tensor k;          // [Hkv, L, d_head], after the rotary embedding
    Tensor v;          // [Hkv, L, d_head]
    std::string mask;  // SPEC §4 expression: "full", "causal", "causal & window(W)"
    double scale = 1.0;
    double softCap = 0.0;
    std::vector<float> hiddenNorms;  // [L]: |h| per token of the layer's input
    Tensor valueNorms;               // [H, L]: ‖v_j W_O^h‖, what key j can add through head h
};

struct ModelRun {
    std::vector<int64_t> ids;
    std::vector<LayerCapture> layers;  // the captured layers, ascending
    double forwardMs = 0;
};

struct RunOptions {
    int threads = 1;
    std::set<int64_t> layers;  // the layers to capture; empty: all
    /// Called with the fraction of the layers done (0…1) after each layer, from the caller's
    /// thread (the engine's worker shows it as the computation's progress).
    std::function<void(double)> progress;
};

class Model {
public:
    /// Opens a model folder (config.json and weights) or a GGUF file; the message names what is
    /// wrong.
    static Result<std::shared_ptr<const Model>> open(const QString& path);
    /// A model from a parsed config and named weights (GGUF files; tests).
    static Result<std::shared_ptr<const Model>> fromWeights(ModelConfig config,
                                                            ModelWeights& weights, QString path);

    const ModelConfig& config() const { return m_config; }
    const QString& path() const { return m_path; }
    /// The folder's tokenizer; null when it has none or it cannot be read (tokenizerError()).
    std::shared_ptr<const Tokenizer> tokenizer() const { return m_tokenizer; }
    /// Why there is no tokenizer: in English, and as a message to show in the interface's
    /// language (empty when there is one).
    const std::string& tokenizerError() const { return m_tokenizerError.message; }
    const Error& tokenizerFailure() const { return m_tokenizerError; }
    /// Token ids given as they are (not from a text): their labels from the tokenizer, or the
    /// ids themselves without one.
    Encoding describeIds(const std::vector<int64_t>& ids) const;
    /// Sets the tokenizer (or why there is none) while the model is being made.
    void setTokenizer(std::shared_ptr<const Tokenizer> tokenizer, Error error) {
        m_tokenizer = std::move(tokenizer);
        m_tokenizerError = std::move(error);
    }
    /// One line: "llama · 30 layers · 9 heads / 3 kv heads · d_head 64 · causal".
    std::string summary() const;

    /// Runs the model on `ids` up to the last layer to capture. Ids out of the vocabulary, an
    /// empty text or one longer than the model's positions are refused.
    Result<ModelRun> run(const std::vector<int64_t>& ids, const RunOptions& options,
                         const CancelCheck& cancel = {}) const;
    /// The attention rule of `layer` (what the forward pass computes).
    AttentionRule attentionRule(int64_t layer) const;

    struct Layer {
        Norm attnNorm;      // before attention (pre-norm) or after it (BERT)
        Norm postAttnNorm;  // Gemma 2: on the attention output
        Norm mlpNorm;       // before the MLP (pre-norm) or after it (BERT)
        Norm postMlpNorm;   // Gemma 2: on the MLP output
        Linear q, k, v, o, gate, up, down;
    };

private:
    Model() = default;

    ModelConfig m_config;
    QString m_path;
    Tensor m_tokenEmbedding;     // [vocab, hidden]
    Tensor m_positionEmbedding;  // [positions, hidden] (BERT, GPT-2)
    Tensor m_typeEmbedding;      // [types, hidden] (BERT)
    Norm m_embeddingNorm;        // BERT
    std::vector<Layer> m_layers;
    std::vector<float> m_inverseFrequencies;
    std::shared_ptr<const Tokenizer> m_tokenizer;
    Error m_tokenizerError;
};

using ModelPtr = std::shared_ptr<const Model>;

}  // namespace attnscope
