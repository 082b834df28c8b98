#pragma once
// WorkerPool: the one pool of worker threads of the process, one per core — the core budget that
// the engine's computation (parallelFor in the backends, the generator, the mask plan) and the
// views' preparation share, instead of each starting threads of its own (2 cores once ran 4
// busy threads: the engine's 2 and the view deck's 2). A job's exception is caught in the worker
// and never ends the process; parallelFor hands it to its caller.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace attnscope {

class WorkerPool {
public:
    /// The shared pool (hardware threads workers, started on first use).
    static WorkerPool& shared();

    explicit WorkerPool(int threads);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    int threads() const { return int(m_workers.size()); }
    /// Runs `job` on a worker, in submission order. An exception it throws is caught there.
    void submit(std::function<void()> job);
    /// Jobs caught throwing so far (tests).
    int caughtExceptions() const;

private:
    void workerLoop();

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_jobs;
    std::vector<std::thread> m_workers;
    bool m_stop = false;
    int m_caught = 0;
};

}  // namespace attnscope
