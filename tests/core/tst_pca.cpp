// Pca (core/analysis) against NumPy's SVD of the centred rows (scripts/make_pca_golden.py):
// orthonormal axes, variance ordered, signs by the largest loading, projections; bad input.

#include <QtTest>

#include "TestSupport.h"
#include "core/analysis/Pca.h"
#include "core/io/NpyFormat.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {
Eigen::MatrixXd loadMatrix(const QString& path) {
    auto a = readNpyDouble(path);
    if (!a) qFatal("%s: %s", qPrintable(path), a.error().c_str());
    const Array<double>& v = a.value();
    const Eigen::Index rows = v.dim(0), cols = v.shape().size() > 1 ? v.dim(1) : 1;
    Eigen::MatrixXd m(rows, cols);
    for (Eigen::Index r = 0; r < rows; ++r)
        for (Eigen::Index c = 0; c < cols; ++c) m(r, c) = v[r * cols + c];
    return m;
}

QString largestDifference(const Eigen::MatrixXd& a, const Eigen::MatrixXd& e, double tol) {
    if (a.rows() != e.rows() || a.cols() != e.cols())
        return QString("shape %1×%2 != %3×%4")
            .arg(a.rows())
            .arg(a.cols())
            .arg(e.rows())
            .arg(e.cols());
    for (Eigen::Index r = 0; r < a.rows(); ++r)
        for (Eigen::Index c = 0; c < a.cols(); ++c)
            if (!(std::abs(a(r, c) - e(r, c)) <= tol * (1 + std::abs(e(r, c)))))
                return QString("(%1, %2): %3 vs %4")
                    .arg(r)
                    .arg(c)
                    .arg(a(r, c), 0, 'g', 15)
                    .arg(e(r, c), 0, 'g', 15);
    return {};
}
}  // namespace

class TestPca : public QObject {
    Q_OBJECT
private slots:
    void matchesNumpy_data() {
        QTest::addColumn<QString>("dir");
        QTest::addColumn<int>("k");
        const QJsonArray cases = readJsonArray(dataPath("golden/pca/index.json"));
        QVERIFY2(cases.size() == 3, "run scripts/make_pca_golden.py");
        for (const QJsonValue& c : cases)
            QTest::newRow(qPrintable(c["name"].toString()))
                << dataPath("golden/pca/" + c["name"].toString()) << c["k"].toInt();
    }

    void matchesNumpy() {
        QFETCH(QString, dir);
        QFETCH(int, k);
        const Eigen::MatrixXd x = loadMatrix(dir + "/x.npy");
        auto fit = Pca::fit(x, k);
        QVERIFY2(fit, fit.error().c_str());
        const Pca& pca = fit.value();
        QCOMPARE(pca.components(), k);
        QCOMPARE(pca.dimension(), int(x.cols()));

        const Eigen::MatrixXd axes = pca.axes();
        const QString ortho =
            largestDifference(axes * axes.transpose(), Eigen::MatrixXd::Identity(k, k), 1e-12);
        QVERIFY2(ortho.isEmpty(), qPrintable("not orthonormal: " + ortho));
        for (int c = 1; c < k; ++c)
            QVERIFY(pca.explainedVariance()[c] <= pca.explainedVariance()[c - 1]);

        const auto check = [](const Eigen::MatrixXd& actual, const QString& file) {
            const QString d = largestDifference(actual, loadMatrix(file), 1e-9);
            QVERIFY2(d.isEmpty(), qPrintable(file + ": " + d));
        };
        check(pca.mean(), dir + "/mean.npy");
        check(axes, dir + "/components.npy");
        check(pca.explainedVariance(), dir + "/variance.npy");
        check(pca.explainedVarianceRatio(), dir + "/ratio.npy");
        check(pca.project(x), dir + "/projection.npy");
    }

    void floatBlocksFitAsOneSet_data() { matchesNumpy_data(); }
    void floatBlocksFitAsOneSet() {
        // The rows as floats in three blocks (a head's Q, K and V), read in place: the same fit
        // as the double matrix of those floats, and NumPy's within float rounding.
        QFETCH(QString, dir);
        QFETCH(int, k);
        const Eigen::MatrixXd x = loadMatrix(dir + "/x.npy");
        const Eigen::Index n = x.rows(), d = x.cols();
        using FloatRows = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
        const FloatRows xf = x.cast<float>();
        const Eigen::Index a = n / 3, b = n / 2;  // uneven blocks
        const std::vector<Pca::FloatRows> blocks{
            {xf.data(), a}, {xf.data() + a * d, b - a}, {xf.data() + b * d, n - b}};
        auto fit = Pca::fit(blocks, d, k);
        QVERIFY2(fit, fit.error().c_str());
        auto same = Pca::fit(Eigen::MatrixXd(xf.cast<double>()), k);
        QVERIFY(same);
        const auto close = [](const Eigen::MatrixXd& actual, const Eigen::MatrixXd& expected,
                              double tol, const char* what) {
            const QString m = largestDifference(actual, expected, tol);
            QVERIFY2(m.isEmpty(), qPrintable(QString(what) + ": " + m));
        };
        close(fit->mean(), same->mean(), 1e-12, "mean");
        close(fit->axes(), same->axes(), 1e-9, "axes");
        close(fit->explainedVariance(), same->explainedVariance(), 1e-9, "variance");
        Eigen::MatrixXd projected(n, k);
        for (const Pca::FloatRows& r : blocks)
            projected.middleRows((r.data - xf.data()) / d, r.rows) = fit->project(r);
        close(projected, same->project(xf.cast<double>()), 1e-9, "projection");
        close(fit->axes(), loadMatrix(dir + "/components.npy"), 1e-4, "axes vs NumPy");
        close(fit->explainedVarianceRatio(), loadMatrix(dir + "/ratio.npy"), 1e-5,
              "ratio vs NumPy");
        // No rows, one row, a NaN: refused as the matrix fit refuses them.
        QVERIFY(!Pca::fit(std::vector<Pca::FloatRows>{}, d, k));
        QVERIFY(!Pca::fit({{xf.data(), 1}}, d, k));
        FloatRows bad = xf;
        bad(1, 0) = std::numeric_limits<float>::quiet_NaN();
        auto refused = Pca::fit({{bad.data(), n}}, d, k);
        QVERIFY(!refused);
        QVERIFY(QString::fromStdString(refused.error()).contains("non-finite"));
    }

    void signConventionIsDeterministic() {
        // Mirroring the data flips no axis: the largest loading stays positive.
        const Eigen::MatrixXd x = loadMatrix(dataPath("golden/pca/qkv_like/x.npy"));
        auto a = Pca::fit(x, 3), b = Pca::fit(-x, 3);
        QVERIFY(a && b);
        QVERIFY(largestDifference(a->axes(), b->axes(), 1e-9).isEmpty());
        for (int c = 0; c < 3; ++c) {
            Eigen::Index i = 0;
            a->axes().row(c).cwiseAbs().maxCoeff(&i);
            QVERIFY(a->axes()(c, i) > 0);
        }
        // The projections of the mirrored set are mirrored.
        QVERIFY(largestDifference(b->project(-x), -a->project(x), 1e-9).isEmpty());
    }

    void rejectsBadInput_data() {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("d");
        QTest::addColumn<int>("k");
        QTest::addColumn<bool>("nan");
        QTest::addColumn<QString>("message");
        QTest::newRow("one vector") << 1 << 4 << 3 << false << "at least two vectors";
        QTest::newRow("too many components") << 6 << 2 << 3 << false << "between 1 and";
        QTest::newRow("no components") << 6 << 4 << 0 << false << "between 1 and";
        QTest::newRow("nan") << 6 << 4 << 3 << true << "non-finite";
    }

    void rejectsBadInput() {
        QFETCH(int, n);
        QFETCH(int, d);
        QFETCH(int, k);
        QFETCH(bool, nan);
        QFETCH(QString, message);
        Eigen::MatrixXd x = Eigen::MatrixXd::Random(n, d);
        if (nan) x(0, 0) = std::nan("");
        auto r = Pca::fit(x, k);
        QVERIFY(!r);
        QVERIFY2(QString::fromStdString(r.error()).contains(message), r.error().c_str());
    }

    void equalRowsHaveZeroVariance() {
        const Eigen::MatrixXd x = Eigen::MatrixXd::Constant(4, 3, 2.5);
        auto r = Pca::fit(x, 3);
        QVERIFY(r);
        QCOMPARE(r->explainedVarianceRatio().sum(), 0.0);
        QVERIFY(r->project(x).cwiseAbs().maxCoeff() < 1e-12);
    }
};

QTEST_APPLESS_MAIN(TestPca)
#include "tst_pca.moc"
