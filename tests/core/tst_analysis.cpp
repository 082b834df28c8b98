// Analysis (SPEC §5) against NumPy references (scripts/make_analysis_golden.py): sink scores,
// frame pooling, statistics, viewport pooling; smart sampling by its guarantees.

#include <QJsonObject>
#include <QtTest>

#include "TestSupport.h"
#include "core/analysis/AttentionStatistics.h"
#include "core/analysis/FiniteMask.h"
#include "core/analysis/FramePooling.h"
#include "core/analysis/SinkScore.h"
#include "core/analysis/SmartSampling.h"
#include "core/analysis/ViewportPooling.h"
#include "core/io/NpyFormat.h"
#include "core/masks/MaskExpr.h"

using namespace attnscope;
using namespace attnscope::test;

class TestAnalysis : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void sinkScoresMatchNumpy();
    void framePoolingMatchesNumpy_data();
    void framePoolingMatchesNumpy();
    void statisticsMatchNumpy();
    void viewportPoolingMatchesNumpy();
    void reductionsSkipNonFiniteCells();
    void rowsOfFramesSelectsLastBlock();
    void frameSpecValidation();
    void smartSamplingKeepsStructure_data();
    void smartSamplingKeepsStructure();
    void statisticsCsvIsLocaleFree();

private:
    QJsonObject m_expected;
    Tensor m_logits, m_masked, m_probs;
};

static void compareSink(const SinkScore& s, const QJsonObject& e) {
    QVERIFY(std::abs(s.first - e["first"].toDouble()) < 1e-5);
    QVERIFY(std::abs(s.mid - e["mid"].toDouble()) < 1e-5);
    QVERIFY(std::abs(s.last - e["last"].toDouble()) < 1e-5);
    QVERIFY(std::abs(s.sink - e["sink"].toDouble()) < 1e-5);
}

void TestAnalysis::initTestCase() {
    QFile f(dataPath("golden/analysis/expected.json"));
    QVERIFY2(f.open(QIODevice::ReadOnly), "run scripts/make_analysis_golden.py");
    m_expected = QJsonDocument::fromJson(f.readAll()).object();
    auto l = readNpy(dataPath("golden/analysis/logits.npy"));
    auto m = readNpy(dataPath("golden/analysis/masked.npy"));
    auto p = readNpy(dataPath("golden/analysis/probs.npy"));
    QVERIFY(l && m && p);
    m_logits = l.value();
    m_masked = m.value();
    m_probs = p.value();
}

void TestAnalysis::sinkScoresMatchNumpy() {
    std::vector<int64_t> rows;
    for (const auto& r : m_expected["selected_rows"].toArray()) rows.push_back(r.toInteger());
    const auto sel = sinkScores(m_logits, rows);
    const auto expSel = m_expected["sink_logits_selected"].toArray();
    QCOMPARE(int(sel.size()), expSel.size());
    for (int h = 0; h < expSel.size(); ++h) compareSink(sel[h], expSel[h].toObject());
    QVERIFY(sel[0].sink > 2.0);  // the planted sink of head 0

    const auto all = sinkScores(m_masked, {});
    const auto expAll = m_expected["sink_masked_all"].toArray();
    for (int h = 0; h < expAll.size(); ++h) compareSink(all[h], expAll[h].toObject());
}

void TestAnalysis::framePoolingMatchesNumpy_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("fixed");
    QTest::addColumn<int>("mode");
    for (auto [name, mode] :
         {std::pair{"mean", PoolMode::Mean}, {"max", PoolMode::Max}, {"sum", PoolMode::Sum}}) {
        QTest::newRow(qPrintable(QString("fixed4-") + name))
            << QString("pool_fixed4_%1.npy").arg(name) << true << int(mode);
        QTest::newRow(qPrintable(QString("starts-") + name))
            << QString("pool_starts_%1.npy").arg(name) << false << int(mode);
    }
}

void TestAnalysis::framePoolingMatchesNumpy() {
    QFETCH(QString, file);
    QFETCH(bool, fixed);
    QFETCH(int, mode);
    auto expected = readNpyDouble(dataPath("golden/analysis/" + file));
    QVERIFY(expected);
    std::vector<int64_t> starts;
    for (const auto& s : m_expected["frame_starts"].toArray()) starts.push_back(s.toInteger());
    const FrameSpec spec = fixed ? FrameSpec::fixed(4) : FrameSpec::fromStarts(starts);
    const Tensor& src = fixed ? m_masked : m_logits;
    const int64_t H = src.dim(0), L = src.dim(1);
    Tensor all({1, H, L, L});
    std::copy(src.begin(), src.end(), all.begin());
    const Tensor pooled = poolFramesPerHead(all, 0, spec, spec, PoolMode(mode));
    // NaN (frame pairs fully masked) must coincide; other cells to float precision.
    QCOMPARE(pooled.shape(), expected->shape());
    for (int64_t i = 0; i < pooled.size(); ++i) {
        const double e = (*expected)[i], a = pooled[i];
        if (std::isnan(e)) {
            QVERIFY2(std::isnan(a), qPrintable(QString("cell %1 should be NaN").arg(i)));
            continue;
        }
        QVERIFY2(std::abs(a - e) <= 1e-5 * (1 + std::abs(e)),
                 qPrintable(QString("cell %1: %2 vs %3").arg(i).arg(a).arg(e)));
    }
}

void TestAnalysis::statisticsMatchNumpy() {
    StatisticsInput in{&m_logits, &m_probs, 0, 0, {}};
    const auto stats = computeStatistics(in);
    const auto exp = m_expected["statistics_logits_probs"].toArray();
    QCOMPARE(int(stats.size()), exp.size());
    for (int h = 0; h < exp.size(); ++h) {
        const auto e = exp[h].toObject();
        QVERIFY(std::abs(stats[h].diagonalMean - e["diagonal_mean"].toDouble()) < 1e-5);
        QVERIFY(std::abs(stats[h].firstColumnMean - e["first_column_mean"].toDouble()) < 1e-5);
        QVERIFY(std::abs(stats[h].rowEntropy - e["row_entropy"].toDouble()) < 1e-4);
        QVERIFY(std::abs(stats[h].meanDistance - e["mean_distance"].toDouble()) < 1e-4);
    }
}

void TestAnalysis::viewportPoolingMatchesNumpy() {
    const QJsonObject v = m_expected["viewport"].toObject();
    const int64_t h = v["head"].toInteger(), L = m_logits.dim(1);
    const MatrixRegion region{v["row0"].toInteger(), v["row1"].toInteger(), v["col0"].toInteger(),
                              v["col1"].toInteger()};
    for (auto [name, mode] : {std::pair{"mean", PoolMode::Mean}, {"max", PoolMode::Max}}) {
        auto expected =
            readNpyDouble(dataPath(QString("golden/analysis/viewport_%1.npy").arg(name)));
        QVERIFY(expected);
        const Tensor got = poolToViewport(m_logits.data() + h * L * L, L, region,
                                          v["rows"].toInteger(), v["cols"].toInteger(), mode);
        const QString diff = compareArrays(got, expected.value(), 1e-5, 1e-5);
        QVERIFY2(diff.isEmpty(), qPrintable(QString(name) + ": " + diff));
    }
    auto uneven = readNpyDouble(dataPath("golden/analysis/viewport_uneven_mean.npy"));
    QVERIFY(uneven);
    const Tensor got =
        poolToViewport(m_logits.data() + 2 * L * L, L, {0, L, 0, L}, 15, 16, PoolMode::Mean);
    const QString unevenDiff = compareArrays(got, uneven.value(), 1e-5, 1e-5);
    QVERIFY2(unevenDiff.isEmpty(), qPrintable("uneven: " + unevenDiff));
    // The output rows on 2 threads: the reference as well.
    const Tensor threaded = poolToViewport(m_logits.data() + 2 * L * L, L, {0, L, 0, L}, 15, 16,
                                           PoolMode::Mean, 2);
    const QString threadedDiff = compareArrays(threaded, uneven.value(), 1e-5, 1e-5);
    QVERIFY2(threadedDiff.isEmpty(), qPrintable("uneven, 2 threads: " + threadedDiff));
    // Already small enough: nothing is pooled.
    const Tensor same = poolToViewport(m_logits.data(), L, {0, 4, 0, 4}, 100, 100, PoolMode::Mean);
    QCOMPARE(same.dim(0), 4);
    QCOMPARE(same[5], m_logits[L + 1]);
}

void TestAnalysis::reductionsSkipNonFiniteCells() {
    // finiteMask reads the exponent bits: ±inf and NaN are not finite, everything else is.
    const float inf = std::numeric_limits<float>::infinity();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (float v : {0.0f, -0.0f, 1.5f, -3.0f, std::numeric_limits<float>::max(),
                    std::numeric_limits<float>::lowest(), std::numeric_limits<float>::denorm_min()})
        QCOMPARE(finiteMask(v), 0xffffffffu);
    for (float v : {inf, -inf, nan, -nan}) QCOMPARE(finiteMask(v), 0u);
    QCOMPARE(finiteOr(-inf, finiteMask(-inf), 7.0f), 7.0f);
    QCOMPARE(finiteOr(2.5f, finiteMask(2.5f), 7.0f), 2.5f);

    // A 37 × 53 matrix (odd sizes: vector remainders) with −inf (masked), +inf and NaN cells and
    // one fully masked bin, pooled and averaged against plain loops written here.
    const int64_t R = 37, C = 53;
    std::vector<float> m(R * C);
    for (int64_t r = 0; r < R; ++r)
        for (int64_t c = 0; c < C; ++c) {
            float v = std::sin(0.37f * float(r) + 0.11f * float(c * c));
            if (c > r + 20) v = -inf;  // causal-like masking
            if ((r * 7 + c) % 31 == 0) v = nan;
            if ((r * 5 + c) % 43 == 0) v = inf;
            if (r < 4 && c < 6) v = -inf;  // the first bin of the 9 × 9 pooling below: all masked
            m[r * C + c] = v;
        }
    const int64_t outR = 9, outC = 9;
    for (PoolMode mode : {PoolMode::Max, PoolMode::Mean}) {
        const Tensor got = poolToViewport(m.data(), C, {0, R, 0, C}, outR, outC, mode);
        for (int64_t i = 0; i < outR; ++i)
            for (int64_t j = 0; j < outC; ++j) {
                double acc = mode == PoolMode::Max ? -inf : 0.0;
                int n = 0;
                for (int64_t r = i * R / outR; r < (i + 1) * R / outR; ++r)
                    for (int64_t c = j * C / outC; c < (j + 1) * C / outC; ++c) {
                        const float v = m[r * C + c];
                        if (!std::isfinite(v)) continue;
                        acc = mode == PoolMode::Max ? std::max(acc, double(v)) : acc + v;
                        ++n;
                    }
                const float want = n == 0 ? nan : float(mode == PoolMode::Max ? acc : acc / n);
                const float have = got.at({i, j});
                if (std::isnan(want))
                    QVERIFY2(std::isnan(have), qPrintable(QString("bin %1,%2").arg(i).arg(j)));
                else
                    QVERIFY2(std::abs(have - want) <= 1e-5f,
                             qPrintable(
                                 QString("bin %1,%2: %3 vs %4").arg(i).arg(j).arg(have).arg(want)));
            }
    }
    const std::vector<int64_t> someRows{0, 3, 17, 36, 40};  // 40 is past the end: ignored
    for (const auto& rows : {std::vector<int64_t>{}, someRows}) {
        const std::vector<double> got = meanOfRows(m.data(), R, C, rows);
        for (int64_t c = 0; c < C; ++c) {
            double sum = 0;
            int n = 0;
            for (int64_t r = 0; r < R; ++r) {
                if (!rows.empty() && std::find(rows.begin(), rows.end(), r) == rows.end()) continue;
                if (!std::isfinite(m[r * C + c])) continue;
                sum += m[r * C + c];
                ++n;
            }
            if (n == 0)
                QVERIFY(std::isnan(got[c]));
            else
                QVERIFY2(std::abs(got[c] - sum / n) <= 1e-12,
                         qPrintable(QString("column %1").arg(c)));
        }
    }
}

void TestAnalysis::rowsOfFramesSelectsLastBlock() {
    // Video preset shape: 19 frames of 16 tokens, the last block is frames 16–18.
    const auto rows = rowsOfFrames(FrameSpec::fixed(16), 19 * 16, {16, 17, 18});
    QCOMPARE(int(rows.size()), 48);
    QCOMPARE(rows.front(), int64_t(256));
    QCOMPARE(rows.back(), int64_t(303));
}

void TestAnalysis::frameSpecValidation() {
    QVERIFY(FrameSpec::fromStarts({0, 4, 9}).validate(12).ok());
    QVERIFY(!FrameSpec::fromStarts({1, 4}).validate(12).ok());
    QVERIFY(!FrameSpec::fromStarts({0, 4, 4}).validate(12).ok());
    QVERIFY(!FrameSpec::fromStarts({0, 14}).validate(12).ok());
}

void TestAnalysis::smartSamplingKeepsStructure_data() {
    QTest::addColumn<QString>("expr");
    QTest::addColumn<int>("length");
    QTest::addColumn<int>("maxPositions");
    QTest::newRow("paraphrase-medium") << "paraphrase(5, 25, 1, 8)" << 138 << 30;
    QTest::newRow("paraphrase-large") << "paraphrase(5, 50, 1, 10)" << 265 << 40;
    QTest::newRow("docs") << "docs(100, 50, 150)" << 300 << 20;
    QTest::newRow("short") << "paraphrase(2, 3, 1, 2)" << 10 << 30;
}

void TestAnalysis::smartSamplingKeepsStructure() {
    QFETCH(QString, expr);
    QFETCH(int, length);
    QFETCH(int, maxPositions);
    auto mask = MaskExpr::parse(expr.toStdString());
    QVERIFY(mask);
    const auto seg = mask->segments();
    QVERIFY(seg.has_value());
    const auto pos = samplePositions(length, maxPositions, seg);
    QCOMPARE(int64_t(pos.size()), std::min<int64_t>(length, maxPositions));
    QVERIFY(std::is_sorted(pos.begin(), pos.end()));
    QVERIFY(std::adjacent_find(pos.begin(), pos.end()) == pos.end());
    auto has = [&](int64_t p) { return std::binary_search(pos.begin(), pos.end(), p); };
    QVERIFY(has(0) && has(length - 1));
    for (const auto& [b, e] : seg->segments) {
        QVERIFY2(has(b), qPrintable(QString("segment start %1 dropped").arg(b)));
        QVERIFY2(has(e - 1), qPrintable(QString("segment end %1 dropped").arg(e - 1)));
    }
    if (seg->generationStart >= 0) QVERIFY(has(seg->generationStart));
}

void TestAnalysis::statisticsCsvIsLocaleFree() {
    HeadStatistics s;
    s.head = 2;
    s.diagonalMean = 0.5;
    s.sink = {1.25, 0.25, 0.75, 1.0};
    const std::string csv = statisticsCsv({s});
    QVERIFY(csv.rfind("head,diagonal_mean", 0) == 0);
    QVERIFY(csv.find("2,0.5,0,0,0,1.25,0.25,0.75,1\n") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestAnalysis)
#include "tst_analysis.moc"
