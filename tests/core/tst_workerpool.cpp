// WorkerPool and parallelFor: every task exactly once with worker ids below the thread count,
// exceptions rethrown in the caller (and caught in pool workers), nested calls that do not
// deadlock when every worker is busy.

#include <QtTest>
#include <atomic>
#include <future>
#include <set>
#include <stdexcept>
#include <vector>

#include "core/common/ParallelFor.h"
#include "core/common/WorkerPool.h"

using namespace attnscope;

class TestWorkerPool : public QObject {
    Q_OBJECT
private slots:
    void everyTaskOnce() {
        for (int threads : {1, 2, 3, 8}) {
            std::vector<std::atomic<int>> hits(1000);
            std::mutex m;
            std::set<int> workers;
            parallelFor(threads, 1000, [&](int w, int64_t t) {
                ++hits[size_t(t)];
                std::lock_guard lock(m);
                workers.insert(w);
            });
            for (auto& h : hits) QCOMPARE(h.load(), 1);
            QVERIFY(*workers.rbegin() < threads);
        }
    }

    void exceptionReachesTheCaller() {
        std::atomic<int> done{0};
        bool thrown = false;
        try {
            parallelFor(4, 10000, [&](int, int64_t t) {
                if (t == 5000) throw std::runtime_error("task 5000 failed");
                ++done;
            });
        } catch (const std::runtime_error& e) {
            thrown = std::string(e.what()) == "task 5000 failed";
        }
        QVERIFY(thrown);
        QVERIFY(done.load() < 10000);
        // The pool still works, and a job that throws is caught in its worker.
        const int before = WorkerPool::shared().caughtExceptions();
        std::promise<void> ran;
        WorkerPool::shared().submit([] { throw std::logic_error("a broken job"); });
        WorkerPool::shared().submit([&] { ran.set_value(); });
        QVERIFY(ran.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready);
        QTRY_COMPARE(WorkerPool::shared().caughtExceptions(), before + 1);  // on another worker
    }

    void nestedCallsDoNotDeadlock() {
        // More jobs than workers, each a parallelFor of its own: the callers do the work when
        // no helper is free.
        const int jobs = 4 * WorkerPool::shared().threads();
        std::atomic<int64_t> sum{0};
        std::vector<std::promise<void>> done(static_cast<size_t>(jobs));
        for (int j = 0; j < jobs; ++j)
            WorkerPool::shared().submit([&, j] {
                parallelFor(4, 200, [&](int, int64_t t) { sum += t; });
                done[size_t(j)].set_value();
            });
        for (auto& d : done)
            QVERIFY(d.get_future().wait_for(std::chrono::seconds(30)) == std::future_status::ready);
        QCOMPARE(sum.load(), int64_t(jobs) * (199 * 200 / 2));
    }
};

QTEST_GUILESS_MAIN(TestWorkerPool)
#include "tst_workerpool.moc"
