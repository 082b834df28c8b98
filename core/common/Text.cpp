#include "core/common/Text.h"

namespace attnscope {

std::string Text::substitute(std::string_view format, const std::vector<Error>& args) {
    std::string out;
    out.reserve(format.size() + 16 * args.size());
    for (size_t i = 0; i < format.size(); ++i) {
        const char c = format[i];
        if (c == '%' && i + 1 < format.size() && format[i + 1] >= '1' && format[i + 1] <= '9') {
            size_t n = static_cast<size_t>(format[i + 1] - '0');
            size_t end = i + 2;
            if (end < format.size() && format[end] >= '0' && format[end] <= '9') {
                n = n * 10 + static_cast<size_t>(format[end] - '0');
                ++end;
            }
            if (n <= args.size()) {
                out += args[n - 1].message;
                i = end - 1;
                continue;
            }
        }
        out += c;
    }
    return out;
}

}  // namespace attnscope
