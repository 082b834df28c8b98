// Backend choice on the command line: `attnscope devices`, `compute --backend opencl` against
// `--backend cpu` on the same inputs (written .npz compared), the --timings JSON naming backend
// and device, and the fallback to the CPU when OpenCL is absent or broken.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "TestSupport.h"
#include "core/backends/BackendRegistry.h"
#include "core/io/NpzArchive.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {
bool hasOpenClDevice() {
    const auto devices = BackendRegistry::builtin().devices();
    return std::any_of(devices.begin(), devices.end(),
                       [](const BackendDevice& d) { return d.family == "opencl"; });
}
}  // namespace

class TestCliBackends : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }
    void devicesListsBackends();
    void openclAgreesWithCpu_data();
    void openclAgreesWithCpu();
    void timingsNameBackendAndDevice();
    void missingRuntimeFallsBackToCpu();
    void badBackendArguments();

private:
    QTemporaryDir m_tmp;
};

void TestCliBackends::devicesListsBackends() {
    const Run r = runCli({"devices", "--json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const QJsonArray compiled = o["compiled"].toArray();
    QCOMPARE(compiled.first().toString(), QString("cpu"));
    QCOMPARE(compiled.contains(QString("opencl")), BackendRegistry::builtin().has("opencl"));
    const QJsonArray devices = o["devices"].toArray();
    QCOMPARE(devices.first().toObject()["backend"].toString(), QString("cpu"));
    QCOMPARE(devices.first().toObject()["id"].toString(), QString("cpu"));
    QCOMPARE(devices.size() > 1, hasOpenClDevice());
    const Run text = runCli({"compute", "--list-devices"});
    QCOMPARE(text.code, 0);
    QVERIFY(text.out.contains("--backend cpu"));
    QVERIFY(text.out.contains("--backend auto uses:"));
}

void TestCliBackends::openclAgreesWithCpu_data() {
    QTest::addColumn<QStringList>("args");
    const QString g = dataPath("golden/engine/");
    auto tensors = [&](const QString& dir) {
        return QStringList{"--q", g + dir + "/q.npy", "--k", g + dir + "/k.npy",
                           "--v", g + dir + "/v.npy"};
    };
    QTest::newRow("cross attention, window")
        << tensors("cross_full") + QStringList{"--mask", "bwindow(3)"};
    QTest::newRow("gqa, sinks, offsets")
        << tensors("gqa_causal") + QStringList{"--mask",      "causal & (window(3) | prefix(1))",
                                               "--q-offset",  "2",
                                               "--kv-offset", "2"};
    QTest::newRow("batch left padding, custom scale")
        << tensors("left_pad_causal") + QStringList{"--scale", "0.7"};
    QTest::newRow("paraphrase preset") << QStringList{"--preset", "paraphrase-large"};
    QTest::newRow("decoder cross preset") << QStringList{"--preset", "decoder-cross"};
    QTest::newRow("video frames preset") << QStringList{"--preset", "video-frames"};
}

void TestCliBackends::openclAgreesWithCpu() {
    if (!hasOpenClDevice()) QSKIP("no OpenCL device on this machine");
    QFETCH(QStringList, args);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(' ', '_');
    const QString cpuOut = m_tmp.filePath(tag + "_cpu.npz"),
                  oclOut = m_tmp.filePath(tag + "_ocl.npz");
    Run cpu = runCli(QStringList{"compute", "--backend", "cpu", "--out", cpuOut} + args);
    QVERIFY2(cpu.code == 0, qPrintable(cpu.err));
    Run ocl = runCli(QStringList{"compute", "--backend", "opencl", "--out", oclOut} + args);
    QVERIFY2(ocl.code == 0, qPrintable(ocl.err));
    QVERIFY2(ocl.err.isEmpty(), qPrintable("no fallback expected: " + ocl.err));
    auto a = NpzArchive::open(cpuOut), b = NpzArchive::open(oclOut);
    QVERIFY(a && b);
    auto ma = a->readBool("mask"), mb = b->readBool("mask");
    QVERIFY(ma && mb && ma->shape() == mb->shape());
    QVERIFY(std::equal(ma->begin(), ma->end(), mb->begin()));
    for (const char* name : {"scores", "masked_scores", "probs", "context"}) {
        auto x = a->readFloat(name), y = b->readFloat(name);
        QVERIFY(x && y);
        const bool probs = std::string(name) == "probs";
        const QString diff =
            compareArrays(y.value(), x.value(), probs ? 0 : 1e-5, probs ? 1e-6 : 1e-5);
        QVERIFY2(diff.isEmpty(), qPrintable(QString(name) + ": " + diff));
        for (float v : y.value()) QVERIFY(!std::isnan(v));
    }
}

void TestCliBackends::timingsNameBackendAndDevice() {
    if (!hasOpenClDevice()) QSKIP("no OpenCL device on this machine");
    const Run r = runCli({"compute", "--preset", "video-frames", "--backend", "opencl", "--device",
                          "0", "--timings"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o["backend"].toString(), QString("opencl"));
    const auto devices = BackendRegistry::builtin().devices();
    QCOMPARE(o["device"].toString(), QString::fromStdString(devices[1].label.message).mid(8));
    QVERIFY(o["ms"].toObject()["total"].toDouble() > 0);
}

void TestCliBackends::missingRuntimeFallsBackToCpu() {
    // ocl-icd reads its vendor list from OCL_ICD_VENDORS: an empty folder means no platform.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("OCL_ICD_VENDORS", m_tmp.filePath("no-vendors"));
    QDir().mkpath(m_tmp.filePath("no-vendors"));
    const Run r =
        runCli({"compute", "--preset", "video-frames", "--backend", "opencl", "--timings"}, env);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("using the CPU"), qPrintable(r.err));
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object()["backend"].toString(),
             QString("cpu"));
    const Run automatic =
        runCli({"compute", "--preset", "video-frames", "--backend", "auto", "--timings"}, env);
    QCOMPARE(automatic.code, 0);
    QCOMPARE(QJsonDocument::fromJson(automatic.out.toUtf8()).object()["backend"].toString(),
             QString("cpu"));
    const Run list = runCli({"devices"}, env);
    QCOMPARE(list.code, 0);
    QVERIFY(list.out.contains("--backend cpu"));
}

void TestCliBackends::badBackendArguments() {
    Run r = runCli({"compute", "--preset", "video-frames", "--backend", "cuda", "--timings"});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("--backend"));
    r = runCli(
        {"compute", "--preset", "video-frames", "--backend", "cpu", "--device", "1", "--timings"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("no cpu device 1"), qPrintable(r.err));
    r = runCli({"compute", "--preset", "video-frames", "--device", "0", "--timings"});
    QCOMPARE(r.code, 2);  // auto picks the device itself
    r = runCli({"export", "--preset", "local", "--out", m_tmp.path(), "--backend", "tpu"});
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.contains("unknown backend 'tpu'"), qPrintable(r.err));
    r = runCli({"compute", "--preset", "video-frames", "--device", "x", "--timings"});
    QCOMPARE(r.code, 2);
    if (hasOpenClDevice()) {
        r = runCli({"compute", "--preset", "video-frames", "--backend", "opencl", "--device",
                    "4096", "--timings"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("no opencl device 4096"), qPrintable(r.err));
    }
    r = runCli({"devices", "extra"});
    QCOMPARE(r.code, 2);
}

QTEST_GUILESS_MAIN(TestCliBackends)
#include "tst_clibackends.moc"
