#include "widgets/mask/MaskMatrixView.h"

#include "widgets/heatmap/ColorMapData.h"
#include "widgets/views/PositionTicker.h"

#include "widgets/views/FigureFont.h"

#include <qcustomplot.h>
#include <QVBoxLayout>
#include <algorithm>
#include <cstring>

#include "core/analysis/SmartSampling.h"
#include "core/common/ParallelFor.h"
#include "core/masks/MaskProperties.h"

namespace attnscope {

const QColor MaskMatrixView::kAllowedColor("#2E7D32");
const QColor MaskMatrixView::kBoundaryColor("#D32F2F");
const QColor MaskMatrixView::kGenerationColor("#1565C0");

namespace {
const QFont kTitleFont = figureFont(13, QFont::Bold);
const QFont kLabelFont = figureFont(10);
const QFont kTickFont = figureFont(8);
const QFont kPropertiesFont = figureFont(9, QFont::Normal, "DejaVu Sans Mono");

/// n positions from `offset` split into `cells` nearly equal [begin, end) index ranges.
std::vector<std::pair<int64_t, int64_t>> equalRanges(int64_t n, int64_t cells) {
    std::vector<std::pair<int64_t, int64_t>> r(static_cast<size_t>(cells));
    for (int64_t i = 0; i < cells; ++i) r[size_t(i)] = {i * n / cells, (i + 1) * n / cells};
    return r;
}

QCPGraph* legendGraph(QCPAxisRect* rect, const QString& name, const QPen& pen,
                      const QCPScatterStyle& scatter, QCPLegend* legend) {
    auto* g = new QCPGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    g->setName(name);
    g->setPen(pen);
    g->setScatterStyle(scatter);
    g->setLineStyle(scatter.isNone() ? QCPGraph::lsLine : QCPGraph::lsNone);
    g->removeFromLegend();
    g->addToLegend(legend);
    return g;
}
}  // namespace

/// What the mask view draws, prepared off the UI thread.
struct MaskData : ViewData {
    MaskMatrixView::DisplayMode mode = MaskMatrixView::DisplayMode::Full;
    MaskMatrixView::DisplayedPositions positions;
    std::vector<std::pair<int64_t, int64_t>> rowRanges, colRanges;
    std::vector<uint8_t> cells;
    MaskProperties properties;
};

MaskMatrixView::MaskMatrixView(QWidget* parent)
    : PlotView(parent), m_data(std::make_shared<MaskData>()) {}

QString MaskMatrixView::figureTitle() const {
    if (!m_trace) return {};
    return tr("Attention Mask: %1").arg(QString::fromStdString(m_trace->scenario.mask));
}

bool MaskMatrixView::cellAllowed(int r, int c) const {
    const auto cols = int64_t(m_data->positions.cols.size());
    if (r < 0 || c < 0 || r >= int64_t(m_data->positions.rows.size()) || c >= cols) return false;
    return m_data->cells[size_t(r * cols + c)] != 0;
}

QMap<double, QString> MaskMatrixView::keyTickLabels() const {
    if (!m_rect) return {};
    auto ticker = m_rect->axis(QCPAxis::atBottom)->ticker().dynamicCast<QCPAxisTickerText>();
    return ticker ? ticker->ticks() : QMap<double, QString>();
}

QMap<double, QString> MaskMatrixView::queryTickLabels() const {
    if (!m_rect) return {};
    auto ticker = m_rect->axis(QCPAxis::atLeft)->ticker().dynamicCast<QCPAxisTickerText>();
    return ticker ? ticker->ticks() : QMap<double, QString>();
}

namespace {

void choosePositions(const Trace& t, const ViewOptions& options, MaskData& d) {
    const MaskShape& s = t.maskShape;
    const int64_t lq = t.steps.mask.dim(1), lk = t.steps.mask.dim(2);
    if (options.sampledDisplay) {
        d.mode = MaskMatrixView::DisplayMode::Sampled;
        const int64_t n = std::max<int64_t>(2, options.maxDisplayPositions);
        for (int64_t i : samplePositions(lq, n, t.segments, s.qOffset))
            d.rowRanges.push_back({i, i + 1});
        for (int64_t i : samplePositions(lk, n, t.segments, s.kvOffset))
            d.colRanges.push_back({i, i + 1});
    } else {
        const int64_t cap = MaskMatrixView::kMaxPooledCells;
        d.mode = std::max(lq, lk) > cap ? MaskMatrixView::DisplayMode::Pooled
                                        : MaskMatrixView::DisplayMode::Full;
        d.rowRanges = equalRanges(lq, std::min<int64_t>(lq, cap));
        d.colRanges = equalRanges(lk, std::min<int64_t>(lk, cap));
    }
    for (const auto& r : d.rowRanges) d.positions.rows.push_back(r.first + s.qOffset);
    for (const auto& c : d.colRanges) d.positions.cols.push_back(c.first + s.kvOffset);
}

/// A cell is allowed when any of its (query, key) pairs is: each row of a cell's bin searched
/// with memchr (vectorised) until one is found, the cells' rows on the worker pool's threads.
void fillCells(const BoolArray& mask, int64_t b, MaskData& d) {
    const int64_t lq = mask.dim(1), lk = mask.dim(2);
    const size_t R = d.rowRanges.size(), C = d.colRanges.size();
    d.cells.assign(R * C, 0);
    parallelFor(resolveThreads(0), int64_t(R), [&](int, int64_t r) {
        uint8_t* cells = d.cells.data() + size_t(r) * C;
        for (int64_t q = d.rowRanges[size_t(r)].first; q < d.rowRanges[size_t(r)].second; ++q) {
            const uint8_t* row = mask.data() + (b * lq + q) * lk;
            for (size_t c = 0; c < C; ++c) {
                const auto [k0, k1] = d.colRanges[c];
                if (!cells[c] && k1 > k0)
                    cells[c] = std::memchr(row + k0, 1, size_t(k1 - k0)) != nullptr;
            }
        }
    });
}

}  // namespace

ViewPreparer MaskMatrixView::preparer(const TracePtr& trace, const ViewOptions& options) const {
    if (!trace || trace->steps.mask.rank() != 3 || trace->steps.mask.empty()) return {};
    return [trace, options]() -> ViewDataPtr {
        const Trace& t = *trace;
        const BoolArray& mask = t.steps.mask;
        const int64_t lq = mask.dim(1), lk = mask.dim(2);
        const int64_t b = std::clamp<int64_t>(options.batch, 0, mask.dim(0) - 1);
        auto d = std::make_shared<MaskData>();
        choosePositions(t, options, *d);
        fillCells(mask, b, *d);
        MaskShape shape = t.maskShape;
        shape.batch = 1;
        if (mask.dim(0) == 1) {
            d->properties = computeProperties(mask, shape, t.segments);
        } else {
            BoolArray one({1, lq, lk});
            std::copy(mask.data() + b * lq * lk, mask.data() + (b + 1) * lq * lk, one.data());
            d->properties = computeProperties(one, shape, t.segments);
        }
        return d;
    };
}

bool MaskMatrixView::dependsOn(const ViewOptions& before, const ViewOptions& after) const {
    // The cells: the batch element and the positions shown (the rest is drawing).
    return before.batch != after.batch || before.sampledDisplay != after.sampledDisplay ||
           before.maxDisplayPositions != after.maxDisplayPositions;
}

void MaskMatrixView::redraw() {
    auto d = prepared<MaskData>();
    if (d) {
        m_data = std::move(d);
    } else {
        m_data = std::make_shared<MaskData>();
        m_trace.reset();  // nothing to show: an empty figure
    }
    rebuild();
}

MaskMatrixView::DisplayMode MaskMatrixView::displayMode() const {
    return m_data->mode;
}

const MaskMatrixView::DisplayedPositions& MaskMatrixView::displayedPositions() const {
    return m_data->positions;
}

double MaskMatrixView::lineCoordinate(int64_t p, bool rows) const {
    if (m_data->mode != DisplayMode::Sampled) return double(p) - 0.5;
    const auto& v = rows ? m_data->positions.rows : m_data->positions.cols;
    return double(std::lower_bound(v.begin(), v.end(), p) - v.begin()) - 0.5;
}

void MaskMatrixView::addLines(QCPAxisRect* rect) {
    m_boundaries.clear();
    m_generation.reset();
    if (!m_trace->segments) return;
    const SegmentInfo& seg = *m_trace->segments;
    const MaskShape& s = m_trace->maskShape;
    auto inside = [](int64_t p, int64_t lo, int64_t n) { return p > lo && p < lo + n; };
    auto draw = [&](int64_t p, const QPen& pen) {
        bool drawn = false;
        if (inside(p, s.qOffset, s.qLen)) {
            auto* h = new QCPItemStraightLine(m_plot);
            h->setClipAxisRect(rect);
            h->point1->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
            h->point2->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
            h->point1->setCoords(0, lineCoordinate(p, true));
            h->point2->setCoords(1, lineCoordinate(p, true));
            h->setPen(pen);
            drawn = true;
        }
        if (inside(p, s.kvOffset, s.kvLen)) {
            auto* v = new QCPItemStraightLine(m_plot);
            v->setClipAxisRect(rect);
            v->point1->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
            v->point2->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
            v->point1->setCoords(lineCoordinate(p, false), 0);
            v->point2->setCoords(lineCoordinate(p, false), 1);
            v->setPen(pen);
            drawn = true;
        }
        return drawn;
    };
    for (size_t i = 1; i < seg.segments.size(); ++i)
        if (draw(seg.segments[i].first, QPen(kBoundaryColor, 2, Qt::DashLine)))
            m_boundaries.push_back(seg.segments[i].first);
    if (seg.generationStart >= 0 &&
        draw(seg.generationStart, QPen(kGenerationColor, 2, Qt::DashDotLine)))
        m_generation = seg.generationStart;
}

void MaskMatrixView::addLegendAndProperties() {
    const Trace& t = *m_trace;
    const BoolArray& mask = t.steps.mask;
    const int64_t lq = mask.dim(1), lk = mask.dim(2);
    const int64_t b = std::clamp<int64_t>(m_options.batch, 0, mask.dim(0) - 1);
    const MaskProperties& p = m_data->properties;
    const auto [minIt, maxIt] = std::minmax_element(p.keysPerQuery.begin(), p.keysPerQuery.end());
    QString display;
    const size_t R = m_data->positions.rows.size(), C = m_data->positions.cols.size();
    if (m_data->mode == DisplayMode::Full)
        display = tr("full\n  %1 × %2").arg(R).arg(C);
    else if (m_data->mode == DisplayMode::Sampled)
        display = tr("sampled\n  %1 × %2 of %3 × %4").arg(R).arg(C).arg(lq).arg(lk);
    else
        display = tr("pooled (any allowed)\n  %1 × %2").arg(R).arg(C);
    QStringList lines;
    lines << tr("Mask properties (batch %1)").arg(b) << ""
          << tr("density: %1 %").arg(100.0 * p.density, 0, 'f', 1)
          << tr("allowed pairs: %1 of %2").arg(p.allowedPairs).arg(p.totalPairs)
          << (t.scenario.causalityApplies() ? tr("causal violations: %1").arg(p.causalViolations)
                                            : tr("causal violations: n/a\n  (two sequences)"))
          << tr("cross-segment pairs") << tr("  while encoding: %1").arg(p.crossSegmentPairs)
          << tr("empty rows: %1").arg(p.emptyRows.size())
          << tr("keys per query: %1 – %2")
                 .arg(minIt == p.keysPerQuery.end() ? 0 : *minIt)
                 .arg(maxIt == p.keysPerQuery.end() ? 0 : *maxIt)
          << "" << tr("display: %1").arg(display);
    m_propertiesText = lines.join('\n');

    auto* side = new QCPLayoutGrid;
    auto* outer = qobject_cast<QCPLayoutGrid*>(m_plot->plotLayout()->element(1, 0));
    outer->addElement(0, 1, side);
    outer->setColumnStretchFactors({5, 1});
    side->setMinimumSize(270, 0);
    side->setMaximumSize(270, QWIDGETSIZE_MAX);
    side->setAutoMargins(QCP::msNone);
    side->setMargins(QMargins(10, 10, 24, 10));
    auto* legend = new QCPLegend;
    side->addElement(0, 0, legend);
    legend->setLayer("legend");
    legend->setFont(kLabelFont);
    legend->setIconSize(28, 14);
    legend->setBorderPen(QPen(QColor("#B0BEC5")));
    legendGraph(
        m_rect, tr("Can attend"), QPen(kAllowedColor.darker(130)),
        QCPScatterStyle(QCPScatterStyle::ssSquare, kAllowedColor.darker(130), kAllowedColor, 12),
        legend);
    legendGraph(m_rect, tr("Cannot attend"), QPen(QColor("#9E9E9E")),
                QCPScatterStyle(QCPScatterStyle::ssSquare, QColor("#9E9E9E"), Qt::white, 12),
                legend);
    legendGraph(m_rect, tr("Segment boundary"), QPen(kBoundaryColor, 2, Qt::DashLine),
                QCPScatterStyle(), legend);
    legendGraph(m_rect, tr("Generation start"), QPen(kGenerationColor, 2, Qt::DashDotLine),
                QCPScatterStyle(), legend);
    auto* text = new QCPTextElement(m_plot, m_propertiesText, kPropertiesFont);
    text->setTextFlags(Qt::AlignLeft | Qt::AlignTop);
    side->addElement(1, 0, text);
    side->addElement(2, 0, new QCPLayoutElement(m_plot));  // takes the remaining height
    side->setRowStretchFactors({0.01, 0.01, 1});
}

void MaskMatrixView::rebuild() {
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_plot->plotLayout()->clear();
    m_rect = nullptr;
    m_boundaries.clear();
    m_generation.reset();
    m_propertiesText.clear();
    if (!m_trace || m_trace->steps.mask.rank() != 3 || m_trace->steps.mask.empty()) {
        m_plot->replot();
        emit drawn();
        return;
    }
    const int R = int(m_data->positions.rows.size()), C = int(m_data->positions.cols.size());

    m_plot->plotLayout()->addElement(0, 0, new QCPTextElement(m_plot, figureTitle(), kTitleFont));
    auto* outer = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(1, 0, outer);
    m_rect = new QCPAxisRect(m_plot);
    outer->addElement(0, 0, m_rect);
    QCPAxis* x = m_rect->axis(QCPAxis::atBottom);
    QCPAxis* y = m_rect->axis(QCPAxis::atLeft);
    x->setLabel(tr("Key Position"));
    y->setLabel(tr("Query Position"));
    for (QCPAxis* ax : m_rect->axes()) {
        ax->setVisible(true);
        ax->grid()->setVisible(false);
        ax->setLabelFont(kLabelFont);
        ax->setTickLabelFont(kTickFont);
        if (ax != x && ax != y) {
            ax->setTicks(false);
            ax->setTickLabels(false);
        }
    }
    // Query 0 at the top (a matrix, HF's ■/⬚ rows) unless "query 0 at the bottom" is chosen, as
    // in every other matrix view.
    y->setRangeReversed(!m_options.originLower);

    auto* map = new QCPColorMap(x, y);
    map->setName("mask");
    map->removeFromLegend();
    map->setData(
        colorMapData(R, C, QCPRange(0, C - 1), QCPRange(0, R - 1), [&](int64_t r, int64_t c) {
            return cellAllowed(int(r), int(c)) ? 1.0 : 0.0;
        }).release());
    QCPColorGradient gradient;
    gradient.clearColorStops();
    gradient.setColorStopAt(0, Qt::white);
    gradient.setColorStopAt(1, kAllowedColor);
    gradient.setLevelCount(2);
    map->setGradient(gradient);
    map->setDataRange(QCPRange(0, 1));
    map->setInterpolate(false);
    if (m_data->mode == DisplayMode::Sampled) {
        map->data()->setRange(QCPRange(0, std::max(C - 1, 1)), QCPRange(0, std::max(R - 1, 1)));
        x->setRange(-0.5, C - 0.5);
        y->setRange(-0.5, R - 0.5);
        auto xt = QSharedPointer<QCPAxisTickerText>::create();
        auto yt = QSharedPointer<QCPAxisTickerText>::create();
        for (int c = 0; c < C; ++c)
            xt->addTick(c, QString::number(m_data->positions.cols[size_t(c)]));
        for (int r = 0; r < R; ++r)
            yt->addTick(r, QString::number(m_data->positions.rows[size_t(r)]));
        x->setTicker(xt);
        y->setTicker(yt);
        x->setTickLabelRotation(C > 20 ? 90 : 0);
    } else {
        const MaskShape& s = m_trace->maskShape;
        auto centre = [](const std::pair<int64_t, int64_t>& r, int64_t off) {
            return double(off) + 0.5 * double(r.first + r.second - 1);
        };
        const double x0 = centre(m_data->colRanges.front(), s.kvOffset);
        const double x1 = std::max(centre(m_data->colRanges.back(), s.kvOffset), x0 + 1e-9);
        const double y0 = centre(m_data->rowRanges.front(), s.qOffset);
        const double y1 = std::max(centre(m_data->rowRanges.back(), s.qOffset), y0 + 1e-9);
        map->data()->setRange(QCPRange(x0, x1), QCPRange(y0, y1));
        x->setRange(double(s.kvOffset) - 0.5,
                    double(s.kvOffset + m_data->colRanges.back().second) - 0.5);
        y->setRange(double(s.qOffset) - 0.5,
                    double(s.qOffset + m_data->rowRanges.back().second) - 0.5);
        // Positions are absolute (offsets included); token i sits at offset + i.
        x->setTicker(QSharedPointer<PositionTicker>::create(x, tokenLabels(m_trace->keyTokens),
                                                            double(s.kvOffset)));
        y->setTicker(QSharedPointer<PositionTicker>::create(y, tokenLabels(m_trace->queryTokens),
                                                            double(s.qOffset)));
    }
    addLines(m_rect);
    addLegendAndProperties();
    m_plot->replot();
    emit drawn();
}

}  // namespace attnscope
