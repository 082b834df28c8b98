#pragma once
// TokenView (SPEC §6 token view; BertViz's head view, done for real texts): query tokens on the
// left, key tokens on the right, one line per pair whose weight reaches a threshold, strength ∝
// weight, heads overlaid in distinct colours with a head picker. Hovering a token keeps only its
// lines; "hide special tokens" removes [CLS], [SEP], BOS, … and renormalises the rows. Long texts
// scroll; only the lines crossing the visible rows are painted, so thousands of tokens stay fast.

#include <QColor>
#include <memory>
#include <vector>

#include "widgets/views/FigureView.h"

class QCheckBox;
class QDoubleSpinBox;
class QHBoxLayout;
class QScrollArea;
class QToolButton;

namespace attnscope {

class PaintCanvas;

class TokenView : public FigureView {
    Q_OBJECT
public:
    explicit TokenView(QWidget* parent = nullptr);
    QString viewTitle() const override { return tr("Tokens"); }
    QString figureName() const override;
    ViewPreparer preparer(const TracePtr& trace, const ViewOptions& options) const override;
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
    static QColor headColour(int head);
    QString title() const;

protected:
    void redraw() override;

private:
    void paint(QPainter& p, const QRectF& exposed, double width, int maxRows) const;
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
};

}  // namespace attnscope
