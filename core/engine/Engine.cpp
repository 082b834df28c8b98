#include "core/engine/Engine.h"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "core/common/Text.h"
#include "core/engine/MemoryBudget.h"
#include "core/engine/TraceBuilder.h"

namespace attnscope {

Engine::Engine(std::unique_ptr<Backend> backend, QObject* parent)
    : QObject(parent), m_backend(std::move(backend)) {
    qRegisterMetaType<attnscope::TracePtr>("attnscope::TracePtr");
    qRegisterMetaType<attnscope::Message>("attnscope::Message");
    m_worker = std::thread([this] { workerLoop(); });
}

Engine::~Engine() {
    {
        std::lock_guard lock(m_mutex);
        m_abort = true;
        m_restart = true;
    }
    m_wake.notify_all();
    m_worker.join();
}

void Engine::compute(const Scenario& scenario, bool preferPooled, bool logits,
                     int64_t tokensPerFrame) {
    {
        std::lock_guard lock(m_mutex);
        m_pending = scenario;
        m_pendingPooled = preferPooled;
        m_pendingFrames = tokensPerFrame;
        m_pendingLogits = logits;
        m_restart = true;
        m_cancel = false;
    }
    m_wake.notify_all();
}

void Engine::cancel() {
    std::lock_guard lock(m_mutex);
    m_pending.reset();
    m_cancel = true;
}

void Engine::setBackend(std::unique_ptr<Backend> backend) {
    std::lock_guard lock(m_mutex);
    m_nextBackend = std::move(backend);
}

int Engine::pooledSlices(double cells, double cellsPerSlice) {
    return std::clamp(int(std::ceil(cells / cellsPerSlice)), 1, 8);
}

void Engine::setCellsPerSlice(double cells) {
    std::lock_guard lock(m_mutex);
    m_cellsPerSlice = cells > 0 ? cells : kCellsPerSlice;
}

bool Engine::isBusy() const {
    std::lock_guard lock(m_mutex);
    return m_busy || m_pending.has_value();
}

TracePtr Engine::lastTrace() const {
    std::lock_guard lock(m_mutex);
    return m_last;
}

void Engine::workerLoop() {
    for (;;) {
        Scenario scenario;
        bool preferPooled = false, logits = true;
        int64_t frames = 0;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_abort || m_pending.has_value(); });
            if (m_abort) return;
            scenario = std::move(*m_pending);
            m_pending.reset();
            preferPooled = m_pendingPooled;
            frames = m_pendingFrames;
            logits = m_pendingLogits;
            m_restart = false;
            m_cancel = false;
            m_busy = true;
            if (m_nextBackend) m_backend = std::move(m_nextBackend);
        }
        emit computeStarted();
        auto stop = [this] {
            std::lock_guard lock(m_mutex);
            return m_restart || m_abort || m_cancel;
        };
        Result<TracePtr> result = Text::tr("no backend");
        TracePtr previous;
        {
            std::lock_guard lock(m_mutex);
            previous = m_last;  // its inputs are reused when only the mask or display changed
        }
        // Several backend threads report: each percent is emitted once and in rising order
        // (checked and emitted under one lock, so a later percent never overtakes an earlier).
        std::mutex progressMutex;
        int shown = -1;
        auto report = [this, &shown, &progressMutex](double fraction) {
            const int percent = int(fraction * 100.0);
            std::lock_guard lock(progressMutex);
            if (percent <= shown) return;
            shown = percent;
            emit progress(percent);
        };
        try {
            const int threads = m_backend ? m_backend->threads() : 1;
            report(0.0);
            if (scenario.source == SourceKind::AttentionMaps) {
                if (m_backend)
                    result = TraceBuilder::build(TraceRequest{scenario, {}, {}, {}}, *m_backend,
                                                 stop, previous, report);
            } else if (auto prepared = TraceBuilder::prepare(TraceRequest{scenario, {}, {}, {}},
                                                             threads, stop, previous, report);
                       !prepared) {
                result = prepared.failure();
            } else {
                // The shapes are known now (a model's from its tokenised text). The pooled path
                // when the budget cannot hold the trace, or when the views on screen need only
                // pooled data and the trace is large enough for it to matter.
                const Scenario& shaped = prepared->scenario;
                const double cells = double(shaped.batch) * double(shaped.heads) *
                                     double(shaped.qLen) * double(shaped.kvLen);
                std::optional<Message> pooled = pooledPathReason(shaped);
                if (!pooled && preferPooled && cells >= kPreferPooledCells)
                    pooled = Text::tr("the views on screen need only pooled data");
                if (pooled) {
                    // The reason goes with the trace, for the status bar.
                    auto withReason = [&pooled](const TracePtr& in) {
                        auto t = std::make_shared<Trace>(*in);
                        auto info = std::make_shared<PooledTrace>(*t->pooled);
                        info->reason = *pooled;
                        t->pooled = std::move(info);
                        return TracePtr(std::move(t));
                    };
                    auto partial = [&](TracePtr t) {
                        if (!stop()) emit partialTrace(withReason(t));
                    };
                    double perSlice;
                    {
                        std::lock_guard lock(m_mutex);
                        perSlice = m_cellsPerSlice;
                    }
                    const int slices = pooledSlices(cells, perSlice);
                    result = TraceBuilder::pool(std::move(prepared).value(), threads, stop,
                                                report, partial, 0, slices, logits, frames,
                                                m_backend.get());
                    if (result) result = withReason(result.value());
                } else if (m_backend) {
                    result = TraceBuilder::materialise(std::move(prepared).value(), *m_backend,
                                                       stop, report);
                }
            }
        } catch (const std::exception& e) {  // exceptions never cross the thread boundary
            result = Text::tr("internal error: %1", e.what());
        }
        bool superseded, cancelledNow;
        {
            std::lock_guard lock(m_mutex);
            m_busy = false;
            superseded = m_restart || m_abort;
            cancelledNow = m_cancel;
            if (result && !superseded && !cancelledNow) m_last = result.value();
        }
        if (superseded) continue;  // a newer request is waiting; its result is the one to show
        if (cancelledNow)
            emit cancelled();
        else if (result)
            emit traceReady(result.value());
        else
            emit failed(result.failure());
    }
}

}  // namespace attnscope
