#include "widgets/views/PositionTicker.h"

#include <QFontMetrics>
#include <algorithm>
#include <cmath>

namespace attnscope {

namespace {
constexpr int kMaxTokenChars = 10;
constexpr int kMaxTokenStep = 4;  // label at least every 4th token, else numbers

bool horizontal(const QCPAxis* axis) {
    return axis->axisType() == QCPAxis::atBottom || axis->axisType() == QCPAxis::atTop;
}

/// The smallest of 1, 2, 2.5, 5 × 10^k that is ≥ x (2.5 from 25 on, so positions stay whole):
/// 2.5 keeps two ticks on a small map of a long sequence (4,700 tokens over 70 pixels: 0 and
/// 2500, where a step of 5000 left the 0 alone).
double niceStep(double x) {
    if (!(x > 1)) return 1;
    const double p = std::pow(10.0, std::floor(std::log10(x)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (m == 2.5 && p < 10) continue;
        if (m * p >= x - 1e-9) return m * p;
    }
    return 10 * p;
}
}  // namespace

std::vector<QString> tokenLabels(const std::vector<std::string>& tokens) {
    std::vector<QString> out;
    out.reserve(tokens.size());
    for (const auto& t : tokens) out.push_back(QString::fromStdString(t));
    return out;
}

PositionTicker::PositionTicker(QCPAxis* axis, std::vector<QString> labels, double offset)
    : m_axis(axis), m_labels(std::move(labels)), m_offset(offset) {}

QString PositionTicker::tokenText(const QString& token) {
    QString t = token;
    t.replace('\n', "↵");
    t.replace('\t', "→");
    if (t.trimmed().isEmpty() && !t.isEmpty()) t.replace(' ', "␣");
    if (t.size() > kMaxTokenChars) t = t.left(kMaxTokenChars - 1) + "…";
    return t;
}

bool PositionTicker::stale() const {
    const QRect rect = m_axis->axisRect()->rect();
    return std::abs((horizontal(m_axis) ? rect.width() : rect.height()) - m_lengthUsed) > 2;
}

double PositionTicker::getTickStep(const QCPRange& range) {
    const bool across = horizontal(m_axis);
    const QRect rect = m_axis->axisRect()->rect();
    m_lengthUsed = across ? rect.width() : rect.height();
    const double pixels = std::max(1, m_lengthUsed);
    const QFontMetrics fm(m_axis->tickLabelFont());
    const double span = std::max(range.size(), 1.0);
    // Tokens: one line of text per tick (the key axis is rotated, so its labels stack too).
    m_tokens = false;
    if (!m_labels.empty()) {
        const double perToken = pixels / span;
        const double step = std::ceil((fm.height() + 2) / perToken);
        if (step <= kMaxTokenStep) {
            m_tokens = true;
            if (across) m_axis->setTickLabelRotation(90);
            return std::max(1.0, step);
        }
    }
    if (across) m_axis->setTickLabelRotation(0);
    // Numbers: the widest label of the range and a gap of two digits, or two lines vertically.
    const double widest = std::max(std::abs(range.lower), std::abs(range.upper));
    const QString sample(QString::number(qint64(std::ceil(widest))).size(), QChar('8'));
    const double need = across ? fm.horizontalAdvance(sample + "88") : 2.0 * fm.height();
    return niceStep(need * span / pixels);
}

int PositionTicker::getSubTickCount(double) {
    return 0;
}

QVector<double> PositionTicker::createTickVector(double tickStep, const QCPRange& range) {
    QVector<double> ticks;
    // Tokens are counted from the first position shown; numbers are round in themselves.
    const double base = m_tokens ? m_offset : 0;
    const double first = std::ceil((range.lower - base) / tickStep) * tickStep + base;
    for (double t = first; t <= range.upper + 1e-9 && ticks.size() < 2000; t += tickStep)
        ticks.push_back(t);
    return ticks;
}

QString PositionTicker::getTickLabel(double tick, const QLocale&, QChar, int) {
    const qint64 position = std::llround(tick);
    if (m_tokens) {
        const qint64 i = std::llround(tick - m_offset);
        if (i >= 0 && i < qint64(m_labels.size())) return tokenText(m_labels[size_t(i)]);
        return {};
    }
    return QString::number(position);
}

}  // namespace attnscope
