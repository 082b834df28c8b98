#include "widgets/three_d/GraphFigure.h"

#include <QtDataVisualization/Q3DCamera>
#include <QtDataVisualization/Q3DScene>

#include <algorithm>

#include <QCoreApplication>
#include <QPainter>
#include <QWidget>
#include <QtDataVisualization/Q3DTheme>
#include <QtDataVisualization/QAbstract3DGraph>

#include "widgets/views/FigureFont.h"

namespace attnscope {

namespace {
constexpr float kFigureZoom = 0.7f;  // of the on-screen zoom level
}  // namespace

void GraphFigure::applyTheme(QAbstract3DGraph& graph) {
    Q3DTheme* theme = graph.activeTheme();
    theme->setType(Q3DTheme::ThemeQt);
    theme->setBackgroundColor(Qt::white);
    theme->setWindowColor(Qt::white);
    theme->setLabelTextColor(QColor(0x22, 0x22, 0x22));
    theme->setLabelBackgroundColor(QColor(255, 255, 255, 200));
    theme->setLabelBorderEnabled(false);
    theme->setGridLineColor(QColor(0xcc, 0xcc, 0xcc));
    theme->setFont(withCjkFallback(QFont("DejaVu Sans", 30)));
    theme->setAmbientLightStrength(0.6f);  // colours close to the colour map, not shaded away
    theme->setLightStrength(3.0f);
    graph.setShadowQuality(QAbstract3DGraph::ShadowQualityNone);
}

QWidget* GraphFigure::container(QAbstract3DGraph& graph, QWidget* parent) {
    QWidget* w = QWidget::createWindowContainer(&graph, parent);
    w->setMinimumSize(320, 240);
    w->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    w->setFocusPolicy(Qt::StrongFocus);
    return w;
}

namespace {
constexpr double kGraphRenderDpi = 300;
}  // namespace

void GraphFigure::paint(QPaintDevice& device, const QSize& size, double scale,
                        QAbstract3DGraph* graph, const QString& title,
                        const QList<GraphLegendEntry>& legend, const QString& message) {
    QPainter p(&device);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(scale, scale);
    p.fillRect(QRect(QPoint(0, 0), size), Qt::white);
    // Pixel sizes: the painter's scale alone takes them to the device's dpi.
    QFont titleFont = withCjkFallback(QFont("DejaVu Sans"));
    titleFont.setPixelSize(19);
    titleFont.setWeight(QFont::DemiBold);
    p.setFont(titleFont);
    p.setPen(Qt::black);
    const QRect titleRect(20, 10, size.width() - 40, 34);
    p.drawText(titleRect, Qt::AlignHCenter | Qt::AlignVCenter | Qt::TextWordWrap, title);

    QFont legendFont = withCjkFallback(QFont("DejaVu Sans"));
    legendFont.setPixelSize(14);
    p.setFont(legendFont);
    int x = 30;
    const int legendY = 52;
    for (const GraphLegendEntry& e : legend) {
        p.setPen(Qt::NoPen);
        p.setBrush(e.colour);
        p.drawEllipse(QRectF(x, legendY + 3, 12, 12));
        p.setPen(Qt::black);
        const int w = p.fontMetrics().horizontalAdvance(e.text);
        p.drawText(QRect(x + 18, legendY, w + 4, 18), Qt::AlignVCenter, e.text);
        x += 18 + w + 28;
    }

    const QRect area(10, 80, size.width() - 20, size.height() - 90);
    if (!graph) {
        p.setPen(QColor(0x80, 0x20, 0x20));
        p.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, message);
        return;
    }
    // OpenGL draws lines and the wireframe one device pixel wide whatever the resolution, so a
    // graph rendered at 96 dpi would not be the 300-dpi graph shrunk. It is rendered at 300 dpi
    // or finer and scaled down smoothly: every dpi shows the same figure.
    const double renderScale = std::max(scale, kGraphRenderDpi / 96.0);
    const QSize pixels = (QSizeF(area.size()) * renderScale).toSize();
    // The figure's graph area is wider than tall and under a title band: the on-screen zoom
    // would cut the axis titles off at the bottom. The camera steps back for the figure.
    Q3DCamera* camera = graph->scene()->activeCamera();
    const float zoom = camera->zoomLevel();
    camera->setZoomLevel(zoom * kFigureZoom);
    const QImage image = graph->renderToImage(4, pixels);
    camera->setZoomLevel(zoom);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    if (image.isNull()) {
        p.setPen(QColor(0x80, 0x20, 0x20));
        p.drawText(area, Qt::AlignCenter | Qt::TextWordWrap,
                   QCoreApplication::translate(
                       "attnscope::GraphFigure",
                       "The 3D graph could not be rendered at this size; try a lower dpi."));
        return;
    }
    p.drawImage(QRectF(area), image);
}

}  // namespace attnscope
