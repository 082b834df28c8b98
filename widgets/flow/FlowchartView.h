#pragma once
// FlowchartView: the pipeline flowchart of SPEC §6, painted with QPainter — rounded boxes coloured
// by category joined by arrows, either the attention computation (each box showing its tensor's
// shape and mapped to a Step) or the paraphrase pipeline. Clicking a box activates its step.

#include <QColor>
#include <QRectF>
#include <QTransform>
#include <array>
#include <optional>
#include <vector>

#include "widgets/views/FigureView.h"

namespace attnscope {

enum class FlowCategory { Input, Processing, Attention, Generation, Output };
QColor flowCategoryColor(FlowCategory category);
QString flowCategoryName(FlowCategory category);

/// Box size and vertical spacing, in figure pixels (96 dpi).
struct FlowchartGeometry {
    int boxWidth = 300;
    int boxHeight = 50;
    int spacing = 26;
    bool operator==(const FlowchartGeometry&) const = default;
};

class FlowchartView : public FigureView {
    Q_OBJECT
public:
    enum class Flow { Attention, Paraphrase };

    /// One drawn box: its text (title line, then detail such as "Q [1, 4, 53, 16]"), category,
    /// rectangle in figure coordinates and the step it opens (none for some paraphrase stages).
    struct Box {
        QString text;
        FlowCategory category;
        QRectF rect;
        std::optional<Step> step;
        bool highlighted = false;
    };

    explicit FlowchartView(QWidget* parent = nullptr);

    QString viewTitle() const override { return tr("Flowchart"); }
    QString figureName() const override { return "flowchart"; }
    bool showsPooled() const override { return true; }
    QSize figureSize() const override { return m_figureSize; }
    void renderFigure(QPaintDevice& device, const QSize& size, double scale) override;

    /// Chooses the flow explicitly; until then (or after setAutoFlow()) a trace whose mask contains
    /// "paraphrase" shows the paraphrase pipeline and any other the attention computation.
    void setFlow(Flow flow);
    void setAutoFlow();
    Flow flow() const { return m_flow; }

    void setFlowGeometry(const FlowchartGeometry& geometry);
    const FlowchartGeometry& flowGeometry() const { return m_geometry; }
    void setBoxWidth(int width);
    void setBoxHeight(int height);
    void setSpacing(int spacing);

    void setCurrentStep(Step step);
    std::optional<Step> currentStep() const { return m_current; }

    // What was drawn, for tests.
    const std::vector<Box>& boxes() const { return m_boxes; }
    QString figureTitle() const;
    /// Paints the figure in figure coordinates; `exported`: as exported, without the on-screen
    /// mark of the inspector's current step.
    void paint(QPainter& painter, bool exported = false) const;
    /// Figure coordinates → widget coordinates of the on-screen drawing.
    QTransform figureToWidget() const;

signals:
    void stepActivated(attnscope::Step step);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void redraw() override;

private:
    struct Arrow {
        std::vector<QPointF> points;  // polyline, head at the last point
        QString label;
    };
    void rebuild();
    void layoutAttention();
    void layoutParaphrase();
    int addBox(const QString& text, FlowCategory category, const QRectF& rect,
               std::optional<Step> step);
    void connectDown(int from, int to);

    FlowchartGeometry m_geometry;
    std::array<int, 3> m_optionsGeometry{-1, -1, -1};  // the options' geometry last applied
    Flow m_flow = Flow::Attention;
    bool m_autoFlow = true;
    std::optional<Step> m_current;
    std::vector<Box> m_boxes;
    std::vector<Arrow> m_arrows;
    QSize m_figureSize{700, 900};
};

}  // namespace attnscope
