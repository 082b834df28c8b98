// `attnscope inspect` and tensor-file arguments of `compute` as a user runs them (SPEC §8, §9):
// listings compared with what PyTorch / safetensors / NumPy wrote, compute from .safetensors,
// .pt (zip and legacy) and compressed .npz against the engine's golden probabilities, and exit
// code 2 with a message for every broken or hostile file.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <set>

#include "TestSupport.h"
#include "core/io/NpyFormat.h"
#include "core/io/NpzArchive.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {

using Listing = std::set<std::tuple<QString, QString, QString>>;

Listing listing(const QJsonArray& tensors) {
    Listing out;
    for (const QJsonValue& v : tensors) {
        const QJsonObject o = v.toObject();
        out.insert({o["name"].toString(), o["dtype"].toString(),
                    QString::fromUtf8(
                        QJsonDocument(o["shape"].toArray()).toJson(QJsonDocument::Compact))});
    }
    return out;
}

}  // namespace

class TestInspect : public QObject {
    Q_OBJECT
private slots:
    void jsonListsWhatTheWriterWrote_data();
    void jsonListsWhatTheWriterWrote();
    void textListing();
    void brokenFilesExitTwo_data();
    void brokenFilesExitTwo();
    void computeFromTensorFiles_data();
    void computeFromTensorFiles();

private:
    QTemporaryDir m_tmp;
};

void TestInspect::jsonListsWhatTheWriterWrote_data() {
    QTest::addColumn<QString>("file");
    const QJsonObject files = index()["files"].toObject();
    for (auto it = files.begin(); it != files.end(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key();
    QTest::newRow("npz compressed (io)") << QString("../compressed.npz");
}

void TestInspect::jsonListsWhatTheWriterWrote() {
    QFETCH(QString, file);
    const Run r = runCli({"inspect", tf(file), "--json"});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QVERIFY(root["tensors"].isArray());
    if (file.startsWith("..")) {
        QCOMPARE(root["format"].toString(), QString("npz"));
        QCOMPARE(root["tensors"].toArray().size(), 6);
        return;
    }
    QCOMPARE(listing(root["tensors"].toArray()), listing(index()["files"][file].toArray()));
}

void TestInspect::textListing() {
    Run r = runCli({"inspect", tf("views_legacy.pt")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.contains("pytorch-legacy"));
    QVERIFY(
        r.out.contains(QRegularExpression("nested\\.list\\.1\\.1\\.deep +float32 +\\[6, 5\\]")));
    QVERIFY(r.out.contains(QRegularExpression("bf16 +bfloat16 +\\[2, 5\\]")));
    r = runCli({"inspect", tf("tensor.pt")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.contains("(whole file)"));
}

void TestInspect::brokenFilesExitTwo_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QJsonObject hostile = index()["hostile"].toObject();
    for (auto it = hostile.begin(); it != hostile.end(); ++it)
        QTest::newRow(qPrintable(it.key()))
            << QStringList{"inspect", tf("hostile/" + it.key())} << it.value().toString();
    QTest::newRow("torchscript") << QStringList{"inspect", tf("torchscript.pt")} << "TorchScript";
    QTest::newRow("missing") << QStringList{"inspect", "/nonexistent/x.pt"} << "no such file";
    QTest::newRow("directory") << QStringList{"inspect", tf("hostile")} << "directory";
    QTest::newRow("no file") << QStringList{"inspect"} << "exactly one FILE";
    QTest::newRow("two files") << QStringList{"inspect", tf("tensor.pt"), tf("list.pt")}
                               << "exactly one FILE";
    QTest::newRow("unknown option") << QStringList{"inspect", "--frob", tf("tensor.pt")} << "frob";
    QTest::newRow("json not tensors")
        << QStringList{"inspect", tf("index.json")} << "unrecognised tensor file";
    // Cut and corrupted copies of real files.
    auto writeCopy = [](const QString& from, const QString& to, int cut, int flip) {
        QByteArray bytes = fileBytes(tf(from));
        if (cut >= 0) bytes = bytes.left(cut);
        if (flip >= 0) bytes[flip] = char(bytes[flip] ^ 0x40);
        QFile f(to);
        f.open(QIODevice::WriteOnly);
        f.write(bytes);
        return to;
    };
    const QString dir = m_tmp.path() + "/";
    const int zipSize = int(fileBytes(tf("small_zip.pt")).size());
    const int legacySize = int(fileBytes(tf("small_legacy.pt")).size());
    for (int cut : {0, 1, 10, zipSize / 2, zipSize - 1})
        QTest::newRow(qPrintable(QString("zip cut %1").arg(cut)))
            << QStringList{"inspect",
                           writeCopy("small_zip.pt", dir + QString("z%1.pt").arg(cut), cut, -1)}
            << QString("z%1.pt").arg(cut);
    for (int cut : {0, 2, 30, legacySize / 2, legacySize - 1})
        QTest::newRow(qPrintable(QString("legacy cut %1").arg(cut)))
            << QStringList{"inspect",
                           writeCopy("small_legacy.pt", dir + QString("l%1.pt").arg(cut), cut, -1)}
            << QString("l%1.pt").arg(cut);
    const QByteArray zip = fileBytes(tf("small_zip.pt"));
    const int data = int(zip.indexOf(QByteArray("\x00\x00\x80\x3f\x00\x00\x00\xc0", 8)));
    QVERIFY(data > 0);
    QTest::newRow("zip storage corrupted")
        << QStringList{"inspect", writeCopy("small_zip.pt", dir + "crc.pt", -1, data + 2)} << "CRC";
    const int npyData = int(fileBytes(fixture("plain.npz")).indexOf("NUMPY")) + 200;
    QTest::newRow("npz member corrupted")
        << QStringList{"inspect", writeCopy("../plain.npz", dir + "crc.npz", -1, npyData)} << "CRC";
    const int st = int(fileBytes(tf("small.safetensors")).size());
    QTest::newRow("safetensors cut")
        << QStringList{"inspect", writeCopy("small.safetensors", dir + "s.safetensors", st - 1, -1)}
        << "truncated";
    QTest::newRow("safetensors length flipped")
        << QStringList{"inspect", writeCopy("small.safetensors", dir + "f.safetensors", -1, 5)}
        << "100 MB";
}

void TestInspect::brokenFilesExitTwo() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Run r = runCli(args);
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.startsWith("attnscope inspect: "), qPrintable(r.err));
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
}

void TestInspect::computeFromTensorFiles_data() {
    QTest::addColumn<QStringList>("qkv");
    const QString st = tf("qkv.safetensors"), pt = tf("qkv.pt"), legacy = tf("qkv_legacy.pt"),
                  npz = tf("qkv_compressed.npz");
    QTest::newRow("safetensors") << QStringList{st + ":q", st + ":k", st + ":v"};
    QTest::newRow("pt zip") << QStringList{pt + ":attn.q", pt + ":attn.k", pt + ":attn.v"};
    QTest::newRow("pt legacy") << QStringList{legacy + ":attn.0", legacy + ":attn.1",
                                              legacy + ":attn.2"};
    QTest::newRow("npz compressed") << QStringList{npz + ":q", npz + ":k", npz + ":v"};
}

void TestInspect::computeFromTensorFiles() {
    QFETCH(QStringList, qkv);
    const QString out = m_tmp.filePath(QString(QTest::currentDataTag()) + ".npz");
    const Run r = runCli({"compute", "--q", qkv[0], "--k", qkv[1], "--v", qkv[2], "--mask",
                          "causal", "--scale", "0.5", "--out", out});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    auto npz = NpzArchive::open(out);
    QVERIFY(npz);
    const QString golden = dataPath("golden/engine/causal_small/");
    for (const char* name : {"probs", "context"}) {
        auto expected = readNpyDouble(golden + name + ".npy");
        auto actual = npz->readFloat(name);
        QVERIFY(expected && actual);
        const QString diff = compareArrays(*actual, *expected, 1e-5, 1e-6);
        QVERIFY2(diff.isEmpty(), qPrintable(QString(name) + ": " + diff));
    }
    // A key that is not there names the ones that are.
    const Run missing =
        runCli({"compute", "--q", qkv[0] + "x", "--k", qkv[1], "--v", qkv[2], "--timings"});
    QCOMPARE(missing.code, 2);
    QVERIFY2(missing.err.contains("no tensor named") || missing.err.contains("no array named"),
             qPrintable(missing.err));
}

QTEST_GUILESS_MAIN(TestInspect)
#include "tst_inspect.moc"
