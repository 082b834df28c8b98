#pragma once
// What the QCustomPlot-based views share: painting the plot as an export figure (text kept as
// text in SVG) and a hover read-out in a tooltip.

#include <QPoint>
#include <QSize>
#include <QString>
#include <functional>

class QCustomPlot;
class QObject;
class QPaintDevice;

namespace attnscope {

/// Paints `plot` onto `device` at logical `size`, scaled by `scale`. On an SVG generator the
/// painter is vectorised without caching, so labels stay text and colour maps are rasterised
/// per cell without smoothing.
void renderPlotFigure(QCustomPlot& plot, QPaintDevice& device, const QSize& size, double scale);

/// Shows readout(position) as a tooltip while the mouse moves over `plot`; an empty text hides it.
void showReadoutOnHover(QCustomPlot* plot, QObject* context,
                        std::function<QString(const QPoint&)> readout);

}  // namespace attnscope
