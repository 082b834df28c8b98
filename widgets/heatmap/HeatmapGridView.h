#pragma once
// HeatmapGridView: the per-head heatmap grid of SPEC §6 — ncols × ceil(H/ncols) "Head h" maps of
// one value kind, one shared symmetric colour bar, origin at the bottom, no interpolation, frame
// pooling when the scenario has frames and viewport pooling for long sequences.

#include <QWidget>

#include "engine/Trace.h"
#include "heatmap/Colormaps.h"

class QCustomPlot;

namespace attnscope {

enum class ValueKind { Logits, Probabilities, MaskedLogits };

class HeatmapGridView : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapGridView(QWidget* parent = nullptr);

    void setTrace(TracePtr trace);
    void setValueKind(ValueKind kind);
    ValueKind valueKind() const { return m_kind; }
    /// Largest |value| over all heads: the colour range is [−vmax, vmax].
    double colorRange() const { return m_vmax; }
    QCustomPlot* plot() const { return m_plot; }

private:
    void rebuild();

    QCustomPlot* m_plot;
    TracePtr m_trace;
    ValueKind m_kind = ValueKind::Logits;
    int m_columns = 4;
    double m_vmax = 0;
};

}  // namespace attnscope
