#include "widgets/views/PlotFigure.h"

#include <qcustomplot.h>
#include <QMouseEvent>
#include <QSvgGenerator>
#include <QToolTip>

namespace attnscope {

void renderPlotFigure(QCustomPlot& plot, QPaintDevice& device, const QSize& size, double scale) {
    QCPPainter painter(&device);
    // Vectorised on every device: exact coordinates, no whole-pixel rounding of lines and no
    // half-pixel shift of antialiased elements (QCustomPlot's screen-raster habits), so that a
    // PNG at any dpi and the SVG are one figure.
    painter.setMode(QCPPainter::pmVectorized);
    if (dynamic_cast<QSvgGenerator*>(&device)) painter.setMode(QCPPainter::pmNoCaching);
    // A finer PNG is the same figure: 1-pixel (cosmetic) pens would stay one device pixel wide
    // and vanish at 300 dpi, so every pen scales with the painter, as QCustomPlot's own
    // toPixmap() does for a scale other than 1.
    if (scale != 1.0) painter.setMode(QCPPainter::pmNonCosmetic);
    painter.scale(scale, scale);
    // Every element antialiased, as a downscaled finer figure is: axes, grids and ticks snapped
    // to whole pixels would put a 96-dpi PNG half a pixel off its 300-dpi and SVG twins.
    const QCP::AntialiasedElements before = plot.antialiasedElements();
    plot.setAntialiasedElements(QCP::aeAll);
    plot.toPainter(&painter, size.width(), size.height());
    plot.setAntialiasedElements(before);
}

void showReadoutOnHover(QCustomPlot* plot, QObject* context,
                        std::function<QString(const QPoint&)> readout) {
    plot->setMouseTracking(true);
    QObject::connect(plot, &QCustomPlot::mouseMove, context,
                     [plot, readout = std::move(readout)](QMouseEvent* e) {
                         const QString text = readout(e->pos());
                         if (text.isEmpty())
                             QToolTip::hideText();
                         else
                             QToolTip::showText(plot->mapToGlobal(e->pos()), text, plot);
                     });
}

}  // namespace attnscope
