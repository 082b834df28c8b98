#include "core/tokenizer/NormalizedText.h"

#include <QString>

namespace attnscope {

std::u32string utf8ToCodePoints(const std::string& s) {
    std::u32string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        char32_t cp = n == 1 ? c : n == 2 ? c & 0x1f : n == 3 ? c & 0x0f : c & 0x07;
        bool ok = n > 0 && i + size_t(n) <= s.size();
        for (int k = 1; ok && k < n; ++k) {
            const unsigned char d = static_cast<unsigned char>(s[i + size_t(k)]);
            ok = (d & 0xc0) == 0x80;
            cp = (cp << 6) | (d & 0x3f);
        }
        if (!ok) {  // invalid UTF-8: the replacement character, one byte consumed
            out.push_back(0xfffd);
            ++i;
            continue;
        }
        out.push_back(cp);
        i += size_t(n);
    }
    return out;
}

std::string codePointToUtf8(char32_t c) {
    std::string out;
    if (c < 0x80) {
        out += char(c);
    } else if (c < 0x800) {
        out += char(0xc0 | (c >> 6));
        out += char(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        out += char(0xe0 | (c >> 12));
        out += char(0x80 | ((c >> 6) & 0x3f));
        out += char(0x80 | (c & 0x3f));
    } else {
        out += char(0xf0 | (c >> 18));
        out += char(0x80 | ((c >> 12) & 0x3f));
        out += char(0x80 | ((c >> 6) & 0x3f));
        out += char(0x80 | (c & 0x3f));
    }
    return out;
}

std::string codePointsToUtf8(const std::u32string& text) {
    std::string out;
    for (char32_t c : text) out += codePointToUtf8(c);
    return out;
}

NormalizedText NormalizedText::original(const std::u32string& text, int64_t offset) {
    NormalizedText n;
    n.text = text;
    n.align.resize(text.size());
    for (size_t i = 0; i < text.size(); ++i)
        n.align[i] = {offset + int64_t(i), offset + int64_t(i) + 1};
    return n;
}

NormalizedText NormalizedText::slice(size_t b, size_t e) const {
    NormalizedText n;
    n.text = text.substr(b, e - b);
    n.align.assign(align.begin() + long(b), align.begin() + long(e));
    return n;
}

std::pair<int64_t, int64_t> NormalizedText::span(size_t b, size_t e) const {
    if (b >= e || e > align.size()) {
        const int64_t at = b < align.size() ? align[b].first
                           : align.empty()  ? 0
                                            : align.back().second;
        return {at, at};
    }
    int64_t lo = align[b].first, hi = align[b].second;
    for (size_t i = b; i < e; ++i) {
        lo = std::min(lo, align[i].first);
        hi = std::max(hi, align[i].second);
    }
    return {lo, hi};
}

void NormalizedText::mapChars(const std::function<std::u32string(char32_t)>& map) {
    NormalizedText out;
    out.text.reserve(text.size());
    out.align.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i)
        for (char32_t c : map(text[i])) {
            out.text.push_back(c);
            out.align.push_back(align[i]);
        }
    *this = std::move(out);
}

void NormalizedText::replace(size_t b, size_t e, const std::u32string& with) {
    const auto s = span(b, e);
    text.replace(b, e - b, with);
    align.erase(align.begin() + long(b), align.begin() + long(e));
    align.insert(align.begin() + long(b), with.size(), s);
}

void NormalizedText::prepend(const std::u32string& prefix) {
    if (text.empty()) return;
    const auto first = align.front();
    text.insert(0, prefix);
    align.insert(align.begin(), prefix.size(), first);
}

std::vector<std::pair<size_t, size_t>> regexMatches(const QRegularExpression& re,
                                                    const std::u32string& text) {
    // QRegularExpression works on UTF-16: map its positions back to code points.
    QString s;
    std::vector<size_t> toCodePoint;
    s.reserve(qsizetype(text.size()));
    for (size_t i = 0; i < text.size(); ++i) {
        const char32_t c = text[i];
        const int units = QChar::requiresSurrogates(c) ? 2 : 1;
        s.append(QString::fromUcs4(&c, 1));
        for (int u = 0; u < units; ++u) toCodePoint.push_back(i);
    }
    toCodePoint.push_back(text.size());
    std::vector<std::pair<size_t, size_t>> out;
    auto it = re.globalMatch(s);
    while (it.hasNext()) {
        const auto m = it.next();
        const size_t b = toCodePoint[size_t(m.capturedStart())];
        const size_t e = toCodePoint[size_t(m.capturedEnd())];
        if (e > b) out.emplace_back(b, e);
    }
    return out;
}

std::vector<std::pair<size_t, size_t>> stringMatches(const std::u32string& needle,
                                                     const std::u32string& text) {
    std::vector<std::pair<size_t, size_t>> out;
    if (needle.empty()) return out;
    for (size_t at = text.find(needle); at != std::u32string::npos;
         at = text.find(needle, at + needle.size()))
        out.emplace_back(at, at + needle.size());
    return out;
}

std::vector<NormalizedText> splitByMatches(const NormalizedText& piece,
                                           std::vector<std::pair<size_t, size_t>> matches,
                                           SplitBehavior behavior, bool invert) {
    struct Range {
        size_t b, e;
        bool match;
    };
    std::vector<Range> all;  // the whole text: matches and the gaps between them
    size_t prev = 0;
    for (auto [b, e] : matches) {
        if (b > prev) all.push_back({prev, b, false});
        all.push_back({b, e, true});
        prev = e;
    }
    if (prev < piece.size()) all.push_back({prev, piece.size(), false});
    if (invert)
        for (Range& r : all) r.match = !r.match;

    std::vector<std::pair<Range, bool>> kept;  // range, removed
    bool previous = false;
    switch (behavior) {
        case SplitBehavior::Removed:
            for (const Range& r : all) kept.push_back({r, r.match});
            break;
        case SplitBehavior::Isolated:
            for (const Range& r : all) kept.push_back({r, false});
            break;
        case SplitBehavior::Contiguous:
            for (const Range& r : all) {
                if (r.match == previous && !kept.empty())
                    kept.back().first.e = r.e;
                else
                    kept.push_back({r, false});
                previous = r.match;
            }
            break;
        case SplitBehavior::MergedWithPrevious:
            for (const Range& r : all) {
                if (r.match && !previous && !kept.empty())
                    kept.back().first.e = r.e;
                else
                    kept.push_back({r, false});
                previous = r.match;
            }
            break;
        case SplitBehavior::MergedWithNext:
            for (auto it = all.rbegin(); it != all.rend(); ++it) {
                if (it->match && !previous && !kept.empty())
                    kept.back().first.b = it->b;
                else
                    kept.push_back({*it, false});
                previous = it->match;
            }
            std::reverse(kept.begin(), kept.end());
            break;
    }
    std::vector<NormalizedText> out;
    for (const auto& [r, removed] : kept)
        if (!removed && r.e > r.b) out.push_back(piece.slice(r.b, r.e));
    return out;
}

}  // namespace attnscope
