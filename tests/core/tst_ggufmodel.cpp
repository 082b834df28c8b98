// GGUF files as models (SPEC §11): the fixture models converted by llama.cpp's own converter
// (scripts/make_gguf_model_fixtures.py) — Q/K rows permuted, Llama 3's rope frequencies as a
// rope_freqs tensor, BERT's WordPiece vocabulary rewritten with phantom spaces, the tokenizer in
// the metadata — must give the attentions transformers gave for the Hugging Face folders, and the
// same token ids (those llama.cpp gave, when the fixture script could run llama.cpp).

#include <QtTest>

#include "TestSupport.h"
#include "core/io/GgufFile.h"
#include "core/io/NpzArchive.h"
#include "core/model/GgufModel.h"
#include "core/model/ModelCache.h"
#include "core/tokenizer/Tokenizer.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {
QString path(const QString& relative) {
    return dataPath(relative);
}

QJsonObject readObject(const QString& p) {
    QFile f(p);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}
}  // namespace

class TestGgufModel : public QObject {
    Q_OBJECT
private slots:
    void matchesTransformers_data();
    void matchesTransformers();
    void idsAreLlamaCpps();
    void bertIsBertsFolder();
    void quantizedFileRuns();
    void refusesWhatItCannotRun();
};

void TestGgufModel::matchesTransformers_data() {
    QTest::addColumn<QJsonObject>("entry");
    QTest::addColumn<QString>("text");
    const QJsonArray cases = readObject(path("gguf-models/index.json"))["cases"].toArray();
    QStringList archs;
    for (const auto& c : cases) archs << c.toObject()["case"].toString();
    for (const char* arch : {"llama", "qwen2", "gpt2", "bert"})
        QVERIFY2(archs.contains(arch), arch);
    for (const auto& c : cases) {
        const QJsonObject e = c.toObject();
        if (e["outtype"].toString() != "f32") continue;
        for (const char* text : {"en_code", "zh_emoji"})
            QTest::newRow(qPrintable(e["file"].toString() + "/" + text)) << e << QString(text);
    }
}

void TestGgufModel::matchesTransformers() {
    QFETCH(QJsonObject, entry);
    QFETCH(QString, text);
    const QString file = path("gguf-models/" + entry["file"].toString());
    QVERIFY(GgufModel::isGguf(file));
    auto model = Model::open(file);  // a .gguf file opens like a folder
    QVERIFY2(model, model ? "" : model.error().c_str());
    QVERIFY2((*model)->tokenizer(), (*model)->tokenizerError().c_str());
    const QString golden = path("models/" + entry["golden"].toString() + "/");

    // Token ids: the fixture tokenizers' regexes are llama.cpp's pre-tokenizers, so the file's
    // tokenizer gives AutoTokenizer's ids (and llama.cpp's, recorded when it could run).
    QString sentence;
    QJsonArray hfIds;
    for (const auto& t : readObject(golden + "tokens.json")["texts"].toArray())
        if (t.toObject()["name"].toString() == text) {
            sentence = t.toObject()["text"].toString();
            hfIds = t.toObject()["ids"].toArray();
        }
    const Encoding e = (*model)->tokenizer()->encode(sentence.toStdString());
    QJsonArray ids;
    for (int64_t id : e.ids) ids.append(double(id));
    QCOMPARE(ids, hfIds);
    if (entry.contains("ids")) QCOMPARE(ids, entry["ids"].toObject()[text].toArray());

    auto npz = NpzArchive::open(golden + text + ".npz");
    QVERIFY(npz);
    auto input = npz->readFloat("input_ids"), attentions = npz->readFloat("attentions");
    QVERIFY(input && attentions);
    std::vector<int64_t> goldenIds;
    for (float v : *input) goldenIds.push_back(int64_t(v));
    auto run = (*model)->run(goldenIds, RunOptions{2, {}, {}});
    QVERIFY2(run, run ? "" : run.error().c_str());
    CpuBackend cpu({2, CpuBackend::Gemm::OpenBlas});
    for (const LayerCapture& cap : run->layers) {
        auto trace = TraceBuilder::build(layerTraceRequest(cap), cpu);
        QVERIFY(trace);
        const QString diff = compareArrays(leadingSlice(trace.value()->steps.probs, 0),
                                           leadingSlice(*attentions, cap.layer), 0, 1e-4);
        QVERIFY2(diff.isEmpty(), qPrintable(QString("layer %1: ").arg(cap.layer) + diff));
    }
}

void TestGgufModel::idsAreLlamaCpps() {
    // Every fixture text, through the tokenizer of each GGUF file, against the ids llama.cpp
    // gave for the same file (recorded by the fixture script when llama-cpp-python was there).
    int compared = 0;
    for (const auto& c : readObject(path("gguf-models/index.json"))["cases"].toArray()) {
        const QJsonObject e = c.toObject();
        if (!e.contains("ids")) continue;
        auto file = GgufFile::open(path("gguf-models/" + e["file"].toString()));
        QVERIFY(file);
        auto tok = GgufModel::tokenizer(*file);
        QVERIFY2(tok, tok ? "" : tok.error().c_str());
        const QString golden = path("models/" + e["golden"].toString() + "/tokens.json");
        for (const auto& t : readObject(golden)["texts"].toArray()) {
            const QString name = t.toObject()["name"].toString();
            const Encoding enc = (*tok)->encode(t.toObject()["text"].toString().toStdString());
            QJsonArray ids;
            for (int64_t id : enc.ids) ids.append(double(id));
            QVERIFY2(ids == e["ids"].toObject()[name].toArray(),
                     qPrintable(e["file"].toString() + " / " + name));
            ++compared;
        }
        // Texts where llama.cpp departs from transformers (BERT: \v \f as whitespace, every
        // mark stripped, no limit on a word's length): ours follows llama.cpp.
        for (const auto& x : e["extra"].toArray()) {
            const QString text = x.toObject()["text"].toString();
            const Encoding enc = (*tok)->encode(text.toStdString());
            QJsonArray ids;
            for (int64_t id : enc.ids) ids.append(double(id));
            QVERIFY2(ids == x.toObject()["ids"].toArray(),
                     qPrintable(e["file"].toString() + " / " + text.left(40)));
            ++compared;
        }
    }
    if (compared == 0) QSKIP("the fixtures hold no llama.cpp ids (llama-cpp-python was absent)");
}

void TestGgufModel::bertIsBertsFolder() {
    // The BERT GGUF file is the Hugging Face folder's model: a bidirectional post-norm encoder
    // with its config, and the WordPiece vocabulary the converter rewrote with phantom spaces
    // ("\u2581word", "piece" for "##piece") rebuilt token for token.
    auto gguf = Model::open(path("gguf-models/bert.f32.gguf"));
    auto hf = Model::open(path("models/bert"));
    QVERIFY2(gguf, gguf ? "" : gguf.error().c_str());
    QVERIFY2(hf, hf ? "" : hf.error().c_str());
    const ModelConfig &a = (*gguf)->config(), &b = (*hf)->config();
    QVERIFY(a.arch == Architecture::Bert);
    QCOMPARE(a.maskExpression(0), std::string("full"));
    for (auto [x, y] : {std::pair{a.hidden, b.hidden},
                        {a.layers, b.layers},
                        {a.heads, b.heads},
                        {a.intermediate, b.intermediate},
                        {a.vocab, b.vocab},
                        {a.maxPositions, b.maxPositions},
                        {a.typeVocab, b.typeVocab}})
        QCOMPARE(x, y);
    QVERIFY(std::abs(a.normEps - b.normEps) < 1e-15);
    QVERIFY(a.activation == b.activation);
    const auto t = (*gguf)->tokenizer(), u = (*hf)->tokenizer();
    QVERIFY(t && u);
    QCOMPARE(t->vocabSize(), u->vocabSize());
    for (int64_t id = 0; id < u->vocabSize(); ++id)
        QVERIFY2(t->tokenString(id) == u->tokenString(id),
                 qPrintable(QString("id %1: %2 vs %3")
                                .arg(id)
                                .arg(QString::fromStdString(t->tokenString(id)),
                                     QString::fromStdString(u->tokenString(id)))));
    const Encoding e = t->encode("Tokenization works!"), f = u->encode("Tokenization works!");
    QVERIFY(e.tokens == f.tokens);
    QVERIFY(e.labels == f.labels);
}

void TestGgufModel::quantizedFileRuns() {
    auto model = Model::open(path("gguf-models/llama.q8_0.gguf"));
    QVERIFY2(model, model ? "" : model.error().c_str());
    auto run = (*model)->run({1, 20, 40, 300, 7}, RunOptions{2, {}, {}});
    QVERIFY(run);
    QCOMPARE(int64_t(run->layers.size()), (*model)->config().layers);
    for (const LayerCapture& cap : run->layers)
        for (float v : cap.q) QVERIFY(std::isfinite(v));
}

void TestGgufModel::refusesWhatItCannotRun() {
    // A GGUF file without a model (the I/O fixtures hold bare tensors).
    auto bare = Model::open(path("gguf/metadata_v3.gguf"));
    QVERIFY(!bare);
    QVERIFY2(QString::fromStdString(bare.error()).contains("architecture") ||
                 QString::fromStdString(bare.error()).contains("the GGUF metadata has no"),
             bare.error().c_str());
    // A damaged file: the reader's message, with its offset.
    QTemporaryDir tmp;
    const QString cut = tmp.filePath("cut.gguf");
    QFile::copy(path("gguf-models/llama.f32.gguf"), cut);
    QFile::setPermissions(cut, QFile::ReadOwner | QFile::WriteOwner);
    QVERIFY(QFile::resize(cut, 4000));
    auto truncated = Model::open(cut);
    QVERIFY(!truncated);
    QVERIFY2(QString::fromStdString(truncated.error()).contains("offset"),
             truncated.error().c_str());
}

QTEST_GUILESS_MAIN(TestGgufModel)
#include "tst_ggufmodel.moc"
