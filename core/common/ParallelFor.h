#pragma once
// parallelFor: runs fn(worker, task) for task in [0, tasks) on up to `threads` threads of the
// shared WorkerPool with dynamic scheduling: the calling thread works too, and up to threads − 1
// pool workers help as they become free. Used by the backends (batch × heads × row blocks), the
// generator, the mask plan and the views' preparation. Nested calls cannot deadlock: a caller
// never waits for a helper that has not started, and helpers that start after the last task was
// taken return at once. `worker` is distinct per thread and below `threads`. The first exception
// any thread throws is rethrown in the caller once every started helper has stopped.

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include "core/common/WorkerPool.h"

namespace attnscope {

inline int resolveThreads(int requested) {
    if (requested > 0) return requested;
    return std::max(1u, std::thread::hardware_concurrency());
}

template <class Fn>
void parallelFor(int threads, int64_t tasks, Fn&& fn) {
    threads =
        static_cast<int>(std::min<int64_t>(std::max(threads, 1), std::max<int64_t>(tasks, 1)));
    if (threads == 1) {
        for (int64_t t = 0; t < tasks; ++t) fn(0, t);
        return;
    }
    struct State {
        std::atomic<int64_t> next{0};
        std::atomic<int> ids{1};
        std::mutex mutex;
        std::condition_variable idle;
        int running = 0;
        bool closed = false;
        std::exception_ptr error;
    };
    auto state = std::make_shared<State>();
    auto work = [&fn, tasks](State& s, int worker) {
        try {
            for (int64_t t = s.next.fetch_add(1); t < tasks; t = s.next.fetch_add(1)) fn(worker, t);
        } catch (...) {
            s.next = tasks;  // the others stop at their next task
            std::lock_guard lock(s.mutex);
            if (!s.error) s.error = std::current_exception();
        }
    };
    // The helpers hold the state, not the caller's frame: one that starts late finds it closed.
    auto* body = &work;
    for (int h = 1; h < threads; ++h)
        WorkerPool::shared().submit([state, body] {
            {
                std::lock_guard lock(state->mutex);
                if (state->closed) return;
                ++state->running;
            }
            (*body)(*state, state->ids.fetch_add(1));
            std::lock_guard lock(state->mutex);
            if (--state->running == 0) state->idle.notify_all();
        });
    work(*state, 0);
    std::unique_lock lock(state->mutex);
    state->closed = true;
    state->idle.wait(lock, [&] { return state->running == 0; });
    if (state->error) std::rethrow_exception(state->error);
}

}  // namespace attnscope
