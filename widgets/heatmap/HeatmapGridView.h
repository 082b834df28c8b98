#pragma once
// HeatmapGridView: the per-head heatmap grid of SPEC §6 — ncols × ceil(H/ncols) "Head h" maps,
// one shared colour bar, no interpolation, origin at the bottom (switchable), hover read-out with
// token labels, click to open a head large. In single-head mode it pans and zooms, re-pooling
// the visible region so that no more cells are drawn than there are pixels.

#include "views/DisplayMatrices.h"
#include "views/FigureView.h"

class QCustomPlot;
class QCPAxisRect;
class QMouseEvent;

namespace attnscope {

class HeatmapGridView : public FigureView {
    Q_OBJECT
public:
    explicit HeatmapGridView(QWidget* parent = nullptr);

    QString viewTitle() const override { return m_focusHead >= 0 ? "Head" : "Heads"; }
    QString figureName() const override;
    void setTrace(TracePtr trace) override;
    void setOptions(const ViewOptions& options) override;
    ViewPreparer preparer(const TracePtr& trace, const ViewOptions& options) const override;
    void present(TracePtr trace, const ViewOptions& options, ViewDataPtr data) override;
    QSize figureSize() const override;
    void renderFigure(QPaintDevice& device, const QSize& size, double scale) override;

    /// Show only head h, large, with pan and zoom (−1: the grid).
    void setFocusHead(int head);
    int focusHead() const { return m_focusHead; }

    // What was drawn, for tests and the status bar.
    const DisplayMatrices& matrices() const;
    QStringList headTitles() const;
    QString figureTitle() const;
    QCustomPlot* plot() const { return m_plot; }
    /// Read-out at a widget position: "Head 3 · q 12 (fox) · k 4 (the) · 1.234", or empty.
    QString readoutAt(const QPoint& pos) const;

signals:
    void headActivated(int head);

private:
    void rebuild();
    void repoolVisible();
    int headAt(const QPoint& pos, QCPAxisRect** rect = nullptr) const;

    QCustomPlot* m_plot;
    TracePtr m_trace;
    ViewOptions m_options;
    std::shared_ptr<const struct HeatmapData> m_data;  // the pooled matrices being shown
    std::vector<QCPAxisRect*> m_rects;
    int m_focusHead = -1;
    bool m_repooling = false;
};

}  // namespace attnscope
