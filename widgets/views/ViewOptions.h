#pragma once
// ViewOptions: how the views show a Trace (SPEC §6) — value kind, colormap and range, origin,
// frames and query selection, pooling. Owned by the SessionDocument, shared by every view.

#include <QJsonObject>
#include <cstdint>
#include <vector>

#include "core/analysis/PoolMode.h"
#include "core/presets/Presets.h"
#include "widgets/heatmap/Colormaps.h"

namespace attnscope {

/// Smallest flowchart box and spacing that still hold their text.
constexpr int kMinFlowBoxWidth = 120, kMinFlowBoxHeight = 30, kMinFlowSpacing = 12;

enum class ValueKind { Logits, Probabilities, MaskedLogits };

struct ViewOptions {
    ValueKind valueKind = ValueKind::Logits;
    Colormap colormap = Colormap::RdBuR;
    bool symmetricRange = true;           // vmin = −vmax, vmax = max |value| over all heads
    bool originLower = true;              // query 0 at the bottom, as matplotlib's origin="lower"
    int64_t tokensPerFrame = 0;           // 0: tokens; > 0: frames of that size
    std::vector<int64_t> querySelection;  // query rows (frames) the sink view averages; empty: all
    bool sampledDisplay = false;          // mask view: smart sampling of long sequences
    int64_t maxDisplayPositions = 30;     // mask view: positions kept when sampling
    PoolMode framePooling = PoolMode::Mean;
    // Level of detail for long sequences: the mean of signed logits (their max paints a long
    // causal map all red), the max of probabilities (a peak stays visible). withValueKind()
    // keeps it suited to the kind.
    PoolMode detailPooling = PoolMode::Mean;
    int batch = 0;
    int head = 0;     // the inspector's and the enlarged map's head
    int columns = 4;  // heatmap / sink grid columns
    // Flowchart boxes and their vertical spacing, in figure pixels at 96 dpi.
    int flowBoxWidth = 300, flowBoxHeight = 50, flowSpacing = 26;

    QJsonObject toJson() const;
    static ViewOptions fromJson(const QJsonObject& json);
    /// The options of a session file: its "view" object, with the display fields that
    /// version-1 sessions kept in the scenario's "display" object (frames, query selection,
    /// sampled display) taken from there when the view does not set them.
    static ViewOptions fromSession(const QJsonObject& session);
    /// These options showing `kind`, with the colour map and detail pooling that suit it: a
    /// sequential map over [0, max] and max pooling for probabilities, the diverging map and mean
    /// pooling for logits (the 9-colour palette, a deliberate choice, stays).
    ViewOptions withValueKind(ValueKind kind) const;
    /// A preset's way of being looked at, over these options.
    ViewOptions withPreset(const PresetDisplay& display) const;
    bool operator==(const ViewOptions&) const = default;
};

QString valueKindLabel(ValueKind kind);  // "Attention Logits", "Attention Probability", …

}  // namespace attnscope
