// Engine: the worker thread delivers one queued trace per settled request, collapses bursts
// (restart), cancels, reports errors as messages, and never blocks the caller's thread.

#include <QSignalSpy>
#include <QtTest>

#include "core/backends/cpu/CpuBackend.h"
#include "core/engine/Engine.h"

using namespace attnscope;

class TestEngine : public QObject {
    Q_OBJECT
private slots:
    void deliversTraceOnCallerThread();
    void burstYieldsOnlyTheLatest();
    void cancelStopsLongWork();
    void errorsBecomeMessages();
    void reportsRisingProgress();
};

static Scenario sized(int64_t L, const std::string& mask = "causal") {
    Scenario s;
    s.qLen = s.kvLen = L;
    s.mask = mask;
    return s;
}

void TestEngine::deliversTraceOnCallerThread() {
    Engine engine(std::make_unique<CpuBackend>());
    QThread* receiverThread = nullptr;
    TracePtr got;
    connect(&engine, &Engine::traceReady, this, [&](TracePtr t) {
        receiverThread = QThread::currentThread();
        got = t;
    });
    engine.compute(sized(32));
    QTRY_VERIFY_WITH_TIMEOUT(got != nullptr, 10000);
    QCOMPARE(receiverThread, QThread::currentThread());
    QCOMPARE(got->qLen(), 32);
    QCOMPARE(engine.lastTrace(), got);
}

void TestEngine::reportsRisingProgress() {
    Engine engine(std::make_unique<CpuBackend>());
    QSignalSpy progress(&engine, &Engine::progress);
    QSignalSpy ready(&engine, &Engine::traceReady);
    Scenario s = sized(1024);
    s.heads = s.kvHeads = 4;
    engine.compute(s);
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() == 1, 30000);
    QTest::qWait(20);  // queued progress signals behind the trace
    QVERIFY2(progress.count() >= 10,
             qPrintable(
                 QString("%1 progress reports for 8 row blocks × 5 polls").arg(progress.count())));
    int last = -1;
    for (const auto& args : progress) {
        const int p = args.at(0).toInt();
        QVERIFY2(p > last, "progress only rises");
        QVERIFY(p >= 0 && p <= 100);
        last = p;
    }
    QCOMPARE(progress.first().at(0).toInt(), 0);
    QCOMPARE(last, 100);
}

void TestEngine::burstYieldsOnlyTheLatest() {
    Engine engine(std::make_unique<CpuBackend>());
    QSignalSpy ready(&engine, &Engine::traceReady);
    // Twenty edits in a burst, the middle ones large enough to be interrupted.
    for (int i = 0; i < 20; ++i) engine.compute(sized(i == 19 ? 24 : 1024 + i));
    QTRY_VERIFY_WITH_TIMEOUT(!engine.isBusy() && ready.count() >= 1, 60000);
    QTest::qWait(50);
    const TracePtr last = ready.last().at(0).value<TracePtr>();
    QCOMPARE(last->qLen(), 24);
    QVERIFY2(ready.count() <= 3, qPrintable(QString("%1 traces for a burst").arg(ready.count())));
}

void TestEngine::cancelStopsLongWork() {
    Engine engine(std::make_unique<CpuBackend>());
    QSignalSpy ready(&engine, &Engine::traceReady);
    QSignalSpy cancelled(&engine, &Engine::cancelled);
    QSignalSpy started(&engine, &Engine::computeStarted);
    QSignalSpy progress(&engine, &Engine::progress);
    Scenario big = sized(4096);
    big.heads = big.kvHeads = 12;
    engine.compute(big);
    QTRY_VERIFY_WITH_TIMEOUT(started.count() == 1, 10000);
    // Cancel once the attention has begun (progress past the inputs), not by the clock.
    QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(0).toInt() >= 20, 30000);
    engine.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(!engine.isBusy(), 30000);
    QTest::qWait(50);
    QCOMPARE(ready.count(), 0);
    QCOMPARE(cancelled.count(), 1);
    // Abandoned between tiles: the row blocks of 12 heads were never all done.
    QVERIFY2(progress.last().at(0).toInt() < 95,
             qPrintable(QString("progress reached %1 %").arg(progress.last().at(0).toInt())));
}

void TestEngine::errorsBecomeMessages() {
    Engine engine(std::make_unique<CpuBackend>());
    QSignalSpy failed(&engine, &Engine::failed);
    engine.compute(sized(16, "causal & window(0)"));
    QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 1, 10000);
    const QString msg = QString::fromStdString(failed.first().at(0).value<Message>().message);
    QVERIFY2(msg.startsWith("mask: ") && msg.contains("window"), qPrintable(msg));
    engine.compute(sized(16, "causal &"));
    QTRY_VERIFY_WITH_TIMEOUT(failed.count() == 2, 10000);
    const QString last = QString::fromStdString(failed.last().at(0).value<Message>().message);
    QVERIFY2(last.contains("column"), qPrintable(last));
    QVERIFY(engine.lastTrace() == nullptr);
}

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
