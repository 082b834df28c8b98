#include "widgets/flow/FlowchartView.h"

#include "widgets/views/FigureFont.h"

#include <QCoreApplication>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <array>
#include <cmath>

namespace attnscope {

namespace {
const QFont kTitleFont = figureFont(14, QFont::Bold);
const QFont kBoxTitleFont = figureFont(10, QFont::Bold);
const QFont kDetailFont = figureFont(9);
const QFont kLegendFont = figureFont(9);
constexpr double kMargin = 30, kTitleHeight = 60, kLegendHeight = 50;
constexpr FlowCategory kCategories[] = {FlowCategory::Input, FlowCategory::Processing,
                                        FlowCategory::Attention, FlowCategory::Generation,
                                        FlowCategory::Output};

QString shapeOf(const Tensor* t) {
    return t && !t->empty() ? QString::fromStdString(shapeToString(t->shape())) : QString("—");
}

void drawArrowHead(QPainter& p, QPointF from, QPointF to) {
    const double angle = std::atan2(to.y() - from.y(), to.x() - from.x());
    const double len = 9, spread = 0.42;
    QPolygonF head;
    head << to << to - QPointF(len * std::cos(angle - spread), len * std::sin(angle - spread))
         << to - QPointF(len * std::cos(angle + spread), len * std::sin(angle + spread));
    p.setBrush(p.pen().color());
    p.drawPolygon(head);
}
}  // namespace

QColor flowCategoryColor(FlowCategory category) {
    switch (category) {
        case FlowCategory::Input:
            return QColor("#E3F2FD");
        case FlowCategory::Processing:
            return QColor("#FFF3E0");
        case FlowCategory::Attention:
            return QColor("#F3E5F5");
        case FlowCategory::Generation:
            return QColor("#E8F5E9");
        case FlowCategory::Output:
            return QColor("#FCE4EC");
    }
    return Qt::white;
}

QString flowCategoryName(FlowCategory category) {
    switch (category) {
        case FlowCategory::Input:
            return QCoreApplication::translate("attnscope::FlowchartView", "Input");
        case FlowCategory::Processing:
            return QCoreApplication::translate("attnscope::FlowchartView", "Processing");
        case FlowCategory::Attention:
            return QCoreApplication::translate("attnscope::FlowchartView", "Attention");
        case FlowCategory::Generation:
            return QCoreApplication::translate("attnscope::FlowchartView", "Generation");
        case FlowCategory::Output:
            return QCoreApplication::translate("attnscope::FlowchartView", "Output");
    }
    return {};
}

FlowchartView::FlowchartView(QWidget* parent) : FigureView(parent) {
    setMinimumSize(300, 300);
    setAutoFillBackground(false);
}

void FlowchartView::redraw() {
    // The geometry is part of the options (the Display dock edits it) when they change it;
    // setFlowGeometry clamps. A new trace keeps the geometry the view has.
    const std::array<int, 3> g{m_options.flowBoxWidth, m_options.flowBoxHeight,
                               m_options.flowSpacing};
    if (g != m_optionsGeometry) {
        m_optionsGeometry = g;
        setFlowGeometry({g[0], g[1], g[2]});
        return;
    }
    rebuild();
}

void FlowchartView::setFlow(Flow flow) {
    m_flow = flow;
    m_autoFlow = false;
    rebuild();
}

void FlowchartView::setAutoFlow() {
    m_autoFlow = true;
    rebuild();
}

void FlowchartView::setFlowGeometry(const FlowchartGeometry& geometry) {
    m_geometry.boxWidth = std::max(kMinFlowBoxWidth, geometry.boxWidth);
    m_geometry.boxHeight = std::max(kMinFlowBoxHeight, geometry.boxHeight);
    m_geometry.spacing = std::max(kMinFlowSpacing, geometry.spacing);
    rebuild();
}

void FlowchartView::setBoxWidth(int width) {
    FlowchartGeometry g = m_geometry;
    g.boxWidth = width;
    setFlowGeometry(g);
}

void FlowchartView::setBoxHeight(int height) {
    FlowchartGeometry g = m_geometry;
    g.boxHeight = height;
    setFlowGeometry(g);
}

void FlowchartView::setSpacing(int spacing) {
    FlowchartGeometry g = m_geometry;
    g.spacing = spacing;
    setFlowGeometry(g);
}

void FlowchartView::setCurrentStep(Step step) {
    m_current = step;
    for (Box& b : m_boxes) b.highlighted = b.step == m_current;
    update();
    emit drawn();
}

QString FlowchartView::figureTitle() const {
    const QString name = m_trace ? QString::fromStdString(m_trace->scenario.name) : QString();
    const QString base =
        m_flow == Flow::Paraphrase ? tr("Paraphrase Pipeline") : tr("Attention Computation");
    if (m_trace && m_trace->scenario.source == SourceKind::Model)
        return name.isEmpty()  // a session that names nothing: not ": , layer 0"
                   ? tr("%1: layer %2").arg(base, QString::number(m_trace->scenario.layer))
                   : tr("%1: %2, layer %3")
                         .arg(base, name, QString::number(m_trace->scenario.layer));
    //: A flow's title and the scenario's name.
    return name.isEmpty() ? base : tr("%1: %2").arg(base, name);
}

int FlowchartView::addBox(const QString& text, FlowCategory category, const QRectF& rect,
                          std::optional<Step> step) {
    m_boxes.push_back({text, category, rect, step, step.has_value() && step == m_current});
    return int(m_boxes.size()) - 1;
}

void FlowchartView::connectDown(int from, int to) {
    const QRectF a = m_boxes[size_t(from)].rect, b = m_boxes[size_t(to)].rect;
    if (std::abs(a.center().x() - b.center().x()) < 1) {
        m_arrows.push_back(
            {{QPointF(a.center().x(), a.bottom()), QPointF(b.center().x(), b.top())}, {}});
        return;
    }
    const double midY = 0.5 * (a.bottom() + b.top());
    m_arrows.push_back({{QPointF(a.center().x(), a.bottom()), QPointF(a.center().x(), midY),
                         QPointF(b.center().x(), midY), QPointF(b.center().x(), b.top())},
                        {}});
}

void FlowchartView::layoutAttention() {
    const Trace& t = *m_trace;
    const double w = m_geometry.boxWidth, h = m_geometry.boxHeight, step = h + m_geometry.spacing;
    double y = 0;
    auto central = [&](const QString& text, FlowCategory cat, std::optional<Step> s) {
        const int i = addBox(text, cat, QRectF(-w / 2, y, w, h), s);
        y += step;
        return i;
    };
    std::vector<int> inputs;
    const bool model = t.scenario.source == SourceKind::Model;
    const QString layer = QString::number(t.scenario.layer);
    if (model) {
        // A model's layer: its input is the hidden state of the tokens, its projections the
        // layer's own (with the rotary embedding where the model has one).
        inputs.push_back(central(tr("Layer %1 input\nhidden states h [%2, %3]")
                                     .arg(layer)
                                     .arg(t.qLen())
                                     .arg(t.scenario.dModel),
                                 FlowCategory::Input, Step::Input));
    } else if (t.xKv.empty()) {
        inputs.push_back(
            central(tr("Input\nX %1").arg(shapeOf(&t.x)), FlowCategory::Input, Step::Input));
    } else {
        // Cross-attention: queries from one sequence, keys and values from another.
        const double wi = std::round(w * 0.9), gap = 16;
        inputs.push_back(addBox(tr("Input (queries)\nX %1").arg(shapeOf(&t.x)), FlowCategory::Input,
                                QRectF(-wi - gap / 2, y, wi, h), Step::Input));
        inputs.push_back(addBox(tr("Input (keys, values)\nX_kv %1").arg(shapeOf(&t.xKv)),
                                FlowCategory::Input, QRectF(gap / 2, y, wi, h), Step::Input));
        y += step;
    }
    const int proj =
        model ? central(tr("Layer %1: norm, W_q, W_k, W_v, rotary embedding\n%2 heads / %3 kv "
                           "heads · d_head %4")
                            .arg(layer)
                            .arg(t.heads())
                            .arg(t.kvHeads())
                            .arg(t.dHead()),
                        FlowCategory::Processing, Step::Projections)
              : central(tr("Projections W_q, W_k, W_v\nW_q %1 · W_k %2 · W_v %3")
                            .arg(shapeOf(&t.wq), shapeOf(&t.wk), shapeOf(&t.wv)),
                        FlowCategory::Processing, Step::Projections);
    for (int input : inputs) connectDown(input, proj);
    const double wq = std::round(w * 0.62), gap = 14;
    const QString qkv[3] = {tr("Queries\nQ %1"), tr("Keys\nK %1"), tr("Values\nV %1")};
    const Tensor* tensors[3] = {&t.q, &t.k, &t.v};
    const Step steps[3] = {Step::Queries, Step::Keys, Step::Values};
    int qkvBox[3];
    for (int i = 0; i < 3; ++i) {
        const double x = (i - 1) * (wq + gap) - wq / 2;
        qkvBox[i] = addBox(qkv[i].arg(shapeOf(tensors[i])), FlowCategory::Processing,
                           QRectF(x, y, wq, h), steps[i]);
        connectDown(proj, qkvBox[i]);
    }
    y += step;
    // On the pooled path (SPEC §10) no L² step is held: the boxes say what each would be.
    const QString pooledShape =
        tr("[%1, %2, %3, %4] pooled").arg(t.batch()).arg(t.heads()).arg(t.qLen()).arg(t.kvLen());
    auto stepShape = [&](const Tensor& step) {
        return t.isPooled() ? pooledShape : shapeOf(&step);
    };
    const int scores = central(tr("Q·Kᵀ\nS %1").arg(stepShape(t.steps.scores)),
                               FlowCategory::Attention, Step::Scores);
    // Q and K meet in Q·Kᵀ from the left and right of its top edge.
    for (int i = 0; i < 2; ++i) {
        const QRectF a = m_boxes[size_t(qkvBox[i])].rect, b = m_boxes[size_t(scores)].rect;
        const double x = b.center().x() + (i == 0 ? -w / 4 : w / 4);
        const double midY = 0.5 * (a.bottom() + b.top());
        m_arrows.push_back({{QPointF(a.center().x(), a.bottom()), QPointF(a.center().x(), midY),
                             QPointF(x, midY), QPointF(x, b.top())},
                            {}});
    }
    const int scale = central(tr("Scale × %1 (1/√d_head)\nS · scale %2")
                                  .arg(t.scale, 0, 'g', 4)
                                  .arg(stepShape(t.steps.scores)),
                              FlowCategory::Attention, Step::Scores);
    connectDown(scores, scale);
    const int masked =
        central(tr("Apply mask (−∞ where masked)\nS′ %1").arg(stepShape(t.steps.maskedScores)),
                FlowCategory::Attention, Step::MaskedScores);
    connectDown(scale, masked);
    const QRectF mr = m_boxes[size_t(masked)].rect;
    const double ws = std::round(w * 0.8);
    QString expr = QString::fromStdString(t.scenario.mask);
    if (expr.size() > 28) expr = expr.left(26) + "…";
    const QString maskShape = t.isPooled() ? tr("evaluated per row block")
                              : t.steps.mask.empty()
                                  ? QString("—")
                                  : QString::fromStdString(shapeToString(t.steps.mask.shape()));
    const int mask = addBox(tr("Mask: %1\nM %2").arg(expr, maskShape), FlowCategory::Attention,
                            QRectF(mr.left() - 40 - ws, mr.top(), ws, h), Step::Mask);
    m_arrows.push_back({{QPointF(m_boxes[size_t(mask)].rect.right(), mr.center().y()),
                         QPointF(mr.left(), mr.center().y())},
                        {}});
    const int softmax = central(tr("Softmax (row-wise)\nP %1").arg(stepShape(t.steps.probs)),
                                FlowCategory::Attention, Step::Probabilities);
    connectDown(masked, softmax);
    const int context = central(
        tr("Weighted sum × V\nC = P·V %1")
            .arg(t.isPooled() ? tr("not computed (pooled path)") : shapeOf(&t.steps.context)),
        FlowCategory::Attention, Step::Context);
    connectDown(softmax, context);
    // V runs down the right-hand side into × V.
    const QRectF vr = m_boxes[size_t(qkvBox[2])].rect, cr = m_boxes[size_t(context)].rect;
    const double side = vr.right() + 24;
    m_arrows.push_back({{QPointF(vr.right(), vr.center().y()), QPointF(side, vr.center().y()),
                         QPointF(side, cr.center().y()), QPointF(cr.right(), cr.center().y())},
                        {}});
    const QString concatShape =
        QString("[%1, %2, %3]").arg(t.batch()).arg(t.qLen()).arg(t.heads() * t.dHead());
    const int concat = central(tr("Concat heads\nconcat_h(C) %1").arg(concatShape),
                               FlowCategory::Processing, Step::Context);
    connectDown(context, concat);
    int last = concat;
    if (!t.wo.empty()) {
        const int wo = central(tr("Output projection\nW_o %1").arg(shapeOf(&t.wo)),
                               FlowCategory::Processing, Step::Output);
        connectDown(last, wo);
        last = wo;
    }
    const int out =
        central(tr("Output\nO %1")
                    .arg(t.hasOutput() ? QString::fromStdString(shapeToString(t.outputShape()))
                                       : concatShape),
                FlowCategory::Output, Step::Output);
    connectDown(last, out);
}

void FlowchartView::layoutParaphrase() {
    const Trace& t = *m_trace;
    const double w = m_geometry.boxWidth, h = m_geometry.boxHeight, step = h + m_geometry.spacing;
    const SegmentInfo seg = t.segments.value_or(SegmentInfo{});
    const int64_t n = int64_t(seg.segments.size());
    const int64_t segLen = n > 0 ? seg.segments[0].second - seg.segments[0].first : 0;
    const int64_t gen = seg.generationStart >= 0 ? seg.generationStart : t.qLen();
    QStringList starts;
    for (const auto& s : seg.segments) starts << QString::number(s.first);
    const QString mask = QString::fromStdString(t.scenario.mask);
    struct Stage {
        QString text;
        FlowCategory category;
        std::optional<Step> step;
    };
    const Stage stages[] = {
        {tr("Input preparation\n%1 paraphrases × %2 positions").arg(n).arg(segLen),
         FlowCategory::Input, Step::Input},
        {tr("Concatenation with position tracking\n%1 positions, segment starts %2")
             .arg(t.qLen())
             .arg(starts.join(", ")),
         FlowCategory::Processing, Step::Input},
        {tr("Mask creation\n%1 → M [%2, %3, %4]")
             .arg(mask, QString::number(t.batch()), QString::number(t.qLen()),
                  QString::number(t.kvLen())),
         FlowCategory::Attention, Step::Mask},
        {tr("Model patching\nevery attention layer uses the mask"), FlowCategory::Processing,
         std::nullopt},
        {tr("Segment-isolated encoding\npositions 0–%1 attend within their segment").arg(gen - 1),
         FlowCategory::Attention, Step::Probabilities},
        {tr("Fusion generation loop\n%1 tokens from position %2 see all segments")
             .arg(t.qLen() - gen)
             .arg(gen),
         FlowCategory::Generation, Step::Context},
        {tr("Decoding\ngenerated ids → text"), FlowCategory::Output, Step::Output},
    };
    double y = 0;
    int prev = -1;
    for (const Stage& s : stages) {
        const int i = addBox(s.text, s.category, QRectF(-w / 2, y, w, h), s.step);
        if (prev >= 0) connectDown(prev, i);
        prev = i;
        y += step;
    }
    // The generation loop feeds each new token back into itself.
    const QRectF g = m_boxes[5].rect;
    const double x = g.right() + 28;
    m_arrows.push_back(
        {{QPointF(g.right(), g.center().y() + h / 5), QPointF(x, g.center().y() + h / 5),
          QPointF(x, g.center().y() - h / 5), QPointF(g.right(), g.center().y() - h / 5)},
         QString("× %1").arg(t.qLen() - gen)});
}

void FlowchartView::rebuild() {
    m_boxes.clear();
    m_arrows.clear();
    if (m_trace) {
        if (m_autoFlow)
            m_flow = m_trace->scenario.mask.find("paraphrase") != std::string::npos
                         ? Flow::Paraphrase
                         : Flow::Attention;
        if (m_flow == Flow::Paraphrase)
            layoutParaphrase();
        else
            layoutAttention();
    }
    // Move the drawing below the title, centred, and size the figure around it.
    QRectF bounds;
    for (const Box& b : m_boxes) bounds |= b.rect;
    for (const Arrow& a : m_arrows)
        for (const QPointF& p : a.points) bounds |= QRectF(p, QSizeF(1, 1));
    const double legendWidth = 5 * 130;
    const double width = std::max({bounds.width() + 60, legendWidth, 500.0}) + 2 * kMargin;
    const double dx = (width - bounds.width()) / 2 - bounds.left();
    const double dy = kTitleHeight - bounds.top();
    for (Box& b : m_boxes) b.rect.translate(dx, dy);
    for (Arrow& a : m_arrows)
        for (QPointF& p : a.points) p += QPointF(dx, dy);
    m_figureSize = QSize(int(std::ceil(width)),
                         int(std::ceil(kTitleHeight + bounds.height() + kLegendHeight + kMargin)));
    update();
    emit drawn();
}

QTransform FlowchartView::figureToWidget() const {
    const double s =
        std::min(width() / double(m_figureSize.width()), height() / double(m_figureSize.height()));
    QTransform t;
    t.translate((width() - s * m_figureSize.width()) / 2,
                (height() - s * m_figureSize.height()) / 2);
    t.scale(s, s);
    return t;
}

void FlowchartView::paint(QPainter& p, bool exported) const {
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.fillRect(QRectF(QPointF(0, 0), QSizeF(m_figureSize)), Qt::white);
    p.setPen(Qt::black);
    p.setFont(kTitleFont);
    p.drawText(QRectF(0, 10, m_figureSize.width(), kTitleHeight - 20), Qt::AlignCenter,
               figureTitle());
    for (const Arrow& a : m_arrows) {
        p.setPen(QPen(QColor("#455A64"), 1.6));
        p.setBrush(Qt::NoBrush);
        p.drawPolyline(a.points.data(), int(a.points.size()));
        drawArrowHead(p, a.points[a.points.size() - 2], a.points.back());
        if (!a.label.isEmpty()) {
            p.setFont(kDetailFont);
            p.setPen(QColor("#1B5E20"));
            const QPointF at = a.points[1];
            p.drawText(QRectF(at.x() + 4, 0.5 * (a.points[1].y() + a.points[2].y()) - 10, 60, 20),
                       Qt::AlignLeft | Qt::AlignVCenter, a.label);
        }
    }
    for (const Box& b : m_boxes) {
        const QColor fill = flowCategoryColor(b.category);
        // The inspector's step is marked on screen only: an exported figure has no selection.
        const bool marked = b.highlighted && !exported;
        p.setPen(marked ? QPen(QColor("#263238"), 3.5) : QPen(fill.darker(170), 1.3));
        p.setBrush(fill);
        p.drawRoundedRect(b.rect, 10, 10);
        const int nl = b.text.indexOf('\n');
        const QString title = nl < 0 ? b.text : b.text.left(nl);
        const QString detail = nl < 0 ? QString() : b.text.mid(nl + 1);
        const QRectF inner = b.rect.adjusted(8, 4, -8, -4);
        p.setPen(Qt::black);
        p.setFont(kBoxTitleFont);
        const QFontMetricsF fm(kBoxTitleFont);
        const double titleH = fm.height();
        if (detail.isEmpty()) {
            p.drawText(inner, Qt::AlignCenter | Qt::TextWordWrap, title);
            continue;
        }
        const double top = inner.center().y() - titleH + 1;
        // A title wider than the box (a model's "Layer 12: norm, W_q, W_k, W_v, rotary
        // embedding" in a 300-pixel box ran past both sides) is set smaller, down to 75 %, and
        // elided beyond that.
        const double wide = fm.horizontalAdvance(title);
        if (wide > inner.width()) {
            QFont smaller = kBoxTitleFont;  // a whole pixel size, as figureFont sets it
            smaller.setPixelSize(std::max(
                1, int(kBoxTitleFont.pixelSize() * std::max(0.75, inner.width() / wide))));
            p.setFont(smaller);
            p.drawText(QRectF(inner.left(), top, inner.width(), titleH), Qt::AlignCenter,
                       QFontMetricsF(smaller).elidedText(title, Qt::ElideRight, inner.width()));
        } else {
            p.drawText(QRectF(inner.left(), top, inner.width(), titleH), Qt::AlignCenter, title);
        }
        p.setFont(kDetailFont);
        p.setPen(QColor("#37474F"));
        // Wrap the detail when the box has room for more lines, else elide it.
        const QFontMetricsF dm(kDetailFont);
        const QRectF detailRect(inner.left(), top + titleH, inner.width(),
                                inner.bottom() - top - titleH);
        if (detailRect.height() >= 2 * dm.height())
            p.drawText(detailRect, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, detail);
        else
            p.drawText(detailRect, Qt::AlignHCenter | Qt::AlignTop,
                       dm.elidedText(detail, Qt::ElideRight, detailRect.width()));
    }
    // Category legend along the bottom.
    const double itemW = 130, y = m_figureSize.height() - kMargin - 14;
    double x = (m_figureSize.width() - 5 * itemW) / 2;
    p.setFont(kLegendFont);
    for (FlowCategory c : kCategories) {
        const QColor fill = flowCategoryColor(c);
        p.setPen(QPen(fill.darker(170), 1));
        p.setBrush(fill);
        p.drawRoundedRect(QRectF(x, y, 22, 14), 3, 3);
        p.setPen(Qt::black);
        p.drawText(QRectF(x + 28, y - 3, itemW - 30, 20), Qt::AlignLeft | Qt::AlignVCenter,
                   flowCategoryName(c));
        x += itemW;
    }
}

void FlowchartView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), Qt::white);
    p.setTransform(figureToWidget());
    paint(p);
}

void FlowchartView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return FigureView::mousePressEvent(event);
    const QPointF at = figureToWidget().inverted().map(event->position());
    for (const Box& b : m_boxes)
        if (b.rect.contains(at) && b.step) {
            const Step s = *b.step;
            setCurrentStep(s);
            emit stepActivated(s);
            return;
        }
}

void FlowchartView::renderFigure(QPaintDevice& device, const QSize& size, double scale) {
    QPainter p(&device);
    p.scale(scale * size.width() / m_figureSize.width(),
            scale * size.height() / m_figureSize.height());
    paint(p, true);
}

}  // namespace attnscope
