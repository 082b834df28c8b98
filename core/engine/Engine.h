#pragma once
// Engine: recomputes the Trace of the latest Scenario on a worker thread. A request while one is
// running restarts it (the worker polls between tiles); results come back as one queued signal
// carrying the immutable Trace. Owns the worker thread and the backend.

#include <QObject>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "core/engine/Backend.h"
#include "core/engine/Scenario.h"
#include "core/engine/Trace.h"

namespace attnscope {

class Engine : public QObject {
    Q_OBJECT
public:
    explicit Engine(std::unique_ptr<Backend> backend, QObject* parent = nullptr);
    ~Engine() override;

    /// Queue a computation of `scenario`; any running one is abandoned. A trace the memory budget
    /// cannot hold takes the pooled path (SPEC §10); with `preferPooled` so does any trace of at
    /// least kPreferPooledCells cells (the views on screen need only pooled data).
    /// `logits`: a pooled trace keeps the masked logits too (the display shows logits).
    /// `tokensPerFrame` > 0: a pooled trace keeps frame maps of that size (the display shows
    /// frames).
    void compute(const Scenario& scenario, bool preferPooled = false, bool logits = true,
                 int64_t tokensPerFrame = 0);
    /// 16 Mi cells: 12 heads at L ≈ 1180. Below, the materialised trace is the faster of the
    /// two (12 heads at L = 1024: 61–104 ms against the pooled pass's 99–130 ms, measured by
    /// attnscope_latency_bench; at 2048 the pooled pass wins, 275 against 382 ms).
    static constexpr double kPreferPooledCells = 16.0 * 1024 * 1024;
    /// How many partial traces a pooled pass of `cells` attention cells shows while it fills:
    /// one per ~1.5·10⁹ cells (a few seconds of work), at most 8; a short pass shows none, as
    /// each costs a copy of the fine cache.
    static int pooledSlices(double cells, double cellsPerSlice = kCellsPerSlice);
    /// Sets the cells per slice (tests: partial traces of short passes).
    void setCellsPerSlice(double cells);
    /// Abandon the running computation, if any.
    void cancel();
    void setBackend(std::unique_ptr<Backend> backend);
    bool isBusy() const;
    TracePtr lastTrace() const;

signals:
    void computeStarted();
    /// Percent of the running computation done (rising; emitted from the worker threads).
    void progress(int percent);
    void traceReady(attnscope::TracePtr trace);
    /// A pooled trace whose maps are still filling (its `pooled->fraction` < 1).
    void partialTrace(attnscope::TracePtr trace);
    /// Why the computation failed: its English text and how it was made, for the translation.
    void failed(const attnscope::Message& message);
    void cancelled();

private:
    void workerLoop();

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::optional<Scenario> m_pending;
    bool m_pendingPooled = false;
    int64_t m_pendingFrames = 0;
    bool m_pendingLogits = true;
    double m_cellsPerSlice = kCellsPerSlice;
    static constexpr double kCellsPerSlice = 1.5e9;
    std::unique_ptr<Backend> m_backend;
    std::unique_ptr<Backend> m_nextBackend;
    TracePtr m_last;
    bool m_restart = false;
    bool m_abort = false;
    bool m_cancel = false;
    bool m_busy = false;
    std::thread m_worker;
};

}  // namespace attnscope

Q_DECLARE_METATYPE(attnscope::TracePtr)
Q_DECLARE_METATYPE(attnscope::Message)
