#include "core/common/WorkerPool.h"

#include <algorithm>

namespace attnscope {

WorkerPool& WorkerPool::shared() {
    static WorkerPool pool(int(std::max(1u, std::thread::hardware_concurrency())));
    return pool;
}

WorkerPool::WorkerPool(int threads) {
    for (int i = 0; i < std::max(1, threads); ++i) m_workers.emplace_back([this] { workerLoop(); });
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    for (auto& t : m_workers) t.join();
}

void WorkerPool::submit(std::function<void()> job) {
    {
        std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
}

int WorkerPool::caughtExceptions() const {
    std::lock_guard lock(m_mutex);
    return m_caught;
}

void WorkerPool::workerLoop() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stop || !m_jobs.empty(); });
            if (m_stop && m_jobs.empty()) return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        try {
            job();
        } catch (...) {  // a job's failure never ends the worker (or the process)
            std::lock_guard lock(m_mutex);
            ++m_caught;
        }
    }
}

}  // namespace attnscope
