#pragma once
// parallelFor: runs fn(worker, task) for task in [0, tasks) on `threads` std::threads with dynamic
// scheduling. Used by the CPU backend to spread batch × heads × row blocks over cores.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace attnscope {

inline int resolveThreads(int requested) {
    if (requested > 0) return requested;
    return std::max(1u, std::thread::hardware_concurrency());
}

template <class Fn>
void parallelFor(int threads, int64_t tasks, Fn&& fn) {
    threads =
        static_cast<int>(std::min<int64_t>(std::max(threads, 1), std::max<int64_t>(tasks, 1)));
    std::atomic<int64_t> next{0};
    auto work = [&](int worker) {
        for (int64_t t = next.fetch_add(1); t < tasks; t = next.fetch_add(1)) fn(worker, t);
    };
    if (threads == 1) {
        work(0);
        return;
    }
    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    for (int w = 1; w < threads; ++w) pool.emplace_back(work, w);
    work(0);
    for (auto& t : pool) t.join();
}

}  // namespace attnscope
