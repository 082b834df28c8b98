// Models run natively (SPEC §11): tiny random models of every architecture, built and run by
// transformers 4.44.2 (scripts/make_model_fixtures.py), against our forward pass and engine:
// every layer's attention probabilities within 1e-4, the post-RoPE Q/K/V and the hidden-state
// norms; and every kind of bad model refused with a message that names the problem.

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "TestSupport.h"
#include "core/io/NpzArchive.h"
#include "core/model/Model.h"
#include "core/model/ModelCache.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {

QString models(const QString& relative = {}) {
    return dataPath("models/" + relative);
}

QJsonObject caseIndex() {
    QFile f(models("index.json"));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

std::vector<int64_t> idsOf(const Tensor& t) {
    std::vector<int64_t> ids;
    for (float v : t) ids.push_back(int64_t(v));
    return ids;
}

/// The engine's trace of one captured layer.
TracePtr traceOf(const LayerCapture& cap) {
    const TraceRequest request = layerTraceRequest(cap);
    CpuBackend cpu({2, CpuBackend::Gemm::OpenBlas});
    auto t = TraceBuilder::build(request, cpu);
    if (!t) qWarning("%s", t.error().c_str());
    return t ? t.value() : TracePtr();
}

/// A copy of a fixture folder in `dir` whose config.json `edit` changes.
QString editedCopy(const QTemporaryDir& dir, const QString& from,
                   const std::function<void(QJsonObject&)>& edit) {
    const QString to = dir.filePath(from);
    QDir().mkpath(to);
    for (const QString& f : QDir(models(from)).entryList(QDir::Files))
        QFile::copy(models(from) + "/" + f, to + "/" + f);
    QFile cfg(to + "/config.json");
    cfg.open(QIODevice::ReadOnly);
    QJsonObject o = QJsonDocument::fromJson(cfg.readAll()).object();
    cfg.close();
    edit(o);
    cfg.open(QIODevice::WriteOnly | QIODevice::Truncate);
    cfg.write(QJsonDocument(o).toJson());
    return to;
}

}  // namespace

class TestModel : public QObject {
    Q_OBJECT
private slots:
    void matchesTransformers_data();
    void matchesTransformers();
    void capturesOnlyTheLayersAsked();
    void refusesBadModels_data();
    void refusesBadModels();
    void refusesBadTokens();
    void modelSourceRunsOncePerText();
};

void TestModel::matchesTransformers_data() {
    QTest::addColumn<QJsonObject>("info");
    QTest::addColumn<QString>("golden");
    const QJsonArray cases = caseIndex()["cases"].toArray();
    QVERIFY2(cases.size() >= 8, "tests/data/models/index.json lists the fixture models");
    for (const auto& v : cases) {
        const QJsonObject c = v.toObject();
        const QJsonObject npz = c["golden"].toObject()["npz"].toObject();
        for (auto it = npz.begin(); it != npz.end(); ++it)
            QTest::newRow(qPrintable(c["name"].toString() + "/" + it.key()))
                << c << it.value().toString();
    }
}

void TestModel::matchesTransformers() {
    QFETCH(QJsonObject, info);
    QFETCH(QString, golden);
    auto model = Model::open(models(info["folder"].toString()));
    QVERIFY2(model, model ? "" : model.error().c_str());
    const ModelConfig& c = (*model)->config();
    QCOMPARE(QString(architectureName(c.arch)), info["model_type"].toString());
    QCOMPARE(c.layers, info["layers"].toInteger());
    QCOMPARE(c.heads, info["heads"].toInteger());
    QCOMPARE(c.kvHeads, info["kv_heads"].toInteger());
    QCOMPARE(c.dHead, info["d_head"].toInteger());

    auto npz = NpzArchive::open(models(golden));
    QVERIFY2(npz, npz ? "" : npz.error().c_str());
    auto ids = npz->readFloat("input_ids"), attentions = npz->readFloat("attentions"),
         norms = npz->readFloat("hidden_norms"), q = npz->readFloat("q"), k = npz->readFloat("k"),
         v = npz->readFloat("v");
    QVERIFY(ids && attentions && norms && q && k && v);

    RunOptions options;
    options.threads = 2;
    auto run = (*model)->run(idsOf(*ids), options);
    QVERIFY2(run, run ? "" : run.error().c_str());
    QCOMPARE(int64_t(run->layers.size()), c.layers);
    // Far from uniform, or a wrong scale or mask could pass: the fixture asserts a mean row
    // maximum ≥ 0.5; check it here on the reference too.
    double rowMax = 0;
    const int64_t L = int64_t(run->ids.size());
    for (int64_t r = 0; r < attentions->size() / L; ++r)
        rowMax += *std::max_element(attentions->data() + r * L, attentions->data() + (r + 1) * L);
    QVERIFY(rowMax / double(attentions->size() / L) >= 0.5);

    for (int64_t i = 0; i < c.layers; ++i) {
        const LayerCapture& cap = run->layers[size_t(i)];
        const QString where = QString("layer %1: ").arg(i);
        QCOMPARE(QString::fromStdString(cap.mask), info["masks"].toArray()[i].toString());
        QVERIFY(std::abs(cap.scale - info["scales"].toArray()[i].toDouble()) < 1e-9);
        QCOMPARE(cap.softCap, info["softcap"].isNull() ? 0.0 : info["softcap"].toDouble());
        QString diff = compareArrays(cap.q, leadingSlice(*q, i), 1e-4, 1e-4);
        QVERIFY2(diff.isEmpty(), qPrintable(where + "q: " + diff));
        diff = compareArrays(cap.k, leadingSlice(*k, i), 1e-4, 1e-4);
        QVERIFY2(diff.isEmpty(), qPrintable(where + "k: " + diff));
        diff = compareArrays(cap.v, leadingSlice(*v, i), 1e-4, 1e-4);
        QVERIFY2(diff.isEmpty(), qPrintable(where + "v: " + diff));
        Tensor n({L});
        std::copy(cap.hiddenNorms.begin(), cap.hiddenNorms.end(), n.begin());
        diff = compareArrays(n, leadingSlice(*norms, i), 1e-4, 1e-5);
        QVERIFY2(diff.isEmpty(), qPrintable(where + "hidden norms: " + diff));

        TracePtr trace = traceOf(cap);
        QVERIFY(trace);
        diff = compareArrays(leadingSlice(trace->steps.probs, 0), leadingSlice(*attentions, i), 0,
                             1e-4);
        QVERIFY2(diff.isEmpty(), qPrintable(where + "attention: " + diff));
    }
}

void TestModel::capturesOnlyTheLayersAsked() {
    auto model = Model::open(models("gemma2"));
    QVERIFY(model);
    const std::vector<int64_t> ids{2, 17, 40, 9, 33, 101, 7, 64};
    auto all = (*model)->run(ids, RunOptions{});
    auto one = (*model)->run(ids, RunOptions{1, {2}, {}});
    QVERIFY(all && one);
    QCOMPARE(one->layers.size(), size_t(1));
    QCOMPARE(one->layers[0].layer, int64_t(2));
    QCOMPARE(one->layers[0].mask, std::string("causal & window(6)"));
    QVERIFY(compareArrays(one->layers[0].q, all->layers[2].q, 0, 0).isEmpty());
    QVERIFY(compareArrays(one->layers[0].k, all->layers[2].k, 0, 0).isEmpty());
    auto none = (*model)->run(ids, RunOptions{1, {4}, {}});
    QVERIFY(!none);
    QVERIFY2(QString::fromStdString(none.error()).contains("layer 4 does not exist"),
             none.error().c_str());
}

void TestModel::refusesBadModels_data() {
    QTest::addColumn<QString>("folder");  // below tests/data/models, or a temporary copy
    QTest::addColumn<QString>("edit");    // how to break a copy of the llama fixture
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("missing folder") << "no_such_model"
                                    << "" << QStringList{"no such model"};
    QTest::newRow("unknown architecture")
        << "unknown_arch"
        << ""
        << QStringList{"unsupported architecture 'mamba'",
                       "bert, gpt2, llama, mistral, qwen2, gemma2"};
    QTest::newRow("weight shape disagrees") << "bad_shape"
                                            << "" << QStringList{"has shape", "the config expects"};
    QTest::newRow("rope scaling that changes attention")
        << ""
        << "yarn" << QStringList{"rope_scaling type 'yarn'", "default, llama3"};
    QTest::newRow("activation") << ""
                                << "act" << QStringList{"unsupported activation 'quick_gelu'"};
    QTest::newRow("heads not a multiple of kv heads")
        << ""
        << "kv" << QStringList{"multiple of kv heads"};
    QTest::newRow("no weights") << ""
                                << "noweights" << QStringList{"no weights in"};
    QTest::newRow("truncated weights") << ""
                                       << "truncated" << QStringList{"model.safetensors"};
    QTest::newRow("config not json") << ""
                                     << "garbage" << QStringList{"not a JSON object"};
}

void TestModel::refusesBadModels() {
    QFETCH(QString, folder);
    QFETCH(QString, edit);
    QFETCH(QStringList, expected);
    QTemporaryDir tmp;
    QString path = models(folder);
    if (!edit.isEmpty()) {
        path = editedCopy(tmp, "llama", [&](QJsonObject& o) {
            if (edit == "yarn")
                o["rope_scaling"] = QJsonObject{{"rope_type", "yarn"}, {"factor", 4}};
            if (edit == "act") o["hidden_act"] = "quick_gelu";
            if (edit == "kv") o["num_key_value_heads"] = 3;
        });
        if (edit == "noweights") QFile::remove(path + "/model.safetensors");
        if (edit == "truncated") QFile::resize(path + "/model.safetensors", 5000);
        if (edit == "garbage") {
            QFile f(path + "/config.json");
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write("{\"model_type\": \"llama\", ");
        }
    }
    auto model = Model::open(path);
    QVERIFY(!model);
    for (const QString& e : expected)
        QVERIFY2(QString::fromStdString(model.error()).contains(e), model.error().c_str());
}

void TestModel::refusesBadTokens() {
    auto model = Model::open(models("gpt2"));
    QVERIFY(model);
    const ModelConfig& c = (*model)->config();
    auto empty = (*model)->run({}, RunOptions{});
    QVERIFY(!empty && QString::fromStdString(empty.error()).contains("no tokens"));
    auto outside = (*model)->run({1, c.vocab, 2}, RunOptions{});
    QVERIFY(!outside);
    QVERIFY2(
        QString::fromStdString(outside.error()).contains("position 1 is outside the vocabulary"),
        outside.error().c_str());
    auto negative = (*model)->run({-1}, RunOptions{});
    QVERIFY(!negative);
    std::vector<int64_t> tooLong(size_t(c.maxPositions + 1), 5);
    auto longer = (*model)->run(tooLong, RunOptions{});
    QVERIFY(!longer);
    QVERIFY2(QString::fromStdString(longer.error()).contains("positions"), longer.error().c_str());
    tooLong.pop_back();
    QVERIFY((*model)->run(tooLong, RunOptions{}));  // exactly the positions the model has
}

void TestModel::modelSourceRunsOncePerText() {
    // The golden text and attentions of the Gemma 2 fixture.
    QFile f(models("gemma2/golden/tokens.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QString text;
    for (const auto& t : QJsonDocument::fromJson(f.readAll()).object()["texts"].toArray())
        if (t.toObject()["name"].toString() == "zh_emoji") text = t.toObject()["text"].toString();
    auto npz = NpzArchive::open(models("gemma2/golden/zh_emoji.npz"));
    QVERIFY(npz && !text.isEmpty());
    auto attentions = npz->readFloat("attentions");
    QVERIFY(attentions);

    Scenario s;
    s.source = SourceKind::Model;
    s.modelPath = models("gemma2").toStdString();
    s.modelText = text.toStdString();
    s.mask.clear();  // the model's own
    ModelCache::shared().clear();
    const int before = ModelCache::shared().runs();
    CpuBackend cpu({2, CpuBackend::Gemm::OpenBlas});
    TracePtr previous;
    for (int layer : {0, 1, 2, 3}) {
        s.layer = layer;
        auto t = TraceBuilder::build(TraceRequest{s, {}, {}, {}}, cpu, {}, previous);
        QVERIFY2(t, t ? "" : t.error().c_str());
        previous = t.value();
        QCOMPARE(previous->scenario.mask,
                 layer % 2 == 0 ? std::string("causal & window(6)") : std::string("causal"));
        QCOMPARE(previous->queryTokens.size(), size_t(previous->qLen()));
        QCOMPARE(previous->queryTokens.front(), std::string("<bos>"));
        const QString diff = compareArrays(leadingSlice(previous->steps.probs, 0),
                                           leadingSlice(*attentions, layer), 0, 1e-4);
        QVERIFY2(diff.isEmpty(), qPrintable(QString("layer %1: ").arg(layer) + diff));
    }
    s.mask = "causal";  // a what-if mask on a sliding layer
    s.layer = 0;
    auto whatIf = TraceBuilder::build(TraceRequest{s, {}, {}, {}}, cpu);
    QVERIFY(whatIf);
    QCOMPARE(whatIf.value()->scenario.mask, std::string("causal"));
    QCOMPARE(ModelCache::shared().runs(), before + 1);  // four layers and a mask: one run
    s.modelText += " more";
    std::vector<double> progress;  // the forward pass reports each layer, rising
    QVERIFY(TraceBuilder::build(TraceRequest{s, {}, {}, {}}, cpu, {}, {},
                                [&](double f) { progress.push_back(f); }));
    QCOMPARE(ModelCache::shared().runs(), before + 2);  // a new text runs it again
    QVERIFY(std::is_sorted(progress.begin(), progress.end()));
    QCOMPARE(
        std::count_if(progress.begin(), progress.end(), [](double f) { return f > 0 && f < 0.25; }),
        std::ptrdiff_t(3));  // layers 1–3 of 4; the 4th is the quarter mark
    QCOMPARE(progress.back(), 1.0);

    // A session saves the source and reads it back.
    QTemporaryDir tmp;
    const QString path = tmp.filePath("model.attnscope.json");
    QVERIFY(s.save(path));
    auto loaded = Scenario::load(path);
    QVERIFY2(loaded, loaded ? "" : loaded.error().c_str());
    QVERIFY(*loaded == s);
    s.layer = 7;
    auto missing = TraceBuilder::build(TraceRequest{s, {}, {}, {}}, cpu);
    QVERIFY(!missing && QString::fromStdString(missing.error()).contains("layer 7 does not exist"));
}

QTEST_GUILESS_MAIN(TestModel)
#include "tst_model.moc"
