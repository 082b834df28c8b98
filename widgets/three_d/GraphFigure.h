#pragma once
// GraphFigure: what the 3D views share — a light publication theme for Qt Data Visualization
// graphs, and painting a graph as a figure (title, legend, the graph rendered off screen through
// renderToImage at the device's resolution) for export.

#include <QColor>
#include <QList>
#include <QPair>
#include <QSize>
#include <QString>

class QPainter;
class QPaintDevice;
class QAbstract3DGraph;
class QWidget;

namespace attnscope {

struct GraphLegendEntry {
    QColor colour;
    QString text;
};

class GraphFigure {
public:
    /// White background, dark labels, light grid, no shadows (software OpenGL stays fast).
    static void applyTheme(QAbstract3DGraph& graph);
    /// Wraps the graph window in a widget for a layout.
    static QWidget* container(QAbstract3DGraph& graph, QWidget* parent);
    /// Paints `title`, the legend and the graph (or `message` when there is no graph) onto
    /// `device` at logical `size`, everything scaled by `scale`.
    static void paint(QPaintDevice& device, const QSize& size, double scale,
                      QAbstract3DGraph* graph, const QString& title,
                      const QList<GraphLegendEntry>& legend, const QString& message);
};

}  // namespace attnscope
