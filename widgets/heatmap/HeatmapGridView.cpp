#include "widgets/heatmap/HeatmapGridView.h"

#include "widgets/views/FigureFont.h"
#include "widgets/views/PositionTicker.h"

#include <qcustomplot.h>
#include <QHBoxLayout>
#include <QMouseEvent>
#include <QShortcut>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

#include "core/analysis/PooledAttention.h"
#include "core/analysis/ViewportPooling.h"
#include "core/common/ParallelFor.h"
#include "widgets/heatmap/ColorMapData.h"

namespace attnscope {

namespace {
const QFont kTitleFont = figureFont(12, QFont::Bold);
const QFont kHeadFont = figureFont(10, QFont::Bold);
const QFont kSmallFont = figureFont(8);

const DisplayMatrices kNoMatrices;

double center(const std::pair<int64_t, int64_t>& r) {
    return 0.5 * double(r.first + r.second - 1);
}
}  // namespace

HeatmapGridView::HeatmapGridView(QWidget* parent) : PlotView(parent) {
    // A click opens the head large; a drag pans (QCustomPlot's range drag), so only a press and
    // release at the same place counts as a click.
    connect(m_plot, &QCustomPlot::mousePress, this,
            [this](QMouseEvent* e) { m_pressPos = e->pos(); });
    connect(m_plot, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* e) {
        if (m_focusHead < 0 && e->button() == Qt::LeftButton &&
            (e->pos() - m_pressPos).manhattanLength() < 4) {
            const int h = headAt(e->pos());
            if (h >= 0) emit headActivated(h);
        }
    });
    // Back to the whole map: a button over the grid and the Home key.
    m_resetZoom = new QToolButton(this);
    m_resetZoom->setObjectName("resetZoomButton");
    m_resetZoom->setText(tr("Reset zoom"));
    m_resetZoom->setToolTip(tr("Show the whole map again (Home)"));
    m_resetZoom->setEnabled(false);
    connect(m_resetZoom, &QToolButton::clicked, this, &HeatmapGridView::resetZoom);
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(6, 2, 6, 0);
    bar->addStretch(1);
    bar->addWidget(m_resetZoom);
    plotLayout()->insertLayout(0, bar);
    auto* home = new QShortcut(QKeySequence(Qt::Key_Home), this);
    home->setContext(Qt::WidgetWithChildrenShortcut);
    connect(home, &QShortcut::activated, this, &HeatmapGridView::resetZoom);
    m_repoolTimer.setSingleShot(true);
    m_repoolTimer.setInterval(60);
    connect(&m_repoolTimer, &QTimer::timeout, this, &HeatmapGridView::startRepool);
}

HeatmapGridView::~HeatmapGridView() {}

QString HeatmapGridView::figureName() const {
    const int layer = m_trace ? m_trace->scenario.layer : 0;
    if (m_focusHead >= 0) return QString("layer%1_head%2_heatmap").arg(layer).arg(m_focusHead);
    return QString("layer%1_2d_heatmap").arg(layer);
}

QSize HeatmapGridView::figureSize() const {
    if (m_focusHead >= 0) return {900, 800};
    const int64_t H = matrices().values.empty() ? 12 : matrices().heads();
    const int cols = std::max(1, m_options.columns);
    const int rows = int((H + cols - 1) / cols);
    return {cols * 300 + 140, rows * 300 + 80};
}

struct HeatmapData : ViewData {
    DisplayMatrices matrices;
    // One colour-map data per head, filled off the UI thread: filling 12 maps of 256² cells
    // cell by cell took ~160 ms of the UI thread on a slow 2-core VM; copying them in is a memcpy.
    std::vector<std::unique_ptr<QCPColorMapData>> cells;
};

const DisplayMatrices& HeatmapGridView::matrices() const {
    return m_data ? m_data->matrices : kNoMatrices;
}

ViewPreparer HeatmapGridView::preparer(const TracePtr& trace, const ViewOptions& options) const {
    if (!trace) return {};
    const int64_t maxCells = m_focusHead >= 0 ? 1024 : 256;
    return [trace, options, maxCells]() -> ViewDataPtr {
        auto d = std::make_shared<HeatmapData>();
        d->matrices = displayMatrices(*trace, options, maxCells);
        const DisplayMatrices& m = d->matrices;
        const int64_t H = m.heads(), R = m.rows(), C = m.cols();
        QCPRange keys(0, double(C - 1)), values(0, double(R - 1));
        if (!m.frames && R > 0 && C > 0) {
            keys = QCPRange(center(m.colRanges.front()), center(m.colRanges.back()));
            values = QCPRange(center(m.rowRanges.front()), center(m.rowRanges.back()));
        }
        d->cells.resize(size_t(std::max<int64_t>(H, 0)));
        parallelFor(resolveThreads(0), H, [&](int, int64_t h) {
            d->cells[size_t(h)] = colorMapData(m.values.data() + h * R * C, R, C, keys, values);
        });
        return d;
    };
}

void HeatmapGridView::redraw() {
    m_data = prepared<HeatmapData>();
    rebuild();
}

void HeatmapGridView::setFocusHead(int head) {
    m_focusHead = head;
    refresh();
}

QString HeatmapGridView::figureTitle() const {
    if (!m_trace) return {};
    if (m_focusHead >= 0)
        return tr("Layer %1: Head %2").arg(m_trace->scenario.layer).arg(m_focusHead);
    return tr("Layer %1: 2D Attention Maps (All Heads)").arg(m_trace->scenario.layer);
}

QCPColorGradient HeatmapGridView::gradientShown() const {
    // A pooled trace without logits (or its frames) shows probabilities: a diverging map chosen
    // for logits would paint [0, max] in its blue half, so they get the sequential map.
    const bool pooledAsLogits = m_trace->isPooled() &&
                                m_options.valueKind != ValueKind::Probabilities &&
                                (m_trace->pooled->attention->viewportLogitSum.empty() ||
                                 (m_data && m_data->matrices.probabilities));
    return makeGradient(pooledAsLogits ? Colormap::Sequential : m_options.colormap);
}

QString HeatmapGridView::layoutKeyOf() const {
    const DisplayMatrices& m = m_data->matrices;
    if (m.heads() < 1 || m.rows() < 1 || m.cols() < 1) return {};
    QStringList key{QString::number(m.heads()),
                    QString::number(m.rows()),
                    QString::number(m.cols()),
                    QString::number(m.frames),
                    QString::number(m.anyMasked),
                    QString::number(m.frames ? m.cols() : m.colRanges.back().second),
                    QString::number(m.frames ? m.rows() : m.rowRanges.back().second),
                    figureTitle(),
                    QString::number(m_focusHead),
                    QString::number(m_options.columns),
                    QString::number(m_options.originLower),
                    QString::number(m_trace->isPooled())};
    // The axes' token texts.
    for (const auto* tokens : {&m_trace->keyTokens, &m_trace->queryTokens})
        key << QString::number(qHash(QByteArray::fromStdString([&] {
            std::string all;
            for (const std::string& t : *tokens) all += t + '\x1f';
            return all;
        }())));
    return key.join('|');
}

QStringList HeatmapGridView::headTitles() const {
    QStringList t;
    for (auto* r : m_rects) t << r->axis(QCPAxis::atTop)->label();
    return t;
}

void HeatmapGridView::rebuild() {
    const QString layoutKey = m_trace && m_data ? layoutKeyOf() : QString();
    if (!layoutKey.isEmpty() && layoutKey == m_layoutKey && m_maps.size() == m_shownHeads.size() &&
        m_scale) {
        // The same grid: new cells and colour range, the whole map in view.
        m_repool.cancel();
        m_repoolTimer.stop();
        const DisplayMatrices& m = m_data->matrices;
        for (size_t i = 0; i < m_maps.size(); ++i)
            m_maps[i]->setData(m_data->cells[size_t(m_shownHeads[i])].get(), true);
        m_scale->setDataRange(QCPRange(m.vmin, m.vmax));
        m_scale->axis()->setLabel(m.label);
        m_scale->setGradient(gradientShown());
        for (QCPAxisRect* rect : m_rects) {
            rect->axis(QCPAxis::atBottom)->setRange(-0.5, m_dataRange.width() - 0.5);
            rect->axis(QCPAxis::atLeft)->setRange(-0.5, m_dataRange.height() - 0.5);
        }
        m_pooledRegion = {0, m.rowRanges.back().second, 0, m.colRanges.back().second};
        m_resetZoom->setEnabled(false);
        m_plot->replot();
        emit drawn();
        return;
    }
    m_layoutKey = layoutKey;
    m_scale = nullptr;
    m_plot->clearPlottables();
    m_plot->plotLayout()->clear();
    m_rects.clear();
    m_maps.clear();
    m_shownHeads.clear();
    m_repool.cancel();  // a re-pool of the previous trace is stale
    m_repoolTimer.stop();
    if (!m_trace || !m_data) {
        m_plot->replot();
        emit drawn();
        return;
    }
    const DisplayMatrices& m = m_data->matrices;
    const int64_t H = m.heads(), R = m.rows(), C = m.cols();

    m_plot->plotLayout()->addElement(0, 0, new QCPTextElement(m_plot, figureTitle(), kTitleFont));
    auto* grid = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(1, 0, grid);
    auto* scale = new QCPColorScale(m_plot);
    m_scale = scale;
    m_plot->plotLayout()->addElement(1, 1, scale);
    if (m.anyMasked) {  // the legend of the grey cells, under the colour bar
        auto* masked = new QCPTextElement(m_plot, tr("■ masked"), kSmallFont);
        masked->setObjectName("maskedLegend");
        masked->setTextColor(kMaskedColour.darker(115));
        m_plot->plotLayout()->addElement(2, 1, masked);
    }
    scale->setType(QCPAxis::atRight);
    scale->axis()->setLabel(m.label);
    scale->setGradient(gradientShown());
    scale->setDataRange(QCPRange(m.vmin, m.vmax));

    const QString keyLabel = m.frames ? tr("Key Frame") : tr("Key Token");
    const QString queryLabel = m.frames ? tr("Query Frame") : tr("Query Token");
    std::vector<int64_t> heads;
    if (m_focusHead >= 0)
        heads.push_back(std::clamp<int64_t>(m_focusHead, 0, H - 1));
    else
        for (int64_t h = 0; h < H; ++h) heads.push_back(h);
    const int cols = m_focusHead >= 0 ? 1 : std::max(1, m_options.columns);
    for (size_t i = 0; i < heads.size(); ++i) {
        const int64_t h = heads[i];
        auto* rect = addHeadRect(grid, int(i), cols, tr("Head %1").arg(h), kHeadFont);
        m_rects.push_back(rect);
        QCPAxis* x = rect->axis(QCPAxis::atBottom);
        QCPAxis* y = rect->axis(QCPAxis::atLeft);
        x->setLabel(keyLabel);
        y->setLabel(queryLabel);
        // Tokens and frames are whole positions: token texts where they fit, else numbers.
        for (auto* ax : {x, y}) {
            ax->setLabelFont(kSmallFont);
            ax->setTickLabelFont(kSmallFont);
        }
        const Trace& t = *m_trace;
        x->setTicker(QSharedPointer<PositionTicker>::create(
            x, m.frames ? std::vector<QString>{} : tokenLabels(t.keyTokens)));
        y->setTicker(QSharedPointer<PositionTicker>::create(
            y, m.frames ? std::vector<QString>{} : tokenLabels(t.queryTokens)));
        y->setRangeReversed(!m_options.originLower);
        auto* map = new QCPColorMap(x, y);
        map->setName(QString("Head %1").arg(h));
        map->setData(m_data->cells[size_t(h)].get(), true);  // a copy of the prepared cells
        map->setInterpolate(false);
        map->setColorScale(scale);
        const double xMax = m.frames ? double(C) : double(m.colRanges.back().second);
        const double yMax = m.frames ? double(R) : double(m.rowRanges.back().second);
        x->setRange(-0.5, xMax - 0.5);
        y->setRange(-0.5, yMax - 0.5);
        m_dataRange = QSizeF(xMax, yMax);
        rect->setRangeDrag(Qt::Horizontal | Qt::Vertical);
        rect->setRangeZoom(Qt::Horizontal | Qt::Vertical);
        for (QCPAxis* axis : {x, y})
            connect(axis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
                    [this, rect] { followRange(rect); });
        m_maps.push_back(map);
    }
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_shownHeads = heads;
    m_pooledRegion = {0, m.rowRanges.back().second, 0, m.colRanges.back().second};
    m_pooledCells = QSize(int(C), int(R));
    m_resetZoom->setEnabled(false);
    m_aspectKey.clear();  // new rects: fit them
    auto* group = new QCPMarginGroup(m_plot);
    for (auto* r : m_rects) r->setMarginGroup(QCP::msLeft | QCP::msBottom | QCP::msTop, group);
    scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    m_plot->replot();
    emit drawn();
}

void HeatmapGridView::setVisibleRegion(double key0, double key1, double query0, double query1) {
    if (m_rects.empty()) return;
    m_rects.front()->axis(QCPAxis::atBottom)->setRange(key0 - 0.5, key1 - 0.5);
    m_rects.front()->axis(QCPAxis::atLeft)->setRange(query0 - 0.5, query1 - 0.5);
    m_plot->replot();
}

namespace {
/// `r` moved (and shrunk if need be) into [−0.5, extent − 0.5]: no panning past the data.
QCPRange within(QCPRange r, double extent) {
    const double lo = -0.5, hi = extent - 0.5;
    if (r.size() >= hi - lo) return {lo, hi};
    if (r.lower < lo) r += lo - r.lower;
    if (r.upper > hi) r -= r.upper - hi;
    return r;
}
}  // namespace

bool HeatmapGridView::adjustAfterLayout() {
    if (m_rects.empty()) return false;
    const QCPRange xr = m_rects.front()->axis(QCPAxis::atBottom)->range();
    const QCPRange yr = m_rects.front()->axis(QCPAxis::atLeft)->range();
    // Positions per side: frames and tokens alike are one unit per cell.
    const double rx = xr.size(), ry = yr.size();
    if (!(rx > 0) || !(ry > 0)) return false;
    const QString key = QString("%1x%2:%3").arg(m_plot->width()).arg(m_plot->height()).arg(rx / ry);
    if (key == m_aspectKey) return false;  // fitted already (a pan frame)
    m_aspectKey = key;
    for (QCPAxisRect* r : m_rects) r->setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX);
    relayout();  // the natural sizes
    for (QCPAxisRect* r : m_rects) {
        // Maximum sizes constrain the inner rect (QCustomPlot's default constraint).
        const QRect inner = r->rect();
        if (inner.width() < 4 || inner.height() < 4) continue;
        const double perX = inner.width() / rx, perY = inner.height() / ry;
        if (perX > perY * 1.02)
            r->setMaximumSize(int(std::lround(perY * rx)), QWIDGETSIZE_MAX);
        else if (perY > perX * 1.02)
            r->setMaximumSize(QWIDGETSIZE_MAX, int(std::lround(perX * ry)));
    }
    return true;
}

void HeatmapGridView::resetZoom() {
    if (m_rects.empty()) return;
    m_rects.front()->axis(QCPAxis::atBottom)->setRange(-0.5, m_dataRange.width() - 0.5);
    m_rects.front()->axis(QCPAxis::atLeft)->setRange(-0.5, m_dataRange.height() - 0.5);
    m_plot->replot();
}

bool HeatmapGridView::isZoomed() const {
    if (m_rects.empty()) return false;
    const QCPRange xr = m_rects.front()->axis(QCPAxis::atBottom)->range();
    const QCPRange yr = m_rects.front()->axis(QCPAxis::atLeft)->range();
    return xr.size() < m_dataRange.width() - 1e-6 || yr.size() < m_dataRange.height() - 1e-6;
}

void HeatmapGridView::followRange(QCPAxisRect* source) {
    if (m_syncing) return;
    m_syncing = true;  // every head shows the same region, so that they can be compared
    const QCPRange xr = within(source->axis(QCPAxis::atBottom)->range(), m_dataRange.width());
    const QCPRange yr = within(source->axis(QCPAxis::atLeft)->range(), m_dataRange.height());
    for (QCPAxisRect* r : m_rects) {
        r->axis(QCPAxis::atBottom)->setRange(xr);
        r->axis(QCPAxis::atLeft)->setRange(yr);
    }
    m_syncing = false;
    m_resetZoom->setEnabled(isZoomed());
    m_repoolTimer.start();  // restarted by every step of the motion
}

namespace {
/// A region of a pooled trace at pixel resolution: exact cells from Q, K and the rows' shifts
/// when the region holds at most kExactZoomCells per head (SPEC §10 exact zoom), else the fine
/// cache of the whole matrix pooled again.
std::vector<std::unique_ptr<QCPColorMapData>> pooledTraceRegion(const Trace& t, int64_t b,
                                                                const std::vector<int64_t>& heads,
                                                                MatrixRegion g, int64_t outR,
                                                                int64_t outC, PoolMode mode,
                                                                ValueKind kind) {
    const PooledTrace& pt = *t.pooled;
    const PooledAttention& pa = *pt.attention;
    // Masked logits when the display asks for logits and the pass kept them (mean pooling:
    // masked cells skipped, as for the materialised masked scores).
    const CellValues values = pooledCellValues(pa, kind);
    const bool logits = values != CellValues::Probabilities;
    if (logits) mode = PoolMode::Mean;
    std::vector<std::unique_ptr<QCPColorMapData>> out(heads.size());
    const int64_t lq = t.qLen(), lk = t.kvLen();
    const double area = double(g.row1 - g.row0) * double(g.col1 - g.col0);
    if (area <= HeatmapGridView::kExactZoomCells) {
        parallelFor(resolveThreads(0), int64_t(heads.size()), [&](int, int64_t i) {
            auto cells = exactCells(t.q, t.k, *pt.mask, t.maskShape, t.scale, pt.softCap,
                                    pa.rowShift, b, heads[size_t(i)], g, -1, values);
            if (!cells) return;
            const int64_t rows = g.row1 - g.row0, cols = g.col1 - g.col0;
            const Tensor p =
                poolToViewport(cells->data(), cols, {0, rows, 0, cols}, outR, outC, mode);
            const int64_t R = p.dim(0), C = p.dim(1);
            out[size_t(i)] =
                colorMapData(p.data(), R, C,
                             QCPRange(double(g.col0) + pooledCellCenter(cols, C, 0),
                                      double(g.col0) + pooledCellCenter(cols, C, C - 1)),
                             QCPRange(double(g.row0) + pooledCellCenter(rows, R, 0),
                                      double(g.row0) + pooledCellCenter(rows, R, R - 1)));
        });
        return out;
    }
    // The fine bins the region covers (bin f holds tokens [⌊f·L/F⌋, ⌊(f+1)·L/F⌋)).
    const Tensor& fine = pa.viewport;
    const int64_t H = fine.dim(1), fh = fine.dim(2), fw = fine.dim(3);
    const MatrixRegion f{
        g.row0 * fh / lq, std::max(g.row0 * fh / lq + 1, (g.row1 * fh + lq - 1) / lq),
        g.col0 * fw / lk, std::max(g.col0 * fw / lk + 1, (g.col1 * fw + lk - 1) / lk)};
    // Token centre of display cell i of n fine bins [f0, f0 + n) pooled to `cells`.
    auto centre = [](int64_t f0, int64_t n, int64_t cells, int64_t i, int64_t len, int64_t bins) {
        const int64_t a = f0 + i * n / cells, z = f0 + (i + 1) * n / cells;
        return 0.5 * double(a * len / bins + z * len / bins - 1);
    };
    parallelFor(resolveThreads(0), int64_t(heads.size()), [&](int, int64_t i) {
        const int64_t nr = f.row1 - f.row0, nc = f.col1 - f.col0;
        Tensor p;
        if (values == CellValues::Logits) {  // Σ sums / Σ pairs of the fine bins in each cell
            p = poolRatioToViewport(
                pa.viewportScoreSum.data() + (b * H + heads[size_t(i)]) * fh * fw,
                pa.viewportPairs.data(), fw, f, outR, outC);
        } else if (logits) {  // Σ sums / Σ allowed pairs
            p = poolRatioToViewport(
                pa.viewportLogitSum.data() + (b * H + heads[size_t(i)]) * fh * fw,
                pa.viewportCount.data() + b * fh * fw, fw, f, outR, outC);
        } else {
            p = poolToViewport(fine.data() + (b * H + heads[size_t(i)]) * fh * fw, fw, f, outR,
                               outC, PoolMode::Max);
        }
        const int64_t R = p.dim(0), C = p.dim(1);
        out[size_t(i)] = colorMapData(
            p.data(), R, C,
            QCPRange(centre(f.col0, nc, C, 0, lk, fw), centre(f.col0, nc, C, C - 1, lk, fw)),
            QCPRange(centre(f.row0, nr, R, 0, lq, fh), centre(f.row0, nr, R, R - 1, lq, fh)));
    });
    return out;
}
}  // namespace

void HeatmapGridView::startRepool() {
    // Frames are few: their matrices are already drawn cell for cell.
    if (!m_trace || !m_data || matrices().frames || m_rects.empty()) return;
    const Trace& t = *m_trace;
    const int64_t lq = t.qLen(), lk = t.kvLen();
    QCPAxisRect* rect = m_rects.front();
    const QCPRange xr = rect->axis(QCPAxis::atBottom)->range();
    const QCPRange yr = rect->axis(QCPAxis::atLeft)->range();
    MatrixRegion g{std::clamp<int64_t>(int64_t(std::floor(yr.lower + 0.5)), 0, lq - 1), 0,
                   std::clamp<int64_t>(int64_t(std::floor(xr.lower + 0.5)), 0, lk - 1), 0};
    g.row1 = std::clamp<int64_t>(int64_t(std::ceil(yr.upper + 0.5)), g.row0 + 1, lq);
    g.col1 = std::clamp<int64_t>(int64_t(std::ceil(xr.upper + 0.5)), g.col0 + 1, lk);
    const int64_t outR = std::max(2, rect->height()), outC = std::max(2, rect->width());
    const auto same = [](const MatrixRegion& p, const MatrixRegion& q) {
        return p.row0 == q.row0 && p.row1 == q.row1 && p.col0 == q.col0 && p.col1 == q.col1;
    };
    const int64_t wantR = std::min(outR, g.row1 - g.row0), wantC = std::min(outC, g.col1 - g.col0);
    if (same(g, m_pooledRegion) && m_pooledCells.height() >= wantR &&
        m_pooledCells.width() >= wantC)
        return;  // what is drawn already has a cell per pixel
    const int64_t b = std::clamp<int64_t>(m_options.batch, 0, t.batch() - 1);
    using Pooled = std::shared_ptr<std::vector<std::unique_ptr<QCPColorMapData>>>;
    m_repool.run<Pooled>(
        [trace = m_trace, kind = m_options.valueKind, mode = m_options.detailPooling,
         heads = m_shownHeads, b, g, outR, outC]() -> Pooled {
            auto pooled =
                std::make_shared<std::vector<std::unique_ptr<QCPColorMapData>>>(heads.size());
            if (trace->isPooled()) {
                *pooled = pooledTraceRegion(*trace, b, heads, g, outR, outC, mode, kind);
                return pooled;
            }
            const Tensor& a = valueTensor(*trace, kind);
            const int64_t H = a.dim(1), lq = a.dim(2), lk = a.dim(3);
            parallelFor(resolveThreads(0), int64_t(heads.size()), [&](int, int64_t i) {
                const Tensor p = poolToViewport(a.data() + (b * H + heads[size_t(i)]) * lq * lk, lk,
                                                g, outR, outC, mode);
                const int64_t R = p.dim(0), C = p.dim(1);
                (*pooled)[size_t(i)] = colorMapData(
                    p.data(), R, C,
                    QCPRange(double(g.col0) + pooledCellCenter(g.col1 - g.col0, C, 0),
                             double(g.col0) + pooledCellCenter(g.col1 - g.col0, C, C - 1)),
                    QCPRange(double(g.row0) + pooledCellCenter(g.row1 - g.row0, R, 0),
                             double(g.row0) + pooledCellCenter(g.row1 - g.row0, R, R - 1)));
            });
            return pooled;
        },
        [this, g](Result<Pooled> pooled) {
            if (pooled) applyRepool(g, **pooled);
        });
}

void HeatmapGridView::applyRepool(MatrixRegion g,
                                  std::vector<std::unique_ptr<QCPColorMapData>>& pooled) {
    if (pooled.size() != m_maps.size()) return;  // the heads shown changed since
    for (size_t i = 0; i < m_maps.size(); ++i) {
        m_pooledCells = QSize(pooled[i]->keySize(), pooled[i]->valueSize());
        m_maps[i]->setData(pooled[i].release());  // the map takes the cells over
    }
    m_pooledRegion = g;
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    emit regionPooled();
}

int HeatmapGridView::headAt(const QPoint& pos, QCPAxisRect** rectOut) const {
    const int i = rectAt(m_rects, pos);
    if (i < 0 || size_t(i) >= m_shownHeads.size()) return -1;
    if (rectOut) *rectOut = m_rects[size_t(i)];
    return int(m_shownHeads[size_t(i)]);
}

QString HeatmapGridView::readoutAt(const QPoint& pos) const {
    if (!m_trace) return {};
    QCPAxisRect* rect = nullptr;
    const int h = headAt(pos, &rect);
    if (h < 0) return {};
    const double kx = rect->axis(QCPAxis::atBottom)->pixelToCoord(pos.x());
    const double qy = rect->axis(QCPAxis::atLeft)->pixelToCoord(pos.y());
    const Trace& t = *m_trace;
    const DisplayMatrices& m = matrices();
    auto tokenLabel = [](const std::vector<std::string>& tokens, int64_t i) {
        return i >= 0 && i < int64_t(tokens.size()) ? QString::fromStdString(tokens[i]) : QString();
    };
    if (m.frames) {
        const int64_t r = std::llround(qy), c = std::llround(kx);
        if (r < 0 || r >= m.rows() || c < 0 || c >= m.cols()) return {};
        return tr("Head %1 · query frame %2 · key frame %3 · %4")
            .arg(h)
            .arg(r)
            .arg(c)
            .arg(m.at(h, r, c), 0, 'g', 5);
    }
    const int64_t q = std::llround(qy), k = std::llround(kx);
    if (q < 0 || q >= t.qLen() || k < 0 || k >= t.kvLen()) return {};
    const int64_t b = std::clamp<int64_t>(m_options.batch, 0, t.batch() - 1);
    float v = 0;
    if (t.isPooled()) {  // the exact probability, from Q, K and the row's shift
        const PooledTrace& pt = *t.pooled;
        auto cell = exactCells(t.q, t.k, *pt.mask, t.maskShape, t.scale, pt.softCap,
                               pt.attention->rowShift, b, h, {q, q + 1, k, k + 1}, -1,
                               pooledCellValues(*pt.attention, m_options.valueKind));
        if (!cell) return {};
        v = (*cell)[0];
    } else {
        const Tensor& a = valueTensor(t, m_options.valueKind);
        v = a[((b * t.heads() + h) * t.qLen() + q) * t.kvLen() + k];
    }
    return tr("Head %1 · q %2 (%3) · k %4 (%5) · %6")
        .arg(h)
        .arg(q)
        .arg(tokenLabel(t.queryTokens, q))
        .arg(k)
        .arg(tokenLabel(t.keyTokens, k))
        .arg(double(v), 0, 'g', 5);
}

}  // namespace attnscope
