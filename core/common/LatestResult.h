#pragma once
// LatestResult: "the latest result wins", the pattern of every off-thread job whose answer can go
// stale — a view's preparation, a re-pool after a pan, a backend being prepared. run() starts a
// job on the shared WorkerPool; its result is delivered on the owner's thread only if no newer
// run() (or cancel()) came since, and never after the LatestResult is gone. An exception in the
// job arrives as an Error, never crossing the thread boundary.

#include <QObject>
#include <QPointer>
#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>

#include "core/common/Result.h"
#include "core/common/Text.h"
#include "core/common/WorkerPool.h"

namespace attnscope {

class LatestResult {
public:
    /// Results are delivered on `owner`'s thread, while `owner` lives.
    explicit LatestResult(QObject* owner)
        : m_receiver(new QObject), m_shared(std::make_shared<Shared>()) {
        m_receiver->moveToThread(owner->thread());
        m_shared->receiver = m_receiver;
        QObject::connect(owner, &QObject::destroyed, m_receiver, [s = m_shared] {
            std::lock_guard lock(s->mutex);
            s->receiver = nullptr;
        });
    }
    ~LatestResult() {
        {
            std::lock_guard lock(m_shared->mutex);
            m_shared->receiver = nullptr;  // jobs still running deliver nowhere
        }
        delete m_receiver;  // and events already posted to it are dropped with it
    }
    LatestResult(const LatestResult&) = delete;
    LatestResult& operator=(const LatestResult&) = delete;

    /// Runs `job` off this thread; `deliver` gets its result here unless overtaken.
    template <class T>
    void run(std::function<T()> job, std::function<void(Result<T>)> deliver) {
        const quint64 generation = ++m_shared->started;
        WorkerPool& pool = WorkerPool::shared();
        pool.submit([s = m_shared, generation, job = std::move(job),
                     deliver = std::move(deliver)]() mutable {
            if (s->started != generation) return;  // overtaken before it began
            auto result = std::make_shared<Result<T>>(Text::tr("not run"));
            try {
                *result = job();
            } catch (const std::exception& e) {
                *result = Text::tr("internal error: %1", e.what());
            } catch (...) {
                *result = Text::tr("internal error");
            }
            std::lock_guard lock(s->mutex);
            if (!s->receiver) return;
            QMetaObject::invokeMethod(
                s->receiver,
                [s, generation, result, deliver = std::move(deliver)] {
                    if (s->started != generation) return;  // a newer run() is on its way
                    s->delivered = generation;
                    deliver(std::move(*result));
                },
                Qt::QueuedConnection);
        });
    }
    /// A result still on its way is dropped.
    void cancel() { m_shared->delivered = ++m_shared->started; }
    /// True from run() until its result (or a newer one) is delivered or cancelled.
    bool pending() const { return m_shared->delivered != m_shared->started; }

private:
    struct Shared {
        std::mutex mutex;
        QObject* receiver = nullptr;
        std::atomic<quint64> started{0}, delivered{0};
    };
    QObject* m_receiver;  // lives on the owner's thread; delivery target
    std::shared_ptr<Shared> m_shared;
};

}  // namespace attnscope
