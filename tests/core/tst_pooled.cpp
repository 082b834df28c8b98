// The pooled path (issue 16): every result equals pooling the materialised trace — frame means,
// the probability each key receives, row entropies, the sink score and viewports (max and mean)
// — across masks with empty tiles, GQA, cross-attention with offsets, padded batches and
// soft-capping; with plain loops over the trace's probabilities as the reference.

#include <QtTest>

#include "TestSupport.h"
#include "core/analysis/FramePooling.h"
#include "core/analysis/PooledAttention.h"
#include "core/analysis/SinkScore.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {

Scenario scenario(int64_t batch, int64_t heads, int64_t kvHeads, int64_t lq, int64_t lk,
                  const char* mask, int64_t qOffset = 0, double softCap = 0) {
    Scenario s;
    s.seed = 20261130;
    s.batch = batch;
    s.heads = heads;
    s.kvHeads = kvHeads;
    s.qLen = lq;
    s.kvLen = lk;
    s.crossAttention = lq != lk;
    s.dHead = 16;
    s.dModel = 64;
    s.mask = mask;
    s.qOffset = qOffset;
    s.softCap = softCap;
    s.scale = 0.6;  // peaky attention: far from uniform
    return s;
}

}  // namespace

Q_DECLARE_METATYPE(attnscope::Scenario)

class TestPooled : public QObject {
    Q_OBJECT
private slots:
    void equalsPoolingTheMaterialisedTrace_data() {
        QTest::addColumn<Scenario>("s");
        QTest::addColumn<int>("frames");
        QTest::newRow("causal GQA, frames of 64") << scenario(1, 4, 2, 300, 300, "causal") << 64;
        QTest::newRow("chunked causal: empty tiles, frames of 7")
            << scenario(1, 2, 2, 260, 260, "chunk(16) & causal") << 7;
        QTest::newRow("sliding window, soft-cap")
            << scenario(1, 3, 1, 333, 333, "causal & window(40)", 0, 3.0) << 32;
        QTest::newRow("documents") << scenario(1, 2, 1, 240, 240, "docs(80, 100, 60)") << 16;
        QTest::newRow("cross-attention with offsets")
            << scenario(1, 2, 2, 90, 210, "causal", 120) << 10;
        QTest::newRow("padded batch: empty rows")
            << scenario(2, 2, 1, 150, 150, "causal & pad(140, 100)") << 64;
        QTest::newRow("one frame per token") << scenario(1, 2, 2, 50, 50, "full") << 1;
    }

    void equalsPoolingTheMaterialisedTrace() {
        QFETCH(Scenario, s);
        QFETCH(int, frames);
        const TracePtr t = buildTrace(s);
        const Tensor& probs = t->steps.probs;
        const int64_t B = probs.dim(0), H = probs.dim(1), Lq = probs.dim(2), Lk = probs.dim(3);
        auto mask = MaskExpr::parse(t->scenario.mask);
        QVERIFY(mask);
        PooledRequest request;
        request.frames = frames;
        request.viewport = true;
        request.region = {Lq / 5, Lq - 3, Lk / 7, Lk};
        request.width = 37;
        request.height = 23;
        for (PoolMode mode : {PoolMode::Max, PoolMode::Mean}) {
            request.mode = mode;
            for (int threads : {1, 2}) {
                auto pooled = pooledAttention(t->q, t->k, *mask, t->maskShape, t->scale,
                                              float(t->scenario.softCap), request, threads);
                QVERIFY2(pooled, pooled ? "" : pooled.error().c_str());
                const PooledAttention& p = pooled.value();
                for (int64_t b = 0; b < B; ++b)
                    for (int64_t h = 0; h < H; ++h) {
                        const float* a = probs.data() + (b * H + h) * Lq * Lk;
                        // Frames: the mean over each frame pair, masked pairs counting 0.
                        const Tensor f = poolFrames(a, Lq, Lk, FrameSpec::fixed(frames),
                                                    FrameSpec::fixed(frames), PoolMode::Mean);
                        const int64_t Fq = f.dim(0), Fk = f.dim(1);
                        for (int64_t i = 0; i < Fq * Fk; ++i)
                            QVERIFY2(
                                std::abs(p.frameProbs[(b * H + h) * Fq * Fk + i] - f[i]) < 1e-5,
                                qPrintable(QString("b%1 h%2 frame cell %3").arg(b).arg(h).arg(i)));
                        // Received, entropy.
                        for (int64_t j = 0; j < Lk; ++j) {
                            double col = 0;
                            for (int64_t i = 0; i < Lq; ++i) col += a[i * Lk + j];
                            QVERIFY(std::abs(p.received[(b * H + h) * Lk + j] - col) <
                                    1e-5 * (1 + col));
                        }
                        for (int64_t i = 0; i < Lq; ++i) {
                            double e = 0;
                            for (int64_t j = 0; j < Lk; ++j)
                                if (a[i * Lk + j] > 0)
                                    e -= a[i * Lk + j] * std::log(double(a[i * Lk + j]));
                            QVERIFY2(std::abs(p.entropy[(b * H + h) * Lq + i] - e) < 1e-4,
                                     qPrintable(QString("row %1: %2 vs %3")
                                                    .arg(i)
                                                    .arg(p.entropy[(b * H + h) * Lq + i])
                                                    .arg(e)));
                        }
                        // α_k: the mean over the queries the mask lets see key k.
                        const BoolArray& m = t->steps.mask;
                        const int64_t mb = m.dim(0) > 1 ? b : 0;
                        for (int64_t j = 0; j < Lk; ++j) {
                            double sum = 0;
                            int64_t seen = 0;
                            for (int64_t i = 0; i < Lq; ++i)
                                if (m[(mb * Lq + i) * Lk + j]) {
                                    sum += a[i * Lk + j];
                                    ++seen;
                                }
                            const float got = p.keyMean[(b * H + h) * Lk + j];
                            if (seen == 0)
                                QVERIFY(std::isnan(got));
                            else
                                QVERIFY(std::abs(got - sum / double(seen)) < 1e-5);
                        }
                        const double sink = sinkScore(meanOfRows(a, Lq, Lk, {})).sink;
                        QVERIFY(std::abs(p.sink[b * H + h] - sink) < 1e-5);
                        // Exact zoom: any region's cells from Q, K and the rows' shifts alone.
                        const MatrixRegion zoom{Lq / 3, Lq / 3 + 17, Lk / 4, Lk / 4 + 29};
                        auto cells = exactCells(t->q, t->k, *mask, t->maskShape, t->scale,
                                                float(t->scenario.softCap), p.rowShift, b, h, zoom);
                        QVERIFY2(cells, cells ? "" : cells.error().c_str());
                        for (int64_t i = zoom.row0; i < zoom.row1; ++i)
                            for (int64_t j = zoom.col0; j < zoom.col1; ++j)
                                QVERIFY2(std::abs((*cells)[(i - zoom.row0) * 29 + j - zoom.col0] -
                                                  a[i * Lk + j]) < 1e-6,
                                         qPrintable(QString("zoom cell %1, %2").arg(i).arg(j)));
                        const Tensor v = poolToViewport(a, Lk, request.region, request.height,
                                                        request.width, mode);
                        const int64_t n = v.size();
                        for (int64_t i = 0; i < n; ++i)
                            QVERIFY2(std::abs(p.viewport[(b * H + h) * n + i] - v[i]) < 1e-5,
                                     qPrintable(QString("viewport cell %1").arg(i)));
                    }
            }
        }
    }

    void refusesWhatCannotBe() {
        const TracePtr t = buildTrace(scenario(1, 2, 2, 40, 40, "causal"));
        auto mask = MaskExpr::parse("causal");
        PooledRequest r;
        r.viewport = true;
        r.region = {0, 41, 0, 40};
        r.width = r.height = 10;
        auto p = pooledAttention(t->q, t->k, *mask, t->maskShape, t->scale, 0, r, 1);
        QVERIFY(!p);
        QVERIFY(QString::fromStdString(p.error()).contains("inside the 40 × 40"));
        r.viewport = false;
        r.frames = 0;
        QVERIFY(!pooledAttention(t->q, t->k, *mask, t->maskShape, t->scale, 0, r, 1));
        r.frames = 8;
        int polls = 0;
        auto cancelled = pooledAttention(t->q, t->k, *mask, t->maskShape, t->scale, 0, r, 1,
                                         [&] { return ++polls > 0; });
        QVERIFY(!cancelled);
        QCOMPARE(QString::fromStdString(cancelled.error()), QString("cancelled"));
        // What a materialised trace of 32k tokens would hold: 12 heads × 3 float tensors + mask.
        QVERIFY(materialisedBytes(1, 12, 32768, 32768) > 150e9);
    }
};

QTEST_MAIN(TestPooled)
#include "tst_pooled.moc"
