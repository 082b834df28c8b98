#include "widgets/views/PlotView.h"

#include "widgets/views/PositionTicker.h"

#include <qcustomplot.h>
#include <QMouseEvent>
#include <QSvgGenerator>
#include <QToolTip>
#include <QVBoxLayout>

namespace attnscope {

PlotView::PlotView(QWidget* parent)
    : FigureView(parent), m_plot(new QCustomPlot(this)), m_layout(new QVBoxLayout(this)) {
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->addWidget(m_plot, 1);
    m_plot->setBackground(Qt::white);
    m_plot->setMouseTracking(true);
    // QCustomPlot's minimum size is its layout's: a grid of many heads would hold the window
    // wider than the screen and be cut at the right. A grid view fits its columns to its width.
    m_plot->setMinimumSize(160, 120);
    // Position ticks depend on the axis length, which the layout only knows after choosing them:
    // where the length changed (a resize, an export at another size), lay out once more.
    // A view may also resize its elements once the layout is known (the heads grid keeps its
    // cells square).
    connect(m_plot, &QCustomPlot::afterLayout, this, [this] {
        if (m_relayout) return;
        m_relayout = true;
        if (adjustAfterLayout()) relayout();
        for (int pass = 0; pass < 2 && positionTicksStale(); ++pass) relayout();
        m_relayout = false;
    });
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
        const QString text = readoutAt(e->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(m_plot->mapToGlobal(e->pos()), text, m_plot);
    });
}

bool PlotView::adjustAfterLayout() {
    return false;
}

void PlotView::relayout() {
    for (auto phase :
         {QCPLayoutElement::upPreparation, QCPLayoutElement::upMargins, QCPLayoutElement::upLayout})
        m_plot->plotLayout()->update(phase);
}

bool PlotView::positionTicksStale() const {
    for (QCPAxisRect* rect : m_plot->axisRects())
        for (QCPAxis* axis : rect->axes())
            if (auto t = axis->ticker().dynamicCast<PositionTicker>(); t && t->stale()) return true;
    return false;
}

QString PlotView::readoutAt(const QPoint&) const {
    return {};
}

void PlotView::exporting(bool) {}

void PlotView::renderFigure(QPaintDevice& device, const QSize& size, double scale) {
    exporting(true);
    {
        QCPPainter painter(&device);
        // Vectorised on every device: exact coordinates, no whole-pixel rounding of lines and no
        // half-pixel shift of antialiased elements (QCustomPlot's screen-raster habits).
        painter.setMode(QCPPainter::pmVectorized);
        if (dynamic_cast<QSvgGenerator*>(&device)) painter.setMode(QCPPainter::pmNoCaching);
        // 1-pixel (cosmetic) pens would stay one device pixel wide and vanish at 300 dpi: every
        // pen scales with the painter, as QCustomPlot's own toPixmap() does off scale 1.
        if (scale != 1.0) painter.setMode(QCPPainter::pmNonCosmetic);
        painter.scale(scale, scale);
        // Every element antialiased, as a downscaled finer figure is.
        const QCP::AntialiasedElements before = m_plot->antialiasedElements();
        m_plot->setAntialiasedElements(QCP::aeAll);
        m_plot->toPainter(&painter, size.width(), size.height());
        m_plot->setAntialiasedElements(before);
    }
    exporting(false);
}

QCPAxisRect* PlotView::addHeadRect(QCPLayoutGrid* grid, int index, int columns,
                                   const QString& title, const QFont& font) {
    auto* rect = new QCPAxisRect(m_plot);
    grid->addElement(index / columns, index % columns, rect);
    QCPAxis* top = rect->axis(QCPAxis::atTop);
    top->setVisible(true);
    top->setTicks(false);
    top->setTickLabels(false);
    top->setBasePen(Qt::NoPen);
    top->setLabel(title);
    top->setLabelFont(font);
    return rect;
}

int PlotView::rectAt(const std::vector<QCPAxisRect*>& rects, const QPoint& pos) {
    for (size_t i = 0; i < rects.size(); ++i)
        if (rects[i]->rect().contains(pos)) return int(i);
    return -1;
}

}  // namespace attnscope
