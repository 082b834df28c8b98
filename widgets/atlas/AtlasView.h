#pragma once
// AtlasView (SPEC §6 atlas): a model's layers × heads as a grid of small attention maps, each
// pooled to its cell and scaled to its own maximum, with a strip and a badge for one head metric
// (sink score, first-token mass, entropy, mean distance, diagonal, previous token). Heads can be
// ranked by the metric and the ones below a threshold dimmed; hover reads a head's metrics out,
// a click opens that layer and head. Computed layer by layer on the worker (ModelAtlas) with the
// layers done shown while it runs. Exports as atlas.svg / atlas.png and atlas.csv.

#include <QTimer>
#include <atomic>
#include <memory>

#include "widgets/atlas/ModelAtlas.h"
#include "widgets/views/FigureView.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QScrollArea;

namespace attnscope {

class PaintCanvas;

class AtlasView : public FigureView {
    Q_OBJECT
public:
    explicit AtlasView(QWidget* parent = nullptr);
    QString viewTitle() const override { return tr("Atlas"); }
    QString figureName() const override { return "atlas"; }
    ViewPreparer preparer(const TracePtr& trace, const ViewOptions& options) const override;
    /// Only the batch element change what it prepares.
    bool dependsOn(const ViewOptions& before, const ViewOptions& after) const override;
    /// The atlas runs its own pooled pass over each layer's Q and K: a pooled trace has them.
    bool showsPooled() const override { return true; }
    QSize figureSize() const override;
    void renderFigure(QPaintDevice& device, const QSize& size, double scale) override;
    QList<QPair<QString, QByteArray>> extraExports() const override;

    enum class Order { LayersByHeads, Ranked };
    void setMetric(HeadMetric metric);
    HeadMetric metric() const { return m_metric; }
    void setOrder(Order order);
    /// Heads whose metric is below `minimum` are drawn faded (NaN: none).
    void setMinimum(double minimum);

    /// What was drawn, in figure coordinates of the on-screen canvas.
    struct Cell {
        int64_t layer = 0, head = 0;
        QRectF rect;
        double value = 0;  // the metric
        bool dimmed = false;
        size_t index = 0;  // into atlas()->cells
    };
    std::vector<Cell> cells() const { return layout(canvasSize()); }
    ModelAtlasPtr atlas() const { return m_atlas; }
    QString title() const;
    /// "Layer 3 · Head 5 — sink score 0.31 · …" at a canvas position, or empty.
    QString readoutAt(const QPointF& pos) const;
    /// Clicks the cell of (layer, head), as a user would (tests).
    void activate(int64_t layer, int64_t head);

signals:
    /// A head was clicked: show that layer and head.
    void headActivated(int layer, int head);

protected:
    void redraw() override;

private:
    std::vector<Cell> layout(const QSizeF& size) const;
    void paint(QPainter& p, const QSizeF& size) const;
    QSizeF canvasSize() const;
    void updateCanvasSize();
    void resizeEvent(QResizeEvent* event) override;

    HeadMetric m_metric = HeadMetric::Sink;
    Order m_order = Order::LayersByHeads;
    double m_minimum = std::numeric_limits<double>::quiet_NaN();
    ModelAtlasPtr m_atlas;
    std::shared_ptr<std::atomic<int>> m_progress = std::make_shared<std::atomic<int>>(0);
    // Started by preparer() (const: the deck asks for it) and read while the worker computes.
    mutable int64_t m_expectedLayers = 0;
    mutable QTimer m_progressTimer;
    QComboBox* m_metricBox;
    QComboBox* m_orderBox;
    QDoubleSpinBox* m_minimumBox;
    QLabel* m_status;
    QScrollArea* m_scroll;
    PaintCanvas* m_canvas;
};

}  // namespace attnscope
