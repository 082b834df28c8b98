// `attnscope model` as a user runs it (SPEC §9, §11): the .npz it writes against what
// transformers 4.44.2 returned for the same ids (scripts/make_model_fixtures.py), the JSON summary,
// layer selection, and exit code 2 with a message for every bad model or argument.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "TestSupport.h"
#include "core/io/NpzArchive.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {

QString models(const QString& relative) {
    return dataPath("models/" + relative);
}

QString idsArgument(const Tensor& ids) {
    QStringList parts;
    for (float v : ids) parts << QString::number(int64_t(v));
    return parts.join(',');
}

}  // namespace

class TestModelCli : public QObject {
    Q_OBJECT
private slots:
    void writesWhatTransformersReturns_data();
    void writesWhatTransformersReturns();
    void capturesTheLayersAsked();
    void tokenizeGivesAutoTokenizersIds_data();
    void tokenizeGivesAutoTokenizersIds();
    void runsOnText();
    void computeAndExportTraceALayer();
    void sinkMetricIsTransformers();
    void badInputExitsTwo_data();
    void badInputExitsTwo();

private:
    QTemporaryDir m_tmp;
};

void TestModelCli::writesWhatTransformersReturns_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("architecture");
    QTest::addColumn<QString>("firstMask");
    QTest::newRow("gpt2") << "gpt2"
                          << "gpt2"
                          << "causal";
    QTest::newRow("gemma2 (soft-cap, sliding layers)") << "gemma2"
                                                       << "gemma2"
                                                       << "causal & window(6)";
    QTest::newRow("bert (pytorch_model.bin)") << "bert_prefixed"
                                              << "bert"
                                              << "full";
}

void TestModelCli::writesWhatTransformersReturns() {
    QFETCH(QString, model);
    QFETCH(QString, architecture);
    QFETCH(QString, firstMask);
    auto golden = NpzArchive::open(models(model + "/golden/zh_emoji.npz"));
    QVERIFY(golden);
    auto ids = golden->readFloat("input_ids"), attentions = golden->readFloat("attentions"),
         q = golden->readFloat("q");
    QVERIFY(ids && attentions && q);
    const QString out = m_tmp.filePath(model + ".npz");
    const Run r = runCli({"model", models(model), "--ids", idsArgument(*ids), "--out", out, "--qkv",
                          "--json", "--threads", "2"});
    QVERIFY2(r.code == 0, qPrintable(r.err));

    const QJsonObject summary = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(summary["architecture"].toString(), architecture);
    QCOMPARE(summary["per_layer"].toArray()[0].toObject()["mask"].toString(), firstMask);
    QCOMPARE(summary["ids"].toArray().size(), int(ids->size()));

    auto npz = NpzArchive::open(out);
    QVERIFY(npz);
    QCOMPARE(npz->header("input_ids")->dtype, DType::I64);
    QCOMPARE(npz->header("attentions")->dtype, DType::F32);
    auto writtenIds = npz->readFloat("input_ids"), written = npz->readFloat("attentions"),
         writtenQ = npz->readFloat("q");
    QVERIFY(writtenIds && written && writtenQ);
    QVERIFY(compareArrays(*writtenIds, *ids, 0, 0).isEmpty());
    QString diff = compareArrays(*written, *attentions, 0, 1e-4);
    QVERIFY2(diff.isEmpty(), qPrintable("attentions: " + diff));
    diff = compareArrays(*writtenQ, *q, 1e-4, 1e-4);
    QVERIFY2(diff.isEmpty(), qPrintable("q: " + diff));
    QVERIFY(npz->contains("k") && npz->contains("v"));
}

void TestModelCli::capturesTheLayersAsked() {
    auto golden = NpzArchive::open(models("gemma2/golden/en_code.npz"));
    QVERIFY(golden);
    auto ids = golden->readFloat("input_ids"), attentions = golden->readFloat("attentions");
    QVERIFY(ids && attentions);
    const QString out = m_tmp.filePath("layers.npz");
    const Run r = runCli(
        {"model", models("gemma2"), "--ids", idsArgument(*ids), "--layers", "1,2-3", "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    auto npz = NpzArchive::open(out);
    QVERIFY(npz);
    QVERIFY(!npz->contains("q"));  // only with --qkv
    auto written = npz->readFloat("attentions");
    QVERIFY(written);
    const QString diff = compareArrays(*written, leadingSlice(*attentions, 1, 3), 0, 1e-4);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
}

void TestModelCli::tokenizeGivesAutoTokenizersIds_data() {
    QTest::addColumn<QString>("model");
    for (const char* m : {"bert_prefixed", "gpt2", "llama", "llama_sp", "qwen2", "gemma2"})
        QTest::newRow(m) << QString(m);
}

void TestModelCli::tokenizeGivesAutoTokenizersIds() {
    QFETCH(QString, model);
    QFile f(models(model + "/golden/tokens.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    for (const auto& t : QJsonDocument::fromJson(f.readAll()).object()["texts"].toArray()) {
        const QJsonObject golden = t.toObject();
        // Through a file too: newlines and tabs survive no shell.
        const QString textFile = m_tmp.filePath(model + golden["name"].toString() + ".txt");
        QFile tf(textFile);
        QVERIFY(tf.open(QIODevice::WriteOnly));
        tf.write(golden["text"].toString().toUtf8());
        tf.close();
        const Run r = runCli({"tokenize", models(model), "--text-file", textFile, "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o["ids"].toArray(), golden["ids"].toArray());
        QCOMPARE(o["tokens"].toArray(), golden["tokens"].toArray());
        if (golden.contains("offsets"))
            QCOMPARE(o["offsets"].toArray(), golden["offsets"].toArray());
        QCOMPARE(o["labels"].toArray().size(), golden["ids"].toArray().size());
    }
}

void TestModelCli::runsOnText() {
    QFile f(models("qwen2/golden/tokens.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QJsonObject golden;
    for (const auto& t : QJsonDocument::fromJson(f.readAll()).object()["texts"].toArray())
        if (t.toObject()["name"].toString() == "en_code") golden = t.toObject();
    auto npz = NpzArchive::open(models("qwen2/golden/en_code.npz"));
    QVERIFY(npz && !golden.isEmpty());
    auto attentions = npz->readFloat("attentions");
    QVERIFY(attentions);
    const QString out = m_tmp.filePath("text.npz");
    const Run r = runCli(
        {"model", models("qwen2"), "--text", golden["text"].toString(), "--out", out, "--json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject summary = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(summary["ids"].toArray(), golden["ids"].toArray());
    QCOMPARE(summary["tokens"].toArray().size(), golden["ids"].toArray().size());
    auto written = NpzArchive::open(out);
    QVERIFY(written);
    auto a = written->readFloat("attentions");
    QVERIFY(a);
    const QString diff = compareArrays(*a, *attentions, 0, 1e-4);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));
    // Longer than the model's positions: refused, or cut with --truncate.
    const QString longText = QString("word ").repeated(600);
    Run tooLong = runCli({"model", models("qwen2"), "--text", longText, "--json"});
    QCOMPARE(tooLong.code, 2);
    QVERIFY2(tooLong.err.contains("--truncate"), qPrintable(tooLong.err));
    Run cut = runCli({"model", models("qwen2"), "--text", longText, "--json", "--truncate"});
    QVERIFY2(cut.code == 0, qPrintable(cut.err));
    QCOMPARE(QJsonDocument::fromJson(cut.out.toUtf8()).object()["ids"].toArray().size(),
             QJsonDocument::fromJson(cut.out.toUtf8()).object()["max_positions"].toInt());
}

void TestModelCli::computeAndExportTraceALayer() {
    auto golden = NpzArchive::open(models("gemma2/golden/en_code.npz"));
    QVERIFY(golden);
    auto ids = golden->readFloat("input_ids"), attentions = golden->readFloat("attentions");
    QVERIFY(ids && attentions);
    const QString out = m_tmp.filePath("layer3.npz");
    Run r = runCli({"compute", "--model", models("gemma2"), "--ids", idsArgument(*ids), "--layer",
                    "3", "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    auto npz = NpzArchive::open(out);
    QVERIFY(npz);
    auto probs = npz->readFloat("probs");
    QVERIFY(probs);
    Tensor expected = leadingSlice(*attentions, 3, 1);  // [1, H, L, L], as compute writes it
    QString diff = compareArrays(*probs, expected, 0, 1e-4);
    QVERIFY2(diff.isEmpty(), qPrintable(diff));

    // --mask replaces the model's own: layer 0 slides, the what-if sees the whole prefix.
    const QString whatIf = m_tmp.filePath("whatif.npz");
    r = runCli({"compute", "--model", models("gemma2"), "--ids", idsArgument(*ids), "--layer", "0",
                "--mask", "causal", "--out", whatIf});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    auto w = NpzArchive::open(whatIf);
    QVERIFY(w);
    auto mask = w->readBool("mask");
    QVERIFY(mask);
    const int64_t L = ids->size();
    QVERIFY((*mask)[(L - 1) * L + 0]);  // the last query sees the first key: no window
    QVERIFY(
        !compareArrays(*w->readFloat("probs"), leadingSlice(*attentions, 0, 1), 0, 1e-4).isEmpty());

    const QString dir = m_tmp.filePath("figures");
    r = runCli({"export", "--model", models("llama"), "--text", "Attention, please: 注意力!",
                "--layer", "2", "--out", dir, "--format", "svg"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(QFile::exists(dir + "/flowchart.svg"));
    const QString grid = QString::fromUtf8(fileBytes(dir + "/layer2_perhead_grid.svg"));
    QVERIFY2(grid.contains("begin_of_text") || grid.contains("Attention"),
             "the real tokens label the axes");
    // As in the window, a model's figures show probabilities, not logits.
    const QString heads = QString::fromUtf8(fileBytes(dir + "/layer2_2d_heatmap.svg"));
    QVERIFY2(heads.contains("Attention Probability"), "probabilities by default");
    QVERIFY(!heads.contains("Attention Logits"));
    // The views of the whole model: every layer in the atlas, the lens, tokens and neuron.
    const QString atlas = QString::fromUtf8(fileBytes(dir + "/atlas.svg"));
    QVERIFY(atlas.contains("Atlas: llama"));
    for (const char* f : {"layer2_tokens.svg", "layer2_neuron.svg", "layer2_sink_lens.svg",
                          "atlas.csv", "sink_metric.csv", "hidden_norms.csv"})
        QVERIFY2(QFile::exists(dir + "/" + f), f);
    QCOMPARE(fileBytes(dir + "/atlas.csv").count('\n'), 1 + 3 * 4);
}

void TestModelCli::sinkMetricIsTransformers() {
    // α_0 of every layer and head, as transformers' attentions give it for the same ids
    // (scripts/make_lens_golden.py), and the share of heads above ε.
    auto z = NpzArchive::open(QStringLiteral(ATTNSCOPE_TEST_DATA "/golden/lens/model_llama.npz"));
    QVERIFY(z);
    const auto ids = z->readDouble("ids");
    const auto alpha0 = z->readFloat("alpha0");
    QVERIFY(ids && alpha0);
    QStringList idList;
    for (double id : *ids) idList << QString::number(qint64(id));
    const Run r = runCli({"compute", "--model", models("llama"), "--ids", idList.join(","),
                          "--sink-metric", "--json", "--epsilon", "0.1"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o.value("key").toInt(), 0);
    QCOMPARE(o.value("texts").toInt(), 1);
    const QJsonArray alpha = o.value("alpha").toArray();
    QCOMPARE(alpha.size(), 3);
    int above = 0;
    for (int l = 0; l < 3; ++l)
        for (int h = 0; h < 4; ++h) {
            const double want = (*alpha0)[l * 4 + h];
            QVERIFY(std::abs(alpha[l].toArray()[h].toDouble() - want) < 1e-4);
            above += want > 0.1;
        }
    QVERIFY(std::abs(o.value("rate").toDouble() - above / 12.0) < 1e-9);
    QVERIFY(above > 0 && above < 12);

    // Texts, one per line, averaged with the command's own text; the table by default.
    const QString texts = m_tmp.filePath("texts.txt");
    QFile f(texts);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("The first text.\n\nA second one, after an empty line.\n");
    f.close();
    const Run table = runCli({"compute", "--model", models("llama"), "--text", "Hello sinks",
                              "--sink-metric", "--texts", texts});
    QVERIFY2(table.code == 0, qPrintable(table.err));
    QVERIFY2(table.out.startsWith("sink metric of key 0 (epsilon 0.3) over 3 texts"),
             qPrintable(table.out));
    QCOMPARE(table.out.count('\n'), 2 + 1 + 3);
}

void TestModelCli::badInputExitsTwo_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString llama = models("llama");
    QTest::newRow("missing folder")
        << QStringList{"model", "/nonexistent/model", "--ids", "1", "--json"} << "no such model";
    QTest::newRow("unknown architecture")
        << QStringList{"model", models("unknown_arch"), "--ids", "1", "--json"}
        << "unsupported architecture 'mamba'";
    QTest::newRow("weight shape") << QStringList{"model", models("bad_shape"), "--ids", "1",
                                                 "--json"}
                                  << "the config expects";
    QTest::newRow("not a model folder")
        << QStringList{"model", dataPath("golden"), "--ids", "1", "--json"} << "no config.json";
    QTest::newRow("no input") << QStringList{"model", llama, "--json"} << "--ids";
    QTest::newRow("text and ids") << QStringList{"model", llama, "--text", "hi",
                                                 "--ids", "1",   "--json"}
                                  << "one of";
    QTest::newRow("empty text") << QStringList{"model", llama, "--text", "", "--json"}
                                << "no tokens";
    QTest::newRow("tokenize: no folder")
        << QStringList{"tokenize", "/nonexistent/model", "--text", "hi"} << "no such model";
    QTest::newRow("tokenize: no text") << QStringList{"tokenize", llama} << "--text";
    QTest::newRow("tokenize: no tokenizer")
        << QStringList{"tokenize", models("unknown_arch"), "--text", "hi"} << "no tokenizer";
    QTest::newRow("compute: layer without model")
        << QStringList{"compute", "--preset", "local", "--layer", "2", "--timings"}
        << "--layer needs --model";
    QTest::newRow("compute: no such layer")
        << QStringList{"compute",  "--model", llama, "--text",
                       "hi there", "--layer", "9",   "--timings"}
        << "layer 9 does not exist";
    QTest::newRow("compute: model and tensors")
        << QStringList{"compute", "--model", llama, "--text", "hi", "--q", "a.npy", "--timings"}
        << "do not go together";
    QTest::newRow("export: model without text")
        << QStringList{"export", "--model", llama, "--out", "/tmp/x"} << "--text";
    QTest::newRow("text without a tokenizer")
        << QStringList{"model", models("unknown_arch"), "--text", "hi", "--json"}
        << "unsupported architecture";
    QTest::newRow("bad id") << QStringList{"model", llama, "--ids", "1,x", "--json"}
                            << "'x' is not a token id";
    QTest::newRow("id outside vocabulary")
        << QStringList{"model", llama, "--ids", "1,999999", "--json"} << "outside the vocabulary";
    QTest::newRow("no layer 9") << QStringList{"model",    llama, "--ids", "1,2",
                                               "--layers", "9",   "--json"}
                                << "layer 9 does not exist";
    QTest::newRow("bad layer list")
        << QStringList{"model", llama, "--ids", "1", "--layers", "2-1", "--json"} << "--layers";
    QTest::newRow("nothing to do") << QStringList{"model", llama, "--ids", "1"} << "nothing to do";
    QTest::newRow("sink key outside")
        << QStringList{"compute", "--model",       llama,        "--ids",
                       "1,2,3",   "--sink-metric", "--sink-key", "3"}
        << "--sink-key";
    QTest::newRow("epsilon outside")
        << QStringList{"compute", "--model",       llama,       "--ids",
                       "1,2,3",   "--sink-metric", "--epsilon", "1.5"}
        << "--epsilon must be";
    QTest::newRow("texts without model")
        << QStringList{"compute",       "--preset", "streaming-sinks",
                       "--sink-metric", "--texts",  "x.txt"}
        << "--texts needs --model";
    QTest::newRow("sink key without metric")
        << QStringList{"compute", "--model", llama, "--ids", "1,2", "--timings", "--sink-key", "1"}
        << "--sink-key needs --sink-metric";
    QTest::newRow("texts file missing")
        << QStringList{"compute", "--model",       llama,     "--ids",
                       "1,2",     "--sink-metric", "--texts", "/nonexistent/texts.txt"}
        << "cannot read";
    QTest::newRow("qkv needs out")
        << QStringList{"model", llama, "--ids", "1", "--qkv", "--json"} << "--qkv needs --out";
}

void TestModelCli::badInputExitsTwo() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = runCli(args);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(message), qPrintable("stderr was: " + r.err));
}

QTEST_GUILESS_MAIN(TestModelCli)
#include "tst_modelcli.moc"
