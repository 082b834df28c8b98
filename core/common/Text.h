#pragma once
// Text::tr makes a user-facing message in core: the English template (with %1 … %n) and its
// arguments are kept in the Error, and Error::message is the English text the command line
// prints. The interface translates the template and each argument that is itself a message
// (widgets/i18n/CoreMessages), so errors made here read in the window's language. lupdate runs
// over core/ too and collects every template under the context "attnscope::Text"; a text
// written without Text::tr stays English in the window (tests/structure checks that core makes
// none).
//
//   return Text::tr("%1: cannot open: %2", path, reason);
//   return Text::tr("column %1: %2", column, Text::tr("expression nested too deeply"));

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "core/common/Result.h"

namespace attnscope {

struct Text {
    template <class... A>
    static Error tr(const char* format, A&&... args) {
        static_assert(!firstIsLiteral<A...>(),
                      "wrap a literal first argument in Text::literal(…): lupdate reads a string "
                      "literal after the template as a disambiguation comment");
        Error e;
        e.format = format;
        e.args.reserve(sizeof...(A));
        (e.args.push_back(argument(std::forward<A>(args))), ...);
        e.message = substitute(e.format, e.args);
        return e;
    }

    /// A literal: shown as is in every language.
    static Error literal(std::string text) {
        Error e;
        e.message = std::move(text);
        return e;
    }

    /// `format` with each %n (n = 1 … 99) replaced by args[n − 1]'s message; a %n without an
    /// argument, and any other %, is kept.
    static std::string substitute(std::string_view format, const std::vector<Error>& args);

private:
    template <class F = void, class... R>
    static constexpr bool firstIsLiteral() {
        return std::is_array_v<std::remove_reference_t<F>>;
    }
    static Error argument(Error e) { return e; }
    static Error argument(const Status& s) { return s.failure(); }
    static Error argument(std::string s) { return literal(std::move(s)); }
    static Error argument(std::string_view s) { return literal(std::string(s)); }
    static Error argument(const char* s) { return literal(s); }
    template <class N>
        requires std::is_integral_v<N>
    static Error argument(N n) {
        return literal(std::to_string(n));
    }
};

}  // namespace attnscope
