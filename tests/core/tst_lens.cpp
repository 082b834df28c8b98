// The analysis behind the views of a whole model (issue 15) against NumPy and transformers
// (scripts/make_lens_golden.py): atlas maps and head metrics computed block by block, the per-key
// sink metric over texts, value-weighted norms ‖α v W_O‖, hiding tokens with renormalised rows;
// and, on two fixture models, the value norms the forward pass captures against transformers'
// own value projections and output weights.

#include <QJsonArray>
#include <QtTest>

#include "TestSupport.h"
#include "core/analysis/HeadAtlas.h"
#include "core/analysis/SinkLens.h"
#include "core/analysis/ViewportPooling.h"
#include "core/engine/SyntheticGenerator.h"
#include "core/io/NpzArchive.h"
#include "core/model/Model.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {

QString lens(const QString& name) {
    return QStringLiteral(ATTNSCOPE_TEST_DATA "/golden/lens/") + name;
}

NpzArchive open(const QString& name) {
    auto z = NpzArchive::open(lens(name));
    if (!z) qFatal("%s", z.error().c_str());
    return std::move(z).value();
}

Tensor floats(const NpzArchive& z, const char* name) {
    auto t = z.readFloat(name);
    if (!t) qFatal("%s: %s", name, t.error().c_str());
    return std::move(t).value();
}

/// Row `i` of a [n, …] tensor as its own tensor.
Tensor row(const Tensor& t, int64_t i) {
    Shape s(t.shape().begin() + 1, t.shape().end());
    Tensor out(s);
    std::copy(t.data() + i * out.size(), t.data() + (i + 1) * out.size(), out.data());
    return out;
}

QJsonObject caseNamed(const QString& name) {
    const QJsonObject index = QJsonDocument::fromJson(fileBytes(lens("index.json"))).object();
    for (const QJsonValue& c : index.value("cases").toArray())
        if (c.toObject().value("name").toString() == name) return c.toObject();
    qFatal("no case %s", qPrintable(name));
}

LayerAttention attentionOf(const QJsonObject& c, const NpzArchive& z) {
    LayerAttention a;
    a.q = floats(z, "q");
    a.k = floats(z, "k");
    a.mask = std::make_shared<const MaskExpr>(parseOrFail(c.value("mask").toString()));
    a.shape = makeShape(1, c.value("q_len").toInt(), c.value("kv_len").toInt(),
                        c.value("q_offset").toInt(), c.value("kv_offset").toInt());
    a.scale = float(c.value("scale").toDouble());
    a.softCap = float(c.value("soft_cap").toDouble());
    return a;
}

}  // namespace

class TestLens : public QObject {
    Q_OBJECT
private slots:
    void atlasEqualsNumpy_data() {
        QTest::addColumn<QString>("name");
        for (const char* n : {"causal_gqa", "window_softcap", "cross_offsets", "full"})
            QTest::newRow(n) << QString(n);
    }
    void atlasEqualsNumpy() {
        QFETCH(QString, name);
        const QJsonObject c = caseNamed(name);
        const NpzArchive z = open(name + ".npz");
        const LayerAttention a = attentionOf(c, z);
        const int64_t H = a.q.dim(0);
        for (int threads : {1, 2}) {
            const auto heads = atlasLayer(a, 7, c.value("cells").toInt(), threads);
            QCOMPARE(int64_t(heads.size()), H);
            const Tensor maps = floats(z, "maps");
            auto metrics = z.readDouble("metrics");
            auto received = z.readDouble("received");
            QVERIFY(metrics && received);
            for (int64_t h = 0; h < H; ++h) {
                QCOMPARE(heads[size_t(h)].layer, int64_t(7));
                QCOMPARE(heads[size_t(h)].head, h);
                const QString m = compareArrays(heads[size_t(h)].map, row(maps, h), 1e-5, 1e-6);
                QVERIFY2(m.isEmpty(), qPrintable(QString("head %1 map: %2").arg(h).arg(m)));
                for (int k = 0; k < kHeadMetricCount; ++k) {
                    const double want = (*metrics)[h * kHeadMetricCount + k];
                    const double got = heads[size_t(h)].metrics[size_t(k)];
                    QVERIFY2(
                        std::abs(got - want) <= 1e-5 + 1e-5 * std::abs(want),
                        qPrintable(QString("head %1 %2: %3 vs %4")
                                       .arg(h)
                                       .arg(QString::fromStdString(headMetricName(HeadMetric(k))))
                                       .arg(got)
                                       .arg(want)));
                }
                const int64_t Lk = a.k.dim(1);
                for (int64_t j = 0; j < Lk; ++j)
                    QVERIFY(std::abs(heads[size_t(h)].received[size_t(j)] -
                                     (*received)[h * Lk + j]) <= 1e-5);
            }
        }
        // The head a view draws large: the dense probabilities themselves.
        const Tensor probs = floats(z, "probs");
        const QString m =
            compareArrays(headProbabilities(a, H - 1, 2), row(probs, H - 1), 1e-5, 1e-6);
        QVERIFY2(m.isEmpty(), qPrintable(m));
    }

    void valueWeightedAndHiddenTokensEqualNumpy_data() { atlasEqualsNumpy_data(); }
    void valueWeightedAndHiddenTokensEqualNumpy() {
        QFETCH(QString, name);
        const QJsonObject c = caseNamed(name);
        const NpzArchive z = open(name + ".npz");
        const Tensor probs = floats(z, "probs"), v = floats(z, "v");
        const int64_t H = probs.dim(0), Lq = probs.dim(1), Lk = probs.dim(2);
        const Tensor wo = c.value("has_wo").toBool() ? floats(z, "wo") : Tensor();
        const Tensor norms = valueNorms(v, wo, H);
        QString m = compareArrays(norms, floats(z, "value_norms"), 1e-5, 1e-6);
        QVERIFY2(m.isEmpty(), qPrintable("value norms: " + m));
        const Tensor weighted = floats(z, "value_weighted");
        for (int64_t h = 0; h < H; ++h) {
            const Tensor w =
                valueWeighted(probs.data() + h * Lq * Lk, Lq, Lk, norms.data() + h * Lk);
            m = compareArrays(w, row(weighted, h), 1e-5, 1e-7);
            QVERIFY2(m.isEmpty(), qPrintable(QString("head %1: %2").arg(h).arg(m)));
        }
        // The sink carries little: its value-weighted share is below its attention share.
        double attention0 = 0, weighted0 = 0, attentionAll = 0, weightedAll = 0;
        for (int64_t i = 0; i < Lq; ++i)
            for (int64_t j = 0; j < Lk; ++j) {
                const double p = probs[i * Lk + j], w = p * norms[j];
                attentionAll += p;
                weightedAll += w;
                if (j == 0) attention0 += p, weighted0 += w;
            }
        QVERIFY(weighted0 / weightedAll < 0.5 * attention0 / attentionAll);

        m = compareArrays(withoutTokens(probs.data(), Lq, Lk, {3, 0}, {0, 3}), floats(z, "hidden"),
                          1e-5, 1e-7);
        QVERIFY2(m.isEmpty(), qPrintable("hidden tokens: " + m));
        m = compareArrays(withoutTokens(probs.data() + (H - 1) * Lq * Lk, Lq, Lk, {}, {0}),
                          floats(z, "sinks_removed"), 1e-5, 1e-7);
        QVERIFY2(m.isEmpty(), qPrintable("sink column removed: " + m));
        // On the worker pool's threads: the same.
        m = compareArrays(valueNorms(v, wo, H, 2), floats(z, "value_norms"), 1e-5, 1e-6);
        QVERIFY2(m.isEmpty(), qPrintable("value norms, 2 threads: " + m));
        m = compareArrays(valueWeighted(probs.data(), Lq, Lk, norms.data(), 2), row(weighted, 0),
                          1e-5, 1e-7);
        QVERIFY2(m.isEmpty(), qPrintable("value weighted, 2 threads: " + m));
        m = compareArrays(withoutTokens(probs.data(), Lq, Lk, {3, 0}, {0, 3}, 2),
                          floats(z, "hidden"), 1e-5, 1e-7);
        QVERIFY2(m.isEmpty(), qPrintable("hidden tokens, 2 threads: " + m));
    }

    void pooledLensEqualsPoolingNumpysMaps_data() { atlasEqualsNumpy_data(); }
    void pooledLensEqualsPoolingNumpysMaps() {
        // NumPy's value-weighted and sink-removed maps max-pooled (poolToViewport, checked
        // against NumPy in tst_pooling) to 7 cells a side, bins of uneven size.
        QFETCH(QString, name);
        const NpzArchive z = open(name + ".npz");
        const Tensor probs = floats(z, "probs"), weighted = floats(z, "value_weighted");
        const Tensor removed = floats(z, "sinks_removed"), norms = floats(z, "value_norms");
        const int64_t H = probs.dim(0), Lq = probs.dim(1), Lk = probs.dim(2);
        auto pool = [](const float* m, int64_t r, int64_t c) {
            return poolToViewport(m, c, {0, r, 0, c}, 7, 7, PoolMode::Max);
        };
        for (int threads : {1, 2}) {
            const PooledLens last = pooledLens(probs.data() + (H - 1) * Lq * Lk, Lq, Lk,
                                               norms.data() + (H - 1) * Lk, {0}, 7, threads);
            QString m =
                compareArrays(last.attention, pool(probs.data() + (H - 1) * Lq * Lk, Lq, Lk), 0, 0);
            QVERIFY2(m.isEmpty(), qPrintable("attention: " + m));
            m = compareArrays(last.valueWeighted, pool(weighted.data() + (H - 1) * Lq * Lk, Lq, Lk),
                              1e-5, 1e-7);
            QVERIFY2(m.isEmpty(), qPrintable("value weighted: " + m));
            m = compareArrays(last.withoutColumns, pool(removed.data(), Lq, Lk - 1), 1e-5, 1e-7);
            QVERIFY2(m.isEmpty(), qPrintable("sink removed: " + m));
            QCOMPARE(last.withoutColumns.dim(1), std::min<int64_t>(7, Lk - 1));
            // Without norms: no value-weighted map.
            QVERIFY(pooledLens(probs.data(), Lq, Lk, nullptr, {0}, 7).valueWeighted.empty());
        }
    }

    void pooledLensEqualsPoolingTheMatrices() {
        // A long, uneven head (1000 × 997 to 400 cells), sinks spread out and one past the end,
        // some cells not finite: the fused pass against materialising both matrices and pooling,
        // bit for bit.
        const int64_t Lq = 1000, Lk = 997;
        Tensor alpha({Lq, Lk});
        Rng rng(11);
        for (int64_t i = 0; i < Lq; ++i) {
            double sum = 0;
            for (int64_t j = 0; j < Lk; ++j)
                sum += alpha[i * Lk + j] = float(std::exp(4.0 * rng.normal()));
            for (int64_t j = 0; j < Lk; ++j) alpha[i * Lk + j] = float(alpha[i * Lk + j] / sum);
        }
        alpha[5 * Lk + 7] = std::numeric_limits<float>::quiet_NaN();
        std::vector<float> norms(static_cast<size_t>(Lk));
        for (auto& n : norms) n = float(std::abs(rng.normal()) * 3);
        const std::vector<int64_t> sinks{0, 1, 500, 996, 2000};
        auto pool = [](const Tensor& m) {
            return poolToViewport(m.data(), m.dim(1), {0, m.dim(0), 0, m.dim(1)}, 400, 400,
                                  PoolMode::Max);
        };
        const PooledLens lens = pooledLens(alpha.data(), Lq, Lk, norms.data(), sinks, 400, 2);
        QString m = compareArrays(lens.attention, pool(alpha), 0, 0);
        QVERIFY2(m.isEmpty(), qPrintable("attention: " + m));
        m = compareArrays(lens.valueWeighted,
                          pool(valueWeighted(alpha.data(), Lq, Lk, norms.data())), 0, 0);
        QVERIFY2(m.isEmpty(), qPrintable("value weighted: " + m));
        m = compareArrays(lens.withoutColumns, pool(withoutTokens(alpha.data(), Lq, Lk, {}, sinks)),
                          0, 0);
        QVERIFY2(m.isEmpty(), qPrintable("sinks removed: " + m));
        QCOMPARE(lens.withoutColumns.dim(1), int64_t(400));
        QVERIFY(std::isnan(lens.attention[2 * 400 + 2]) == false);  // one NaN cell is skipped
    }

    void sinkMetricOverTextsEqualsNumpy() {
        std::vector<Tensor> perText;
        for (int t = 0; t < 3; ++t) {
            const NpzArchive z = open(QString("sink_text%1.npz").arg(t));
            Tensor alpha({2, 3});
            for (int l = 0; l < 2; ++l) {
                LayerAttention a;
                a.q = floats(z, qPrintable(QString("q%1").arg(l)));
                a.k = floats(z, qPrintable(QString("k%1").arg(l)));
                const int L = int(a.q.dim(1));
                a.mask = std::make_shared<const MaskExpr>(parseOrFail("causal"));
                a.shape = makeShape(1, L, L);
                a.scale = float(1.0 / std::sqrt(8.0));
                const auto heads = atlasLayer(a, l, 4, 2);
                for (int h = 0; h < 3; ++h) alpha[l * 3 + h] = float(heads[size_t(h)].received[0]);
            }
            perText.push_back(alpha);
        }
        const SinkMetric metric = sinkMetric(perText, 0.3);
        const NpzArchive z = open("sink_metric.npz");
        const QString m = compareArrays(metric.alpha, floats(z, "alpha"), 1e-5, 1e-6);
        QVERIFY2(m.isEmpty(), qPrintable(m));
        QCOMPARE(metric.texts, int64_t(3));
        auto rate = z.readDouble("rate");
        QVERIFY(rate);
        QVERIFY(std::abs(metric.rate - (*rate)[0]) < 1e-9);
        QVERIFY(metric.rate > 0 && metric.rate < 1);  // some heads sink, some do not
    }

    void modelCapturesValueNormsAsTransformers_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("llama (GQA, RoPE)") << "llama";
        QTest::newRow("gpt2 (fused c_attn)") << "gpt2";
    }
    void modelCapturesValueNormsAsTransformers() {
        QFETCH(QString, name);
        auto model = Model::open(QStringLiteral(ATTNSCOPE_TEST_DATA "/models/") + name);
        QVERIFY2(model, model ? "" : model.error().c_str());
        const NpzArchive z = open("model_" + name + ".npz");
        auto ids = z.readDouble("ids");
        QVERIFY2(ids, ids ? "" : ids.error().c_str());
        std::vector<int64_t> tokens;
        for (double id : *ids) tokens.push_back(int64_t(id));
        auto run = model.value()->run(tokens, RunOptions{2, {}, {}});
        QVERIFY2(run, run ? "" : run.error().c_str());
        const Tensor norms = floats(z, "value_norms"), alpha0 = floats(z, "alpha0");
        const int64_t H = norms.dim(1), L = norms.dim(2);
        for (const LayerCapture& cap : run->layers) {
            const QString m = compareArrays(cap.valueNorms, row(norms, cap.layer), 1e-4, 1e-5);
            QVERIFY2(m.isEmpty(), qPrintable(QString("layer %1: %2").arg(cap.layer).arg(m)));
            LayerAttention a;
            a.q = cap.q;
            a.k = cap.k;
            a.mask =
                std::make_shared<const MaskExpr>(parseOrFail(QString::fromStdString(cap.mask)));
            a.shape = makeShape(1, int(L), int(L));
            a.scale = float(cap.scale);
            a.softCap = float(cap.softCap);
            const auto heads = atlasLayer(a, cap.layer, 16, 2);
            for (int64_t h = 0; h < H; ++h)
                QVERIFY2(std::abs(heads[size_t(h)].received[0] - alpha0[cap.layer * H + h]) < 1e-4,
                         qPrintable(QString("layer %1 head %2").arg(cap.layer).arg(h)));
        }
    }
};

QTEST_MAIN(TestLens)
#include "tst_lens.moc"
