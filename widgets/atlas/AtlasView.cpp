#include "widgets/atlas/AtlasView.h"

#include <qcustomplot.h>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QScrollArea>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "core/model/ModelCache.h"
#include "widgets/heatmap/Colormaps.h"
#include "widgets/i18n/CoreMessages.h"
#include "widgets/views/CoreTexts.h"
#include "widgets/views/FigureFont.h"
#include "widgets/views/PaintCanvas.h"

namespace attnscope {

namespace {

struct AtlasData : ViewData {
    ModelAtlasPtr atlas;
};

const QFont kTitleFont = figureFont(13, QFont::Bold);
const QFont kLabelFont = figureFont(8);
const QFont kBadgeFont = figureFont(7);

constexpr double kLeft = 52, kTop = 64, kRight = 16, kBottom = 58, kGap = 6, kStrip = 5;
constexpr double kMinSide = 40, kMaxSide = 110, kFigureSide = 64;

bool higherIsNotable(HeadMetric m) {
    return m != HeadMetric::Entropy && m != HeadMetric::MeanDistance;
}

QString metricText(double v) {
    return std::isfinite(v) ? QString::number(v, 'f', std::abs(v) >= 10 ? 1 : 2) : "–";
}

}  // namespace

AtlasView::AtlasView(QWidget* parent)
    : FigureView(parent),
      m_metricBox(new QComboBox(this)),
      m_orderBox(new QComboBox(this)),
      m_minimumBox(new QDoubleSpinBox(this)),
      m_status(new QLabel(this)),
      m_scroll(new QScrollArea(this)),
      m_canvas(new PaintCanvas) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(8, 4, 8, 0);
    m_metricBox->setObjectName("atlasMetric");
    for (int i = 0; i < kHeadMetricCount; ++i) m_metricBox->addItem(headMetricTitle(HeadMetric(i)));
    m_orderBox->setObjectName("atlasOrder");
    m_orderBox->addItems({tr("layers × heads"), tr("ranked by metric")});
    m_minimumBox->setObjectName("atlasMinimum");
    m_minimumBox->setRange(-1e6, 1e6);
    m_minimumBox->setDecimals(3);
    m_minimumBox->setSingleStep(0.05);
    m_minimumBox->setSpecialValueText(tr("off"));
    m_minimumBox->setValue(m_minimumBox->minimum());
    m_minimumBox->setToolTip(tr("Heads whose metric is below this value are faded"));
    m_status->setObjectName("atlasStatus");
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // never widens
    bar->addWidget(new QLabel(tr("Metric"), this));
    bar->addWidget(m_metricBox);
    bar->addWidget(new QLabel(tr("Order"), this));
    bar->addWidget(m_orderBox);
    bar->addWidget(new QLabel(tr("Fade <"), this));
    bar->addWidget(m_minimumBox);
    bar->addWidget(m_status, 1);
    layout->addLayout(bar);
    m_scroll->setWidget(m_canvas);
    m_scroll->setWidgetResizable(false);
    m_scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(m_scroll, 1);

    m_canvas->paint = [this](QPainter& p, const QRect&) { paint(p, canvasSize()); };
    m_canvas->hover = [this](const QPointF& pos) {
        const QString text = readoutAt(pos);
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(m_canvas->mapToGlobal(pos.toPoint()), text, m_canvas);
    };
    m_canvas->click = [this](const QPointF& pos) {
        for (const Cell& c : this->layout(canvasSize()))
            if (c.rect.contains(pos)) return emit headActivated(int(c.layer), int(c.head));
    };
    connect(m_metricBox, &QComboBox::currentIndexChanged, this,
            [this](int i) { setMetric(HeadMetric(i)); });
    connect(m_orderBox, &QComboBox::currentIndexChanged, this,
            [this](int i) { setOrder(Order(i)); });
    connect(m_minimumBox, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        setMinimum(v <= m_minimumBox->minimum() ? std::numeric_limits<double>::quiet_NaN() : v);
    });
    m_progressTimer.setInterval(100);
    connect(&m_progressTimer, &QTimer::timeout, this, [this] {
        m_status->setText(tr("Computing the atlas: layer %1 of %2…")
                              .arg(m_progress->load())
                              .arg(m_expectedLayers));
    });
}

bool AtlasView::dependsOn(const ViewOptions& before, const ViewOptions& after) const {
    return before.batch != after.batch;
}

ViewPreparer AtlasView::preparer(const TracePtr& trace, const ViewOptions& options) const {
    if (!trace) return {};
    // Progress is polled from the UI thread while the worker computes.
    auto progress = m_progress;
    progress->store(0);
    m_expectedLayers = trace->model.inputs ? int64_t(trace->model.inputs->run->layers.size()) : 1;
    m_progressTimer.start();
    const int64_t batch = options.batch;
    return [trace, batch, progress]() -> ViewDataPtr {
        auto d = std::make_shared<AtlasData>();
        d->atlas = modelAtlas(*trace, batch, progress.get());
        return d;
    };
}

void AtlasView::redraw() {
    m_progressTimer.stop();
    auto d = prepared<AtlasData>();
    m_atlas = d ? d->atlas : nullptr;
    if (!m_atlas)
        m_status->setText("");
    else if (!m_atlas->error.message.empty())
        m_status->setText(tr("No atlas: %1").arg(coreMessage(m_atlas->error)));
    else
        m_status->setText(tr("%1 layers × %2 heads · %3 tokens")
                              .arg(m_atlas->layers)
                              .arg(m_atlas->heads)
                              .arg(m_atlas->keys));
    updateCanvasSize();
    m_canvas->update();
    emit drawn();
}

void AtlasView::setMetric(HeadMetric metric) {
    m_metric = metric;
    if (m_metricBox->currentIndex() != int(metric)) m_metricBox->setCurrentIndex(int(metric));
    m_canvas->update();
}

void AtlasView::setOrder(Order order) {
    m_order = order;
    if (m_orderBox->currentIndex() != int(order)) m_orderBox->setCurrentIndex(int(order));
    m_canvas->update();
}

void AtlasView::setMinimum(double minimum) {
    m_minimum = minimum;
    m_canvas->update();
}

QString AtlasView::title() const {
    if (!m_trace) return {};
    return tr("Atlas: %1 — %2")
        .arg(QString::fromStdString(m_trace->scenario.name), headMetricTitle(m_metric));
}

QSize AtlasView::figureSize() const {
    const int64_t L = m_atlas ? std::max<int64_t>(1, m_atlas->layers) : 12;
    const int64_t H = m_atlas ? std::max<int64_t>(1, m_atlas->heads) : 12;
    const double side = kFigureSide + kGap;
    // At least wide enough for the subtitle, and room around a single layer's row.
    return QSize(int(kLeft + kRight + std::max(double(H) * side, 900.0)),
                 int(kTop + kBottom + std::max(double(L) * (side + kStrip), 300.0)));
}

QSizeF AtlasView::canvasSize() const {
    return QSizeF(m_canvas->size());
}

void AtlasView::updateCanvasSize() {
    const int64_t L = m_atlas ? std::max<int64_t>(1, m_atlas->layers) : 1;
    const int64_t H = m_atlas ? std::max<int64_t>(1, m_atlas->heads) : 1;
    const double width = std::max(300, m_scroll->viewport()->width());
    const double side = std::clamp((width - kLeft - kRight) / double(H) - kGap, kMinSide, kMaxSide);
    const double w = std::max(width, kLeft + kRight + double(H) * (side + kGap));
    const double h = kTop + kBottom + double(L) * (side + kGap + kStrip);
    m_canvas->resize(int(w), int(std::max<double>(h, m_scroll->viewport()->height())));
}

void AtlasView::resizeEvent(QResizeEvent* event) {
    FigureView::resizeEvent(event);
    updateCanvasSize();
}

std::vector<AtlasView::Cell> AtlasView::layout(const QSizeF& size) const {
    std::vector<Cell> out;
    if (!m_atlas || m_atlas->cells.empty()) return out;
    const int64_t L = m_atlas->layers, H = m_atlas->heads;
    const double side =
        std::max(8.0, std::min((size.width() - kLeft - kRight) / double(H) - kGap,
                               (size.height() - kTop - kBottom) / double(L) - kGap - kStrip));
    // The grid centred in the width it has.
    const double used = double(H) * (side + kGap) - kGap;
    const double left = kLeft + std::max(0.0, (size.width() - kLeft - kRight - used) / 2);
    std::vector<size_t> order(m_atlas->cells.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    if (m_order == Order::Ranked) {
        const bool high = higherIsNotable(m_metric);
        std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
            const double va = m_atlas->cells[a].metric(m_metric),
                         vb = m_atlas->cells[b].metric(m_metric);
            if (!std::isfinite(va)) return false;
            if (!std::isfinite(vb)) return true;
            return high ? va > vb : va < vb;
        });
    }
    for (size_t slot = 0; slot < order.size(); ++slot) {
        const AtlasHead& a = m_atlas->cells[order[slot]];
        const int64_t row = int64_t(slot) / H, col = int64_t(slot) % H;
        Cell c;
        c.layer = a.layer;
        c.head = a.head;
        c.rect = QRectF(left + double(col) * (side + kGap),
                        kTop + double(row) * (side + kGap + kStrip), side, side);
        c.value = a.metric(m_metric);
        c.dimmed = std::isfinite(m_minimum) && !(c.value >= m_minimum);
        c.index = order[slot];
        out.push_back(c);
    }
    return out;
}

void AtlasView::paint(QPainter& p, const QSizeF& size) const {
    p.setRenderHint(QPainter::Antialiasing, false);
    p.fillRect(QRectF(QPointF(0, 0), size), Qt::white);
    if (!m_atlas || m_atlas->cells.empty()) {
        p.setFont(kLabelFont);
        p.drawText(QRectF(QPointF(0, 0), size), Qt::AlignCenter,
                   m_atlas && !m_atlas->error.message.empty()
                       ? tr("No atlas: %1").arg(coreMessage(m_atlas->error))
                       : tr("Computing the atlas…"));
        return;
    }
    const std::vector<Cell> cells = layout(size);
    p.setPen(Qt::black);
    p.setFont(kTitleFont);
    p.drawText(QRectF(0, 6, size.width(), 22), Qt::AlignHCenter | Qt::AlignVCenter, title());
    p.setFont(kLabelFont);
    p.drawText(QRectF(0, 28, size.width(), 16), Qt::AlignHCenter | Qt::AlignVCenter,
               tr("maps: each head's probabilities, pooled, scaled to its maximum · badge: %1")
                   .arg(headMetricTitle(m_metric)));

    // The metric's colour scale over all heads.
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const Cell& c : cells)
        if (std::isfinite(c.value)) lo = std::min(lo, c.value), hi = std::max(hi, c.value);
    if (!(hi > lo)) hi = lo + 1;
    QCPColorGradient strip = makeGradient(Colormap::RdBuR);
    const QCPRange metricRange(lo, hi);
    QCPColorGradient maps = makeGradient(Colormap::Sequential);
    const bool lower = m_options.originLower;

    if (m_order == Order::LayersByHeads) {  // row and column labels
        for (int64_t h = 0; h < m_atlas->heads && h < int64_t(cells.size()); ++h) {
            const QRectF r = cells[size_t(h)].rect;
            p.drawText(QRectF(r.left(), kTop - 16, r.width(), 14), Qt::AlignCenter,
                       QString("H%1").arg(h));
        }
        for (int64_t i = 0; i < m_atlas->layers; ++i) {
            const QRectF r = cells[size_t(i * m_atlas->heads)].rect;
            p.drawText(QRectF(r.left() - kLeft, r.top(), kLeft - 6, r.height()),
                       Qt::AlignRight | Qt::AlignVCenter,
                       QString("L%1").arg(m_atlas->at(i, 0).layer));
        }
    }
    for (const Cell& c : cells) {
        const AtlasHead* a = &m_atlas->cells[c.index];
        const int64_t n = a->map.dim(0), m = a->map.dim(1);
        float top = 0;
        for (float v : a->map) top = std::max(top, v);
        QImage img(int(m), int(n), QImage::Format_RGB32);
        for (int64_t r = 0; r < n; ++r) {
            const int64_t y = lower ? n - 1 - r : r;
            auto* line = reinterpret_cast<QRgb*>(img.scanLine(int(y)));
            for (int64_t col = 0; col < m; ++col)
                line[col] = maps.color(a->map[r * m + col], QCPRange(0, top > 0 ? top : 1));
        }
        p.setOpacity(c.dimmed ? 0.2 : 1.0);
        // Scaled here, nearest cell, to the cell's size: an SVG reader draws the image as it is,
        // with no smoothing of its own, and every dpi samples the same pixels.
        const QSize logical(int(std::lround(c.rect.width())), int(std::lround(c.rect.height())));
        p.drawImage(QRectF(c.rect.topLeft(), QSizeF(logical)),
                    img.scaled(logical, Qt::IgnoreAspectRatio, Qt::FastTransformation));
        p.setPen(QPen(QColor(160, 160, 160), 0.5));
        p.setBrush(Qt::NoBrush);
        p.drawRect(c.rect);
        const QRectF stripRect(c.rect.left(), c.rect.bottom() + 1, c.rect.width(), kStrip - 1);
        p.fillRect(stripRect, std::isfinite(c.value) ? QColor(strip.color(c.value, metricRange))
                                                     : kMaskedColour);
        if (c.rect.width() >= 38) {  // the badge: the metric's value
            p.setFont(kBadgeFont);
            const QString text = metricText(c.value);
            const QRectF badge(c.rect.right() - 30, c.rect.bottom() - 12, 29, 11);
            p.fillRect(badge, QColor(255, 255, 255, 210));
            p.setPen(Qt::black);
            p.drawText(badge, Qt::AlignCenter, text);
            if (m_order == Order::Ranked) {
                const QRectF tag(c.rect.left() + 1, c.rect.top() + 1, 40, 11);
                p.fillRect(tag, QColor(255, 255, 255, 210));
                p.drawText(tag, Qt::AlignLeft | Qt::AlignVCenter,
                           QString("L%1 H%2").arg(c.layer).arg(c.head));
            }
            p.setFont(kLabelFont);
        }
        p.setOpacity(1.0);
    }
    // The metric's legend: a bar from its lowest to its highest value.
    const double y = size.height() - kBottom + 20, x0 = kLeft,
                 w = std::min(260.0, size.width() / 2);
    for (int i = 0; i < int(w); ++i)
        p.fillRect(QRectF(x0 + i, y, 1.0, 10),
                   QColor(strip.color(lo + (hi - lo) * i / w, metricRange)));
    p.setPen(Qt::black);
    p.setFont(kLabelFont);
    p.drawText(QRectF(x0 - 40, y + 12, 80, 14), Qt::AlignCenter, metricText(lo));
    p.drawText(QRectF(x0 + w - 40, y + 12, 80, 14), Qt::AlignCenter, metricText(hi));
    p.drawText(QRectF(x0 + w + 12, y - 2, 320, 14), Qt::AlignLeft | Qt::AlignVCenter,
               headMetricTitle(m_metric));
}

QString AtlasView::readoutAt(const QPointF& pos) const {
    for (const Cell& c : layout(canvasSize())) {
        if (!c.rect.contains(pos)) continue;
        const AtlasHead& a = m_atlas->cells[c.index];
        QStringList parts;
        for (int k = 0; k < kHeadMetricCount; ++k)
            parts << headMetricTitle(HeadMetric(k)) + " " + metricText(a.metrics[size_t(k)]);
        return tr("Layer %1 · Head %2 — %3").arg(c.layer).arg(c.head).arg(parts.join(" · "));
    }
    return {};
}

void AtlasView::activate(int64_t layer, int64_t head) {
    for (const Cell& c : layout(canvasSize()))
        if (c.layer == layer && c.head == head) return m_canvas->click(c.rect.center());
}

void AtlasView::renderFigure(QPaintDevice& device, const QSize& size, double scale) {
    QPainter p(&device);
    p.scale(scale, scale);
    paint(p, QSizeF(size));
}

QList<QPair<QString, QByteArray>> AtlasView::extraExports() const {
    if (!m_atlas || m_atlas->cells.empty()) return {};
    QByteArray csv = "layer,head";
    for (int k = 0; k < kHeadMetricCount; ++k)
        csv += "," + QByteArray::fromStdString(headMetricName(HeadMetric(k))).replace(' ', '_');
    csv += "\n";
    for (const AtlasHead& a : m_atlas->cells) {
        csv += QByteArray::number(qlonglong(a.layer)) + "," + QByteArray::number(qlonglong(a.head));
        for (double v : a.metrics) csv += "," + QByteArray::number(v, 'g', 6);
        csv += "\n";
    }
    return {{"atlas.csv", csv}};
}

}  // namespace attnscope
