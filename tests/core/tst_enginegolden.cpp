// The CPU backend against PyTorch float64 references (scripts/make_golden.py): every step of
// every case, on 1 and 2 threads and both GEMM paths.

#include <QJsonObject>
#include <QtTest>

#include "TestSupport.h"
#include "core/analysis/AttentionStatistics.h"
#include "core/backends/cpu/CpuBackend.h"
#include "core/engine/TraceBuilder.h"
#include "core/io/NpyFormat.h"

using namespace attnscope;
using namespace attnscope::test;

class TestEngineGolden : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void traceMatchesReference_data();
    void traceMatchesReference();
    void projectionsMatchReference();

private:
    QJsonArray m_cases;
};

void TestEngineGolden::initTestCase() {
    m_cases = readJsonArray(dataPath("golden/engine/index.json"));
    QVERIFY2(m_cases.size() >= 20, "golden/engine/index.json missing: run scripts/make_golden.py");
}

void TestEngineGolden::traceMatchesReference_data() {
    QTest::addColumn<QJsonObject>("testCase");
    QTest::addColumn<int>("threads");
    QTest::addColumn<bool>("openblas");
    for (const auto& v : m_cases) {
        const QJsonObject c = v.toObject();
        for (int threads : {1, 2})
            for (bool blas : {false, true})
                QTest::newRow(qPrintable(QString("%1/t%2/%3")
                                             .arg(c["name"].toString())
                                             .arg(threads)
                                             .arg(blas ? "openblas" : "eigen")))
                    << c << threads << blas;
    }
}

void TestEngineGolden::traceMatchesReference() {
    QFETCH(QJsonObject, testCase);
    QFETCH(int, threads);
    QFETCH(bool, openblas);
    const QString dir = dataPath("golden/engine/" + testCase["dir"].toString() + "/");
    auto q = readNpy(dir + "q.npy"), k = readNpy(dir + "k.npy"), v = readNpy(dir + "v.npy");
    QVERIFY2(q && k && v, "cannot read inputs");

    TraceRequest req;
    req.scenario.source = SourceKind::Tensors;
    req.scenario.mask = testCase["expr"].toString().toStdString();
    req.scenario.scale = testCase["scale"].toDouble();
    req.scenario.qOffset = testCase["q_offset"].toInteger();
    req.scenario.kvOffset = testCase["kv_offset"].toInteger();
    req.q = q.value();
    req.k = k.value();
    req.v = v.value();
    CpuBackend backend({threads, openblas ? CpuBackend::Gemm::OpenBlas : CpuBackend::Gemm::Eigen});
    auto trace = TraceBuilder::build(req, backend);
    QVERIFY2(trace, trace.ok() ? "" : trace.error().c_str());
    const Trace& t = *trace.value();

    auto mask = readNpyBool(dir + "mask.npy");
    auto scores = readNpyDouble(dir + "scores.npy");
    auto probs = readNpyDouble(dir + "probs.npy");
    auto context = readNpyDouble(dir + "context.npy");
    auto empty = readNpyDouble(dir + "empty_rows.npy");
    QVERIFY(mask && scores && probs && context && empty);

    QString diff = compareArrays(t.steps.mask, mask.value(), 0, 0);
    QVERIFY2(diff.isEmpty(), qPrintable("mask: " + diff));
    diff = compareArrays(t.steps.scores, scores.value(), 1e-5, 1e-5);
    QVERIFY2(diff.isEmpty(), qPrintable("scores: " + diff));
    diff = compareArrays(t.steps.probs, probs.value(), 1e-5, 1e-6);
    QVERIFY2(diff.isEmpty(), qPrintable("probs: " + diff));
    diff = compareArrays(t.steps.context, context.value(), 1e-5, 1e-5);
    QVERIFY2(diff.isEmpty(), qPrintable("context: " + diff));

    // Masked scores: the scores where allowed, −inf elsewhere.
    const int64_t B = t.batch(), H = t.heads(), n = t.qLen() * t.kvLen();
    for (int64_t b = 0; b < B; ++b)
        for (int64_t h = 0; h < H; ++h)
            for (int64_t i = 0; i < n; ++i) {
                const int64_t at = (b * H + h) * n + i;
                const float expect = t.steps.mask[b * n + i]
                                         ? t.steps.scores[at]
                                         : -std::numeric_limits<float>::infinity();
                if (t.steps.maskedScores[at] != expect)
                    QFAIL(qPrintable(QString("masked score %1 wrong").arg(at)));
            }

    const auto& e = empty.value();
    QCOMPARE(int64_t(t.steps.emptyRows.size()), e.dim(0));
    for (int64_t i = 0; i < e.dim(0); ++i) {
        QCOMPARE(t.steps.emptyRows[i].first, int64_t(e[i * 2]));
        QCOMPARE(t.steps.emptyRows[i].second, int64_t(e[i * 2 + 1]));
    }
    for (float x : t.steps.probs) QVERIFY(std::isfinite(x));

    // The rows' entropy and mean distance the backend reduces as it writes them, against the
    // reference probabilities (float64): −Σ p·log p and Σ p·|pos_q − pos_k|, NaN for empty rows.
    const auto& pr = probs.value();
    const int64_t Lq = t.qLen(), Lk = t.kvLen();
    QCOMPARE(t.steps.rowEntropy.shape(), (Shape{B, H, Lq}));
    QCOMPARE(t.steps.rowDistance.shape(), (Shape{B, H, Lq}));
    int64_t checked = 0;
    for (int64_t bh = 0; bh < B * H; ++bh)
        for (int64_t i = 0; i < Lq; ++i) {
            double entropy = 0, distance = 0, mass = 0;
            for (int64_t j = 0; j < Lk; ++j) {
                const double p = pr[(bh * Lq + i) * Lk + j];
                if (p <= 0) continue;
                mass += p;
                entropy -= p * std::log(p);
                distance += p * std::abs(double(i + req.scenario.qOffset) -
                                         double(j + req.scenario.kvOffset));
            }
            const float e = t.steps.rowEntropy[bh * Lq + i], dd = t.steps.rowDistance[bh * Lq + i];
            if (mass == 0) {
                QVERIFY2(std::isnan(e) && std::isnan(dd), "an empty row has no entropy");
                continue;
            }
            QVERIFY2(std::abs(e - entropy) <= 1e-4 * std::max(1.0, entropy),
                     qPrintable(QString("row %1 of head %2: entropy %3, reference %4")
                                    .arg(i)
                                    .arg(bh)
                                    .arg(e)
                                    .arg(entropy)));
            QVERIFY2(std::abs(dd - distance) <= 1e-4 * std::max(1.0, distance),
                     qPrintable(QString("row %1 of head %2: distance %3, reference %4")
                                    .arg(i)
                                    .arg(bh)
                                    .arg(dd)
                                    .arg(distance)));
            ++checked;
        }
    QVERIFY(checked > 0 || int64_t(t.steps.emptyRows.size()) == B * Lq);  // all_masked: none

    // The strong cells the token lines read: every reference probability ≥ 1/32 of each row, in
    // key order (cells within 1e-6 of the floor may fall either way).
    const float floor = AttentionSteps::kStrongFloor;
    QCOMPARE(t.steps.strongStart.size(), size_t(B * H * Lq) + 1);
    int64_t strongCells = 0;
    for (int64_t r = 0; r < B * H * Lq; ++r) {
        std::vector<int32_t> keys(t.steps.strongKeys.begin() + t.steps.strongStart[size_t(r)],
                                  t.steps.strongKeys.begin() + t.steps.strongStart[size_t(r) + 1]);
        QVERIFY(std::is_sorted(keys.begin(), keys.end()));
        for (int64_t j = 0; j < Lk; ++j) {
            const double p = pr[r * Lk + j];
            if (std::abs(p - floor) < 1e-6) continue;
            const bool listed = std::binary_search(keys.begin(), keys.end(), int32_t(j));
            QVERIFY2(listed == (p >= floor),
                     qPrintable(QString("row %1 key %2: p = %3").arg(r).arg(j).arg(p)));
        }
        for (int64_t e = t.steps.strongStart[size_t(r)]; e < t.steps.strongStart[size_t(r) + 1];
             ++e)
            QCOMPARE(t.steps.strongProbs[size_t(e)],
                     t.steps.probs[r * Lk + t.steps.strongKeys[size_t(e)]]);
        strongCells += int64_t(keys.size());
    }
    QVERIFY(strongCells > 0 || int64_t(t.steps.emptyRows.size()) == B * Lq);

    // The column sums over every row, against the reference: scores, allowed scores, probs, and
    // the rows allowed per key.
    const auto& sc = scores.value();
    const auto& mk = mask.value();
    for (int64_t bh = 0; bh < B * H; ++bh)
        for (int64_t j = 0; j < Lk; ++j) {
            double all = 0, allowed = 0, prob = 0, rowsAllowed = 0;
            for (int64_t i = 0; i < Lq; ++i) {
                const int64_t at = (bh * Lq + i) * Lk + j;
                all += sc[at];
                prob += pr[at];
                if (mk[((bh / H) * Lq + i) * Lk + j]) {
                    allowed += sc[at];
                    rowsAllowed += 1;
                }
            }
            const int64_t c = bh * Lk + j;
            auto near = [](double x, double y) {
                return std::abs(x - y) <= 1e-4 * std::max(1.0, std::abs(y));
            };
            QVERIFY2(near(t.steps.columnScores[c], all),
                     qPrintable(QString("scores column %1").arg(c)));
            QVERIFY2(near(t.steps.columnMasked[c], allowed),
                     qPrintable(QString("masked column %1").arg(c)));
            QVERIFY2(near(t.steps.columnProbs[c], prob),
                     qPrintable(QString("probs column %1").arg(c)));
            if (bh % H == 0)
                QCOMPARE(double(t.steps.columnAllowed[(bh / H) * Lk + j]), rowsAllowed);
        }
    // The statistics from these figures equal those read from every cell.
    for (int kind = 0; kind < 3; ++kind) {
        const Tensor& values = kind == 0   ? t.steps.scores
                               : kind == 1 ? t.steps.probs
                                           : t.steps.maskedScores;
        StatisticsInput cells;
        cells.values = &values;
        cells.probs = &t.steps.probs;
        cells.qOffset = req.scenario.qOffset;
        cells.kvOffset = req.scenario.kvOffset;
        StatisticsInput figures = cells;
        figures.rowEntropy = &t.steps.rowEntropy;
        figures.rowDistance = &t.steps.rowDistance;
        figures.columnSums = kind == 0   ? &t.steps.columnScores
                             : kind == 1 ? &t.steps.columnProbs
                                         : &t.steps.columnMasked;
        figures.columnCounts = kind == 2 ? &t.steps.columnAllowed : nullptr;
        const auto a = computeStatistics(cells), f = computeStatistics(figures);
        QCOMPARE(a.size(), f.size());
        auto same = [](double x, double y) {
            return (std::isnan(x) && std::isnan(y)) ||
                   std::abs(x - y) <= 1e-4 * std::max(1.0, std::abs(x));
        };
        for (size_t h = 0; h < a.size(); ++h) {
            QVERIFY(same(a[h].rowEntropy, f[h].rowEntropy));
            QVERIFY(same(a[h].meanDistance, f[h].meanDistance));
            QVERIFY2(same(a[h].sink.sink, f[h].sink.sink) &&
                         same(a[h].sink.first, f[h].sink.first) &&
                         same(a[h].sink.mid, f[h].sink.mid) && same(a[h].sink.last, f[h].sink.last),
                     qPrintable(QString("kind %1 head %2: sink %3 vs %4")
                                    .arg(kind)
                                    .arg(h)
                                    .arg(a[h].sink.sink)
                                    .arg(f[h].sink.sink)));
        }
    }
}

void TestEngineGolden::projectionsMatchReference() {
    const QString dir = dataPath("golden/engine_proj/");
    auto x = readNpy(dir + "x.npy"), wq = readNpy(dir + "w_q.npy"), wk = readNpy(dir + "w_k.npy"),
         wv = readNpy(dir + "w_v.npy"), wo = readNpy(dir + "w_o.npy");
    auto q = readNpyDouble(dir + "q.npy"), k = readNpyDouble(dir + "k.npy"),
         out = readNpyDouble(dir + "out.npy"), context = readNpyDouble(dir + "context.npy");
    QVERIFY(x && wq && wk && wv && wo && q && k && out && context);
    const int64_t H = 4, Hkv = 2, d = 4;
    const Tensor pq = TraceBuilder::project(x.value(), wq.value(), Tensor(), H, d);
    const Tensor pk = TraceBuilder::project(x.value(), wk.value(), Tensor(), Hkv, d);
    const Tensor pv = TraceBuilder::project(x.value(), wv.value(), Tensor(), Hkv, d);
    QString diff = compareArrays(pq, q.value(), 1e-5, 1e-5);
    QVERIFY2(diff.isEmpty(), qPrintable("q: " + diff));
    diff = compareArrays(pk, k.value(), 1e-5, 1e-5);
    QVERIFY2(diff.isEmpty(), qPrintable("k: " + diff));

    TraceRequest req;
    req.scenario.mask = "causal";
    req.scenario.scale = 0.5;
    req.q = pq;
    req.k = pk;
    req.v = pv;
    CpuBackend backend;
    auto trace = TraceBuilder::build(req, backend);
    QVERIFY(trace);
    diff = compareArrays(trace.value()->steps.context, context.value(), 1e-5, 1e-5);
    QVERIFY2(diff.isEmpty(), qPrintable("context: " + diff));
    const Tensor o = TraceBuilder::outputProjection(trace.value()->steps.context, wo.value());
    diff = compareArrays(o, out.value(), 1e-5, 1e-5);
    QVERIFY2(diff.isEmpty(), qPrintable("out: " + diff));
}

QTEST_GUILESS_MAIN(TestEngineGolden)
#include "tst_enginegolden.moc"
