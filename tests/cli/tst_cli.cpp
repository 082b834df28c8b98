// The command line (SPEC §9) as a user runs it: exit codes, messages, written files compared with
// the PyTorch / transformers golden files, the --timings JSON, and the headless start.

#include <QImage>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "TestSupport.h"
#include "core/io/NpyFormat.h"
#include "core/io/NpzArchive.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {
/// One row per case of a golden index.json, named after the case, with the case as "testCase".
void addCaseRows(const QString& indexPath) {
    QTest::addColumn<QJsonObject>("testCase");
    for (const auto& v : readJsonArray(indexPath)) {
        const QJsonObject c = v.toObject();
        QTest::newRow(qPrintable(c["name"].toString())) << c;
    }
}
}  // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void helpAndVersion();
    void badUsageExitsTwo_data();
    void badUsageExitsTwo();
    void computeMatchesReference_data();
    void computeMatchesReference();
    void timingsJsonShape();
    void computeFromSessionAndPreset();
    void maskNpyMatchesHuggingFace_data();
    void maskNpyMatchesHuggingFace();
    void maskTextAdditiveBlocks();
    void maskBatchFromLengths();
    void maskPropertiesJson();
    void presetsListed();
    void headlessStartWithoutDisplay();
    void exportHeadless();
    void export3dUnderXvfb();

private:
    QTemporaryDir m_tmp;
};

void TestCli::helpAndVersion() {
    Run r = runCli({"--help"});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains("attnscope compute") && r.out.contains("Exit codes"));
    r = runCli({"--version"});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.startsWith("attnscope "));
}

void TestCli::badUsageExitsTwo_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString q = dataPath("golden/engine/causal_small/q.npy");
    const QString k = dataPath("golden/engine/causal_small/k.npy");
    QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command";
    QTest::newRow("nothing to do")
        << QStringList{"compute", "--preset", "local"} << "nothing to do";
    QTest::newRow("unknown preset")
        << QStringList{"compute", "--preset", "nope", "--timings"} << "unknown preset";
    QTest::newRow("missing v") << QStringList{"compute", "--q", q, "--k", k, "--timings"}
                               << "go together";
    QTest::newRow("no such file") << QStringList{"compute", "--q", "/nonexistent/q.npy", "--k", k,
                                                 "--v",     k,     "--timings"}
                                  << "/nonexistent/q.npy: no such file";
    QTest::newRow("not npy")
        << QStringList{"compute", "--q",      dataPath("golden/engine/index.json"), "--k", k, "--v",
                       k,         "--timings"}
        << "unrecognised tensor file";
    QTest::newRow("bad mask syntax")
        << QStringList{"compute", "--preset", "local", "--mask", "causal & (window(3)", "--timings"}
        << "column";
    QTest::newRow("unknown atom") << QStringList{"compute", "--preset", "local",
                                                 "--mask",  "causl",    "--timings"}
                                  << "paraphrase";
    QTest::newRow("bad window") << QStringList{"compute", "--preset",  "local",
                                               "--mask",  "window(0)", "--timings"}
                                << "window";
    // A scale that turns every probability into NaN is refused, not computed (issue 12).
    QTest::newRow("huge scale") << QStringList{"compute", "--preset", "local", "--scale", "1e39",
                                               "--timings"}
                                << "scale must be a finite number in (0, 1000]";
    QTest::newRow("negative scale") << QStringList{"compute", "--preset", "local", "--scale",
                                                   "-1", "--timings"}
                                    << "scale";
    QTest::newRow("bad threads") << QStringList{"compute",   "--preset", "local",
                                                "--threads", "abc",      "--timings"}
                                 << "--threads";
    QTest::newRow("bad backend") << QStringList{"compute",   "--preset", "local",
                                                "--backend", "tpu",      "--timings"}
                                 << "--backend";
    QTest::newRow("mask no expr") << QStringList{"mask", "--q-len", "4"} << "one mask expression";
    QTest::newRow("mask no qlen") << QStringList{"mask", "causal"} << "--q-len";
    QTest::newRow("mask trailing op")
        << QStringList{"mask", "causal &", "--q-len", "4"} << "column 9";
    QTest::newRow("mask absurd") << QStringList{"mask",     "causal", "--q-len", "100000",
                                                "--kv-len", "100000", "--batch", "4096"}
                                 << "does not fit";
    QTest::newRow("mask docs sum") << QStringList{"mask", "docs(3, 4)", "--q-len", "8"} << "docs";
    QTest::newRow("mask npy needs out")
        << QStringList{"mask", "causal", "--q-len", "4", "--format", "npy"} << "--out";
    QTest::newRow("mask bad format")
        << QStringList{"mask", "causal", "--q-len", "4", "--format", "png"} << "--format";
}

void TestCli::badUsageExitsTwo() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = runCli(args);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains(message), qPrintable("stderr was: " + r.err));
}

void TestCli::computeMatchesReference_data() {
    addCaseRows(dataPath("golden/engine/index.json"));
}

void TestCli::computeMatchesReference() {
    QFETCH(QJsonObject, testCase);
    const QString dir = dataPath("golden/engine/" + testCase["dir"].toString() + "/");
    const QString out = m_tmp.filePath(testCase["name"].toString() + ".npz");
    const Run r = runCli({"compute", "--q", dir + "q.npy", "--k", dir + "k.npy", "--v",
                          dir + "v.npy", "--mask", testCase["expr"].toString(), "--scale",
                          QString::number(testCase["scale"].toDouble(), 'g', 17), "--q-offset",
                          QString::number(testCase["q_offset"].toInt()), "--kv-offset",
                          QString::number(testCase["kv_offset"].toInt()), "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    auto npz = NpzArchive::open(out);
    QVERIFY(npz);
    QCOMPARE(npz->names().size(), size_t(5));
    for (const char* name : {"scores", "masked_scores", "probs", "context"})
        QCOMPARE(QString(dtypeCode(npz->header(name)->dtype)), QString("f4"));
    QCOMPARE(npz->header("mask")->dtype, DType::Bool);
    for (const char* name : {"scores", "probs", "context"}) {
        auto expected = readNpyDouble(dir + name + ".npy");
        auto actual = npz->readFloat(name);
        QVERIFY(expected && actual);
        const QString diff = compareArrays(actual.value(), expected.value(), 1e-5,
                                           std::string(name) == "probs" ? 1e-6 : 1e-5);
        QVERIFY2(diff.isEmpty(), qPrintable(QString(name) + ": " + diff));
    }
    // mask is [B, H, Lq, Lk]: the reference's [B, Lq, Lk] repeated over heads.
    auto mask = npz->readBool("mask");
    auto ref = readNpyBool(dir + "mask.npy");
    QVERIFY(mask && ref);
    const auto& m = mask.value();
    QCOMPARE(m.rank(), 4);
    const int64_t H = m.dim(1), n = m.dim(2) * m.dim(3);
    for (int64_t b = 0; b < m.dim(0); ++b)
        for (int64_t h = 0; h < H; ++h)
            QVERIFY(std::equal(ref->data() + b * n, ref->data() + (b + 1) * n,
                               m.data() + (b * H + h) * n));
    auto masked = npz->readFloat("masked_scores");
    QVERIFY(masked);
    for (int64_t i = 0; i < masked->size(); ++i)
        if (!m[i]) QVERIFY(std::isinf((*masked)[i]) && (*masked)[i] < 0);
}

void TestCli::timingsJsonShape() {
    const Run r = runCli(
        {"compute", "--preset", "video-frames", "--timings", "--threads", "2", "--backend", "cpu"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o["backend"].toString(), QString("cpu"));
    QCOMPARE(o["threads"].toInt(), 2);
    const QJsonObject ms = o["ms"].toObject();
    double sum = 0;
    for (const char* k : {"scores", "mask", "softmax", "context"}) {
        QVERIFY2(ms[k].isDouble() && ms[k].toDouble() >= 0, k);
        sum += ms[k].toDouble();
    }
    QVERIFY(std::abs(ms["total"].toDouble() - sum) < 1e-6 * (1 + sum));
    QVERIFY(ms["total"].toDouble() > 0);
}

void TestCli::computeFromSessionAndPreset() {
    const Run list = runCli({"presets", "--json"});
    QCOMPARE(list.code, 0);
    const QJsonArray presets = QJsonDocument::fromJson(list.out.toUtf8()).array();
    QVERIFY(!presets.isEmpty());
    const QString session = m_tmp.filePath("s.attnscope.json");
    QFile f(session);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(presets.first().toObject()).toJson());
    f.close();
    const QString a = m_tmp.filePath("a.npz"), b = m_tmp.filePath("b.npz");
    QCOMPARE(runCli({"compute", "--session", session, "--out", a}).code, 0);
    QCOMPARE(runCli({"compute", "--preset", presets.first()["name"].toString(), "--out", b}).code,
             0);
    auto pa = NpzArchive::open(a)->readFloat("probs"), pb = NpzArchive::open(b)->readFloat("probs");
    QVERIFY(pa && pb);
    QVERIFY(compareArrays(pa.value(), pb.value(), 0, 0).isEmpty());  // same seed, same numbers
}

void TestCli::maskNpyMatchesHuggingFace_data() {
    addCaseRows(dataPath("golden/masks/index.json"));
}

void TestCli::maskNpyMatchesHuggingFace() {
    QFETCH(QJsonObject, testCase);
    const QString out = m_tmp.filePath(testCase["name"].toString() + ".npy");
    const Run r = runCli(
        {"mask", testCase["expr"].toString(), "--q-len", QString::number(testCase["q_len"].toInt()),
         "--kv-len", QString::number(testCase["kv_len"].toInt()), "--q-offset",
         QString::number(testCase["q_offset"].toInt()), "--kv-offset",
         QString::number(testCase["kv_offset"].toInt()), "--batch",
         QString::number(testCase["batch"].toInt()), "--format", "npy", "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    auto got = readNpyBool(out);
    auto ref = readNpyBool(dataPath("golden/masks/" + testCase["file"].toString()));
    QVERIFY(got && ref);
    // [Lq, Lk] unless the mask differs between batch elements.
    if (got->rank() == 2) {
        QCOMPARE(got->dim(0), ref->dim(1));
        for (int64_t b = 0; b < ref->dim(0); ++b)
            QVERIFY(std::equal(got->begin(), got->end(), ref->data() + b * got->size()));
    } else {
        QCOMPARE(got->shape(), ref->shape());
        QVERIFY(std::equal(got->begin(), got->end(), ref->begin()));
    }
}

void TestCli::maskTextAdditiveBlocks() {
    Run r = runCli({"mask", "causal & window(3)", "--q-len", "5"});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains(QString::fromUtf8("■")) && r.out.contains(QString::fromUtf8("⬚")));
    QCOMPARE(r.out.count(QString::fromUtf8("■")), 12);  // 1 + 2 + 3 + 3 + 3 keys

    const QString add = m_tmp.filePath("add.npy");
    r = runCli(
        {"mask", "causal", "--q-len", "3", "--format", "additive", "--dtype", "f16", "--out", add});
    QCOMPARE(r.code, 0);
    auto a = readNpy(add);
    QVERIFY(a);
    QCOMPARE(a->at({0, 0}), 0.0f);
    QCOMPARE(a->at({0, 1}), -65504.0f);
    r = runCli(
        {"mask", "causal", "--q-len", "3", "--format", "additive", "--dtype", "inf", "--out", add});
    QVERIFY(std::isinf(readNpy(add)->at({0, 2})));

    r = runCli({"mask", "causal", "--q-len", "300", "--format", "blocks"});
    QCOMPARE(r.code, 0);
    QVERIFY(!r.out.isEmpty());
}

void TestCli::maskBatchFromLengths() {
    // pad(5, 3) gives one length per batch element: the batch is 2 without --batch.
    Run r = runCli({"mask", "pad(5, 3) & causal", "--q-len", "6"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.contains("batch 0:") && r.out.contains("batch 1:") &&
            !r.out.contains("batch 2:"));
    // batch 0: keys < 5 and causal: 1+2+3+4+5+5 = 20; batch 1: keys < 3: 1+2+3+3+3+3 = 15.
    QCOMPARE(r.out.count(QString::fromUtf8("■")), 35);
    // An explicit --batch that disagrees with the lengths is still refused, with the reason.
    r = runCli({"mask", "pad(5, 3) & causal", "--q-len", "6", "--batch", "3"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("one per batch element"), qPrintable(r.err));
}

void TestCli::maskPropertiesJson() {
    const Run r = runCli(
        {"mask", "paraphrase(3, 15, 1, 5)", "--q-len", "53", "--properties", "--format", "blocks"});
    QCOMPARE(r.code, 0);
    const QString json = r.out.split('\n', Qt::SkipEmptyParts).last();
    const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    QCOMPARE(o["causal_violations"].toInt(), 0);
    QCOMPARE(o["cross_segment_pairs"].toInt(), 0);
    QCOMPARE(o["keys_per_query"].toArray().at(48).toInt(), 49);  // first generated token sees all
    QCOMPARE(o["empty_rows"].toArray().size(), 0);
}

void TestCli::presetsListed() {
    const Run r = runCli({"presets"});
    QCOMPARE(r.code, 0);
    for (const char* name :
         {"paraphrase-small", "paraphrase-medium", "paraphrase-large", "local", "global",
          "translation", "encoder-self", "decoder-masked-self", "decoder-cross", "hf-causal",
          "hf-sliding", "hf-chunked", "streaming-sinks", "video-frames"})
        QVERIFY2(r.out.contains(QString(name) + " "), name);
}

void TestCli::headlessStartWithoutDisplay() {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) env.remove(v);
    QTemporaryDir cwd;
    const Run r = runCli({}, env, cwd.path());
    QCOMPARE(r.code, 0);
    QVERIFY2(r.err.contains("no display"), qPrintable(r.err));
    QVERIFY(r.out.contains("video-frames") && r.out.contains("sink="));
    // The default figures were rendered headless.
    for (const char* name :
         {"layer3_2d_heatmap.svg", "layer3_perhead_grid.png", "mask.svg", "stats.csv"})
        QVERIFY2(QFile::exists(cwd.filePath(QString("attnscope-figures/") + name)), name);
    // The setup installs Xvfb: headless, the 3D figures are rendered under it too.
    if (!QStandardPaths::findExecutable("xvfb-run").isEmpty())
        for (const char* name : {"3d-vectors.png", "3d-weights.png"})
            QVERIFY2(QFile::exists(cwd.filePath(QString("attnscope-figures/") + name)),
                     qPrintable(QString(name) + " missing; stderr: " + r.err));
}

void TestCli::exportHeadless() {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) env.remove(v);
    QTemporaryDir out;
    Run r = runCli({"export", "--preset", "paraphrase-small", "--out", out.path(), "--format",
                    "svg,png", "--dpi", "96"},
                   env);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.contains("mask.svg") && r.out.contains("flowchart.png"));
    // No OpenGL headless: the 3D figures are skipped with the reason, the rest is written.
    QVERIFY2(r.err.contains("skipped 3d-vectors.png") && r.err.contains("skipped 3d-weights.png") &&
                 r.err.contains("xvfb-run"),
             qPrintable(r.err));
    QVERIFY(!QFile::exists(out.filePath("3d-vectors.png")));
    QFile svg(out.filePath("layer0_2d_heatmap.svg"));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray text = svg.readAll();
    QVERIFY(text.contains("<text") && text.contains("2D Attention Maps") &&
            text.contains("Head 3"));
    const QSize at96 = QImage(out.filePath("mask.png")).size();
    r = runCli({"export", "--preset", "paraphrase-small", "--out", out.path(), "--format", "png",
                "--dpi", "192"},
               env);
    QCOMPARE(r.code, 0);
    const QSize at192 = QImage(out.filePath("mask.png")).size();
    QVERIFY2(std::abs(at192.width() - 2 * at96.width()) <= 1,
             qPrintable(QString("%1 vs %2").arg(at192.width()).arg(at96.width())));
    r = runCli({"export", "--preset", "nope", "--out", out.path()}, env);
    QCOMPARE(r.code, 2);
    r = runCli({"export", "--preset", "local", "--out", out.path(), "--format", "pdf"}, env);
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("--format"));
}

void TestCli::export3dUnderXvfb() {
    const QString xvfb = QStandardPaths::findExecutable("xvfb-run");
    if (xvfb.isEmpty()) QSKIP("xvfb-run is not installed (scripts/install-deps.sh installs it)");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) env.remove(v);
    QTemporaryDir out;
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(xvfb, {"-a", ATTNSCOPE_CLI, "export", "--preset", "translation", "--out", out.path(),
                   "--format", "svg,png", "--dpi", "72"});
    QVERIFY(p.waitForFinished(240000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(p.exitCode() == 0, qPrintable(err));
    QVERIFY2(!err.contains("skipped"), qPrintable(err));
    for (const char* name : {"3d-vectors.png", "3d-weights.png"}) {
        const QImage image(out.filePath(name));
        QVERIFY2(image.size() == QSize(900, 675), name);  // 1200 × 900 at 72 dpi
        QSet<QRgb> colours;
        for (int y = 100; y < image.height(); y += 5)
            for (int x = 0; x < image.width(); x += 5) colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 50,
                 qPrintable(QString("%1: %2 colours").arg(name).arg(colours.size())));
    }
    QVERIFY(!QFile::exists(out.filePath("3d-vectors.svg")));  // PNG only
    QVERIFY(QFile::exists(out.filePath("mask.svg")));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
