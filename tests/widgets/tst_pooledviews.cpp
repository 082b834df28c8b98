// The pooled path in the window (SPEC §10, issue 16): a trace that holds no L² step. Its maps
// must be what the materialised trace shows (max-pooled probabilities, masked cells grey), its
// exact zoom the materialised cells, its sink bars the materialised probabilities' column means;
// partial traces fill row by row; the engine takes the path when the budget cannot hold the
// trace, or when the view on screen needs only pooled data; the deck says what the other views
// would need. The materialised trace is the reference: its backend is checked against PyTorch
// in tst_enginegolden, and the pooled pass against NumPy in tst_pooledcli.

#include <qcustomplot.h>
#include <QLabel>
#include <QSignalSpy>
#include <QtTest>

#include "ViewTestSupport.h"
#include "core/analysis/PooledAttention.h"
#include "core/backends/BackendRegistry.h"
#include "core/engine/MemoryBudget.h"
#include "core/engine/TraceBuilder.h"
#include "core/model/TraceLayers.h"
#include "widgets/atlas/AtlasView.h"
#include "widgets/atlas/ModelAtlas.h"
#include "widgets/document/LiveSession.h"
#include "widgets/document/SessionDocument.h"
#include "widgets/heatmap/HeatmapGridView.h"
#include "widgets/sinks/SinkGridView.h"
#include "widgets/views/ViewDeck.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {

/// A scenario whose attention is far from uniform (scaled weights), with a windowed causal mask
/// (empty tiles above the diagonal and left of the window) and GQA.
/// Where two atlas heads' metrics (within 1e-4) or received means (within 1e-5) differ; empty
/// when they agree (NaN agrees with NaN).
QString atlasFiguresDiffer(const AtlasHead& x, const AtlasHead& y) {
    auto close = [](double a, double b, double tol) {
        return (std::isnan(a) && std::isnan(b)) || std::abs(a - b) <= tol;
    };
    for (int k = 0; k < kHeadMetricCount; ++k)
        if (!close(x.metrics[size_t(k)], y.metrics[size_t(k)], 1e-4))
            return QString("metric %1: %2 vs %3")
                .arg(k)
                .arg(x.metrics[size_t(k)])
                .arg(y.metrics[size_t(k)]);
    if (x.received.size() != y.received.size())
        return QString("%1 keys vs %2").arg(x.received.size()).arg(y.received.size());
    for (size_t j = 0; j < x.received.size(); ++j)
        if (!close(x.received[j], y.received[j], 1e-5))
            return QString("key %1 receives %2 vs %3").arg(j).arg(x.received[j]).arg(y.received[j]);
    return {};
}

Scenario longScenario(int64_t L, const char* mask = "causal & window(300)") {
    Scenario s = *presetScenario("local");
    s.qLen = s.kvLen = L;
    s.heads = 4;
    s.kvHeads = 2;
    s.mask = mask;
    s.scale = 0.6;  // sharper than 1/√d: some keys take most of a row
    return s;
}

TracePtr pooledTrace(const Scenario& s, int64_t fineBins = 2048,
                     std::vector<TracePtr>* partials = nullptr) {
    std::function<void(TracePtr)> snapshot;
    if (partials) snapshot = [partials](TracePtr t) { partials->push_back(std::move(t)); };
    auto t =
        TraceBuilder::buildPooled(TraceRequest{s, {}, {}, {}}, 2, {}, {}, {}, snapshot, fineBins);
    if (!t) qFatal("%s", t.error().c_str());
    return t.value();
}

ViewOptions probabilityOptions() {
    ViewOptions o = ViewOptions().withValueKind(ValueKind::Probabilities);
    o.detailPooling = PoolMode::Max;
    return o;
}

QCPColorMap* mapOf(HeatmapGridView& view, int i) {
    return qobject_cast<QCPColorMap*>(view.plot()->plottable(i));
}

/// The heads grids of the materialised and the pooled trace zoomed into the same region under
/// `o`: the same cells (exact ones, from Q, K and the rows' shifts), masked cells alike.
void zoomsAlike(const TracePtr& full, const TracePtr& pooled, const ViewOptions& o, int64_t q0,
                int64_t q1, int64_t k0, int64_t k1) {
    HeatmapGridView va, vb;
    for (HeatmapGridView* v : {&va, &vb}) {
        v->resize(1200, 900);
        v->setOptions(o);
        v->show();
    }
    va.setTrace(full);
    vb.setTrace(pooled);
    QVERIFY(QTest::qWaitForWindowExposed(&vb));
    QSignalSpy pa(&va, &HeatmapGridView::regionPooled), pb(&vb, &HeatmapGridView::regionPooled);
    va.setVisibleRegion(q0, q1, k0, k1);
    vb.setVisibleRegion(q0, q1, k0, k1);
    QTRY_VERIFY_WITH_TIMEOUT(pa.size() >= 1 && pb.size() >= 1, 10000);
    QCOMPARE(vb.pooledCells(), va.pooledCells());
    for (int h : {0, 3}) {
        QCPColorMapData* da = mapOf(va, h)->data();
        QCPColorMapData* db = mapOf(vb, h)->data();
        int finite = 0;
        for (int r = 0; r < da->valueSize(); ++r)
            for (int c = 0; c < da->keySize(); ++c) {
                const double x = da->cell(c, r), y = db->cell(c, r);
                QCOMPARE(std::isfinite(y), std::isfinite(x));
                if (!std::isfinite(x)) continue;
                ++finite;
                QVERIFY(std::abs(x - y) <= 1e-4);
            }
        QVERIFY(finite > 1000);
    }
}

/// Restores the memory budget when a test ends.
struct BudgetOverride {
    explicit BudgetOverride(const QByteArray& bytes) { qputenv("ATTNSCOPE_MEMORY_BUDGET", bytes); }
    ~BudgetOverride() { qunsetenv("ATTNSCOPE_MEMORY_BUDGET"); }
};

}  // namespace

class TestPooledViews : public QObject {
    Q_OBJECT
private slots:
    void mapsEqualTheMaterialisedMaps_data() {
        QTest::addColumn<qint64>("L");
        QTest::addColumn<qint64>("fineBins");
        QTest::addColumn<qint64>("cells");
        QTest::addColumn<QString>("mask");
        // The cache holds every token: the display is max-pooled from it as from the trace.
        QTest::newRow("1000 tokens, exact cache")
            << qint64(1000) << qint64(2048) << qint64(256) << "causal & window(300)";
        // A cache of 256 bins of 4 tokens, shown at 256 cells: the same bins.
        QTest::newRow("1024 tokens, cache 256")
            << qint64(1024) << qint64(256) << qint64(256) << "causal & window(300)";
        // Cells of 8 fine bins of 4 tokens each (a nested pooling): the same maxima.
        QTest::newRow("1024 tokens, cache 512, 64 cells")
            << qint64(1024) << qint64(512) << qint64(64) << "(chunk(100) | prefix(4)) & causal";
    }
    void mapsEqualTheMaterialisedMaps() {
        QFETCH(qint64, L);
        QFETCH(qint64, fineBins);
        QFETCH(qint64, cells);
        QFETCH(QString, mask);
        const Scenario s = longScenario(L, mask.toUtf8().constData());
        const TracePtr full = buildTrace(s);
        const TracePtr pooled = pooledTrace(s, fineBins);
        QVERIFY(pooled->isPooled());
        QVERIFY(pooled->steps.probs.empty());  // no L² tensor held
        const ViewOptions o = probabilityOptions();
        const DisplayMatrices a = displayMatrices(*full, o, cells);
        const DisplayMatrices b = displayMatrices(*pooled, o, cells);
        QCOMPARE(b.heads(), a.heads());
        QCOMPARE(b.rows(), a.rows());
        QCOMPARE(b.cols(), a.cols());
        QVERIFY(b.rowRanges == a.rowRanges);
        QVERIFY(b.colRanges == a.colRanges);
        QCOMPARE(b.anyMasked, a.anyMasked);
        QVERIFY(a.anyMasked);
        int64_t masked = 0;
        double top = 0;
        for (int64_t i = 0; i < a.values.size(); ++i) {
            QCOMPARE(std::isnan(b.values[i]), std::isnan(a.values[i]));
            if (std::isnan(a.values[i])) {
                ++masked;
                continue;
            }
            QVERIFY2(
                std::abs(b.values[i] - a.values[i]) <= 1e-5,
                qPrintable(QString("cell %1: %2 vs %3").arg(i).arg(b.values[i]).arg(a.values[i])));
            top = std::max(top, double(a.values[i]));
        }
        QVERIFY(masked > 0);
        QVERIFY(top > 0.5);  // far from uniform: some key takes most of a row
        QCOMPARE(b.vmin, 0.0);
        QVERIFY(std::abs(b.vmax - a.vmax) < 1e-5);
    }

    void exactZoomEqualsTheMaterialisedCells() {
        const Scenario s = longScenario(1500);
        const TracePtr full = buildTrace(s);
        const TracePtr pooled = pooledTrace(s, 256);  // a coarse cache: the zoom must not use it
        const ViewOptions o = probabilityOptions();
        HeatmapGridView a, b;
        for (HeatmapGridView* v : {&a, &b}) {
            v->resize(1200, 900);
            v->setOptions(o);
            v->show();
        }
        a.setTrace(full);
        b.setTrace(pooled);
        QVERIFY(QTest::qWaitForWindowExposed(&b));
        QSignalSpy pa(&a, &HeatmapGridView::regionPooled), pb(&b, &HeatmapGridView::regionPooled);
        a.setVisibleRegion(980, 1100, 1000, 1100);  // across the diagonal
        b.setVisibleRegion(980, 1100, 1000, 1100);
        QTRY_VERIFY_WITH_TIMEOUT(pa.size() >= 1 && pb.size() >= 1, 10000);
        QCOMPARE(b.pooledCells(), QSize(120, 100));  // a cell per token, not the cache's bins
        QCOMPARE(b.pooledCells(), a.pooledCells());
        double top = 0;
        for (int h = 0; h < 4; ++h) {
            QCPColorMapData* da = mapOf(a, h)->data();
            QCPColorMapData* db = mapOf(b, h)->data();
            QCOMPARE(db->keyRange().lower, da->keyRange().lower);
            QCOMPARE(db->valueRange().upper, da->valueRange().upper);
            for (int r = 0; r < 100; ++r)
                for (int c = 0; c < 120; ++c) {
                    QVERIFY(std::abs(db->cell(c, r) - da->cell(c, r)) <= 1e-6);
                    top = std::max(top, da->cell(c, r));
                }
        }
        QVERIFY(top > 0.05);
        // The hover read-out: the same exact value at a point.
        const QPoint at = mapOf(b, 2)->keyAxis()->axisRect()->rect().center();
        QCOMPARE(b.readoutAt(at), a.readoutAt(at));
        QVERIFY(!b.readoutAt(at).isEmpty());
        // A large region re-pools the cache (at its resolution, never more than the pixels).
        const qsizetype before = pb.size();
        b.setVisibleRegion(0, 1500, 0, 1500);
        QTRY_VERIFY_WITH_TIMEOUT(pb.size() > before, 10000);
        QVERIFY(b.pooledCells().width() <= 256);
    }

    void maskedLogitsEqualTheMaterialisedOnes() {
        // Logits on the pooled path: each cell's mean over its allowed scores, from the cache's
        // sums and counts — the materialised masked scores mean-pooled (masked skipped).
        const Scenario s = longScenario(1024, "(chunk(100) | prefix(4)) & causal");
        const TracePtr full = buildTrace(s);
        const TracePtr pooled = pooledTrace(s, 512);
        ViewOptions o = ViewOptions().withValueKind(ValueKind::MaskedLogits);
        o.detailPooling = PoolMode::Mean;
        for (int64_t cells : {int64_t(256), int64_t(64)}) {
            const DisplayMatrices a = displayMatrices(*full, o, cells);
            const DisplayMatrices b = displayMatrices(*pooled, o, cells);
            QCOMPARE(b.rows(), a.rows());
            QVERIFY(b.label.contains("Logits"));
            double spread = 0;
            for (int64_t i = 0; i < a.values.size(); ++i) {
                QCOMPARE(std::isnan(b.values[i]), std::isnan(a.values[i]));
                if (std::isnan(a.values[i])) continue;
                QVERIFY2(std::abs(b.values[i] - a.values[i]) <= 1e-4,
                         qPrintable(QString("%1 vs %2").arg(b.values[i]).arg(a.values[i])));
                spread = std::max(spread, double(std::abs(a.values[i])));
            }
            QVERIFY(spread > 1.0);     // signed logits of some size, not zeros
            QCOMPARE(b.vmin, a.vmin);  // the same symmetric range
            QVERIFY(std::abs(b.vmax - a.vmax) < 1e-4);
        }
        // Zoomed: the exact masked scores, −∞ where masked, mean-pooled as the materialised.
        zoomsAlike(full, pooled, o, 150, 330, 200, 300);
    }

    void unmaskedLogitsEqualTheMaterialisedOnes_data() {
        QTest::addColumn<double>("softCap");
        QTest::newRow("bilinear sums") << 0.0;  // (Σ q)·(Σ k) per bin
        QTest::newRow("soft-capped") << 4.0;    // every score, capped
    }
    void unmaskedLogitsEqualTheMaterialisedOnes() {
        // The scores before the mask (the display's "logits"): each cell's mean over all its
        // pairs, masked ones included — the materialised scores mean-pooled.
        QFETCH(double, softCap);
        Scenario s = longScenario(1024, "causal & window(300)");
        s.softCap = softCap;
        const TracePtr full = buildTrace(s);
        const TracePtr pooled = pooledTrace(s, 512);  // bins of 2 tokens, shown as cells of 4, 16
        ViewOptions o = ViewOptions().withValueKind(ValueKind::Logits);
        o.detailPooling = PoolMode::Mean;
        for (int64_t cells : {int64_t(256), int64_t(64)}) {
            const DisplayMatrices a = displayMatrices(*full, o, cells, false);
            const DisplayMatrices b = displayMatrices(*pooled, o, cells, false);
            QCOMPARE(b.rows(), a.rows());
            QVERIFY(b.label.contains("Logits") && !b.label.contains("Masked"));
            double spread = 0, worst = 0;
            for (int64_t i = 0; i < a.values.size(); ++i) {
                QVERIFY(std::isfinite(a.values[i]) && std::isfinite(b.values[i]));
                worst = std::max(worst, double(std::abs(b.values[i] - a.values[i])));
                spread = std::max(spread, double(std::abs(a.values[i])));
            }
            QVERIFY2(worst <= 1e-4, qPrintable(QString::number(worst)));
            QVERIFY(spread > 1.0);  // signed logits of some size
            if (softCap > 0) QVERIFY(spread <= softCap);
            QVERIFY(std::abs(b.vmin - a.vmin) < 1e-4);
            QVERIFY(std::abs(b.vmax - a.vmax) < 1e-4);
        }
        // The masked logits differ from them (the mask matters), and stay what they were.
        ViewOptions masked = o;
        masked.valueKind = ValueKind::MaskedLogits;
        const DisplayMatrices m = displayMatrices(*pooled, masked, 64, false);
        const DisplayMatrices u = displayMatrices(*pooled, o, 64, false);
        int differ = 0;
        for (int64_t i = 0; i < m.values.size(); ++i)
            if (std::isfinite(m.values[i]) && std::abs(m.values[i] - u.values[i]) > 1e-3) ++differ;
        QVERIFY(differ > 0);
        // Zoomed and hovered: the exact scores, masked cells included.
        zoomsAlike(full, pooled, o, 100, 500, 0, 700);
    }

    void framesEqualTheMaterialisedFrames() {
        // Frames of 16 tokens on the pooled path: the pass keeps each frame pair's mean and
        // largest probability; the display shows mean, max or sum as the materialised frames.
        const Scenario s = longScenario(1000, "causal & window(300)");
        const TracePtr full = buildTrace(s);
        auto built = TraceBuilder::buildPooled(TraceRequest{s, {}, {}, {}}, 2, {}, {}, {}, {}, 512,
                                               1, false, 16);
        QVERIFY(built);
        const TracePtr pooled = built.value();
        QCOMPARE(pooled->pooled->tokensPerFrame, int64_t(16));
        for (PoolMode mode : {PoolMode::Mean, PoolMode::Max, PoolMode::Sum}) {
            ViewOptions o = probabilityOptions();
            o.tokensPerFrame = 16;
            o.framePooling = mode;
            const DisplayMatrices a = displayMatrices(*full, o);
            const DisplayMatrices b = displayMatrices(*pooled, o);
            QVERIFY(a.frames && b.frames);
            QCOMPARE(b.values.shape(), a.values.shape());
            QCOMPARE(b.rows(), int64_t(63));  // ⌈1000 / 16⌉
            QVERIFY(b.rowRanges == a.rowRanges && b.colRanges == a.colRanges);
            double top = 0;
            for (int64_t i = 0; i < a.values.size(); ++i) {
                QVERIFY2(std::abs(b.values[i] - a.values[i]) <= 1e-5 * std::max(1.0f, a.values[i]),
                         qPrintable(QString("%1: %2 vs %3")
                                        .arg(toString(mode).c_str())
                                        .arg(b.values[i])
                                        .arg(a.values[i])));
                top = std::max(top, double(a.values[i]));
            }
            QVERIFY(top > (mode == PoolMode::Mean ? 0.01 : 0.5));
            QVERIFY(b.label.contains("frames"));
            QCOMPARE(b.vmin, 0.0);
        }
        // A display in logits shows the frames' probabilities, and says so.
        ViewOptions logits = ViewOptions().withValueKind(ValueKind::Logits);
        logits.tokensPerFrame = 16;
        const DisplayMatrices l = displayMatrices(*pooled, logits);
        QVERIFY(l.frames && l.probabilities && l.label.contains("Probability"));
        // Other frames than the pass kept: the token maps (the window computes again).
        ViewOptions other = probabilityOptions();
        other.tokensPerFrame = 10;
        QVERIFY(!displayMatrices(*pooled, other).frames);

        // In the window: choosing frames computes the pooled trace again with them.
        const BudgetOverride budget("1000000");
        LiveSession session(
            BackendRegistry::builtin().create({"cpu", -1, {2, {}}}).value().backend);
        session.document()->reset(s, probabilityOptions());
        QTRY_VERIFY_WITH_TIMEOUT(session.trace() && session.trace()->isPooled() &&
                                     session.trace()->pooled->fraction == 1.0,
                                 30000);
        QCOMPARE(session.trace()->pooled->tokensPerFrame, int64_t(0));
        ViewOptions framed = probabilityOptions();
        framed.tokensPerFrame = 16;
        framed.framePooling = PoolMode::Max;
        session.document()->setOptions(framed);
        QTRY_VERIFY_WITH_TIMEOUT(session.trace()->pooled->tokensPerFrame == 16 &&
                                     session.trace()->pooled->fraction == 1.0,
                                 30000);
        const DisplayMatrices w = displayMatrices(*session.trace(), framed);
        const DisplayMatrices want = displayMatrices(*full, framed);
        QVERIFY(w.frames);
        for (int64_t i = 0; i < want.values.size(); ++i)
            QVERIFY(std::abs(w.values[i] - want.values[i]) <= 1e-5);
    }

    void sinkBarsAreTheReceivedProbabilities() {
        const Scenario s = longScenario(700, "causal");
        const TracePtr full = buildTrace(s);
        const TracePtr pooled = pooledTrace(s);
        SinkGridView a, b;
        a.setOptions(probabilityOptions());
        b.setOptions(probabilityOptions());
        a.setTrace(full);
        b.setTrace(pooled);
        for (int h = 0; h < 4; ++h) {
            const auto va = a.barValues(h), vb = b.barValues(h);
            QCOMPARE(vb.size(), va.size());
            for (size_t k = 0; k < va.size(); ++k) QVERIFY(std::abs(vb[k] - va[k]) <= 1e-5);
            QVERIFY(std::abs(b.sinkScores()[size_t(h)].sink - a.sinkScores()[size_t(h)].sink) <=
                    1e-4);
        }
    }

    void partialTracesFillRowByRow() {
        const Scenario s = longScenario(1024);
        std::vector<TracePtr> partials;
        const TracePtr last = pooledTrace(s, 2048, &partials);
        QCOMPARE(int(partials.size()), 7);  // 8 slices: a snapshot after each but the last
        double previous = 0;
        for (const TracePtr& t : partials) {
            const double f = t->pooled->fraction;
            QVERIFY(f > previous && f < 1.0);
            previous = f;
            // Rows done equal the final rows; rows to come are still empty.
            const Tensor& vp = t->pooled->attention->viewport;
            const Tensor& fin = last->pooled->attention->viewport;
            const int64_t H = vp.dim(1), R = vp.dim(2), C = vp.dim(3);
            const int64_t done = int64_t(std::llround(f * double(R)));
            for (int64_t h = 0; h < H; ++h)
                for (int64_t r : {int64_t(0), done - 1, done, R - 1}) {
                    if (r < 0 || r >= R) continue;
                    double sum = 0, finSum = 0;
                    for (int64_t c = 0; c < C; ++c) {
                        sum += vp[(h * R + r) * C + c];
                        finSum += fin[(h * R + r) * C + c];
                    }
                    if (r < done)
                        QVERIFY(std::abs(sum - finSum) < 1e-6);
                    else
                        QCOMPARE(sum, 0.0);
                }
        }
        QCOMPARE(last->pooled->fraction, 1.0);
    }

    void theBudgetSendsATraceThePooledWay() {
        const BudgetOverride budget("1000000");  // 1 MB: a 4 × 640² trace (20 MB) does not fit
        const Scenario s = longScenario(640);
        QVERIFY(pooledPathReason(s).has_value());
        QVERIFY(QString::fromStdString(pooledPathReason(s)->message).contains("budget"));
        LiveSession session(
            BackendRegistry::builtin().create({"cpu", -1, {2, {}}}).value().backend);
        session.engine().setCellsPerSlice(4.0 * 640 * 640 / 8);  // 8 slices: 7 partial traces
        QSignalSpy traces(&session, &LiveSession::traceChanged);
        session.document()->reset(s);
        QTRY_VERIFY_WITH_TIMEOUT(session.trace() && session.trace()->isPooled() &&
                                     session.trace()->pooled->fraction == 1.0,
                                 30000);
        QCOMPARE(traces.size(), 8);  // 7 partial traces came first
        QVERIFY(traces.front().at(0).value<TracePtr>()->pooled->fraction < 1.0);
        QVERIFY(QString::fromStdString(session.trace()->pooled->reason.message).contains("budget"));
        QVERIFY(session.trace()->steps.scores.empty());
    }

    void logitsAreKeptWhenTheDisplayShowsThem() {
        // Keeping the masked logits costs the pass ~1.5×: only when the display shows logits.
        const BudgetOverride budget("1000000");
        LiveSession session(
            BackendRegistry::builtin().create({"cpu", -1, {2, {}}}).value().backend);
        session.document()->reset(longScenario(640), probabilityOptions());
        QTRY_VERIFY_WITH_TIMEOUT(session.trace() && session.trace()->isPooled() &&
                                     session.trace()->pooled->fraction == 1.0,
                                 30000);
        QVERIFY(session.trace()->pooled->attention->viewportLogitSum.empty());
        const TracePtr before = session.trace();
        session.document()->setOptions(probabilityOptions().withValueKind(ValueKind::Logits));
        QTRY_VERIFY_WITH_TIMEOUT(session.trace() != before && session.trace()->isPooled() &&
                                     !session.trace()->pooled->attention->viewportLogitSum.empty(),
                                 30000);
        QCOMPARE(session.trace()->inputs.get(), before->inputs.get());  // the same Q/K/V
    }

    void theViewOnScreenChoosesThePath() {
        // 4 × 2048² = 16 Mi cells: pooled when only pooled views are on screen, materialised
        // again when a view needs the steps.
        const Scenario s = longScenario(2048);
        LiveSession session(
            BackendRegistry::builtin().create({"cpu", -1, {2, {}}}).value().backend);
        session.setPooledViewsOnly(true);
        session.document()->reset(s);
        QTRY_VERIFY_WITH_TIMEOUT(session.trace() && session.trace()->isPooled() &&
                                     session.trace()->pooled->fraction == 1.0,
                                 30000);
        QVERIFY(
            QString::fromStdString(session.trace()->pooled->reason.message).contains("on screen"));
        session.setPooledViewsOnly(false);
        QTRY_VERIFY_WITH_TIMEOUT(session.trace() && !session.trace()->isPooled(), 30000);
        QCOMPARE(session.trace()->steps.probs.dim(2), 2048);
        // A shorter trace is never pooled for speed: 4 × 1024² cells materialise faster.
        Scenario small = longScenario(1024);
        session.setPooledViewsOnly(true);
        session.document()->editScenario(small, "shorter");
        QTRY_VERIFY_WITH_TIMEOUT(session.trace() && session.trace()->qLen() == 1024, 30000);
        QVERIFY(!session.trace()->isPooled());
    }

    void theDeckSaysWhatOtherViewsNeed() {
        const TracePtr pooled = pooledTrace(longScenario(600));
        ViewDeck deck;
        deck.resize(1100, 800);
        deck.show();
        QVERIFY(QTest::qWaitForWindowExposed(&deck));
        QSignalSpy pooledOnly(&deck, &ViewDeck::pooledViewsOnlyChanged);
        deck.setOptions(probabilityOptions());
        deck.setTrace(pooled);
        int shown = 0;
        for (int i = 0; i < deck.count(); ++i) {
            deck.setCurrentIndex(i);
            QCoreApplication::processEvents();
            FigureView* v = deck.currentView();
            QCOMPARE(deck.currentShowsPooled(), v->showsPooled());
            if (v->showsPooled()) {
                ++shown;
                QVERIFY(deck.unavailableText().isEmpty());
                QTRY_VERIFY_WITH_TIMEOUT(v->trace() == pooled, 10000);
            } else {
                QVERIFY2(deck.unavailableText().contains(v->viewTitle()),
                         qPrintable(v->viewTitle()));
                QVERIFY(deck.unavailableText().contains("pooled path"));
                QVERIFY(!v->trace());  // given nothing it could misread
                auto* label = deck.findChild<QLabel*>("pooledUnavailable");
                QVERIFY(label && label->isVisible());
                QVERIFY(label->geometry().intersects(v->geometry()));
            }
        }
        QCOMPARE(shown, 4);  // flowchart, heads, sinks, atlas
        QVERIFY(pooledOnly.size() >= 2);
        // A materialised trace: every view shows it, no notice.
        deck.setTrace(buildTrace(longScenario(200)));
        QVERIFY(deck.unavailableText().isEmpty());
    }

    void aModelTakesThePooledPathOnceItsTextIsTokenised() {
        // A model's length is known once its text is tokenised: the engine decides after the
        // forward pass. The Gemma 2 fixture: soft-capped scores, a sliding-window layer, GQA.
        Scenario s;
        s.source = SourceKind::Model;
        s.modelPath = dataPath("models/gemma2").toStdString();
        s.modelText =
            "Attention sinks hold the first token; the window slides over the rest of "
            "the text while every head keeps looking back at the start.";
        s.mask.clear();  // the model's own: causal & window(6) on layer 0
        s.layer = 0;
        s.scale.reset();
        const TracePtr full = buildTrace(s);
        QVERIFY(!full->isPooled());
        QVERIFY(full->qLen() > 20);
        QVERIFY(!pooledPathReason(full->scenario).has_value());
        {
            const BudgetOverride budget("1000");  // no full trace fits
            QVERIFY(pooledPathReason(full->scenario).has_value());
            LiveSession session(
                BackendRegistry::builtin().create({"cpu", -1, {2, {}}}).value().backend);
            session.document()->reset(s, probabilityOptions());
            QTRY_VERIFY_WITH_TIMEOUT(session.trace() && session.trace()->isPooled() &&
                                         session.trace()->pooled->fraction == 1.0,
                                     30000);
            const TracePtr pooled = session.trace();
            QVERIFY(pooled->steps.probs.empty());
            QVERIFY(pooled->model.inputs);  // the layers stay reachable: the atlas reads them
            QCOMPARE(pooled->scenario.mask, full->scenario.mask);
            QVERIFY(pooled->queryTokens == full->queryTokens);
            QVERIFY(QString::fromStdString(pooled->pooled->reason.message).contains("budget"));
            // Its maps are the materialised trace's, max-pooled, masked cells grey.
            const DisplayMatrices a = displayMatrices(*full, probabilityOptions(), 16);
            const DisplayMatrices b = displayMatrices(*pooled, probabilityOptions(), 16);
            QCOMPARE(b.values.shape(), a.values.shape());
            QVERIFY(a.anyMasked && b.anyMasked);
            double top = 0;
            for (int64_t i = 0; i < a.values.size(); ++i) {
                QCOMPARE(std::isnan(b.values[i]), std::isnan(a.values[i]));
                if (std::isnan(a.values[i])) continue;
                QVERIFY2(std::abs(b.values[i] - a.values[i]) <= 1e-5,
                         qPrintable(QString::number(i)));
                top = std::max(top, double(a.values[i]));
            }
            QVERIFY(top > 0.5);
            // The atlas of the whole model shows it.
            ViewDeck deck;
            deck.resize(1100, 800);
            deck.show();
            QVERIFY(QTest::qWaitForWindowExposed(&deck));
            deck.setOptions(probabilityOptions());
            deck.setTrace(pooled);
            for (int i = 0; i < deck.count(); ++i)
                if (qobject_cast<AtlasView*>(deck.widget(i))) deck.setCurrentIndex(i);
            auto* atlas = qobject_cast<AtlasView*>(deck.currentView());
            QVERIFY(atlas);
            QVERIFY(deck.unavailableText().isEmpty());
            QTRY_VERIFY_WITH_TIMEOUT(atlas->atlas() && atlas->trace() == pooled, 30000);
            QCOMPARE(atlas->atlas()->layers, int64_t(4));
            QCOMPARE(int64_t(atlas->cells().size()), int64_t(4 * pooled->heads()));
        }
    }

    void theAtlasOfAOneLayerTraceComesFromItsOwnPass() {
        // The pooled pass of a one-layer trace keeps the atlas's row figures and small maps: its
        // atlas equals the one the atlas's own pass makes of the materialised trace, and its
        // maps are the materialised probabilities mean-pooled.
        const Scenario s = longScenario(600);
        const TracePtr pooled = pooledTrace(s);
        const TracePtr full = buildTrace(s);
        QVERIFY(!pooled->pooled->attention->map.empty());
        QVERIFY(full->inputs.get() != pooled->inputs.get());
        const ModelAtlasPtr a = modelAtlas(*pooled, 0), b = modelAtlas(*full, 0);
        QVERIFY(a && b && a != b);
        // What the trace's own pass kept, read directly.
        const std::vector<AtlasHead> direct = atlasFromPooled(*pooled->pooled->attention, 0, 0);
        QCOMPARE(direct.size(), a->cells.size());
        QCOMPARE(a->layers, int64_t(1));
        QCOMPARE(a->heads, b->heads);
        QCOMPARE(a->keys, b->keys);
        QCOMPARE(a->cells.size(), b->cells.size());
        auto close = [](double x, double y, double tol) {
            return (std::isnan(x) && std::isnan(y)) || std::abs(x - y) <= tol;
        };
        const Tensor& probs = full->steps.probs;  // [1, H, L, L]
        const int64_t L = probs.dim(2);
        double top = 0;
        for (size_t c = 0; c < a->cells.size(); ++c) {
            const AtlasHead &x = a->cells[c], &y = b->cells[c];
            QCOMPARE(x.map.shape(), y.map.shape());
            const int64_t n = x.map.dim(0), m = x.map.dim(1);
            for (int64_t i = 0; i < n; ++i)
                for (int64_t j = 0; j < m; ++j) {
                    QVERIFY(close(x.map[i * m + j], y.map[i * m + j], 1e-5));
                    // The materialised probabilities, mean-pooled over the cell.
                    const int64_t r0 = i * L / n, r1 = (i + 1) * L / n;
                    const int64_t c0 = j * L / m, c1 = (j + 1) * L / m;
                    double sum = 0;
                    for (int64_t r = r0; r < r1; ++r)
                        for (int64_t k = c0; k < c1; ++k)
                            sum += probs[(int64_t(c) * L + r) * L + k];
                    const double mean = sum / double((r1 - r0) * (c1 - c0));
                    QVERIFY(close(direct[c].map[i * m + j], mean, 1e-5));
                    QVERIFY2(close(x.map[i * m + j], mean, 1e-5),
                             qPrintable(QString("head %1 cell %2,%3").arg(c).arg(i).arg(j)));
                    top = std::max(top, mean);
                }
            for (int k = 0; k < kHeadMetricCount; ++k)
                QVERIFY(close(direct[c].metrics[size_t(k)], y.metrics[size_t(k)], 1e-4));
            const QString differs = atlasFiguresDiffer(x, y);
            QVERIFY2(differs.isEmpty(), qPrintable(QString("head %1: %2").arg(c).arg(differs)));
        }
        QVERIFY(top > 0.05);  // far from uniform (1/600 per pair on average)

        // The materialised trace's atlas comes from its steps (the backend's row figures and
        // column sums): the same as the atlas's own pass over its Q and K (checked against NumPy
        // in tst_lens).
        const std::vector<AtlasHead> fromSteps = traceAtlasFromSteps(*full, 0, kAtlasCells, 2);
        QCOMPARE(fromSteps.size(), b->cells.size());
        auto layer = traceLayer(*full, 0, 0);
        QVERIFY(layer);
        const std::vector<AtlasHead> ownPass = atlasLayer(*layer, 0, kAtlasCells, 2);
        QCOMPARE(ownPass.size(), fromSteps.size());
        for (size_t c = 0; c < ownPass.size(); ++c) {
            const AtlasHead &x = fromSteps[c], &y = ownPass[c];
            QCOMPARE(x.map.shape(), y.map.shape());
            for (int64_t i = 0; i < x.map.size(); ++i) QVERIFY(close(x.map[i], y.map[i], 1e-5));
            const QString differs = atlasFiguresDiffer(x, y);
            QVERIFY2(differs.isEmpty(),
                     qPrintable(QString("steps: head %1: %2").arg(c).arg(differs)));
        }
        QVERIFY(traceAtlasFromSteps(*pooled, 0, kAtlasCells).empty());  // no steps to read
    }

    void cancelStopsThePooledPass() {
        const BudgetOverride budget("1000");
        LiveSession session(
            BackendRegistry::builtin().create({"cpu", -1, {2, {}}}).value().backend);
        QSignalSpy cancelled(&session, &LiveSession::cancelled);
        QSignalSpy started(&session, &LiveSession::computeStarted);
        session.document()->reset(longScenario(8192, "causal"));
        QTRY_VERIFY_WITH_TIMEOUT(started.size() == 1, 10000);
        session.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(cancelled.size() == 1, 30000);
        QVERIFY(!session.trace() || session.trace()->qLen() != 8192 ||
                session.trace()->pooled->fraction < 1.0);
    }
};

QTEST_MAIN(TestPooledViews)
#include "tst_pooledviews.moc"
