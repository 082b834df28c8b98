// Tests of NpzArchive and NpzWriter: archives written by np.savez / np.savez_compressed
// (scripts/make_io_fixtures.py), round trips, truncated and corrupt archives, atomic writes.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "TestSupport.h"
#include "core/io/NpzArchive.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {

bool writeBytes(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

const QJsonObject& expectedNpz() {
    static const QJsonObject npz = QJsonDocument::fromJson(fileBytes(fixture("expected.json")))
                                       .object()
                                       .value("npz")
                                       .toObject();
    return npz;
}

Tensor sampleTensor(const Shape& shape, float base) {
    Tensor t(shape);
    for (int64_t i = 0; i < t.size(); ++i) t[i] = base + float(i) * 0.25f - float(i % 5);
    return t;
}

QStringList dirEntries(const QString& dir) {
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

}  // namespace

class TestNpyArchive : public QObject {
    Q_OBJECT

private slots:
    void readsNumpyArchives_data();
    void readsNumpyArchives();
    void roundTrips();
    void replacesAtomically();
    void refusesBadWriterInput();
    void failsCleanlyOnUnwritableTargets();
    void rejectsNonArchives();
    void survivesTruncation_data();
    void survivesTruncation();
    void survivesCorruptBytes();
};

void TestNpyArchive::readsNumpyArchives_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("np.savez") << QString("plain.npz");
    QTest::newRow("np.savez_compressed") << QString("compressed.npz");
}

void TestNpyArchive::readsNumpyArchives() {
    QFETCH(QString, file);
    const QJsonObject arrays = expectedNpz().value("arrays").toObject();
    QVERIFY2(arrays.size() == 6, "expected.json is stale: run scripts/make_io_fixtures.py");
    Result<NpzArchive> archive = NpzArchive::open(fixture(file));
    QVERIFY2(archive.ok(), archive.error().c_str());
    QCOMPARE(archive->names(),
             (std::vector<std::string>{"full_frame_attention", "last_block_frame_attention", "mask",
                                       "golden", "half", "fortran"}));
    for (const std::string& name : archive->names()) {
        const QJsonObject entry = arrays.value(QString::fromStdString(name)).toObject();
        const std::vector<double> expected = jsonValues(entry);
        Result<NpyHeader> header = archive->header(name);
        QVERIFY2(header.ok(), header.error().c_str());
        QCOMPARE(QString(dtypeName(header->dtype)), entry.value("dtype").toString());
        QCOMPARE(header->shape, jsonShape(entry));

        Result<Array<double>> values = archive->readDouble(name);
        QVERIFY2(values.ok(), values.error().c_str());
        QCOMPARE(values->shape(), jsonShape(entry));
        QVERIFY(std::equal(values->begin(), values->end(), expected.begin(), expected.end()));
        Result<Tensor> floats = archive->readFloat(name);
        QVERIFY2(floats.ok(), floats.error().c_str());
        for (int64_t i = 0; i < floats->size(); ++i) QCOMPARE((*floats)[i], float(expected[i]));
    }
    Result<BoolArray> mask = archive->readBool("mask");
    QVERIFY2(mask.ok(), mask.error().c_str());
    const std::vector<double> maskValues = jsonValues(arrays.value("mask").toObject());
    for (int64_t i = 0; i < mask->size(); ++i) QCOMPARE(double((*mask)[i]), maskValues[i]);

    const Result<BoolArray> notMask = archive->readBool("golden");
    QVERIFY(!notMask.ok());
    QVERIFY2(QString::fromStdString(notMask.error()).contains(file + ":golden: "),
             notMask.error().c_str());
    const Result<Tensor> missing = archive->readFloat("nope");
    QVERIFY(!missing.ok());
    QVERIFY2(QString::fromStdString(missing.error()).contains("no array named 'nope'"),
             missing.error().c_str());
    QVERIFY(!archive->header("nope").ok());
}

void TestNpyArchive::roundTrips() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Tensor maps = sampleTensor({2, 3, 4, 5}, -3.0f);
    const Tensor scalar = sampleTensor({}, 7.5f);
    const Tensor empty(Shape{0, 4});
    BoolArray mask(Shape{3, 4}, 0);
    mask[1] = 1;
    mask[5] = 9;  // written as 1
    Array<double> golden(Shape{2});
    golden[0] = 0.1;
    golden[1] = -1e300;

    NpzWriter writer;
    writer.add("probs", maps);
    writer.add("scalar", scalar);
    writer.add("empty", empty);
    writer.add("mask", mask);
    writer.add("golden", golden);
    writer.add("moved", Tensor(maps));
    const QString path = dir.filePath("out.npz");
    const Status status = writer.write(path);
    QVERIFY2(status.ok(), status.error().c_str());
    QCOMPARE(dirEntries(dir.path()), QStringList{"out.npz"});

    Result<NpzArchive> archive = NpzArchive::open(path);
    QVERIFY2(archive.ok(), archive.error().c_str());
    QCOMPARE(archive->names(), writer.names());
    QVERIFY(archive->contains("golden") && !archive->contains("golden.npy"));
    for (const auto& [name, tensor] :
         {std::pair{"probs", &maps}, {"scalar", &scalar}, {"empty", &empty}, {"moved", &maps}}) {
        Result<Tensor> back = archive->readFloat(name);
        QVERIFY2(back.ok(), back.error().c_str());
        QCOMPARE(back->shape(), tensor->shape());
        QVERIFY(std::equal(tensor->begin(), tensor->end(), back->begin()));
        QCOMPARE(archive->header(name)->descr(), std::string("<f4"));
    }
    Result<BoolArray> backMask = archive->readBool("mask");
    QVERIFY2(backMask.ok(), backMask.error().c_str());
    QCOMPARE(archive->header("mask")->dtype, DType::Bool);
    for (int64_t i = 0; i < mask.size(); ++i) QCOMPARE(int((*backMask)[i]), mask[i] ? 1 : 0);
    Result<Array<double>> backGolden = archive->readDouble("golden");
    QVERIFY2(backGolden.ok(), backGolden.error().c_str());
    QCOMPARE((*backGolden)[0], 0.1);
    QCOMPARE((*backGolden)[1], -1e300);
    // Members are stored, each one a plain .npy as encodeNpy writes it.
    QVERIFY(fileBytes(path).contains(encodeNpy(maps)));
}

void TestNpyArchive::replacesAtomically() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("r.npz");
    NpzWriter first;
    first.add("a", sampleTensor({3}, 1.0f));
    QVERIFY(first.write(path).ok());
    NpzWriter second;
    second.add("b", sampleTensor({2, 2}, 2.0f));
    QVERIFY(second.write(path).ok());
    Result<NpzArchive> archive = NpzArchive::open(path);
    QVERIFY2(archive.ok(), archive.error().c_str());
    QCOMPARE(archive->names(), std::vector<std::string>{"b"});
    QCOMPARE(dirEntries(dir.path()), QStringList{"r.npz"});
    QVERIFY(QFile::permissions(path) & QFile::ReadGroup);
}

void TestNpyArchive::refusesBadWriterInput() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    NpzWriter none;
    QVERIFY(!none.write(dir.filePath("none.npz")).ok());
    NpzWriter twice;
    twice.add("x", sampleTensor({1}, 0.0f));
    twice.add("x", BoolArray(Shape{1}, 1));
    const Status status = twice.write(dir.filePath("twice.npz"));
    QVERIFY(!status.ok());
    QVERIFY2(QString::fromStdString(status.error()).contains("'x' is used twice"),
             status.error().c_str());
    QVERIFY(dirEntries(dir.path()).isEmpty());
}

void TestNpyArchive::failsCleanlyOnUnwritableTargets() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    NpzWriter writer;
    writer.add("a", sampleTensor({4}, 0.0f));

    QVERIFY(writeBytes(dir.filePath("plain"), "x"));
    const Status underFile = writer.write(dir.filePath("plain/a.npz"));
    QVERIFY(!underFile.ok());
    QVERIFY2(QString::fromStdString(underFile.error()).contains("plain/a.npz"),
             underFile.error().c_str());

    // A directory in the way: the rename fails and the temporary file goes.
    QVERIFY(QDir().mkpath(dir.filePath("taken.npz")));
    QVERIFY(!writer.write(dir.filePath("taken.npz")).ok());
    QVERIFY(QFileInfo(dir.filePath("taken.npz")).isDir());
    QCOMPARE(dirEntries(dir.path()), (QStringList{"plain", "taken.npz"}));

    // A read-only directory keeps its good archive.
    const QString sub = dir.filePath("ro");
    QVERIFY(QDir().mkpath(sub));
    QVERIFY(writer.write(sub + "/good.npz").ok());
    const QByteArray good = fileBytes(sub + "/good.npz");
    QVERIFY(QFile::setPermissions(sub, QFile::ReadOwner | QFile::ExeOwner));
    QFile probe(sub + "/probe");
    const bool rootLike = probe.open(QIODevice::WriteOnly);
    if (rootLike) probe.remove();
    NpzWriter other;
    other.add("b", sampleTensor({8}, 1.0f));
    const Status failed = rootLike ? Status() : other.write(sub + "/good.npz");
    QFile::setPermissions(sub, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    if (rootLike) QSKIP("running with privileges that ignore directory permissions");
    QVERIFY(!failed.ok());
    QCOMPARE(fileBytes(sub + "/good.npz"), good);
    QCOMPARE(dirEntries(sub), QStringList{"good.npz"});
}

void TestNpyArchive::rejectsNonArchives() {
    for (const QString& path : {fixture("f32_3x4.npy"), fixture("expected.json"),
                                QString("/nonexistent/attnscope.npz"), fixture("")}) {
        const Result<NpzArchive> archive = NpzArchive::open(path);
        QVERIFY2(!archive.ok(), qPrintable(path));
        QVERIFY2(QString::fromStdString(archive.error()).startsWith(path + ": "),
                 archive.error().c_str());
    }
}

void TestNpyArchive::survivesTruncation_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("stored") << QString("small.npz");
    QTest::newRow("deflated") << QString("small_compressed.npz");
}

void TestNpyArchive::survivesTruncation() {
    QFETCH(QString, file);
    const QByteArray whole = fileBytes(fixture(file));
    QVERIFY(!whole.isEmpty());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(file);
    for (qsizetype n = 0; n < whole.size(); ++n) {
        QVERIFY(writeBytes(path, whole.left(n)));
        const Result<NpzArchive> archive = NpzArchive::open(path);
        if (!archive.ok()) continue;
        const bool allRead = archive->readFloat("a").ok() && archive->readBool("m").ok();
        QVERIFY2(!allRead, qPrintable(QString("accepted %1 of %2 bytes").arg(n).arg(whole.size())));
    }
    QVERIFY(writeBytes(path, whole));
    QVERIFY(NpzArchive::open(path).ok());
}

void TestNpyArchive::survivesCorruptBytes() {
    // Each byte of a small archive replaced in turn: errors are fine, crashes are not.
    for (const char* file : {"small.npz", "small_compressed.npz"}) {
        const QByteArray whole = fileBytes(fixture(file));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(file);
        int failures = 0;
        for (qsizetype i = 0; i < whole.size(); ++i) {
            QByteArray bytes = whole;
            bytes[i] = char(bytes[i] ^ 0x5a);
            QVERIFY(writeBytes(path, bytes));
            const Result<NpzArchive> archive = NpzArchive::open(path);
            if (!archive.ok()) {
                ++failures;
                continue;
            }
            for (const std::string& name : archive->names()) {
                failures += archive->readDouble(name).ok() ? 0 : 1;
                (void)archive->header(name);
            }
        }
        QVERIFY(failures > 0);
    }
}

QTEST_GUILESS_MAIN(TestNpyArchive)
#include "tst_npyarchive.moc"
