#include "heatmap/HeatmapGridView.h"

#include <qcustomplot.h>
#include <QVBoxLayout>
#include <cmath>

#include "analysis/FramePooling.h"
#include "analysis/ViewportPooling.h"

namespace attnscope {

namespace {
// A map never gets more cells than a head's plot has pixels at a typical window size.
constexpr int64_t kMaxCells = 256;

const Tensor& source(const Trace& t, ValueKind kind) {
    switch (kind) {
        case ValueKind::Logits:
            return t.steps.scores;
        case ValueKind::Probabilities:
            return t.steps.probs;
        case ValueKind::MaskedLogits:
            return t.steps.maskedScores;
    }
    return t.steps.scores;
}

/// [H, R, C] of batch element 0: frame-pooled when the scenario has frames, then pooled to the
/// viewport when still larger than kMaxCells.
Tensor displayMatrices(const Trace& t, ValueKind kind) {
    const Tensor& a = source(t, kind);
    const int64_t H = a.dim(1), lq = a.dim(2), lk = a.dim(3);
    if (t.scenario.tokensPerFrame > 0) {
        const auto f = FrameSpec::fixed(t.scenario.tokensPerFrame);
        return poolFramesPerHead(a, 0, f, f, PoolMode::Mean);
    }
    const int64_t r = std::min(lq, kMaxCells), c = std::min(lk, kMaxCells);
    Tensor out({H, r, c});
    const PoolMode mode = kind == ValueKind::Probabilities ? PoolMode::Max : PoolMode::Mean;
    for (int64_t h = 0; h < H; ++h) {
        Tensor one = poolToViewport(a.data() + h * lq * lk, lk, {0, lq, 0, lk}, r, c, mode);
        std::copy(one.begin(), one.end(), out.data() + h * r * c);
    }
    return out;
}
}  // namespace

HeatmapGridView::HeatmapGridView(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setBackground(Qt::white);
}

void HeatmapGridView::setTrace(TracePtr trace) {
    m_trace = std::move(trace);
    rebuild();
}

void HeatmapGridView::setValueKind(ValueKind kind) {
    m_kind = kind;
    rebuild();
}

void HeatmapGridView::rebuild() {
    m_plot->clearPlottables();
    m_plot->plotLayout()->clear();
    if (!m_trace) {
        m_plot->replot();
        return;
    }
    const Trace& t = *m_trace;
    const Tensor m = displayMatrices(t, m_kind);
    const int64_t H = m.dim(0), R = m.dim(1), C = m.dim(2);
    m_vmax = 0;
    for (float x : m)
        if (std::isfinite(x)) m_vmax = std::max(m_vmax, double(std::abs(x)));
    if (m_vmax == 0) m_vmax = 1;

    const bool frames = t.scenario.tokensPerFrame > 0;
    const bool probs = m_kind == ValueKind::Probabilities;
    auto* title = new QCPTextElement(
        m_plot, QString("Layer %1: 2D Attention Maps (All Heads)").arg(t.scenario.layer),
        QFont("DejaVu Sans", 12, QFont::Bold));
    m_plot->plotLayout()->addElement(0, 0, title);
    auto* grid = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(1, 0, grid);
    auto* scale = new QCPColorScale(m_plot);
    m_plot->plotLayout()->addElement(1, 1, scale);
    scale->setType(QCPAxis::atRight);
    scale->axis()->setLabel(probs ? "Attention Probability" : "Attention Logits");
    scale->setGradient(makeGradient(probs ? Colormap::Sequential : Colormap::RdBuR));
    scale->setDataRange(probs ? QCPRange(0, m_vmax) : QCPRange(-m_vmax, m_vmax));

    const QFont small("DejaVu Sans", 8);
    for (int64_t h = 0; h < H; ++h) {
        auto* rect = new QCPAxisRect(m_plot);
        grid->addElement(int(h / m_columns), int(h % m_columns), rect);
        QCPAxis* top = rect->axis(QCPAxis::atTop);
        top->setVisible(true);
        top->setTicks(false);
        top->setTickLabels(false);
        top->setBasePen(Qt::NoPen);
        top->setLabel(QString("Head %1").arg(h));
        top->setLabelFont(QFont("DejaVu Sans", 10, QFont::Bold));
        rect->axis(QCPAxis::atBottom)->setLabel(frames ? "Key Frame" : "Key Token");
        rect->axis(QCPAxis::atLeft)->setLabel(frames ? "Query Frame" : "Query Token");
        for (auto* ax : {rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft)}) {
            ax->setLabelFont(small);
            ax->setTickLabelFont(small);
        }
        auto* map = new QCPColorMap(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        map->data()->setSize(int(C), int(R));
        map->data()->setRange(QCPRange(0, double(C - 1)), QCPRange(0, double(R - 1)));
        const float* v = m.data() + h * R * C;
        for (int64_t r = 0; r < R; ++r)
            for (int64_t c = 0; c < C; ++c)
                map->data()->setCell(int(c), int(r), double(v[r * C + c]));
        map->setInterpolate(false);
        map->setColorScale(scale);
        map->setGradient(scale->gradient());
        map->setDataRange(scale->dataRange());
        rect->axis(QCPAxis::atBottom)->setRange(-0.5, double(C) - 0.5);
        rect->axis(QCPAxis::atLeft)->setRange(-0.5, double(R) - 0.5);
    }
    m_plot->replot();
}

}  // namespace attnscope
