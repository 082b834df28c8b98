#include "widgets/views/PaintCanvas.h"

#include <QMouseEvent>
#include <QPainter>

namespace attnscope {

void PaintCanvas::paintEvent(QPaintEvent* event) {
    QPainter p(this);
    p.fillRect(event->rect(), Qt::white);
    if (paint) paint(p, event->rect());
}

void PaintCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (hover) hover(event->position());
    QWidget::mouseMoveEvent(event);
}

void PaintCanvas::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && click) return click(event->position());
    QWidget::mousePressEvent(event);
}

void PaintCanvas::leaveEvent(QEvent* event) {
    if (left) left();
    QWidget::leaveEvent(event);
}

}  // namespace attnscope
