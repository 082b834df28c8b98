#pragma once
// TokenView (SPEC §6 token view; BertViz's head view, done for real texts): query tokens on the
// left, key tokens on the right, one line per pair whose weight reaches a threshold, strength ∝
// weight, heads overlaid in distinct colours with a head picker. Hovering a token keeps only its
// lines; "hide special tokens" removes [CLS], [SEP], BOS, … and renormalises the rows. Long texts
// scroll; only the lines crossing the visible rows are painted, so thousands of tokens stay fast.
// On screen, thousands of long lines are drawn off the UI thread (rasteriseLines, in bands of
// rows on the worker pool) into an image of the rows around the visible ones (the lines layer),
// which paint only copies; a focused token's few lines are drawn in place with QPainter, as is
// every exported figure.

#include <QColor>
#include <memory>
#include <vector>

#include "widgets/views/FigureView.h"

class QImage;

class QCheckBox;
class QDoubleSpinBox;
class QHBoxLayout;
class QScrollArea;
class QToolButton;

namespace attnscope {

class LatestResult;
class PaintCanvas;

class TokenView : public FigureView {
    Q_OBJECT
public:
    explicit TokenView(QWidget* parent = nullptr);
    ~TokenView() override;
    QString viewTitle() const override { return tr("Tokens"); }
    QString figureName() const override;
    ViewPreparer preparer(const TracePtr& trace, const ViewOptions& options) const override;
    /// Only the batch element changes what this view prepares (it draws probabilities whatever
    /// the display shows).
    bool dependsOn(const ViewOptions& before, const ViewOptions& after) const override;
    QSize figureSize() const override;
    void renderFigure(QPaintDevice& device, const QSize& size, double scale) override;

    /// One drawn line: query row and key row as shown (after hiding), head and weight.
    struct Line {
        int32_t query = 0, key = 0, head = 0;
        float weight = 0;
    };
    /// The heads drawn (empty: all).
    void setHeads(const std::vector<int>& heads);
    std::vector<int> heads() const;
    void setThreshold(double threshold);
    double threshold() const { return m_threshold; }
    void setHideSpecial(bool hide);
    bool hideSpecial() const { return m_hideSpecial; }
    /// Focus on one token (−1: none); `query` selects the left column, else the right one.
    void setFocus(int row, bool query);

    /// What is drawn: the tokens of each column and the lines (focus applied).
    QStringList queryLabels() const;
    QStringList keyLabels() const;
    std::vector<Line> visibleLines() const;
    /// Whether the lines on screen come from the lines layer (drawn off the UI thread), and
    /// whether it holds the lines of what is shown now for the visible rows.
    bool linesDrawnAside() const;
    bool linesLayerCurrent() const;
    static QColor headColour(int head);
    QString title() const;

protected:
    void redraw() override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    struct LinesLayer;
    void paint(QPainter& p, const QRectF& exposed, double width, int maxRows) const;
    /// The canvas rows the lines layer should cover: the visible ones and half a screen around.
    QRect wantedLayerRect() const;
    bool layerMatches(const LinesLayer& layer) const;
    /// Draws the lines layer for what is shown now on the worker pool, unless it is current.
    void requestLayer();
    void rebuildHeadButtons();
    void updateCanvas();
    double rowY(int row) const;

    std::vector<int> m_heads;  // empty: all
    double m_threshold = 0.05;
    bool m_hideSpecial = false;
    int m_focusRow = -1;
    bool m_focusQuery = true;
    QScrollArea* m_scroll;
    PaintCanvas* m_canvas;
    QHBoxLayout* m_headBar;
    std::vector<QToolButton*> m_headButtons;
    QDoubleSpinBox* m_thresholdBox;
    QCheckBox* m_hideBox;
    std::shared_ptr<const LinesLayer> m_layer;
    std::unique_ptr<LatestResult> m_layerJob;
    bool m_drawnPending = false;  // drawn() waits for the layer of the new data
};

}  // namespace attnscope
