#pragma once
// Shared helpers of the Qt Test suites: fixture paths and tolerance comparisons against float64
// references (SPEC §3: 1e-5 relative / 1e-6 absolute on probabilities).

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QString>
#include <QtTest>
#include <cmath>

#include "common/Array.h"

namespace attnscope::test {

inline QString dataPath(const QString& relative) {
    return QStringLiteral(ATTNSCOPE_TEST_DATA) + "/" + relative;
}

inline QJsonArray readJsonArray(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).array();
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

}  // namespace attnscope::test
