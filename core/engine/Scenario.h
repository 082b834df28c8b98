#pragma once
// Scenario: everything that determines one attention computation (SPEC §2). A plain value type,
// serialised as a versioned JSON session file (*.attnscope.json).

#include <QFlags>
#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/common/Result.h"

namespace attnscope {

/// Where a trace comes from: generated X and weights, Q/K/V from tensor files, attention maps
/// read from a file (nothing is computed; `layer` picks the maps' layer), or a model run natively
/// on a text (`layer` picks the layer whose captured Q/K/V are traced).
enum class SourceKind { Synthetic, Tensors, AttentionMaps, Model };
/// Pattern planted by the synthetic generator in W_q / W_k.
enum class PatternKind { Random, Local, Global, Translation };

std::string toString(SourceKind kind);
std::string toString(PatternKind kind);
std::optional<PatternKind> patternFromString(const std::string& name);

struct Scenario {
    // 2: attention-map sources; the display fields live in the view options. Version 1 loads.
    // 3: model sources. Versions 1 and 2 load.
    static constexpr int kVersion = 3;
    /// The largest score scale accepted (1/sqrt(d) is below 1; 1000 already makes softmax an
    /// argmax, and much larger scales overflow float scores).
    static constexpr double kMaxScale = 1000;

    std::string name;
    std::string description;

    // Where Q/K/V come from.
    SourceKind source = SourceKind::Synthetic;
    uint64_t seed = 0;
    PatternKind pattern = PatternKind::Random;
    std::vector<int> sinkHeads;       // query heads with a planted first-position sink
    int64_t sinkSpan = 1;             // how many leading positions form the sink (a frame, say)
    std::string qPath, kPath, vPath;  // SourceKind::Tensors: file or file.npz:name
    // SourceKind::AttentionMaps: maps [H, Lq, Lk], [layers, H, Lq, Lk] or [B, layers, H, Lq, Lk]
    // and / or per-query-block vectors [H, Lk] or [layers, H, Lk] (file or file:name).
    std::string mapsPath, vectorsPath;
    bool mapsAreProbabilities = false;  // else logits, which the views softmax
    int64_t mapsBatch = 0;              // the batch element of 5-axis maps
    bool mapsFrames = false;            // positions are video frames (axis labels)
    int64_t mapsLayers = 1;             // layers in the file (the layer selector's range)
    // SourceKind::Model: a Hugging Face folder, and the text it runs on (or token ids, which
    // then replace the text). An empty mask means the model's own mask for the layer; an unset
    // scale the layer's own scale.
    std::string modelPath;
    std::string modelText;
    std::vector<int64_t> modelIds;

    // Shapes.
    int64_t batch = 1;
    int64_t heads = 4;
    int64_t kvHeads = 4;
    int64_t qLen = 16;
    int64_t kvLen = 16;
    int64_t dModel = 64;
    int64_t dHead = 16;
    bool crossAttention = false;  // queries from a second sequence (Lq may differ from Lk)
    bool bias = false;
    bool outputProjection = true;

    // Attention.
    std::string mask = "causal";
    std::optional<double> scale;  // default 1/sqrt(d_head)
    double softCap = 0;           // > 0: logit soft-capping c · tanh(s / c) (Gemma 2)
    int64_t qOffset = 0;
    int64_t kvOffset = 0;

    // Labels. How the trace is shown (frames, query selection, sampled mask) is the view
    // options'; version-1 sessions that kept them here load them into the view options.
    int layer = 0;                         // an input of map (and model) sources
    std::vector<std::string> queryTokens;  // empty: positions are shown
    std::vector<std::string> keyTokens;    // empty: same as queryTokens for self-attention

    double effectiveScale() const;
    /// Whether queries and keys are positions of one sequence, so that "a key after the query"
    /// (a causal violation) means something: not for cross-attention or imported maps.
    bool causalityApplies() const { return !crossAttention && source != SourceKind::AttentionMaps; }
    /// A model source that applies the model's own mask (no what-if mask).
    bool usesModelMask() const { return source == SourceKind::Model && mask.empty(); }
    /// Checks shapes and ranges; the message names the offending field. Lengths the pooled path
    /// can take pass; fitsMaterialised() says whether a full trace can be held.
    Status validate() const;
    /// Whether the three L² tensors of a full trace of these shapes fit in memory.
    Status fitsMaterialised() const;

    QJsonObject toJson() const;
    static Result<Scenario> fromJson(const QJsonObject& json);
    static Result<Scenario> load(const QString& path);
    Status save(const QString& path) const;  // atomic

    bool operator==(const Scenario&) const = default;
};

/// What an edit of a Scenario changed (Tiled's change events), so that consumers skip what does
/// not concern them. Only Inputs, Mask and Attention need the engine; Display and Labels edits are
/// shown by relabelling the trace that is there (TraceBuilder::relabel), with no computation.
enum class ScenarioChange : unsigned {
    Inputs = 1u << 0,     // source, seed, pattern, sink heads, shapes, bias: new X, W, Q/K/V
    Mask = 1u << 1,       // the mask expression, the offsets
    Attention = 1u << 2,  // the scale, the soft-cap, the output projection
    Display = 1u << 3,    // the layer number of a synthetic or tensor source (a title)
    Labels = 1u << 4,     // name, description, token labels
};
Q_DECLARE_FLAGS(ScenarioChanges, ScenarioChange)  // combined with |= (no free operator|, which
                                                  // would hide QCP's inside this namespace)
inline constexpr ScenarioChanges kAllScenarioChanges = ScenarioChanges::fromInt(0x1f);

/// The kinds of field that differ between `before` and `after`.
ScenarioChanges changesBetween(const Scenario& before, const Scenario& after);
/// True when `changes` need a new computation (not only a relabelled trace).
inline bool needsCompute(ScenarioChanges changes) {
    return changes.testFlag(ScenarioChange::Inputs) || changes.testFlag(ScenarioChange::Mask) ||
           changes.testFlag(ScenarioChange::Attention);
}

}  // namespace attnscope
