#pragma once
// Errors as values at module boundaries: a Result holds either a value or an Error — a
// user-facing message and, for errors in a text the user typed (a mask expression), where.

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace attnscope {

struct Error {
    Error() = default;
    explicit Error(std::string text, int at = 0, int span = 0)
        : message(std::move(text)), column(at), length(span) {}

    std::string message;  // English, as the command line prints it
    int column = 0;       // 1-based character column in the text at fault; 0: no position
    int length = 0;       // characters from `column` that are at fault
    // How the message was made (core/common/Text.h), so that the interface can show it in its
    // own language: the English template with %1 … %n, each argument itself a message (a
    // literal — a name, a number, a path — has an empty format and is shown as is).
    std::string format;
    std::vector<Error> args;
};

/// A message for the user that is not a failure (a notice, a reason): made the same way.
using Message = Error;

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_value(std::move(value)) {}      // NOLINT: implicit by design
    Result(Error error) : m_error(std::move(error)) {}  // NOLINT

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const std::string& error() const { return m_error.message; }
    /// The error with its position (column 0 when it has none).
    const Error& failure() const { return m_error; }

    T& value() & { return *m_value; }
    const T& value() const& { return *m_value; }
    T&& value() && { return std::move(*m_value); }
    T* operator->() { return &*m_value; }
    const T* operator->() const { return &*m_value; }
    T& operator*() & { return *m_value; }
    const T& operator*() const& { return *m_value; }

private:
    std::optional<T> m_value;
    Error m_error;
};

/// A Result without a value: success, or a message.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)), m_failed(true) {}  // NOLINT
    static Status success() { return {}; }

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const std::string& error() const { return m_error.message; }
    const Error& failure() const { return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

}  // namespace attnscope
