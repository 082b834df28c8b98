#include "widgets/i18n/CoreMessages.h"

#include <QCoreApplication>

namespace attnscope {

QString coreMessage(const Error& message) {
    if (message.format.empty()) return QString::fromStdString(message.message);
    const QString format =
        QCoreApplication::translate("attnscope::Text", message.format.c_str());
    // The same substitution as Text::substitute, so that an argument's own text (a path with
    // %1 in it) is never substituted again.
    QString out;
    out.reserve(format.size() + 16 * static_cast<int>(message.args.size()));
    const auto digit = [&](qsizetype i) {
        return i < format.size() && format[i] >= QLatin1Char('0') && format[i] <= QLatin1Char('9');
    };
    for (qsizetype i = 0; i < format.size(); ++i) {
        if (format[i] == QLatin1Char('%') && digit(i + 1) && format[i + 1] != QLatin1Char('0')) {
            size_t n = static_cast<size_t>(format[i + 1].unicode() - '0');
            qsizetype end = i + 2;
            if (digit(end)) n = n * 10 + static_cast<size_t>(format[end++].unicode() - '0');
            if (n <= message.args.size()) {
                out += coreMessage(message.args[n - 1]);
                i = end - 1;
                continue;
            }
        }
        out += format[i];
    }
    return out;
}

}  // namespace attnscope
