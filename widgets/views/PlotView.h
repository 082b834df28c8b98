#pragma once
// PlotView: the base of the views drawn with QCustomPlot (heads grid, sinks grid, mask,
// inspector). It owns the plot and its layout, shows the view's read-out in a tooltip on hover,
// paints the plot as an export figure (text kept as text in SVG, one figure at every dpi), and
// lays out per-head axis rects for the grid views.

#include <QSharedPointer>
#include <vector>

#include "widgets/views/FigureView.h"

class QCPAxisRect;
class QCPAxisTicker;
class QCPLayoutGrid;
class QCustomPlot;
class QVBoxLayout;

namespace attnscope {

class PlotView : public FigureView {
    Q_OBJECT
public:
    explicit PlotView(QWidget* parent = nullptr);

    QCustomPlot* plot() const { return m_plot; }
    /// Paints the plot onto `device` at logical `size`, scaled by `scale`: vectorised painting
    /// with exact coordinates and scaling pens, everything antialiased, so that a PNG at any dpi
    /// is the 96-dpi figure drawn finer and matches its SVG.
    void renderFigure(QPaintDevice& device, const QSize& size, double scale) final;
    /// The hover read-out at a widget position ("Head 3 · q 12 · k 4 · 1.234"); empty: none.
    virtual QString readoutAt(const QPoint& pos) const;

protected:
    /// Called with true before an export figure is painted and false after (a view that draws
    /// differently on screen, such as aliased bars, switches here).
    virtual void exporting(bool on);
    /// Adds the axis rect of one head at `index` of a grid `columns` wide, titled on its top axis.
    QCPAxisRect* addHeadRect(QCPLayoutGrid* grid, int index, int columns, const QString& title,
                             const QFont& font);
    /// Called after each layout of the plot, before it is drawn: a view that resizes elements
    /// from the laid-out sizes does it here and returns true (the plot is laid out again).
    virtual bool adjustAfterLayout();
    /// Lays the plot out again (inside adjustAfterLayout, to measure).
    void relayout();
    /// The index of the rect in `rects` that contains `pos`, or −1.
    static int rectAt(const std::vector<QCPAxisRect*>& rects, const QPoint& pos);
    /// The view's layout: the plot, below anything a view inserts above it.
    QVBoxLayout* plotLayout() const { return m_layout; }

    QCustomPlot* m_plot;

private:
    bool positionTicksStale() const;

    QVBoxLayout* m_layout;
    bool m_relayout = false;
};

}  // namespace attnscope
