#pragma once
// HeatmapGridView: the per-head heatmap grid of SPEC §6 — ncols × ceil(H/ncols) "Head h" maps,
// one shared colour bar, no interpolation, origin at the bottom (switchable), hover read-out with
// token labels, click to open a head large. Drag pans and the wheel zooms every head together
// (the single-head window too); the visible region is re-pooled off the UI thread once the
// motion pauses, so no more cells are drawn than there are pixels and a frame is only a replot.

#include <QPoint>
#include <QTimer>
#include <memory>

#include "core/analysis/ViewportPooling.h"
#include "core/common/LatestResult.h"
#include "widgets/views/DisplayMatrices.h"
#include "widgets/views/PlotView.h"

class QCustomPlot;
class QCPAxisRect;
class QCPColorMap;
class QCPColorGradient;
class QCPColorMapData;
class QCPColorScale;
class QMouseEvent;

namespace attnscope {

class HeatmapGridView : public PlotView {
    Q_OBJECT
public:
    /// On the pooled path, a zoomed region of at most this many cells per head is computed
    /// exactly (from Q, K and the rows' shifts); larger ones re-pool the fine cache.
    static constexpr double kExactZoomCells = 1024.0 * 1024.0;

    explicit HeatmapGridView(QWidget* parent = nullptr);
    ~HeatmapGridView() override;

    QString viewTitle() const override { return m_focusHead >= 0 ? tr("Head") : tr("Heads"); }
    QString figureName() const override;
    bool showsPooled() const override { return true; }
    ViewPreparer preparer(const TracePtr& trace, const ViewOptions& options) const override;
    QSize figureSize() const override;

    /// Show only head h, large, with pan and zoom (−1: the grid).
    void setFocusHead(int head);
    int focusHead() const { return m_focusHead; }

    // What was drawn, for tests and the status bar.
    const DisplayMatrices& matrices() const;
    QStringList headTitles() const;
    QString figureTitle() const;
    /// Read-out at a widget position: "Head 3 · q 12 (fox) · k 4 (the) · 1.234", or empty.
    QString readoutAt(const QPoint& pos) const override;
    /// Shows tokens [key0, key1) × [query0, query1) in every head, as a pan or zoom would.
    void setVisibleRegion(double key0, double key1, double query0, double query1);
    /// The whole map again, as the "Reset zoom" button and the Home key do.
    void resetZoom();
    /// Whether a zoom shows less than the whole map.
    bool isZoomed() const;
    /// The token region the maps' cells were last pooled from, and their cell counts.
    MatrixRegion pooledRegion() const { return m_pooledRegion; }
    QSize pooledCells() const { return m_pooledCells; }

signals:
    void headActivated(int head);
    /// The visible region was re-pooled at pixel resolution (after a pan or zoom).
    void regionPooled();

protected:
    void redraw() override;
    /// Square cells: each head's rect is narrowed or shortened so that a position is as wide as
    /// it is tall (a 13 × 13 map is not drawn as 7 × 51-pixel cells).
    bool adjustAfterLayout() override;

private:
    void rebuild();
    QString layoutKeyOf() const;
    QCPColorGradient gradientShown() const;
    void followRange(QCPAxisRect* source);
    void startRepool();
    void applyRepool(MatrixRegion region, std::vector<std::unique_ptr<QCPColorMapData>>& pooled);
    int headAt(const QPoint& pos, QCPAxisRect** rect = nullptr) const;

    std::shared_ptr<const struct HeatmapData> m_data;  // the pooled matrices being shown
    std::vector<QCPAxisRect*> m_rects;
    std::vector<QCPColorMap*> m_maps;  // one per shown head, in m_rects' order
    std::vector<int64_t> m_shownHeads;
    int m_focusHead = -1;
    bool m_syncing = false;       // copying one head's axis ranges to the others
    QPoint m_pressPos;            // a press and release in place is a click, not a drag
    QTimer m_repoolTimer;         // re-pool once the pan or zoom pauses
    LatestResult m_repool{this};  // re-pooling the visible region; the latest motion wins
    MatrixRegion m_pooledRegion;
    QSizeF m_dataRange;   // the map's extent in positions (x: keys, y: queries)
    QString m_aspectKey;  // plot size and visible ranges the rects were last fitted to
    // What the grid's layout was built for (heads, cells, extents, axis labels): a new trace or
    // display with the same one only swaps the maps' cells, the colour bar's range, label and
    // gradient (rebuilding 12 axis rects cost ~15 ms).
    QString m_layoutKey;
    QCPColorScale* m_scale = nullptr;
    class QToolButton* m_resetZoom;
    QSize m_pooledCells;
};

}  // namespace attnscope
