#include "widgets/sinks/SinkGridView.h"

#include "core/analysis/PooledAttention.h"
#include "widgets/views/PositionTicker.h"

#include "widgets/views/FigureFont.h"

#include "core/common/ParallelFor.h"

#include <qcustomplot.h>
#include <QCoreApplication>
#include <QVBoxLayout>
#include <cmath>

#include "core/analysis/ViewportPooling.h"
#include "widgets/views/DisplayMatrices.h"

namespace attnscope {

namespace {
const QFont kTitleFont = figureFont(12, QFont::Bold);
const QFont kQueryFont = figureFont(10);
const QFont kHeadFont = figureFont(10, QFont::Bold);
const QFont kSmallFont = figureFont(8);
const QColor kBarColor(0x01, 0x73, 0xB2, int(std::lround(0.85 * 255)));

/// The trace's imported per-query-block vectors replace the row means while the keys are shown
/// one per vector entry (frame pooling would change their count).
bool showsImportedVectors(const Trace& t, const ViewOptions& options) {
    if (t.queryVectors.empty()) return false;
    return effectiveTokensPerFrame(t, options) <= 1 && t.queryVectors.dim(2) == t.kvLen() &&
           t.queryVectors.dim(1) == t.heads();
}

QString joinPositions(const std::vector<int64_t>& v) {
    // Long selections are abbreviated so that the line still fits above the grid.
    QStringList parts;
    const size_t n = v.size();
    for (size_t i = 0; i < n; ++i) {
        if (n > 12 && i == 5) {
            parts << "…";
            i = n - 4;
            continue;
        }
        parts << QString::number(v[i]);
    }
    QString s = "[" + parts.join(", ") + "]";
    if (n > 12) s += QCoreApplication::translate("attnscope::SinkGridView", " (%1 rows)").arg(n);
    return s;
}

void setBarsForScreen(QCPBars* bars, bool screen) {
    // On screen, 12 × 512 antialiased bars took 45 ms to replot at L = 1024 and 11 ms aliased.
    // Aliased bars narrower than a pixel may miss every pixel centre, so a one-pixel outline in
    // the bar colour keeps each bar (and a sink peak) visible. Exported figures keep smooth
    // edges and no outline.
    bars->setAntialiased(!screen);
    bars->setAntialiasedFill(!screen);
    bars->setPen(screen ? QPen(kBarColor, 0) : QPen(Qt::NoPen));
}
}  // namespace

/// What the sink grid draws, prepared off the UI thread.
struct SinkData : ViewData {
    bool frames = false, pooled = false;
    int64_t keys = 0;
    std::vector<SinkScore> scores;
    std::vector<std::vector<double>> bars, positions;  // per head
    std::vector<double> widths;
};

SinkGridView::SinkGridView(QWidget* parent)
    : PlotView(parent), m_data(std::make_shared<SinkData>()) {}

QString SinkGridView::figureName() const {
    return QString("layer%1_perhead_grid").arg(m_trace ? m_trace->scenario.layer : 0);
}

QSize SinkGridView::figureSize() const {
    const int64_t H = m_data->bars.empty() ? 12 : int64_t(m_data->bars.size());
    const int cols = std::max(1, m_options.columns);
    const int rows = int((H + cols - 1) / cols);
    return {cols * 300 + 60, rows * 240 + 100};
}

QString SinkGridView::figureTitle() const {
    if (!m_trace) return {};
    return tr("Layer %1: Per-Head Attention Distribution").arg(m_trace->scenario.layer);
}

QString SinkGridView::queryLine() const {
    if (!m_trace) return {};
    if (importedVectors()) return tr("Query: per-query-block vectors from the file");
    const auto sel = effectiveQuerySelection(*m_trace, m_options);
    if (sel.empty()) return tr("Query: all rows");
    return (m_data->frames ? tr("Query: frames %1") : tr("Query: tokens %1"))
        .arg(joinPositions(sel));
}

bool SinkGridView::importedVectors() const {
    return m_trace && showsImportedVectors(*m_trace, m_options);
}

QString SinkGridView::xLabel() const {
    return m_data->frames ? tr("Key Frame") : tr("Key Token");
}

QString SinkGridView::yLabel() const {
    // The pooled path holds the probability each key receives from all queries.
    if (m_trace && m_trace->isPooled()) return tr("Mean Probability Received");
    return valueKindLabel(m_options.valueKind);
}

QStringList SinkGridView::headTitles() const {
    QStringList t;
    for (auto* r : m_rects) t << r->axis(QCPAxis::atTop)->label();
    return t;
}

std::vector<double> SinkGridView::barValues(int head) const {
    return head >= 0 && head < int(m_data->bars.size()) ? m_data->bars[head]
                                                        : std::vector<double>{};
}

std::vector<double> SinkGridView::barPositions(int head) const {
    return head >= 0 && head < int(m_data->positions.size()) ? m_data->positions[head]
                                                             : std::vector<double>{};
}

ViewPreparer SinkGridView::preparer(const TracePtr& trace, const ViewOptions& options) const {
    if (!trace) return {};
    return [trace, options]() -> ViewDataPtr {
        const Trace& t = *trace;
        auto d = std::make_shared<SinkData>();
        const int64_t b = std::clamp<int64_t>(options.batch, 0, t.batch() - 1);
        d->frames = !t.isPooled() && effectiveTokensPerFrame(t, options) > 0;
        // Frames: the shared frame-pooled display matrices. Tokens: the value tensor itself, so
        // that the query selection keeps addressing real rows (no level-of-detail pooling here).
        DisplayMatrices pooled;
        const float* base = nullptr;
        int64_t H = 0, R = 0, C = 0;
        if (t.isPooled()) {  // the pooled pass's received attention: every query, tokens
            H = t.heads(), R = t.qLen(), C = t.kvLen();
        } else if (d->frames) {
            pooled = displayMatrices(t, options);
            H = pooled.heads(), R = pooled.rows(), C = pooled.cols();
            base = pooled.values.data();
        } else {
            const Tensor& a = valueTensor(t, options.valueKind);
            H = a.dim(1), R = a.dim(2), C = a.dim(3);
            base = a.data() + b * H * R * C;
        }
        d->keys = C;
        const auto selection = effectiveQuerySelection(t, options);
        // The row means read every cell of every head (12 × L² at token level): spread the heads
        // over the cores.
        std::vector<std::vector<double>> means(H);
        if (t.isPooled()) {
            const Tensor& received = t.pooled->attention->received;
            for (int64_t h = 0; h < H; ++h) {
                const float* v = received.data() + (b * H + h) * C;
                means[h].resize(size_t(C));
                for (int64_t k = 0; k < C; ++k) means[h][size_t(k)] = double(v[k]) / double(R);
            }
        } else if (showsImportedVectors(t, options)) {
            const float* v = t.queryVectors.data() + b * H * C;
            for (int64_t h = 0; h < H; ++h) means[h].assign(v + h * C, v + (h + 1) * C);
        } else {
            parallelFor(resolveThreads(0), H, [&](int, int64_t h) {
                means[h] = meanOfRows(base + h * R * C, R, C, selection);
            });
        }
        for (int64_t h = 0; h < H; ++h) {
            const std::vector<double>& r = means[h];
            d->scores.push_back(sinkScore(r));
            std::vector<double> values, positions;
            double width = 0.8;
            if (C > kMaxBars) {
                d->pooled = true;
                // r as a column: poolToViewport's row bins are [⌊i·n/out⌋, ⌊(i+1)·n/out⌋).
                std::vector<float> column(r.begin(), r.end());
                const Tensor p =
                    poolToViewport(column.data(), 1, {0, C, 0, 1}, kMaxBars, 1, PoolMode::Max);
                const int64_t n = p.dim(0);
                for (int64_t i = 0; i < n; ++i) {
                    values.push_back(p[i]);
                    positions.push_back(0.5 * double(i * C / n + (i + 1) * C / n - 1));
                }
                width = 0.8 * double(C) / double(n);
            } else {
                values = r;
                for (int64_t k = 0; k < C; ++k) positions.push_back(double(k));
            }
            d->bars.push_back(std::move(values));
            d->positions.push_back(std::move(positions));
            d->widths.push_back(width);
        }
        return d;
    };
}

void SinkGridView::redraw() {
    auto d = prepared<SinkData>();
    m_data = d && m_trace ? std::move(d) : std::make_shared<SinkData>();
    rebuild();
}

const std::vector<SinkScore>& SinkGridView::sinkScores() const {
    return m_data->scores;
}

bool SinkGridView::pooledBars() const {
    return m_data->pooled;
}

void SinkGridView::rebuild() {
    m_plot->clearPlottables();
    m_plot->plotLayout()->clear();
    m_rects.clear();
    if (!m_trace || m_data->bars.empty()) {
        m_plot->replot();
        emit drawn();
        return;
    }
    const int64_t H = int64_t(m_data->bars.size()), C = m_data->keys;

    m_plot->plotLayout()->addElement(0, 0, new QCPTextElement(m_plot, figureTitle(), kTitleFont));
    m_plot->plotLayout()->addElement(1, 0, new QCPTextElement(m_plot, queryLine(), kQueryFont));
    auto* grid = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(2, 0, grid);
    const int cols = columns();
    m_builtColumns = cols;
    auto* group = new QCPMarginGroup(m_plot);
    for (int64_t h = 0; h < H; ++h) {
        const SinkScore& score = m_data->scores[h];
        const std::vector<double>& values = m_data->bars[h];
        const std::vector<double>& positions = m_data->positions[h];
        const double width = m_data->widths[h];
        auto* rect = addHeadRect(grid, int(h), cols,
                                 tr("H%1 (sink=%2)").arg(h).arg(score.sink, 0, 'f', 2), kHeadFont);
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, group);
        m_rects.push_back(rect);
        QCPAxis* x = rect->axis(QCPAxis::atBottom);
        QCPAxis* y = rect->axis(QCPAxis::atLeft);
        if (h + cols >= H) x->setLabel(xLabel());
        if (h % cols == 0) y->setLabel(yLabel());
        x->setTicker(QSharedPointer<PositionTicker>::create(
            x, m_data->frames ? std::vector<QString>{} : tokenLabels(m_trace->keyTokens)));
        const QPen gridPen(QColor(128, 128, 128, int(std::lround(0.3 * 255))), 0.8);
        for (auto* ax : {x, y}) {
            ax->setLabelFont(kSmallFont);
            ax->setTickLabelFont(kSmallFont);
            ax->grid()->setVisible(true);
            ax->grid()->setPen(gridPen);
        }

        auto* bars = new QCPBars(x, y);
        bars->setName(QString("H%1 bars").arg(h));
        bars->setWidth(width);
        bars->setBrush(kBarColor);
        setBarsForScreen(bars, true);
        auto* line = new QCPGraph(x, y);
        line->setName(QString("H%1 line").arg(h));
        line->setPen(QPen(Qt::black, 1.0));
        // Markers while they can be told apart; past 128 keys a key is under a pixel wide and
        // 12 × L dots only cost painting time (a third of a display edit at L = 1024).
        line->setScatterStyle(values.size() <= 128
                                  ? QCPScatterStyle(QCPScatterStyle::ssDisc, Qt::black, 3.5)
                                  : QCPScatterStyle(QCPScatterStyle::ssNone));
        double lo = 0, hi = 0;
        for (size_t i = 0; i < values.size(); ++i) {
            line->addData(positions[i], values[i]);  // NaN leaves a gap in the line
            if (!std::isfinite(values[i])) continue;
            bars->addData(positions[i], values[i]);
            lo = std::min(lo, values[i]);
            hi = std::max(hi, values[i]);
        }
        if (hi - lo <= 0) hi = lo + 1;
        const double pad = 0.05 * (hi - lo);
        y->setRange(lo < 0 ? lo - pad : 0.0, hi > 0 ? hi + pad : 0.0);
        x->setRange(-0.5, double(C) - 0.5);
    }
    m_plot->replot();
    emit drawn();
}

QString SinkGridView::readoutAt(const QPoint& pos) const {
    const int found = rectAt(m_rects, pos);
    if (found >= 0) {
        const auto h = size_t(found);
        const double kx = m_rects[h]->axis(QCPAxis::atBottom)->pixelToCoord(pos.x());
        const auto& p = m_data->positions[h];
        for (size_t i = 0; i < p.size(); ++i)
            if (std::abs(kx - p[i]) <= 0.5 * m_data->widths[h] / 0.8)
                return (m_data->frames ? tr("H%1 · key frame %2 · %3")
                                       : tr("H%1 · key token %2 · %3"))
                    .arg(h)
                    .arg(p[i])
                    .arg(m_data->bars[h][i], 0, 'g', 5);
        return {};
    }
    return {};
}

int SinkGridView::columns() const {
    constexpr int kMinColumnWidth = 165;  // tick labels, margins and a readable plot
    const int wanted = std::max(1, m_options.columns);
    if (m_exportLayout || !isVisible()) return wanted;
    return std::clamp(width() / kMinColumnWidth, 1, wanted);
}

void SinkGridView::resizeEvent(QResizeEvent* event) {
    PlotView::resizeEvent(event);
    if (m_trace && columns() != m_builtColumns) rebuild();
}

void SinkGridView::exporting(bool on) {
    m_exportLayout = on;
    if (m_trace && columns() != m_builtColumns) rebuild();
    for (int i = 0; i < m_plot->plottableCount(); ++i)
        if (auto* bars = qobject_cast<QCPBars*>(m_plot->plottable(i))) setBarsForScreen(bars, !on);
}

}  // namespace attnscope
