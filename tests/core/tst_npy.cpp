// Tests of the .npy reader and writer against files written by NumPy
// (scripts/make_io_fixtures.py writes tests/data/io/ and the expected values in expected.json).

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "TestSupport.h"
#include "core/io/NpyFormat.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {

const QJsonObject& expectedJson() {
    static const QJsonObject root =
        QJsonDocument::fromJson(fileBytes(fixture("expected.json"))).object();
    return root;
}

// Exact equality that also tells -0 from 0 and accepts NaN for NaN.
template <class T>
bool same(T a, T b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return a == b && std::signbit(a) == std::signbit(b);
}

template <class T>
Array<T> sampleArray(const Shape& shape) {
    Array<T> array(shape);
    for (int64_t i = 0; i < array.size(); ++i) {
        if constexpr (std::is_same_v<T, uint8_t>)
            array[i] = (i * 7 % 3) == 0;
        else
            array[i] = static_cast<T>(std::sin(double(i) * 1.7) * std::pow(10.0, i % 9 - 4));
    }
    return array;
}

}  // namespace

class TestNpy : public QObject {
    Q_OBJECT

private slots:
    void readsNumpyFiles_data();
    void readsNumpyFiles();
    void readsMasks_data();
    void readsMasks();
    void refusesUnsupportedDtypes_data();
    void refusesUnsupportedDtypes();
    void encodesLikeNumpy_data();
    void encodesLikeNumpy();
    void roundTrips_data();
    void roundTrips();
    void writesAtomically();
    void failsCleanlyOnUnwritableTargets();
};

void TestNpy::readsNumpyFiles_data() {
    QTest::addColumn<QString>("file");
    for (const char* name : {"f16_2x5.npy",
                             "f32_3x4.npy",
                             "f32_special.npy",
                             "f64_2x2x3.npy",
                             "i8.npy",
                             "u8.npy",
                             "i16_2x3.npy",
                             "u16.npy",
                             "i32.npy",
                             "u32.npy",
                             "i64.npy",
                             "u64.npy",
                             "bool_3x3.npy",
                             "be_f4_2x3.npy",
                             "be_f8.npy",
                             "be_f2.npy",
                             "be_i4.npy",
                             "be_u2.npy",
                             "fortran_f4_3x4.npy",
                             "fortran_i2_2x3x4.npy",
                             "fortran_be_f8_3x2.npy",
                             "v2_f4_2x3.npy",
                             "v3_f4_4.npy",
                             "scalar_0d.npy",
                             "vector_1d.npy",
                             "f32_4d.npy",
                             "empty_0x3.npy"})
        QTest::newRow(name) << QString(name);
}

void TestNpy::readsNumpyFiles() {
    QFETCH(QString, file);
    const QJsonObject entry = expectedJson().value("npy").toObject().value(file).toObject();
    QVERIFY2(!entry.isEmpty(), "missing from expected.json: run scripts/make_io_fixtures.py");
    const std::vector<double> expected = jsonValues(entry);
    const Shape shape = jsonShape(entry);

    const QByteArray bytes = fileBytes(fixture(file));
    Result<NpyHeader> header = parseNpyHeader(bytes.constData(), bytes.size());
    QVERIFY2(header.ok(), header.error().c_str());
    QCOMPARE(QString(dtypeName(header->dtype)), entry.value("dtype").toString());
    QCOMPARE(header->shape, shape);
    QCOMPARE(header->dataOffset % 64, 0);

    Result<Array<double>> asDouble = readNpyDouble(fixture(file));
    QVERIFY2(asDouble.ok(), asDouble.error().c_str());
    QCOMPARE(asDouble->shape(), shape);
    QCOMPARE(asDouble->size(), int64_t(expected.size()));
    for (int64_t i = 0; i < asDouble->size(); ++i)
        QVERIFY2(same((*asDouble)[i], expected[i]),
                 qPrintable(
                     QString("element %1: %2 != %3").arg(i).arg((*asDouble)[i]).arg(expected[i])));

    Result<Tensor> asFloat = readNpy(fixture(file));
    QVERIFY2(asFloat.ok(), asFloat.error().c_str());
    QCOMPARE(asFloat->shape(), shape);
    for (int64_t i = 0; i < asFloat->size(); ++i)
        QVERIFY2(same((*asFloat)[i], float(expected[i])), qPrintable(QString::number(i)));
}

void TestNpy::readsMasks_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("accepted");
    for (const char* name :
         {"bool_3x3.npy", "i8.npy", "u8.npy", "be_i4.npy", "u64.npy", "fortran_i2_2x3x4.npy"})
        QTest::newRow(name) << QString(name) << true;
    for (const char* name : {"f32_3x4.npy", "f16_2x5.npy", "be_f8.npy"})
        QTest::newRow(name) << QString(name) << false;
}

void TestNpy::readsMasks() {
    QFETCH(QString, file);
    QFETCH(bool, accepted);
    Result<BoolArray> mask = readNpyBool(fixture(file));
    if (!accepted) {
        QVERIFY(!mask.ok());
        QVERIFY2(QString::fromStdString(mask.error()).contains(file), mask.error().c_str());
        QVERIFY2(QString::fromStdString(mask.error()).contains("bool or integer"),
                 mask.error().c_str());
        return;
    }
    QVERIFY2(mask.ok(), mask.error().c_str());
    const QJsonObject entry = expectedJson().value("npy").toObject().value(file).toObject();
    const std::vector<double> expected = jsonValues(entry);
    QCOMPARE(mask->shape(), jsonShape(entry));
    for (int64_t i = 0; i < mask->size(); ++i) QCOMPARE(int((*mask)[i]), expected[i] != 0 ? 1 : 0);
}

void TestNpy::refusesUnsupportedDtypes_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("keyword");
    const QJsonObject refused = expectedJson().value("refused").toObject();
    QVERIFY(refused.size() >= 4);
    for (auto it = refused.begin(); it != refused.end(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key() << it.value().toString();
}

void TestNpy::refusesUnsupportedDtypes() {
    QFETCH(QString, file);
    QFETCH(QString, keyword);
    const Result<Tensor> asFloat = readNpy(fixture(file));
    QVERIFY(!asFloat.ok());
    const QString message = QString::fromStdString(asFloat.error());
    QVERIFY2(message.contains(file) && message.contains(keyword), qPrintable(message));
    QVERIFY(!readNpyDouble(fixture(file)).ok());
    QVERIFY(!readNpyBool(fixture(file)).ok());
}

void TestNpy::encodesLikeNumpy_data() {
    QTest::addColumn<QString>("file");
    for (const char* name : {"write_f4_2x3.npy", "write_f4_5.npy", "write_f4_0d.npy",
                             "write_b1_2x2.npy", "write_f8_3.npy", "empty_0x3.npy"})
        QTest::newRow(name) << QString(name);
}

void TestNpy::encodesLikeNumpy() {
    QFETCH(QString, file);
    const QByteArray numpyBytes = fileBytes(fixture(file));
    QVERIFY(!numpyBytes.isEmpty());
    Result<NpyHeader> header = parseNpyHeader(numpyBytes.constData(), numpyBytes.size());
    QVERIFY2(header.ok(), header.error().c_str());
    QByteArray ours;
    if (header->dtype == DType::Bool)
        ours = encodeNpy(decodeNpyBool(numpyBytes, file).value());
    else if (header->dtype == DType::F64)
        ours = encodeNpy(decodeNpyDouble(numpyBytes, file).value());
    else
        ours = encodeNpy(decodeNpy(numpyBytes, file).value());
    QCOMPARE(ours, numpyBytes);
}

void TestNpy::roundTrips_data() {
    QTest::addColumn<Shape>("shape");
    QTest::newRow("0-D") << Shape{};
    QTest::newRow("1 element") << Shape{1};
    QTest::newRow("1-D") << Shape{17};
    QTest::newRow("2-D") << Shape{3, 5};
    QTest::newRow("4-D") << Shape{2, 3, 4, 5};
    QTest::newRow("empty") << Shape{0, 3};
    QTest::newRow("rank 7") << Shape{1, 2, 1, 3, 1, 2, 1};
    QTest::newRow("long first axis") << Shape{123456789012, 0};
}

void TestNpy::roundTrips() {
    QFETCH(Shape, shape);
    const Tensor tensor = sampleArray<float>(shape);
    const QByteArray bytes = encodeNpy(tensor);
    QVERIFY(bytes.startsWith(QByteArray("\x93NUMPY\x01\x00", 8)));
    const int64_t headerEnd = 10 + uint8_t(bytes[8]) + 256 * uint8_t(bytes[9]);
    QCOMPARE(headerEnd % 64, 0);
    QCOMPARE(bytes.at(qsizetype(headerEnd - 1)), '\n');
    QCOMPARE(bytes.size(), headerEnd + tensor.size() * 4);

    Result<Tensor> back = decodeNpy(bytes, "round trip");
    QVERIFY2(back.ok(), back.error().c_str());
    QCOMPARE(back->shape(), shape);
    QVERIFY(std::equal(tensor.begin(), tensor.end(), back->begin(), same<float>));

    const Array<double> doubles = sampleArray<double>(shape);
    Result<Array<double>> backDouble = decodeNpyDouble(encodeNpy(doubles), "round trip");
    QVERIFY2(backDouble.ok(), backDouble.error().c_str());
    QCOMPARE(backDouble->shape(), shape);
    QVERIFY(std::equal(doubles.begin(), doubles.end(), backDouble->begin(), same<double>));

    BoolArray mask = sampleArray<uint8_t>(shape);
    if (mask.size() > 0) mask[0] = 42;  // any non-zero byte is true and is written as 1
    Result<BoolArray> backMask = decodeNpyBool(encodeNpy(mask), "round trip");
    QVERIFY2(backMask.ok(), backMask.error().c_str());
    QCOMPARE(backMask->shape(), shape);
    for (int64_t i = 0; i < mask.size(); ++i) QCOMPARE(int((*backMask)[i]), mask[i] ? 1 : 0);
}

void TestNpy::writesAtomically() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath("t.npy");
    const Tensor first = sampleArray<float>({4, 6});
    QVERIFY(writeNpy(path, first).ok());
    QCOMPARE(fileBytes(path), encodeNpy(first));

    const Tensor second = sampleArray<float>({2, 2, 2});
    QVERIFY(writeNpy(path, second).ok());
    Result<Tensor> back = readNpy(path);
    QVERIFY2(back.ok(), back.error().c_str());
    QCOMPARE(back->shape(), second.shape());
    QVERIFY(std::equal(second.begin(), second.end(), back->begin()));

    const BoolArray mask = sampleArray<uint8_t>({3, 3});
    QVERIFY(writeNpy(dir.filePath("m.npy"), mask).ok());
    QCOMPARE(fileBytes(dir.filePath("m.npy")), encodeNpy(mask));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 2);
}

void TestNpy::failsCleanlyOnUnwritableTargets() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Tensor tensor = sampleArray<float>({2, 3});

    // A parent that is a regular file cannot hold anything, whoever runs the test.
    QFile plain(dir.filePath("plain"));
    QVERIFY(plain.open(QIODevice::WriteOnly));
    plain.close();
    const QString underFile = dir.filePath("plain/t.npy");
    const Status status = writeNpy(underFile, tensor);
    QVERIFY(!status.ok());
    QVERIFY2(QString::fromStdString(status.error()).contains(underFile), status.error().c_str());
    QVERIFY(!readNpy("/nonexistent/attnscope/q.npy").ok());

    // A read-only directory: an existing good file survives a failed write.
    const QString sub = dir.filePath("ro");
    QVERIFY(QDir().mkpath(sub));
    const QString path = sub + "/good.npy";
    QVERIFY(writeNpy(path, tensor).ok());
    QVERIFY(QFile::setPermissions(sub, QFile::ReadOwner | QFile::ExeOwner));
    QFile probe(sub + "/probe");
    const bool rootLike = probe.open(QIODevice::WriteOnly);
    if (rootLike) probe.remove();
    const Status failed = rootLike ? Status() : writeNpy(path, sampleArray<float>({9}));
    QFile::setPermissions(sub, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    if (rootLike) QSKIP("running with privileges that ignore directory permissions");
    QVERIFY(!failed.ok());
    QCOMPARE(fileBytes(path), encodeNpy(tensor));
    QCOMPARE(QDir(sub).entryList(QDir::Files | QDir::Hidden).size(), 1);
}

QTEST_GUILESS_MAIN(TestNpy)
#include "tst_npy.moc"
