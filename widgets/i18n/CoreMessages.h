#pragma once
// CoreMessages: a message made in core (core/common/Text.h: an English template and its
// arguments) in the interface language. The template is looked up under the context
// "attnscope::Text" (lupdate collects them from core/), each argument that is itself a message
// is translated in turn, literals (names, numbers, paths) are kept; a message core made without
// a template, or one not translated yet, reads in English.

#include <QString>

#include "core/common/Result.h"

namespace attnscope {

QString coreMessage(const Error& message);
inline QString coreMessage(const Status& status) {
    return coreMessage(status.failure());
}
template <class T>
QString coreMessage(const Result<T>& result) {
    return coreMessage(result.failure());
}

}  // namespace attnscope
