#include "widgets/inspector/StepInspectorView.h"

#include "widgets/heatmap/ColorMapData.h"
#include "widgets/views/FigureFont.h"

#include <qcustomplot.h>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>
#include <cmath>

namespace attnscope {

namespace {
const QFont kTitleFont = figureFont(13, QFont::Bold);
const QFont kFormulaFont = figureFont(12);
const QFont kInfoFont = figureFont(9);
const QFont kSmallFont = figureFont(8);
constexpr int kLastStep = kStepCount - 1;

QString number(double v) {
    return QString::number(v, 'f', 3);
}

QString cellText(Step step, float v) {
    if (step == Step::Mask) return v != 0.0f ? "1" : "0";
    if (std::isinf(v)) return v < 0 ? "−∞" : "∞";
    if (std::isnan(v)) return "nan";
    return number(v);
}
}  // namespace

StepInspectorView::StepInspectorView(QWidget* parent)
    : PlotView(parent),
      m_stepCombo(new QComboBox(this)),
      m_matrixCombo(new QComboBox(this)),
      m_prev(new QPushButton(tr("◀ Prev"), this)),
      m_next(new QPushButton(tr("Next ▶"), this)),
      m_play(new QPushButton(tr("Play"), this)),
      m_batchSpin(new QSpinBox(this)),
      m_headSpin(new QSpinBox(this)),
      m_headLabel(new QLabel(this)) {
    for (int i = 0; i < kStepCount; ++i) m_stepCombo->addItem(stepTitle(Step(i)));
    // Long step names are elided in the closed combo (the list shows them whole).
    m_stepCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_stepCombo->setMinimumContentsLength(14);
    m_matrixCombo->addItems({"W_q", "W_k", "W_v"});
    m_matrixCombo->setToolTip(tr("Projection matrix; the head selects its column block"));
    m_batchSpin->setPrefix(tr("batch "));
    m_headSpin->setPrefix(tr("head "));
    auto* controls = new QHBoxLayout;
    for (QWidget* w : std::initializer_list<QWidget*>{m_prev, m_play, m_next, m_stepCombo,
                                                      m_batchSpin, m_headSpin, m_matrixCombo})
        controls->addWidget(w);
    controls->addWidget(m_headLabel, 1);
    // The head's description takes the width that is left, never widening the window.
    m_headLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    plotLayout()->insertLayout(0, controls);

    m_timer.setInterval(kPlayIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &StepInspectorView::advancePlay);
    connect(m_prev, &QPushButton::clicked, this, &StepInspectorView::previousStep);
    connect(m_next, &QPushButton::clicked, this, &StepInspectorView::nextStep);
    connect(m_play, &QPushButton::clicked, this, &StepInspectorView::togglePlay);
    connect(m_stepCombo, &QComboBox::currentIndexChanged, this,
            [this](int i) { setStep(Step(i)); });
    connect(m_matrixCombo, &QComboBox::currentIndexChanged, this,
            [this](int i) { setProjection(ProjectionMatrix(i)); });
    connect(m_batchSpin, &QSpinBox::valueChanged, this, &StepInspectorView::setBatch);
    connect(m_headSpin, &QSpinBox::valueChanged, this, &StepInspectorView::setHead);
    syncControls();
}

ViewPreparer StepInspectorView::preparerForTrace(const TracePtr& trace) const {
    return preparerFor(trace, m_batch, m_head);  // the inspector's own batch and head stay
}

struct InspectorData : ViewData {
    int batch = 0, head = 0;
    StepSlice slice;
};

bool StepInspectorView::dependsOn(const ViewOptions& before, const ViewOptions& after) const {
    return before.batch != after.batch || before.head != after.head;
}

ViewPreparer StepInspectorView::preparer(const TracePtr& trace, const ViewOptions& options) const {
    return preparerFor(trace, options.batch, options.head);
}

ViewPreparer StepInspectorView::preparerFor(const TracePtr& trace, int batch, int head) const {
    if (!trace) return {};
    return [trace, batch, head, step = m_step, projection = m_projection]() -> ViewDataPtr {
        auto d = std::make_shared<InspectorData>();
        d->batch = int(std::clamp<int64_t>(batch, 0, std::max<int64_t>(trace->batch() - 1, 0)));
        d->head = int(std::clamp<int64_t>(head, 0, std::max<int64_t>(trace->heads() - 1, 0)));
        d->slice = stepSlice(*trace, step, d->batch, d->head, projection, kMaxCells);
        return d;
    };
}

void StepInspectorView::redraw() {
    m_slice = StepSlice{};
    if (auto d = prepared<InspectorData>()) {
        m_batch = d->batch;
        m_head = d->head;
        m_slice = d->slice;
    }
    draw();
}

void StepInspectorView::setStep(Step step) {
    if (step == m_step) return;
    m_step = step;
    rebuild();
    emit stepChanged(step);
}

void StepInspectorView::setBatch(int batch) {
    if (batch == m_batch) return;
    m_batch = batch;
    rebuild();
}

void StepInspectorView::setHead(int head) {
    if (head == m_head) return;
    m_head = head;
    rebuild();
}

void StepInspectorView::setProjection(ProjectionMatrix matrix) {
    if (matrix == m_projection) return;
    m_projection = matrix;
    rebuild();
}

void StepInspectorView::previousStep() {
    if (int(m_step) > 0) setStep(Step(int(m_step) - 1));
}

void StepInspectorView::nextStep() {
    if (int(m_step) < kLastStep) setStep(Step(int(m_step) + 1));
}

void StepInspectorView::play() {
    if (m_timer.isActive()) return;
    if (int(m_step) == kLastStep) setStep(Step(0));
    m_timer.start();
    m_play->setText(tr("Stop"));
}

void StepInspectorView::stop() {
    m_timer.stop();
    m_play->setText(tr("Play"));
}

void StepInspectorView::togglePlay() {
    if (m_timer.isActive())
        stop();
    else
        play();
}

void StepInspectorView::advancePlay() {
    nextStep();
    if (int(m_step) >= kLastStep) stop();
}

QString StepInspectorView::titleText() const {
    return tr("Step %1/%2: %3").arg(int(m_step) + 1).arg(kStepCount).arg(stepTitle(m_step));
}

QString StepInspectorView::headNote() const {
    if (!m_trace || m_slice.head != SliceHead::Kv) return {};
    const int64_t group =
        std::max<int64_t>(m_trace->heads() / std::max<int64_t>(m_trace->kvHeads(), 1), 1);
    return tr("kv head g = h / %1 = %2").arg(group).arg(m_slice.headIndex);
}

void StepInspectorView::syncControls() {
    const QSignalBlocker b1(m_stepCombo), b2(m_batchSpin), b3(m_headSpin), b4(m_matrixCombo);
    m_stepCombo->setCurrentIndex(int(m_step));
    m_prev->setEnabled(int(m_step) > 0);
    m_next->setEnabled(int(m_step) < kLastStep);
    m_batchSpin->setRange(0, m_trace ? int(std::max<int64_t>(m_trace->batch() - 1, 0)) : 0);
    m_batchSpin->setValue(m_batch);
    m_headSpin->setRange(0, m_trace ? int(std::max<int64_t>(m_trace->heads() - 1, 0)) : 0);
    m_headSpin->setValue(m_head);
    m_headSpin->setEnabled(m_slice.head != SliceHead::None);
    m_matrixCombo->setCurrentIndex(int(m_projection));
    m_matrixCombo->setVisible(m_step == Step::Projections);
    m_headLabel->setText(m_slice.head == SliceHead::None && m_slice.available
                             ? tr("the same for every head")
                             : headNote());
}

void StepInspectorView::rebuild() {
    // Selector changes (step, head, batch, matrix) are one head's slice: prepared right here.
    present(m_trace, m_options, prepareNow(preparerFor(m_trace, m_batch, m_head)));
}

void StepInspectorView::draw() {
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_plot->plotLayout()->clear();
    m_rect = nullptr;
    m_cellTexts.clear();
    m_infoText.clear();
    m_noteText.clear();
    syncControls();
    if (!m_trace) {
        m_plot->replot();
        emit drawn();
        return;
    }

    auto* layout = m_plot->plotLayout();
    layout->addElement(0, 0, new QCPTextElement(m_plot, titleText(), kTitleFont));
    auto* formula = new QCPTextElement(m_plot, formulaText(), kFormulaFont);
    formula->setTextColor(QColor("#4A148C"));
    layout->addElement(1, 0, formula);
    int row = 2;
    if (!m_slice.available) {
        m_noteText = tr("not available for this source (Q, K and V came from tensor files)");
        auto* note = new QCPTextElement(m_plot, tr("Not available for this source"), kTitleFont);
        note->setTextColor(Qt::darkGray);
        layout->addElement(row++, 0, note);
        auto* why = new QCPTextElement(
            m_plot, tr("Q, K and V came from tensor files: there is no X, no W and no output"),
            kInfoFont);
        why->setTextColor(Qt::darkGray);
        layout->addElement(row++, 0, why);
    } else {
        const StepSlice& s = m_slice;
        m_infoText = tr("tensor %1 · slice %2 × %3 · min %4 · max %5 · mean %6")
                         .arg(s.tensorShape)
                         .arg(s.rows)
                         .arg(s.cols)
                         .arg(number(s.min), number(s.max), number(s.mean));
        if (s.nonFinite > 0) m_infoText += tr(" · %1 cells −∞").arg(s.nonFinite);
        if (!s.emptyRows.empty()) {
            QStringList rows;
            for (int64_t q : s.emptyRows) rows << QString::number(q);
            m_noteText = (rows.size() > 1 ? tr("rows %1 have no allowed key: all zero")
                                          : tr("row %1 has no allowed key: all zero"))
                             .arg(rows.join(", "));
        }
        for (const QString& text : {s.label, m_infoText}) {
            auto* e = new QCPTextElement(m_plot, text, kInfoFont);
            layout->addElement(row++, 0, e);
        }
        if (!m_noteText.isEmpty()) {
            auto* e = new QCPTextElement(m_plot, m_noteText, kInfoFont);
            e->setTextColor(QColor("#B71C1C"));
            layout->addElement(row++, 0, e);
        }
        auto* grid = new QCPLayoutGrid;
        layout->addElement(row++, 0, grid);
        drawMatrix(grid);
    }
    m_plot->replot();
    emit drawn();
}

void StepInspectorView::drawMatrix(QCPLayoutGrid* grid) {
    const StepSlice& s = m_slice;
    const int64_t R = s.values.dim(0), C = s.values.dim(1);
    // Colour range as the heatmap grid: symmetric (0 at the diverging map's centre) when the
    // options ask for it; a sequential map starts at 0 for non-negative values.
    const double absMax = std::max(std::abs(s.min), std::abs(s.max));
    // Probabilities are not signed: a sequential map over [0, max], whatever the map chosen for
    // the logits (the 9-colour palette is a deliberate choice and stays).
    const Colormap colormap =
        m_step == Step::Probabilities && m_options.colormap != Colormap::Palette9
            ? Colormap::Sequential
            : m_options.colormap;
    if (colormap == Colormap::Sequential && s.min >= 0) {
        m_vmin = 0;
        m_vmax = s.max;
    } else if (m_options.symmetricRange) {
        m_vmin = -absMax;
        m_vmax = absMax;
    } else {
        m_vmin = s.min;
        m_vmax = s.max;
    }
    if (!(m_vmax > m_vmin)) m_vmax = m_vmin + 1.0;

    m_rect = new QCPAxisRect(m_plot);
    grid->addElement(0, 0, m_rect);
    auto* scale = new QCPColorScale(m_plot);
    grid->addElement(0, 1, scale);
    scale->setType(QCPAxis::atRight);
    scale->axis()->setLabel(m_step == Step::Mask            ? tr("Mask (1 = may attend)")
                            : m_step == Step::Probabilities ? tr("Attention Probability")
                            : m_step == Step::Scores || m_step == Step::MaskedScores
                                ? tr("Attention Logits")
                                : tr("Value"));
    scale->axis()->setLabelFont(kSmallFont);
    QCPColorGradient gradient = makeGradient(colormap);
    scale->setGradient(gradient);
    scale->setDataRange(QCPRange(m_vmin, m_vmax));
    auto* group = new QCPMarginGroup(m_plot);
    m_rect->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);

    QCPAxis* x = m_rect->axis(QCPAxis::atBottom);
    QCPAxis* y = m_rect->axis(QCPAxis::atLeft);
    x->setLabel(s.colAxis);
    y->setLabel(s.rowAxis);
    for (QCPAxis* ax : {x, y}) {
        ax->grid()->setVisible(false);
        ax->setLabelFont(kSmallFont);
        ax->setTickLabelFont(kSmallFont);
    }
    if (s.cols <= kMaxPrintedCells) {
        auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
        ticker->setTickStep(s.cols > 12 ? 2 : 1);
        x->setTicker(ticker);
    }
    if (s.rows <= kMaxPrintedCells) {
        auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
        ticker->setTickStep(s.rows > 12 ? 2 : 1);
        y->setTicker(ticker);
    }
    y->setRangeReversed(!m_options.originLower);
    x->setRange(-0.5, double(s.cols) - 0.5);
    y->setRange(-0.5, double(s.rows) - 0.5);

    auto* map = new QCPColorMap(x, y);
    map->setName(QString::fromStdString(stepName(m_step)));
    // Probabilities the mask forbids are exact zeros; shown cell for cell they are grey too, as
    // the masked scores' −∞ are (a pooled slice mixes cells, and keeps its values).
    const BoolArray& mask = m_trace->steps.mask;
    const int64_t b = std::clamp<int64_t>(m_batch, 0, m_trace->batch() - 1);
    const bool greyMasked = m_step == Step::Probabilities && !s.pooled && mask.size() > 0 &&
                            mask.dim(1) == s.rows && mask.dim(2) == s.cols;
    map->setData(
        colorMapData(
            R, C,
            QCPRange(StepSlice::cellCenter(s.cols, C, 0), StepSlice::cellCenter(s.cols, C, C - 1)),
            QCPRange(StepSlice::cellCenter(s.rows, R, 0), StepSlice::cellCenter(s.rows, R, R - 1)),
            [&](int64_t r, int64_t c) {
                const float v = s.values.at({r, c});
                const bool masked = greyMasked && mask[(b * s.rows + r) * s.cols + c] == 0;
                // −∞ (masked) cells are NaN: the gradients' neutral grey of "cannot
                // attend".
                return std::isfinite(v) && !masked ? double(v) : double(NAN);
            })
            .release());
    map->setInterpolate(false);
    map->setColorScale(scale);

    if (s.pooled || s.rows > kMaxPrintedCells || s.cols > kMaxPrintedCells) return;
    // Values in the cells: the font fits the cell of the exported figure's matrix area.
    const QSize fig = figureSize();
    const double cellW = (fig.width() - 200.0) / double(C),
                 cellH = (fig.height() - 300.0) / double(R);
    int chars = 1;
    for (int64_t i = 0; i < R * C; ++i)
        chars = std::max<int>(chars, int(cellText(m_step, s.values[i]).size()));
    const double px = std::clamp(std::min(cellW / (0.62 * chars + 0.6), cellH * 0.45), 5.0, 15.0);
    const QFont font = figureFont(px * 0.75);
    const QCPRange range(m_vmin, m_vmax);
    for (int64_t r = 0; r < R; ++r)
        for (int64_t c = 0; c < C; ++c) {
            const float v = s.values.at({r, c});
            const QString text = cellText(m_step, v);
            m_cellTexts << text;
            auto* item = new QCPItemText(m_plot);
            item->setClipAxisRect(m_rect);
            item->setClipToAxisRect(true);
            item->position->setAxes(x, y);
            item->position->setCoords(double(c), double(r));
            item->setPositionAlignment(Qt::AlignCenter);
            item->setFont(font);
            item->setText(text);
            const bool masked = greyMasked && mask[(b * s.rows + r) * s.cols + c] == 0;
            const QColor bg =
                std::isfinite(v) && !masked ? QColor(gradient.color(v, range)) : kMaskedColour;
            item->setColor(bg.lightnessF() < 0.5 ? Qt::white : Qt::black);
        }
}

QString StepInspectorView::readoutAt(const QPoint& pos) const {
    if (!m_rect || !m_rect->rect().contains(pos) || m_slice.values.empty()) return {};
    const StepSlice& s = m_slice;
    const int64_t R = s.values.dim(0), C = s.values.dim(1);
    const double cx = m_rect->axis(QCPAxis::atBottom)->pixelToCoord(pos.x());
    const double ry = m_rect->axis(QCPAxis::atLeft)->pixelToCoord(pos.y());
    const int64_t c =
        std::clamp<int64_t>(int64_t(std::floor((cx + 0.5) * double(C) / s.cols)), 0, C - 1);
    const int64_t r =
        std::clamp<int64_t>(int64_t(std::floor((ry + 0.5) * double(R) / s.rows)), 0, R - 1);
    return QString("%1 · %2 %3 · %4 %5 · %6")
        .arg(s.label.section(" ", 0, 0), s.rowAxis)
        .arg(r * s.rows / R)
        .arg(s.colAxis)
        .arg(c * s.cols / C)
        .arg(cellText(m_step, s.values.at({r, c})));
}

}  // namespace attnscope
