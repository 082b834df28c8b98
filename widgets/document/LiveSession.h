#pragma once
// LiveSession: the one place a session lives — the SessionDocument (scenario and view options,
// undoable), the Engine, the edit throttle and the current trace. Edits that need a computation
// reach the engine through the throttle; display and label edits relabel the current trace with
// no computation. The main window only wires docks and actions to it; the latency benchmark and
// the tests drive it without a window. Uses Qt Core (and the document's undo stack), no widgets.

#include <QObject>
#include <memory>

#include "core/engine/Backend.h"
#include "core/engine/EditThrottle.h"
#include "core/engine/Engine.h"
#include "core/engine/Scenario.h"
#include "core/engine/Trace.h"
#include "widgets/views/ViewOptions.h"

namespace attnscope {

class SessionDocument;

class LiveSession : public QObject {
    Q_OBJECT
public:
    /// Edits within this interval after a computation started collapse into one computation at
    /// its end (the latency budget of SPEC §10 is 100 ms at L = 1024).
    static constexpr int kThrottleMs = 10;

    explicit LiveSession(std::unique_ptr<Backend> backend, QObject* parent = nullptr);
    ~LiveSession() override;

    SessionDocument* document() const { return m_document; }
    Engine& engine() { return m_engine; }
    /// The trace the views show (computed, relabelled or imported); null before the first one.
    TracePtr trace() const { return m_trace; }
    const ViewOptions& options() const;
    /// Computations asked of the engine so far (each one a backend run unless overtaken).
    int computeRequests() const { return m_requests; }

    /// Computes the document's scenario again (Compute → Recompute, a new backend).
    void recompute();
    void cancel();
    /// Whether the views on screen can show a pooled trace (SPEC §10): then a long trace that fits
    /// the memory budget is still computed pooled, which is several times faster. When a view
    /// that needs the materialised steps comes on screen, a trace pooled only for speed is
    /// computed again, materialised.
    void setPooledViewsOnly(bool pooledOnly);
    bool pooledViewsOnly() const { return m_pooledOnly; }

signals:
    void traceChanged(attnscope::TracePtr trace);
    void optionsChanged(const attnscope::ViewOptions& options);
    void computeStarted();
    void progress(int percent);
    void failed(const QString& message);
    void cancelled();

private:
    void onScenarioChanged(ScenarioChanges changes);
    void onTraceReady(TracePtr trace);
    void publish(TracePtr trace);

    SessionDocument* m_document;
    Engine m_engine;
    EditThrottle m_throttle;
    TracePtr m_trace;
    int m_requests = 0;
    bool m_pooledOnly = false;
};

}  // namespace attnscope
