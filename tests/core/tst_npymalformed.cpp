// Tests of the .npy reader on malformed input: hand-made broken headers, NumPy-written files cut
// at every offset and bytes corrupted one at a time must give errors naming the file, never crash.

#include <QtTest>

#include "TestSupport.h"
#include "core/io/NpyFormat.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {

// A .npy file with the given header dictionary, padded as NumPy pads, followed by `dataBytes`.
QByteArray makeNpy(const QByteArray& dict, int dataBytes, char major = 1) {
    const int preamble = major == 1 ? 10 : 12;
    QByteArray header = dict;
    while ((preamble + header.size() + 1) % 64 != 0) header.append(' ');
    header.append('\n');
    QByteArray bytes("\x93NUMPY", 6);
    bytes.append(major).append('\0');
    for (int i = 0; i < preamble - 8; ++i) bytes.append(char((header.size() >> (8 * i)) & 0xff));
    return bytes + header + QByteArray(dataBytes, '\0');
}

}  // namespace

class TestNpyMalformed : public QObject {
    Q_OBJECT

private slots:
    void rejectsMalformedHeaders_data();
    void rejectsMalformedHeaders();
    void reportsShortDataPrecisely();
    void survivesTruncation_data();
    void survivesTruncation();
    void survivesCorruptBytes();
};

void TestNpyMalformed::rejectsMalformedHeaders_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");
    const QByteArray f4 = "'descr': '<f4', 'fortran_order': False, ";
    QTest::newRow("empty file") << QByteArray() << "ends after 0 bytes";
    QTest::newRow("zip, not npy") << QByteArray("PK\x03\x04\x14\x00\x00\x00", 8) << "not a .npy";
    QTest::newRow("version 4.0") << makeNpy("{" + f4 + "'shape': (1,), }", 4, 4) << "version 4.0";
    QByteArray longHeader = makeNpy("{" + f4 + "'shape': (1,), }", 4);
    longHeader[8] = '\xff';
    QTest::newRow("header past end") << longHeader << "runs past the end of the file";
    QTest::newRow("no dictionary") << makeNpy("'descr'", 0) << "does not start with '{'";
    QTest::newRow("missing shape") << makeNpy("{" + f4 + "}", 0) << "no 'shape' key";
    QTest::newRow("unknown key") << makeNpy("{" + f4 + "'shape': (), 'x': 1}", 4)
                                 << "unexpected key 'x'";
    QTest::newRow("duplicate key")
        << makeNpy("{" + f4 + "'shape': (), 'shape': ()}", 4) << "duplicate key 'shape'";
    QTest::newRow("descr not a string")
        << makeNpy("{'descr': 4, 'fortran_order': False, 'shape': ()}", 4) << "quoted string";
    QTest::newRow("fortran_order not bool")
        << makeNpy("{'descr': '<f4', 'fortran_order': 0, 'shape': ()}", 4) << "True or False";
    QTest::newRow("shape not a tuple") << makeNpy("{" + f4 + "'shape': 3}", 4) << "tuple";
    QTest::newRow("negative dimension")
        << makeNpy("{" + f4 + "'shape': (-3,)}", 0) << "negative dimension";
    QTest::newRow("dimension over 64 bits")
        << makeNpy("{" + f4 + "'shape': (99999999999999999999,)}", 0) << "64 bits";
    QTest::newRow("element count overflow")
        << makeNpy("{" + f4 + "'shape': (4294967296, 4294967296, 4)}", 0)
        << "more elements than fit in 64 bits";
    QTest::newRow("byte count overflow")
        << makeNpy("{" + f4 + "'shape': (2305843009213693952, 2)}", 0) << "needs more bytes";
    QTest::newRow("unterminated string") << makeNpy("{'descr", 0) << "unterminated string";
    QTest::newRow("missing colon") << makeNpy("{'descr' '<f4'}", 0) << "expected ':'";
    QTest::newRow("trailing text")
        << makeNpy("{" + f4 + "'shape': ()} x", 4) << "unexpected text after";
    QTest::newRow("structured") << makeNpy(
                                       "{'descr': [('a', '<f4')], 'fortran_order': False, "
                                       "'shape': (2,)}",
                                       8)
                                << "structured dtype";
    QTest::newRow("unclosed dictionary")
        << makeNpy("{" + f4 + "'shape': (2,)", 8) << "header ends too early";
    QTest::newRow("unknown dtype") << makeNpy(
                                          "{'descr': '<x9', 'fortran_order': False, "
                                          "'shape': ()}",
                                          8)
                                   << "unsupported dtype '<x9'";
}

void TestNpyMalformed::rejectsMalformedHeaders() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    const Result<Tensor> tensor = decodeNpy(bytes, "bad.npy");
    QVERIFY(!tensor.ok());
    const QString error = QString::fromStdString(tensor.error());
    QVERIFY2(error.startsWith("bad.npy: ") && error.contains(message), qPrintable(error));
    QVERIFY(!decodeNpyDouble(bytes, "bad.npy").ok());
    QVERIFY(!decodeNpyBool(bytes, "bad.npy").ok());
}

void TestNpyMalformed::reportsShortDataPrecisely() {
    const QByteArray bytes =
        makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': (4096,), }", 100);
    const Result<Tensor> tensor = decodeNpy(bytes, "q.npy");
    QVERIFY(!tensor.ok());
    QCOMPARE(QString::fromStdString(tensor.error()),
             QString("q.npy: header declares 4096 elements of f4 (16384 bytes) but only 100 bytes "
                     "follow the header at offset 128"));
}

void TestNpyMalformed::survivesTruncation_data() {
    QTest::addColumn<QString>("file");
    for (const char* name : {"f32_3x4.npy", "v2_f4_2x3.npy", "v3_f4_4.npy", "fortran_i2_2x3x4.npy",
                             "bool_3x3.npy", "scalar_0d.npy", "be_f8.npy"})
        QTest::newRow(name) << QString(name);
}

void TestNpyMalformed::survivesTruncation() {
    QFETCH(QString, file);
    const QByteArray whole = fileBytes(fixture(file));
    QVERIFY(!whole.isEmpty());
    for (qsizetype n = 0; n < whole.size(); ++n) {
        const QByteArray part = whole.left(n);
        const Result<Array<double>> result = decodeNpyDouble(part, file);
        QVERIFY2(!result.ok(),
                 qPrintable(QString("accepted %1 of %2 bytes").arg(n).arg(whole.size())));
        QVERIFY2(QString::fromStdString(result.error()).startsWith(file + ": "),
                 result.error().c_str());
        QVERIFY(!decodeNpy(part, file).ok());
        QVERIFY(!decodeNpyBool(part, file).ok());
    }
    QVERIFY(decodeNpyDouble(whole, file).ok());
}

void TestNpyMalformed::survivesCorruptBytes() {
    // Every byte of a file, replaced by a few values: any outcome but a crash is acceptable.
    const QByteArray whole = fileBytes(fixture("fortran_i2_2x3x4.npy"));
    QVERIFY(!whole.isEmpty());
    int refused = 0;
    for (qsizetype i = 0; i < whole.size(); ++i) {
        for (char c : {'\0', '\xff', '9', '(', ',', '\''}) {
            QByteArray bytes = whole;
            bytes[i] = c;
            refused += decodeNpy(bytes, "x.npy").ok() ? 0 : 1;
            (void)decodeNpyBool(bytes, "x.npy");
        }
    }
    QVERIFY(refused > 0);
}

QTEST_GUILESS_MAIN(TestNpyMalformed)
#include "tst_npymalformed.moc"
