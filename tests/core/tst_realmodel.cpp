// A real pretrained model, when one is on the machine (SPEC §11): tests/data/models/real/ holds
// what transformers 4.44.2 gave for a text (scripts/compare_with_transformers.py --golden) —
// token ids, tokens, offsets and the first layers' attentions — and this test runs the same model
// natively and compares. Without the model it skips and says where it looked; nothing here needs
// the network.

#include <QDir>
#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

#include "TestSupport.h"
#include "core/io/NpzArchive.h"
#include "core/model/Model.h"
#include "core/model/ModelCache.h"
#include "core/tokenizer/Tokenizer.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {

/// Where a model named `name` may be: $ATTNSCOPE_MODELS_DIR/<name>, the demo models' folder
/// (scripts/fetch-demo-models.sh), and the Hugging Face cache.
QStringList candidates(const QString& name) {
    QStringList out;
    if (qEnvironmentVariableIsSet("ATTNSCOPE_MODELS_DIR"))
        out << qEnvironmentVariable("ATTNSCOPE_MODELS_DIR") + "/" + name;
    const QString cache = qEnvironmentVariableIsSet("XDG_CACHE_HOME")
                              ? qEnvironmentVariable("XDG_CACHE_HOME")
                              : QDir::homePath() + "/.cache";
    out << cache + "/attnscope/models/" + name;
    const QString hub = qEnvironmentVariableIsSet("HF_HOME")
                            ? qEnvironmentVariable("HF_HOME") + "/hub"
                            : cache + "/huggingface/hub";
    for (const QString& repo : QDir(hub).entryList({"models--*--" + name}, QDir::Dirs))
        for (const QString& snap :
             QDir(hub + "/" + repo + "/snapshots").entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            out << hub + "/" + repo + "/snapshots/" + snap;
    return out;
}

}  // namespace

class TestRealModel : public QObject {
    Q_OBJECT
private slots:
    void matchesTransformers_data();
    void matchesTransformers();
    void aLongTextRunsPooledAndExitsCleanly();
};

void TestRealModel::aLongTextRunsPooledAndExitsCleanly() {
    // The demo model's captures of a long text are buffers of the size the process's buffer cache
    // keeps: they are freed at exit, after that cache (this crashed with SIGSEGV at exit).
    const QString name = "SmolLM2-135M-Instruct.Q4_1.gguf";
    QString file;
    for (const QString& c : candidates(name))
        if (QFileInfo(c).isFile()) file = c;
    if (file.isEmpty())
        QSKIP(qPrintable(name + " is not on this machine; scripts/fetch-demo-models.sh fetches it"));
    QString text;
    for (int i = 0; i < 40; ++i)
        text += "Attention sinks keep the first token while the window slides over the rest. ";
    QTemporaryDir dir;
    const Run run = runCli({"compute", "--model", file, "--text", text, "--layer", "3", "--pooled",
                            "--timings", "--out", dir.filePath("p.npz")});
    QVERIFY2(run.code == 0, qPrintable(QString("exit %1: %2").arg(run.code).arg(run.err)));
    QVERIFY(run.out.contains("\"mode\":\"pooled\""));
    auto npz = NpzArchive::open(dir.filePath("p.npz"));
    QVERIFY(npz);
    const Tensor first = *npz->readFloat("first_mass");
    QCOMPARE(first.dim(1), int64_t(9));  // SmolLM2-135M: 9 heads
    QVERIFY(first.dim(2) > 500);
}

void TestRealModel::matchesTransformers_data() {
    QTest::addColumn<QString>("golden");  // tests/data/models/real/<name>.json
    const QDir dir(dataPath("models/real"));
    for (const QString& f : dir.entryList({"*.json"}, QDir::Files))
        QTest::newRow(qPrintable(f.chopped(5))) << dir.filePath(f);
    if (dir.entryList({"*.json"}, QDir::Files).isEmpty()) QTest::newRow("none") << QString();
}

void TestRealModel::matchesTransformers() {
    QFETCH(QString, golden);
    if (golden.isEmpty()) QSKIP("no reference in tests/data/models/real");
    QFile f(golden);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject meta = QJsonDocument::fromJson(f.readAll()).object();
    const QString name = meta["model"].toString();
    QString folder;  // a folder with config.json, or a .gguf file
    for (const QString& c : candidates(name))
        if (QFileInfo(c + "/config.json").exists() ||
            (c.endsWith(".gguf") && QFileInfo(c).isFile())) {
            folder = c;
            break;
        }
    if (folder.isEmpty())
        QSKIP(qPrintable(name + " is not on this machine (looked in " +
                         candidates(name).join(", ") +
                         "); scripts/fetch-demo-models.sh fetches the demo models"));

    auto model = Model::open(folder);
    QVERIFY2(model, model ? "" : model.error().c_str());
    QVERIFY2((*model)->tokenizer(), (*model)->tokenizerError().c_str());
    const Encoding e = (*model)->tokenizer()->encode(meta["text"].toString().toStdString());
    QJsonArray ids, tokens, offsets;
    for (int64_t id : e.ids) ids.append(double(id));
    for (const auto& t : e.tokens) tokens.append(QString::fromStdString(t));
    for (const auto& [b, end] : e.offsets) offsets.append(QJsonArray{double(b), double(end)});
    // The reference's ids (AutoTokenizer's, or llama.cpp's for a GGUF file) when it has them.
    if (meta.contains("ids")) QCOMPARE(ids, meta["ids"].toArray());
    if (meta.contains("tokens")) QCOMPARE(tokens, meta["tokens"].toArray());
    if (meta.contains("offsets")) QCOMPARE(offsets, meta["offsets"].toArray());

    auto npz = NpzArchive::open(golden.chopped(5) + ".npz");
    QVERIFY(npz);
    auto attentions = npz->readFloat("attentions"), input = npz->readFloat("input_ids");
    QVERIFY(attentions && input);
    std::vector<int64_t> inputIds;
    for (float v : *input) inputIds.push_back(int64_t(v));
    const int64_t layers = attentions->dim(0);
    RunOptions options;
    options.threads = 2;
    for (int64_t l = 0; l < layers; ++l) options.layers.insert(l);
    auto run = (*model)->run(inputIds, options);
    QVERIFY2(run, run ? "" : run.error().c_str());
    const double tol = (*model)->config().layers >= 30 ? 2e-4 : 1e-4;
    CpuBackend cpu({2, CpuBackend::Gemm::OpenBlas});
    for (const LayerCapture& cap : run->layers) {
        const TraceRequest request = layerTraceRequest(cap);
        auto trace = TraceBuilder::build(request, cpu);
        QVERIFY(trace);
        const QString diff = compareArrays(leadingSlice(trace.value()->steps.probs, 0),
                                           leadingSlice(*attentions, cap.layer), 0, tol);
        QVERIFY2(diff.isEmpty(), qPrintable(QString("layer %1: ").arg(cap.layer) + diff));
    }
}

QTEST_GUILESS_MAIN(TestRealModel)
#include "tst_realmodel.moc"
