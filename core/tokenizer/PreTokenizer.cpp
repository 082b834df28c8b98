#include "core/tokenizer/PreTokenizer.h"

#include <QJsonArray>
#include <QJsonObject>
#include <array>

#include "core/common/Text.h"
#include "core/tokenizer/Normalizer.h"

namespace attnscope {

namespace {

const char* kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

const std::array<char32_t, 256>& byteTable() {
    static const std::array<char32_t, 256> table = [] {
        std::array<char32_t, 256> t{};
        int n = 0;
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174;
            t[size_t(b)] = printable ? char32_t(b) : char32_t(256 + n++);
        }
        return t;
    }();
    return table;
}

std::vector<std::pair<size_t, size_t>> charMatches(const std::u32string& text,
                                                   bool (*pred)(char32_t)) {
    std::vector<std::pair<size_t, size_t>> out;
    for (size_t i = 0; i < text.size(); ++i)
        if (pred(text[i])) out.emplace_back(i, i + 1);
    return out;
}

bool isSpace(char32_t c) {
    return QChar::isSpace(c);
}
bool isDigit(char32_t c) {
    return QChar::isDigit(c);
}

Result<SplitBehavior> behaviorFrom(const QString& name) {
    if (name == "Removed") return SplitBehavior::Removed;
    if (name == "Isolated") return SplitBehavior::Isolated;
    if (name == "MergedWithPrevious") return SplitBehavior::MergedWithPrevious;
    if (name == "MergedWithNext") return SplitBehavior::MergedWithNext;
    if (name == "Contiguous") return SplitBehavior::Contiguous;
    return Text::tr("unknown split behavior '%1' in the tokenizer", name.toStdString());
}

}  // namespace

char32_t byteToChar(uint8_t b) {
    return byteTable()[b];
}

int charToByte(char32_t c) {
    static const auto inverse = [] {
        std::array<int, 512> inv{};
        inv.fill(-1);
        for (int b = 0; b < 256; ++b) inv[size_t(byteTable()[size_t(b)])] = b;
        return inv;
    }();
    return c < 512 ? inverse[c] : -1;
}

bool isPunctuation(char32_t c) {
    if (c < 0x80)
        return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) ||
               (c >= 123 && c <= 126);
    switch (QChar::category(c)) {
        case QChar::Punctuation_Connector:
        case QChar::Punctuation_Dash:
        case QChar::Punctuation_Open:
        case QChar::Punctuation_Close:
        case QChar::Punctuation_InitialQuote:
        case QChar::Punctuation_FinalQuote:
        case QChar::Punctuation_Other:
            return true;
        default:
            return false;
    }
}

PreTokenizer PreTokenizer::bert() {
    PreTokenizer p;
    p.m_kind = Kind::Bert;
    return p;
}

PreTokenizer PreTokenizer::byteLevel(bool addPrefixSpace) {
    PreTokenizer p;
    p.m_kind = Kind::ByteLevel;
    p.m_addPrefixSpace = addPrefixSpace;
    p.m_regex = std::make_shared<QRegularExpression>(
        kGpt2Pattern, QRegularExpression::UseUnicodePropertiesOption);
    return p;
}

Result<PreTokenizer> PreTokenizer::fromJson(const QJsonValue& json) {
    PreTokenizer p;
    if (json.isNull() || json.isUndefined()) return p;
    const QJsonObject o = json.toObject();
    const QString type = o.value("type").toString();
    if (type == "BertPreTokenizer") return bert();
    if (type == "ByteLevel") {
        p = byteLevel(o.value("add_prefix_space").toBool(true));
        p.m_useRegex = o.value("use_regex").toBool(true);
    } else if (type == "Split") {
        p.m_kind = Kind::Split;
        if (Status st = parsePattern(o.value("pattern"), p.m_string, p.m_regex); !st)
            return st.failure();
        auto b = behaviorFrom(o.value("behavior").toString());
        if (!b) return b.failure();
        p.m_behavior = *b;
        p.m_invert = o.value("invert").toBool(false);
    } else if (type == "Digits") {
        p.m_kind = Kind::Digits;
        p.m_individualDigits = o.value("individual_digits").toBool(false);
    } else if (type == "Metaspace") {
        p.m_kind = Kind::Metaspace;
        const std::u32string r = o.value("replacement").toString("\u2581").toStdU32String();
        if (r.size() != 1) return Text::tr("the Metaspace replacement must be one character");
        p.m_replacement = r[0];
        const QString scheme = o.value("prepend_scheme").toString();
        if (scheme.isEmpty())
            p.m_prepend =
                o.value("add_prefix_space").toBool(true) ? Prepend::Always : Prepend::Never;
        else if (scheme == "always")
            p.m_prepend = Prepend::Always;
        else if (scheme == "first")
            p.m_prepend = Prepend::First;
        else if (scheme == "never")
            p.m_prepend = Prepend::Never;
        else
            return Text::tr("unknown Metaspace prepend_scheme '%1'", scheme.toStdString());
        p.m_split = o.value("split").toBool(true);
    } else if (type == "Whitespace") {
        p.m_kind = Kind::Whitespace;
        p.m_regex = std::make_shared<QRegularExpression>(
            R"(\w+|[^\w\s]+)", QRegularExpression::UseUnicodePropertiesOption);
    } else if (type == "WhitespaceSplit") {
        p.m_kind = Kind::WhitespaceSplit;
    } else if (type == "Punctuation") {
        p.m_kind = Kind::Punctuation;
        auto b = behaviorFrom(o.value("behavior").toString("Isolated"));
        if (!b) return b.failure();
        p.m_behavior = *b;
    } else if (type == "Sequence") {
        p.m_kind = Kind::Sequence;
        for (const QJsonValue& c : o.value("pretokenizers").toArray()) {
            auto child = fromJson(c);
            if (!child) return child.failure();
            p.m_children.push_back(std::move(child).value());
        }
    } else {
        return Text::tr(
            "unsupported tokenizer pre_tokenizer '%1' (supported: BertPreTokenizer, ByteLevel, "
            "Split, Digits, Metaspace, Whitespace, WhitespaceSplit, Punctuation, Sequence)",
            type.toStdString());
    }
    return p;
}

std::vector<NormalizedText> PreTokenizer::apply(std::vector<NormalizedText> pieces) const {
    if (m_kind == Kind::None) return pieces;
    if (m_kind == Kind::Sequence) {
        for (const PreTokenizer& c : m_children) pieces = c.apply(std::move(pieces));
        return pieces;
    }
    std::vector<NormalizedText> out;
    for (const NormalizedText& p : pieces)
        for (NormalizedText& q : applyOne(p)) out.push_back(std::move(q));
    return out;
}

std::vector<NormalizedText> PreTokenizer::applyOne(const NormalizedText& piece) const {
    switch (m_kind) {
        case Kind::Bert: {
            std::vector<NormalizedText> out;
            for (const NormalizedText& w : splitByMatches(piece, charMatches(piece.text, isSpace),
                                                          SplitBehavior::Removed, false))
                for (NormalizedText& q : splitByMatches(w, charMatches(w.text, isPunctuation),
                                                        SplitBehavior::Isolated, false))
                    out.push_back(std::move(q));
            return out;
        }
        case Kind::ByteLevel: {
            NormalizedText t = piece;
            if (m_addPrefixSpace && (t.text.empty() || t.text[0] != U' ')) {
                if (t.text.empty()) return {};
                t.prepend(U" ");
            }
            std::vector<NormalizedText> words =
                m_useRegex ? splitByMatches(t, regexMatches(*m_regex, t.text),
                                            SplitBehavior::Isolated, false)
                           : std::vector<NormalizedText>{t};
            for (NormalizedText& w : words)
                w.mapChars([](char32_t c) {
                    std::u32string bytes;
                    for (char b : codePointToUtf8(c)) bytes.push_back(byteToChar(uint8_t(b)));
                    return bytes;
                });
            return words;
        }
        case Kind::Split:
            return splitByMatches(
                piece,
                m_regex ? regexMatches(*m_regex, piece.text) : stringMatches(m_string, piece.text),
                m_behavior, m_invert);
        case Kind::Digits:
            return splitByMatches(
                piece, charMatches(piece.text, isDigit),
                m_individualDigits ? SplitBehavior::Isolated : SplitBehavior::Contiguous, false);
        case Kind::Metaspace: {
            NormalizedText t = piece;
            t.mapChars(
                [this](char32_t c) { return std::u32string(1, c == U' ' ? m_replacement : c); });
            const bool starts = !t.text.empty() && t.text[0] == m_replacement;
            if (!t.text.empty() && !starts &&
                (m_prepend == Prepend::Always ||
                 (m_prepend == Prepend::First && t.align.front().first == 0)))
                t.prepend(std::u32string(1, m_replacement));
            if (!m_split) return {t};
            return splitByMatches(t, stringMatches(std::u32string(1, m_replacement), t.text),
                                  SplitBehavior::MergedWithNext, false);
        }
        case Kind::Whitespace:
            return splitByMatches(piece, regexMatches(*m_regex, piece.text), SplitBehavior::Removed,
                                  true);
        case Kind::WhitespaceSplit:
            return splitByMatches(piece, charMatches(piece.text, isSpace), SplitBehavior::Removed,
                                  false);
        case Kind::Punctuation:
            return splitByMatches(piece, charMatches(piece.text, isPunctuation), m_behavior, false);
        case Kind::None:
        case Kind::Sequence:
            break;
    }
    return {piece};
}

}  // namespace attnscope
