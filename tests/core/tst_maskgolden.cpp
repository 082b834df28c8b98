// Golden test: MaskExpr::materialize against dense bool masks produced by PyTorch / transformers
// (scripts/make_golden.py writes tests/data/golden/masks/index.json and one .npy per case).
// ATTNSCOPE_MASK_GOLDEN_DIR overrides the folder, to check a different golden set.

#include <QtTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "TestSupport.h"
#include "core/io/NpyFormat.h"
#include "core/masks/MaskExpr.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {

QString goldenDir() {
    const QByteArray overridden = qgetenv("ATTNSCOPE_MASK_GOLDEN_DIR");
    if (!overridden.isEmpty()) return QString::fromLocal8Bit(overridden);
    return QStringLiteral(ATTNSCOPE_TEST_DATA "/golden/masks");
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
    const MaskShape shape = makeShape(batch, qLen, kvLen, qOffset, kvOffset);
    const Status valid = parsed->validate(shape);
    QVERIFY2(valid.ok(), valid.error().c_str());

    const Result<BoolArray> golden = readNpyBool(goldenDir() + "/" + file);
    QVERIFY2(golden.ok(), golden.error().c_str());
    QCOMPARE(golden->shape(), (Shape{batch, qLen, kvLen}));

    const BoolArray dense = parsed->materialize(shape);
    QCOMPARE(dense.shape(), golden->shape());
    const uint8_t* want = golden->data();
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
