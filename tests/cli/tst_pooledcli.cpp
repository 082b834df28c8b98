// compute --pooled (issue 16): on Q/K/V files, the pooled results equal the materialised
// trace's probabilities pooled with plain loops here; the full trace of a sequence that cannot
// fit is refused before anything is allocated, with the memory it would need; bad arguments
// exit 2.

#include <QTemporaryDir>
#include <QtTest>
#include <random>

#include "TestSupport.h"
#include "core/io/NpyFormat.h"
#include "core/io/NpzArchive.h"

using namespace attnscope;
using namespace attnscope::test;

class TestPooledCli : public QObject {
    Q_OBJECT
private slots:
    void pooledEqualsTheFullTrace() {
        QTemporaryDir dir;
        std::mt19937 rng(7);
        std::normal_distribution<float> normal(0.0f, 1.5f);
        const int64_t H = 4, Hkv = 2, L = 200, d = 16;
        Tensor q({H, L, d}), k({Hkv, L, d}), v({Hkv, L, d});
        for (Tensor* t : {&q, &k, &v})
            for (float& x : *t) x = normal(rng);
        for (int64_t g = 0; g < Hkv; ++g)  // a sink at key 0
            for (int64_t e = 0; e < d; ++e) k[(g * L) * d + e] *= 3.0f;
        QVERIFY(writeNpy(dir.filePath("q.npy"), q));
        QVERIFY(writeNpy(dir.filePath("k.npy"), k));
        QVERIFY(writeNpy(dir.filePath("v.npy"), v));
        const QStringList source{"compute",
                                 "--q",
                                 dir.filePath("q.npy"),
                                 "--k",
                                 dir.filePath("k.npy"),
                                 "--v",
                                 dir.filePath("v.npy"),
                                 "--mask",
                                 "causal & window(50)"};
        Run full = runCli(source + QStringList{"--out", dir.filePath("full.npz")});
        QVERIFY2(full.code == 0, qPrintable(full.err));
        Run pooled = runCli(source + QStringList{"--pooled", "--frames", "16", "--viewport",
                                                 "20:180,0:150,30x40", "--viewport-pool", "mean",
                                                 "--out", dir.filePath("pooled.npz"), "--timings"});
        QVERIFY2(pooled.code == 0, qPrintable(pooled.err));
        QVERIFY(pooled.out.contains("\"mode\":\"pooled\""));
        auto fz = NpzArchive::open(dir.filePath("full.npz"));
        auto pz = NpzArchive::open(dir.filePath("pooled.npz"));
        QVERIFY(fz && pz);
        const Tensor probs = *fz->readFloat("probs");  // [1, H, L, L]
        const Tensor frames = *pz->readFloat("frame_probs");
        const Tensor frameMax = *pz->readFloat("frame_max");
        const Tensor frameSum = *pz->readFloat("frame_sum");
        const Tensor received = *pz->readFloat("received");
        const Tensor entropy = *pz->readFloat("entropy");
        const Tensor firstMass = *pz->readFloat("first_mass");
        const Tensor sink = *pz->readFloat("sink");
        const Tensor viewport = *pz->readFloat("viewport");
        const int64_t F = (L + 15) / 16;
        QCOMPARE(frames.shape(), (Shape{1, H, F, F}));
        QCOMPARE(received.shape(), (Shape{1, H, L}));
        QCOMPARE(entropy.shape(), (Shape{1, H, L}));
        QCOMPARE(sink.shape(), (Shape{1, H}));
        QCOMPARE(viewport.shape(), (Shape{1, H, 40, 30}));
        QCOMPARE(frameMax.shape(), frames.shape());
        QCOMPARE(firstMass.shape(), (Shape{1, H, L}));
        QCOMPARE(frameSum.shape(), frames.shape());
        double maxSeen = 0, firstTop = 0;
        for (int64_t h = 0; h < H; ++h) {
            const float* a = probs.data() + h * L * L;
            for (int64_t fq = 0; fq < F; ++fq)
                for (int64_t fk = 0; fk < F; ++fk) {
                    double sum = 0, top = 0;
                    int64_t n = 0;
                    for (int64_t i = fq * 16; i < std::min(L, fq * 16 + 16); ++i)
                        for (int64_t j = fk * 16; j < std::min(L, fk * 16 + 16); ++j, ++n) {
                            sum += a[i * L + j];
                            top = std::max(top, double(a[i * L + j]));
                        }
                    const int64_t at = ((h * F) + fq) * F + fk;
                    QVERIFY(std::abs(frames[at] - sum / double(n)) < 1e-5);
                    QVERIFY(std::abs(frameMax[at] - top) < 1e-6);
                    QVERIFY(std::abs(frameSum[at] - sum) < 1e-4);
                    maxSeen = std::max(maxSeen, top);
                }
            std::vector<double> r(size_t(L), 0.0);
            for (int64_t i = 0; i < L; ++i) {
                double e = 0;
                for (int64_t j = 0; j < L; ++j) {
                    r[size_t(j)] += a[i * L + j];
                    if (a[i * L + j] > 0) e -= a[i * L + j] * std::log(double(a[i * L + j]));
                }
                QVERIFY(std::abs(entropy[h * L + i] - e) < 1e-4);
                QVERIFY(std::abs(firstMass[h * L + i] - a[i * L]) < 1e-6);
                firstTop = std::max(firstTop, double(a[i * L]));
            }
            double mid = 0;
            for (int64_t j = 0; j < L; ++j) {
                QVERIFY(std::abs(received[h * L + j] - r[size_t(j)]) < 1e-4);
                if (j > 0 && j < L - 1) mid += r[size_t(j)] / double(L);
            }
            const double want = r[0] / double(L) - mid / double(L - 2);
            QVERIFY(std::abs(sink[h] - want) < 1e-5);
            QVERIFY(sink[h] > 0.01);  // the planted sink shows
            // Viewport: rows 20…179 into 40 bins, columns 0…149 into 30, mean.
            for (int64_t br = 0; br < 40; ++br)
                for (int64_t bc = 0; bc < 30; ++bc) {
                    const int64_t i0 = 20 + br * 160 / 40, i1 = 20 + (br + 1) * 160 / 40;
                    const int64_t j0 = bc * 150 / 30, j1 = (bc + 1) * 150 / 30;
                    double sum = 0;
                    for (int64_t i = i0; i < i1; ++i)
                        for (int64_t j = j0; j < j1; ++j) sum += a[i * L + j];
                    QVERIFY(std::abs(viewport[((h * 40) + br) * 30 + bc] -
                                     sum / double((i1 - i0) * (j1 - j0))) < 1e-5);
                }
        }
        QVERIFY(maxSeen > 0.5);  // far from uniform: the maxima are not the means
        QVERIFY(firstTop > 0.2);  // the planted sink takes mass from the queries that see it
    }

    void aFullTraceThatCannotFitIsRefused() {
        // Under a budget of 10 MB (the setting; a quarter of the memory by default), 4 heads of
        // 600 × 600 need 18.7 MB materialised: refused before allocating, and --pooled runs.
        QTemporaryDir dir;
        Tensor q({4, 600, 8}, 0.1f);
        QVERIFY(writeNpy(dir.filePath("q.npy"), q));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("ATTNSCOPE_MEMORY_BUDGET", "10000000");
        const QStringList source{"compute",
                                 "--q",
                                 dir.filePath("q.npy"),
                                 "--k",
                                 dir.filePath("q.npy"),
                                 "--v",
                                 dir.filePath("q.npy")};
        const Run r = runCli(source + QStringList{"--out", dir.filePath("x.npz")}, env);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("the full trace would need 0.02 GiB") && r.err.contains("--pooled"),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(dir.filePath("x.npz")));
        const Run ok =
            runCli(source + QStringList{"--pooled", "--out", dir.filePath("p.npz")}, env);
        QVERIFY2(ok.code == 0, qPrintable(ok.err));
        QVERIFY(QFile::exists(dir.filePath("p.npz")));
    }

    void aLongSyntheticSessionRunsPooled() {
        // 4 heads × 20,000² = 1.6·10⁹ cells: more than a full trace may hold, not the pooled path.
        QTemporaryDir dir;
        Scenario s;
        s.heads = s.kvHeads = 4;
        s.qLen = s.kvLen = 20000;
        s.dHead = 16;
        s.dModel = 64;
        s.mask = "causal & window(512)";
        QFile f(dir.filePath("long.attnscope.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(s.toJson()).toJson());
        f.close();
        const Run full = runCli({"compute", "--session", f.fileName(), "--timings"});
        QCOMPARE(full.code, 2);
        // Refused before anything is allocated: by the memory budget, or by the cells a full trace
        // may have where the machine's memory is larger.
        QVERIFY2((full.err.contains("too large for a full trace") ||
                  full.err.contains("the full trace would need")) &&
                     full.err.contains("--pooled"),
                 qPrintable(full.err));
        const Run pooled = runCli({"compute", "--session", f.fileName(), "--pooled", "--frames",
                                   "500", "--out", dir.filePath("p.npz")});
        QVERIFY2(pooled.code == 0, qPrintable(pooled.err));
        auto z = NpzArchive::open(dir.filePath("p.npz"));
        QVERIFY(z);
        const Tensor frames = *z->readFloat("frame_probs");
        QCOMPARE(frames.shape(), (Shape{1, 4, 40, 40}));
        // Each query row's probabilities sum to 1: each frame row of means sums to 1 / 500 × 500.
        for (int64_t h = 0; h < 4; ++h)
            for (int64_t fq = 0; fq < 40; ++fq) {
                double sum = 0;
                for (int64_t fk = 0; fk < 40; ++fk) sum += frames[(h * 40 + fq) * 40 + fk];
                QVERIFY(std::abs(sum * 500.0 - 1.0) < 1e-3);
                // The window of 512: nothing two frames or more before the diagonal.
                for (int64_t fk = 0; fk + 2 < fq; ++fk)
                    QCOMPARE(frames[(h * 40 + fq) * 40 + fk], 0.0f);
            }
    }

    void badArgumentsExitTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("frames without pooled")
            << QStringList{"compute", "--preset", "local", "--frames", "4", "--timings"}
            << "--frames needs --pooled";
        QTest::newRow("bad viewport")
            << QStringList{"compute",    "--preset", "local",    "--pooled",
                           "--viewport", "0:4",      "--timings"}
            << "--viewport must read";
        QTest::newRow("viewport outside")
            << QStringList{"compute",    "--preset",         "local",    "--pooled",
                           "--viewport", "0:400,0:13,10x10", "--timings"}
            << "inside the 13 × 13";
        QTest::newRow("pooled and summary")
            << QStringList{"compute", "--preset", "local", "--pooled", "--summary"}
            << "--summary and --sink-metric need the full trace";
        QTest::newRow("zero frames")
            << QStringList{"compute", "--preset", "local", "--pooled", "--frames", "0", "--timings"}
            << "--frames";
    }
    void badArgumentsExitTwo() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = runCli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }
};

QTEST_MAIN(TestPooledCli)
#include "tst_pooledcli.moc"
