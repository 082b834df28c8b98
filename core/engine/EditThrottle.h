#pragma once
// EditThrottle: a leading- and trailing-edge throttle for edits (PlotJuggler's delayed callback,
// as a small named object). An edit after a quiet spell fires at once; further edits within the
// interval fire once at its end. A single edit never waits, and a burst costs at most one firing
// per interval (the engine's restart absorbs the rest).

#include <QObject>
#include <QTimer>

namespace attnscope {

class EditThrottle : public QObject {
    Q_OBJECT
public:
    explicit EditThrottle(int intervalMs, QObject* parent = nullptr);

    /// An edit happened: fire now, or at the end of the running interval.
    void poke();
    /// Forget a pending edit (the source was replaced by something that needs no firing).
    void cancel();
    bool isPending() const { return m_pending; }

signals:
    void fire();

private:
    QTimer m_timer;
    bool m_pending = false;  // an edit arrived within the interval: fire at its end
};

}  // namespace attnscope
