#pragma once
// ViewOptions: how the views show a Trace (SPEC §6) — value kind, colormap and range, origin,
// frames and query selection, pooling. Owned by the SessionDocument, shared by every view.

#include <QJsonObject>
#include <cstdint>
#include <vector>

#include "core/analysis/PoolMode.h"
#include "widgets/heatmap/Colormaps.h"

namespace attnscope {

/// Smallest flowchart box and spacing that still hold their text.
constexpr int kMinFlowBoxWidth = 120, kMinFlowBoxHeight = 30, kMinFlowSpacing = 12;

enum class ValueKind { Logits, Probabilities, MaskedLogits };

struct ViewOptions {
    ValueKind valueKind = ValueKind::Logits;
    Colormap colormap = Colormap::RdBuR;
    bool symmetricRange = true;   // vmin = −vmax, vmax = max |value| over all heads
    bool originLower = true;      // query 0 at the bottom, as matplotlib's origin="lower"
    int64_t tokensPerFrame = -1;  // −1: the scenario's; 0: tokens; > 0: frames of that size
    std::vector<int64_t> querySelection;  // empty: the scenario's selection
    PoolMode framePooling = PoolMode::Mean;
    PoolMode detailPooling = PoolMode::Max;  // level of detail for long sequences
    int batch = 0;
    int head = 0;     // the inspector's and the enlarged map's head
    int columns = 4;  // heatmap / sink grid columns
    // Flowchart boxes and their vertical spacing, in figure pixels at 96 dpi.
    int flowBoxWidth = 300, flowBoxHeight = 50, flowSpacing = 26;

    QJsonObject toJson() const;
    static ViewOptions fromJson(const QJsonObject& json);
    bool operator==(const ViewOptions&) const = default;
};

QString valueKindLabel(ValueKind kind);  // "Attention Logits", "Attention Probability", …

}  // namespace attnscope
