#include "core/engine/EditThrottle.h"

namespace attnscope {

EditThrottle::EditThrottle(int intervalMs, QObject* parent) : QObject(parent) {
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (!m_pending) return;  // the quiet interval after a firing ended
        m_pending = false;
        emit fire();
        m_timer.start();
    });
}

void EditThrottle::poke() {
    if (m_timer.isActive()) {
        m_pending = true;
        return;
    }
    m_pending = false;
    emit fire();
    m_timer.start();
}

void EditThrottle::cancel() {
    m_pending = false;
}

}  // namespace attnscope
