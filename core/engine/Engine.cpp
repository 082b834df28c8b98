#include "core/engine/Engine.h"

#include <mutex>

#include "core/engine/TraceBuilder.h"

namespace attnscope {

Engine::Engine(std::unique_ptr<Backend> backend, QObject* parent)
    : QObject(parent), m_backend(std::move(backend)) {
    qRegisterMetaType<attnscope::TracePtr>("attnscope::TracePtr");
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

void Engine::compute(const Scenario& scenario) {
    {
        std::lock_guard lock(m_mutex);
        m_pending = scenario;
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
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_abort || m_pending.has_value(); });
            if (m_abort) return;
            scenario = std::move(*m_pending);
            m_pending.reset();
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
        Result<TracePtr> result = Error{"no backend"};
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
            if (m_backend)
                result = TraceBuilder::build(TraceRequest{scenario, {}, {}, {}}, *m_backend, stop,
                                             previous, report);
        } catch (const std::exception& e) {  // exceptions never cross the thread boundary
            result = Error{std::string("internal error: ") + e.what()};
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
            emit failed(QString::fromStdString(result.error()));
    }
}

}  // namespace attnscope
