#pragma once
// Arguments: strict number parsing for command-line options (a value that is not a whole number
// in range is bad input, never silently 0).

#include <QCommandLineParser>
#include <QString>
#include <cstdint>
#include <optional>
#include <string>

namespace attnscope {

struct Arguments {
    /// The option's integer value, its default when unset, or nullopt with `error` set.
    static std::optional<int64_t> integer(const QCommandLineParser& p, const QString& name,
                                          int64_t fallback, int64_t min, int64_t max,
                                          std::string& error) {
        if (!p.isSet(name)) return fallback;
        bool ok = false;
        const qlonglong v = p.value(name).toLongLong(&ok);
        if (!ok || v < min || v > max) {
            error = "--" + name.toStdString() + " must be a whole number between " +
                    std::to_string(min) + " and " + std::to_string(max) + ", got '" +
                    p.value(name).toStdString() + "'";
            return std::nullopt;
        }
        return v;
    }
};

}  // namespace attnscope
