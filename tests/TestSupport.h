#pragma once
// Shared helpers of the Qt Test suites: fixture paths and files, tolerance comparisons against
// float64 references (SPEC §3: 1e-5 relative / 1e-6 absolute on probabilities), the expected
// values of the I/O fixtures, and mask shapes / expressions.

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QtTest>
#include <cmath>
#include <utility>
#include <vector>

#include "core/backends/cpu/CpuBackend.h"
#include "core/common/Array.h"
#include "core/engine/TraceBuilder.h"
#include "core/masks/MaskExpr.h"
#include "core/masks/MaskShape.h"
#include "core/presets/Presets.h"

namespace attnscope::test {

inline QString dataPath(const QString& relative) {
    return QStringLiteral(ATTNSCOPE_TEST_DATA) + "/" + relative;
}

inline QJsonArray readJsonArray(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).array();
}

/// A file of tests/data/io/ (scripts/make_io_fixtures.py writes them).
inline QString fixture(const QString& name) {
    return QStringLiteral(ATTNSCOPE_TEST_DATA "/io/") + name;
}

/// A file of tests/data/io/tensorfiles/ (scripts/make_tensorfile_fixtures.py writes them).
inline QString tf(const QString& name) {
    return fixture("tensorfiles/" + name);
}

/// tests/data/io/tensorfiles/index.json: what PyTorch / NumPy wrote into each fixture.
inline QJsonObject index() {
    QFile f(tf("index.json"));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

/// The whole content of `path`, or empty when it cannot be read.
inline QByteArray fileBytes(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return file.readAll();
}

/// The "values" of an entry of tests/data/io/expected.json; non-finite numbers and -0 are written
/// there as the strings "nan", "inf", "-inf" and "-0".
inline std::vector<double> jsonValues(const QJsonObject& entry) {
    std::vector<double> values;
    for (const QJsonValue& v : entry.value("values").toArray()) {
        if (v.isDouble()) {
            values.push_back(v.toDouble());
        } else {
            const QString s = v.toString();
            values.push_back(s == "nan"    ? std::nan("")
                             : s == "inf"  ? INFINITY
                             : s == "-inf" ? -INFINITY
                             : s == "-0"   ? -0.0
                                           : std::nan("unknown"));
        }
    }
    return values;
}

/// The "shape" of an entry of tests/data/io/expected.json.
inline Shape jsonShape(const QJsonObject& entry) {
    Shape shape;
    for (const QJsonValue& v : entry.value("shape").toArray()) shape.push_back(v.toInteger());
    return shape;
}

/// The tests' random shapes are drawn in the argument order of this call, so MaskShape{...}, which
/// evaluates left to right, would draw different ones.
inline MaskShape makeShape(int batch, int lq, int lk, int qOffset = 0, int kvOffset = 0) {
    MaskShape s;
    s.batch = batch;
    s.qLen = lq;
    s.kvLen = lk;
    s.qOffset = qOffset;
    s.kvOffset = kvOffset;
    return s;
}

/// "0110 1111 ; ..." — rows of batch 0 separated by spaces, batches by " ; ".
inline QString denseToRows(const BoolArray& dense) {
    QStringList batches;
    for (int64_t b = 0; b < dense.dim(0); ++b) {
        QStringList rows;
        for (int64_t q = 0; q < dense.dim(1); ++q) {
            QString row;
            for (int64_t k = 0; k < dense.dim(2); ++k) row += dense.at({b, q, k}) ? '1' : '0';
            rows << row;
        }
        batches << rows.join(' ');
    }
    return batches.join(" ; ");
}

/// `text` parsed, or the test binary stops with the parse error.
inline MaskExpr parseOrFail(const QString& text) {
    auto r = MaskExpr::parse(text.toStdString());
    if (!r) qFatal("parse failed for %s: %s", qPrintable(text), r.error().c_str());
    return std::move(r).value();
}

/// Largest violation of |actual − expected| ≤ atol + rtol·|expected| as a message, or empty when
/// all elements agree. −inf must match −inf exactly; NaN never matches.
template <class A, class E>
QString compareArrays(const A& actual, const E& expected, double rtol, double atol) {
    if (actual.shape() != expected.shape())
        return QString("shape %1 != expected %2")
            .arg(QString::fromStdString(shapeToString(actual.shape())),
                 QString::fromStdString(shapeToString(expected.shape())));
    for (int64_t i = 0; i < actual.size(); ++i) {
        const double a = double(actual[i]), e = double(expected[i]);
        if (std::isinf(e) && a == e) continue;
        if (!(std::abs(a - e) <= atol + rtol * std::abs(e)))
            return QString("element %1: %2 vs expected %3")
                .arg(i)
                .arg(a, 0, 'g', 9)
                .arg(e, 0, 'g', 17);
    }
    return {};
}

/// The trace of `scenario` on the CPU backend; a scenario that fails to build aborts the test.
inline TracePtr buildTrace(const Scenario& scenario) {
    CpuBackend backend;
    auto r = TraceBuilder::build(TraceRequest{scenario, {}, {}, {}}, backend);
    if (!r) qFatal("trace: %s", r.error().c_str());
    return r.value();
}

/// Exit code (−1 after a crash) and output of one run of the attnscope executable.
/// Element [i] of the leading axis of `t` as its own tensor (that axis dropped), or with `count`
/// > 0 elements [i, i + count) (that axis kept).
inline Tensor leadingSlice(const Tensor& t, int64_t i, int64_t count = 0) {
    Shape s(t.shape().begin() + 1, t.shape().end());
    const int64_t n = shapeSize(s), m = std::max<int64_t>(count, 1);
    if (count > 0) s.insert(s.begin(), count);
    Tensor out(s);
    std::copy(t.data() + i * n, t.data() + (i + m) * n, out.data());
    return out;
}

struct Run {
    int code = -1;
    QString out, err;
};

inline Run runCli(const QStringList& args,
                  const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
                  const QString& workingDir = {}) {
    QProcess p;
    p.setProcessEnvironment(env);
    if (!workingDir.isEmpty()) p.setWorkingDirectory(workingDir);
    p.start(ATTNSCOPE_CLI, args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

inline TracePtr presetTrace(const char* name) {
    return buildTrace(*presetScenario(name));
}

}  // namespace attnscope::test
