#pragma once
// SinkLensView (SPEC §6 sink lens): is a sink information flow or a no-op? For the current layer
// and head, side by side: the raw attention α; value-weighted attention ‖α_ij v_j W_O‖ (Kobayashi
// et al., 2020), where a sink that takes much attention but adds little fades; and α with the
// sink columns removed and rows renormalised (what the head attends to besides the sink). Below:
// the per-key sink metric of "When Attention Sink Emerges" as a layers × heads map, averaged over
// the current text and any texts listed (one per line), with the share of heads above ε; and the
// hidden-state norm per layer and token (the massive activations that come with sinks).
// Exports the figure and CSV files of the metric and the norms.

#include <QStringList>
#include <vector>

#include "core/analysis/SinkLens.h"
#include "widgets/views/PlotView.h"

class QDoubleSpinBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace attnscope {

class SinkLensView : public PlotView {
    Q_OBJECT
public:
    explicit SinkLensView(QWidget* parent = nullptr);
    QString viewTitle() const override { return tr("Sink lens"); }
    QString figureName() const override;
    QSize figureSize() const override { return {1500, 1000}; }
    ViewPreparer preparer(const TracePtr& trace, const ViewOptions& options) const override;
    /// Only the batch element and the head change what it prepares.
    bool dependsOn(const ViewOptions& before, const ViewOptions& after) const override;
    QList<QPair<QString, QByteArray>> extraExports() const override;

    /// Key columns treated as sinks in the third map (default: 0).
    void setSinkColumns(const std::vector<int64_t>& columns);
    std::vector<int64_t> sinkColumns() const { return m_sinkColumns; }
    /// The key position of the sink metric and its threshold ε.
    void setMetricKey(int64_t key, double epsilon);
    /// More texts the metric is averaged over, one per line (models only).
    void setTexts(const QStringList& texts);

    /// Cells a side of the three maps at most (max-pooled beyond): as the heads grid, about the
    /// pixels a third of the window gives a map (400 drew more cells than pixels).
    static constexpr int64_t kMaxCells = 256;

    /// What was drawn, for tests: the three maps of the head (at most kMaxCells a side,
    /// max-pooled), the metric and the hidden-state norms.
    struct Panels {
        int head = 0;
        Tensor attention, valueWeighted, withoutSinks;  // [rows, cols]
        bool pooled = false, withOutput = true;
        SinkMetric metric;
        int64_t metricKey = 0;
        std::vector<int64_t> layerNumbers;
        Tensor hiddenNorms;  // [layers, L]; empty without a model
        QString error;       // why the metric could not be averaged over a text
    };
    const Panels* panels() const;
    QString title() const;
    /// The metric's line in the interface language (the figure), or in English (the CSV).
    QString metricLine(bool translated = true) const;

protected:
    void redraw() override;

private:
    void rebuild();

    std::vector<int64_t> m_sinkColumns{0};
    int64_t m_metricKey = 0;
    double m_epsilon = 0.3;
    QStringList m_texts;
    QLineEdit* m_columnsEdit;
    QSpinBox* m_keyBox;
    QDoubleSpinBox* m_epsilonBox;
    QPlainTextEdit* m_textsEdit;
};

}  // namespace attnscope
