#pragma once
// NormalizedText: a piece of text as the tokenizer pipeline transforms it — code points, each
// aligned to the range of original code points it came from — so that every token keeps the
// offsets Hugging Face `tokenizers` reports (code points of the original text). Splitting by
// pattern with the five behaviours of `tokenizers` lives here too.

#include <QRegularExpression>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace attnscope {

std::u32string utf8ToCodePoints(const std::string& utf8);
std::string codePointsToUtf8(const std::u32string& text);
std::string codePointToUtf8(char32_t c);

struct NormalizedText {
    std::u32string text;
    std::vector<std::pair<int64_t, int64_t>> align;  // per code point: [begin, end) original

    static NormalizedText original(const std::u32string& text, int64_t offset = 0);
    bool empty() const { return text.empty(); }
    size_t size() const { return text.size(); }
    /// Code points [b, e) with their alignment.
    NormalizedText slice(size_t b, size_t e) const;
    /// The original range of code points [b, e).
    std::pair<int64_t, int64_t> span(size_t b, size_t e) const;
    /// Replaces every code point by `map(c)` (none: removed), each output aligned to its source.
    void mapChars(const std::function<std::u32string(char32_t)>& map);
    /// Replaces [b, e) by `with`, every new code point aligned to the replaced range.
    void replace(size_t b, size_t e, const std::u32string& with);
    /// Puts `prefix` in front, aligned to the first code point.
    void prepend(const std::u32string& prefix);
};

/// How a split keeps the matches of its pattern (the SplitDelimiterBehavior of `tokenizers`).
enum class SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

/// The [begin, end) code-point ranges where `re` matches `text`, left to right, non-overlapping.
std::vector<std::pair<size_t, size_t>> regexMatches(const QRegularExpression& re,
                                                    const std::u32string& text);
/// The ranges where `needle` occurs, left to right, non-overlapping.
std::vector<std::pair<size_t, size_t>> stringMatches(const std::u32string& needle,
                                                     const std::u32string& text);
/// Splits `piece` at `matches` as `behavior` says; `invert` swaps matches and the rest.
std::vector<NormalizedText> splitByMatches(const NormalizedText& piece,
                                           std::vector<std::pair<size_t, size_t>> matches,
                                           SplitBehavior behavior, bool invert);

}  // namespace attnscope
