#include "views/PlotFigure.h"

#include <qcustomplot.h>
#include <QMouseEvent>
#include <QSvgGenerator>
#include <QToolTip>

namespace attnscope {

void renderPlotFigure(QCustomPlot& plot, QPaintDevice& device, const QSize& size, double scale) {
    QCPPainter painter(&device);
    if (dynamic_cast<QSvgGenerator*>(&device)) {
        painter.setMode(QCPPainter::pmVectorized);
        painter.setMode(QCPPainter::pmNoCaching);
    }
    painter.scale(scale, scale);
    plot.toPainter(&painter, size.width(), size.height());
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
