#pragma once
// PaintCanvas: a plain widget that a custom-painted view (atlas, token lines) draws its figure
// on, under the view's own controls. The view supplies painting and mouse handling as functions.

#include <QWidget>
#include <functional>

namespace attnscope {

class PaintCanvas : public QWidget {
public:
    explicit PaintCanvas(QWidget* parent = nullptr) : QWidget(parent) {
        setMouseTracking(true);
        setAttribute(Qt::WA_OpaquePaintEvent);
    }
    std::function<void(QPainter&, const QRect& exposed)> paint;
    std::function<void(const QPointF&)> hover;
    std::function<void(const QPointF&)> click;
    std::function<void()> left;

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
};

}  // namespace attnscope
