#pragma once
// What every panel's fields share.

#include <QAbstractSpinBox>
#include <QWidget>

namespace attnscope {

/// Spin boxes commit on Enter, focus-out or an arrow step, never on each keystroke: typing
/// 100000 must not compute 1, 10, 100, 1000 and 10000 on the way.
inline void commitSpinBoxesOnEnter(QWidget* panel) {
    for (auto* spin : panel->findChildren<QAbstractSpinBox*>()) spin->setKeyboardTracking(false);
}

}  // namespace attnscope
