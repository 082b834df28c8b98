#include "widgets/i18n/CoreMessages.h"

#include <QCoreApplication>

#include "core/common/Text.h"

namespace attnscope {

QString coreMessage(const Error& message) {
    if (message.format.empty()) return QString::fromStdString(message.message);
    const QString format = QCoreApplication::translate("attnscope::Text", message.format.c_str());
    // The arguments in the interface language, put in by core's own substitution (an argument's
    // text, a path with %1 in it, is never substituted again).
    std::vector<Error> args;
    args.reserve(message.args.size());
    for (const Error& arg : message.args)
        args.push_back(Text::literal(coreMessage(arg).toStdString()));
    return QString::fromStdString(Text::substitute(format.toStdString(), args));
}

}  // namespace attnscope
