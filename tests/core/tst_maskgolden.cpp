// Golden test: MaskExpr::materialize against dense bool masks produced by PyTorch / transformers
// (scripts/make_golden.py writes tests/data/golden/masks/index.json and one .npy per case).
// ATTNSCOPE_MASK_GOLDEN_DIR overrides the folder, to check a different golden set.

#include <QtTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include "masks/MaskExpr.h"

using namespace attnscope;

namespace {

QString goldenDir() {
    const QByteArray overridden = qgetenv("ATTNSCOPE_MASK_GOLDEN_DIR");
    if (!overridden.isEmpty()) return QString::fromLocal8Bit(overridden);
    return QStringLiteral(ATTNSCOPE_TEST_DATA "/golden/masks");
}

/// A C-order bool / uint8 .npy array (format 1.0 - 3.0, descr '|b1', '<u1' or '|u1').
struct NpyBool {
    Shape shape;
    QByteArray data;
};

std::optional<NpyBool> readNpyBool(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = "cannot open " + path;
        return std::nullopt;
    }
    const QByteArray bytes = file.readAll();
    if (bytes.size() < 10 || !bytes.startsWith("\x93NUMPY")) {
        *error = path + " is not a .npy file";
        return std::nullopt;
    }
    const auto major = static_cast<uint8_t>(bytes[6]);
    auto byteAt = [&](int i) { return static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])); };
    const int lenBytes = major == 1 ? 2 : 4;
    uint32_t headerLen = byteAt(8) | byteAt(9) << 8;
    if (lenBytes == 4) headerLen |= byteAt(10) << 16 | byteAt(11) << 24;
    const int dataStart = 8 + lenBytes + static_cast<int>(headerLen);
    if (bytes.size() < dataStart) {
        *error = path + ": truncated header";
        return std::nullopt;
    }
    const QString header = QString::fromLatin1(bytes.mid(8 + lenBytes, headerLen));

    const auto descr = QRegularExpression(R"('descr'\s*:\s*'([^']*)')").match(header);
    if (!descr.hasMatch() || !QStringList{"|b1", "<u1", "|u1"}.contains(descr.captured(1))) {
        *error = path + ": expected a bool or uint8 array, header " + header;
        return std::nullopt;
    }
    if (header.contains(QRegularExpression(R"('fortran_order'\s*:\s*True)"))) {
        *error = path + ": Fortran order is not supported";
        return std::nullopt;
    }
    const auto shapeMatch = QRegularExpression(R"('shape'\s*:\s*\(([^)]*)\))").match(header);
    if (!shapeMatch.hasMatch()) {
        *error = path + ": no shape in header " + header;
        return std::nullopt;
    }
    NpyBool npy;
    for (const QString& dim : shapeMatch.captured(1).split(',', Qt::SkipEmptyParts))
        npy.shape.push_back(dim.trimmed().toLongLong());
    npy.data = bytes.mid(dataStart);
    if (npy.data.size() != shapeSize(npy.shape)) {
        *error = path + QString(": %1 data bytes for shape of %2 elements")
                            .arg(npy.data.size())
                            .arg(shapeSize(npy.shape));
        return std::nullopt;
    }
    return npy;
}

}  // namespace

class TestMaskGolden : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void matchesGolden_data();
    void matchesGolden();

private:
    QJsonArray m_cases;
};

void TestMaskGolden::initTestCase() {
    const QString indexPath = goldenDir() + "/index.json";
    QFile index(indexPath);
    if (!index.open(QIODevice::ReadOnly))
        QFAIL(qPrintable("golden index missing: " + indexPath +
                         " (run scripts/make_golden.py to produce it)"));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(index.readAll(), &parseError);
    if (!doc.isArray())
        QFAIL(qPrintable(indexPath + " is not a JSON array: " + parseError.errorString()));
    m_cases = doc.array();
    QVERIFY2(!m_cases.isEmpty(), "golden index lists no cases");
}

void TestMaskGolden::matchesGolden_data() {
    QTest::addColumn<QString>("expr");
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("qLen");
    QTest::addColumn<int>("kvLen");
    QTest::addColumn<int>("qOffset");
    QTest::addColumn<int>("kvOffset");
    QTest::addColumn<QString>("file");
    for (const QJsonValue& v : m_cases) {
        const QJsonObject c = v.toObject();
        const QString name = c["name"].toString(c["expr"].toString());
        QTest::newRow(qPrintable(name))
            << c["expr"].toString() << c["batch"].toInt(1) << c["q_len"].toInt()
            << c["kv_len"].toInt() << c["q_offset"].toInt(0) << c["kv_offset"].toInt(0)
            << c["file"].toString();
    }
}

void TestMaskGolden::matchesGolden() {
    QFETCH(QString, expr);
    QFETCH(int, batch);
    QFETCH(int, qLen);
    QFETCH(int, kvLen);
    QFETCH(int, qOffset);
    QFETCH(int, kvOffset);
    QFETCH(QString, file);

    auto parsed = MaskExpr::parse(expr.toStdString());
    QVERIFY2(parsed.ok(), parsed.error().c_str());
    MaskShape shape;
    shape.batch = batch;
    shape.qLen = qLen;
    shape.kvLen = kvLen;
    shape.qOffset = qOffset;
    shape.kvOffset = kvOffset;
    const Status valid = parsed->validate(shape);
    QVERIFY2(valid.ok(), valid.error().c_str());

    QString error;
    const auto golden = readNpyBool(goldenDir() + "/" + file, &error);
    QVERIFY2(golden.has_value(), qPrintable(error));
    QCOMPARE(golden->shape, (Shape{batch, qLen, kvLen}));

    const BoolArray dense = parsed->materialize(shape);
    QCOMPARE(dense.shape(), golden->shape);
    const char* want = golden->data.constData();
    int64_t mismatches = 0, first = -1;
    for (int64_t i = 0; i < dense.size(); ++i) {
        if ((dense[i] != 0) != (want[i] != 0)) {
            if (first < 0) first = i;
            ++mismatches;
        }
    }
    if (mismatches > 0) {
        const int64_t b = first / (int64_t{qLen} * kvLen), q = first / kvLen % qLen;
        const int64_t k = first % kvLen;
        QFAIL(qPrintable(QString("%1 of %2 elements differ; first at b=%3 q=%4 kv=%5: got %6, "
                                 "golden %7")
                             .arg(mismatches)
                             .arg(dense.size())
                             .arg(b)
                             .arg(q)
                             .arg(k)
                             .arg(int(dense[first]))
                             .arg(int(want[first] != 0))));
    }
}

QTEST_GUILESS_MAIN(TestMaskGolden)
#include "tst_maskgolden.moc"
