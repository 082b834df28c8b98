#pragma once
// PositionTicker: ticks of an axis of positions (tokens, frames). When the tokens of the visible
// range fit, every token or every 2nd–4th is labelled with its text (the key axis rotated);
// otherwise round position numbers, as many as fit without overlapping at the axis's real length
// and tick font ("0 200400600800 1000" never happens).

#include <qcustomplot.h>

#include <QString>
#include <vector>

namespace attnscope {

class PositionTicker : public QCPAxisTicker {
public:
    /// `labels[i]` names position `offset + i` (empty: numbers only).
    explicit PositionTicker(QCPAxis* axis, std::vector<QString> labels = {}, double offset = 0);

    /// Whether the ticks were chosen for another axis length than the axis has now (the layout
    /// that follows the choice resized it): the plot lays out again.
    bool stale() const;
    /// Whether the last ticks were token texts.
    bool showingTokens() const { return m_tokens; }
    /// The text shown for a token: elided to a few characters, whitespace made visible.
    static QString tokenText(const QString& token);

protected:
    double getTickStep(const QCPRange& range) override;
    int getSubTickCount(double tickStep) override;
    QString getTickLabel(double tick, const QLocale& locale, QChar formatChar,
                         int precision) override;
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override;

private:
    QCPAxis* m_axis;
    std::vector<QString> m_labels;
    double m_offset;
    bool m_tokens = false;
    int m_lengthUsed = -1;  // axis pixels the ticks were chosen for
};

/// Labels for an axis from token strings (empty when there are none).
std::vector<QString> tokenLabels(const std::vector<std::string>& tokens);

}  // namespace attnscope
