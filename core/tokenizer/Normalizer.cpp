#include "core/tokenizer/Normalizer.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include "core/common/Text.h"

namespace attnscope {

namespace {

/// Rust's char::is_whitespace (Unicode White_Space), as tokenizers uses it.
bool isWhitespace(char32_t c) {
    return QChar::isSpace(c);
}

/// tokenizers' is_control: "other" categories except \t \n \r.
bool isControl(char32_t c) {
    if (c == '\t' || c == '\n' || c == '\r') return false;
    switch (QChar::category(c)) {
        case QChar::Other_Control:
        case QChar::Other_Format:
        case QChar::Other_NotAssigned:
        case QChar::Other_PrivateUse:
        case QChar::Other_Surrogate:
            return true;
        default:
            return false;
    }
}

bool isMark(char32_t c) {
    const auto cat = QChar::category(c);
    return cat == QChar::Mark_NonSpacing || cat == QChar::Mark_SpacingCombining ||
           cat == QChar::Mark_Enclosing;
}

/// Unicode normalization, one starter and its combining marks at a time, each output aligned to
/// the whole group it came from.
void normalizeForm(NormalizedText& t, QString::NormalizationForm form) {
    NormalizedText out;
    size_t i = 0;
    while (i < t.size()) {
        size_t j = i + 1;
        while (j < t.size() && QChar::combiningClass(t.text[j]) != 0) ++j;
        const std::u32string group = t.text.substr(i, j - i);
        const QString q = QString::fromUcs4(group.data(), qsizetype(group.size())).normalized(form);
        const auto span = t.span(i, j);
        if (q.size() == qsizetype(group.size()) &&
            q == QString::fromUcs4(group.data(), qsizetype(group.size()))) {
            for (size_t k = i; k < j; ++k) {  // unchanged: keep the fine alignment
                out.text.push_back(t.text[k]);
                out.align.push_back(t.align[k]);
            }
        } else {
            // As tokenizers aligns them: a composed character keeps the alignment of the first
            // character it was composed from (the marks' are dropped); a decomposed one's parts
            // all keep their source character's.
            const QList<uint> chars = q.toUcs4();
            const bool shorter = size_t(chars.size()) <= group.size();
            for (qsizetype k = 0; k < chars.size(); ++k) {
                out.text.push_back(chars[k]);
                out.align.push_back(shorter ? t.align[i + size_t(k)] : span);
            }
        }
        i = j;
    }
    t = std::move(out);
}

}  // namespace

bool isChineseChar(char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B73F) ||
           (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

std::u32string lowercased(char32_t c) {
    if (c < 0x80) return std::u32string(1, (c >= 'A' && c <= 'Z') ? c + 32 : c);
    const QList<uint> l = QString::fromUcs4(&c, 1).toLower().toUcs4();
    return std::u32string(l.begin(), l.end());
}

Status parsePattern(const QJsonValue& json, std::u32string& string,
                    std::shared_ptr<QRegularExpression>& regex) {
    const QJsonObject o = json.toObject();
    if (o.contains("String")) {
        string = o.value("String").toString().toStdU32String();
        return {};
    }
    if (o.contains("Regex")) {
        regex = std::make_shared<QRegularExpression>(
            o.value("Regex").toString(), QRegularExpression::UseUnicodePropertiesOption);
        if (!regex->isValid())
            return Text::tr("the tokenizer's pattern /%1/ is not a valid regular expression: %2",
                            o.value("Regex").toString().toStdString(),
                            regex->errorString().toStdString());
        return {};
    }
    return Text::tr("a tokenizer pattern must be {\"String\": …} or {\"Regex\": …}");
}

Normalizer Normalizer::bert(bool lowercase, bool chineseChars, bool stripAccents) {
    Normalizer n;
    n.m_kind = Kind::Bert;
    n.m_lowercase = lowercase;
    n.m_chinese = chineseChars;
    n.m_stripAccents = stripAccents;
    return n;
}

Result<Normalizer> Normalizer::fromJson(const QJsonValue& json) {
    Normalizer n;
    if (json.isNull() || json.isUndefined()) return n;
    const QJsonObject o = json.toObject();
    const QString type = o.value("type").toString();
    if (type == "BertNormalizer") {
        const bool lower = o.value("lowercase").toBool(true);
        const QJsonValue strip = o.value("strip_accents");
        return bert(lower, o.value("handle_chinese_chars").toBool(true),
                    strip.isBool() ? strip.toBool() : lower);
    }
    if (type == "LlamaCppWpm") {  // GgufModel: BERT vocabularies as llama.cpp tokenizes them
        n.m_kind = Kind::LlamaCppWpm;
        n.m_lowercase = o.value("lowercase").toBool(true);
        n.m_stripAccents = o.value("strip_accents").toBool(n.m_lowercase);
    } else if (type == "NFC")
        n.m_kind = Kind::Nfc;
    else if (type == "NFD")
        n.m_kind = Kind::Nfd;
    else if (type == "NFKC")
        n.m_kind = Kind::Nfkc;
    else if (type == "NFKD")
        n.m_kind = Kind::Nfkd;
    else if (type == "Lowercase")
        n.m_kind = Kind::Lowercase;
    else if (type == "StripAccents")
        n.m_kind = Kind::StripAccents;
    else if (type == "Strip") {
        n.m_kind = Kind::Strip;
        n.m_left = o.value("strip_left").toBool(true);
        n.m_right = o.value("strip_right").toBool(true);
    } else if (type == "Prepend") {
        n.m_kind = Kind::Prepend;
        n.m_string = o.value("prepend").toString().toStdU32String();
    } else if (type == "Replace") {
        n.m_kind = Kind::Replace;
        n.m_content = o.value("content").toString().toStdU32String();
        if (Status st = parsePattern(o.value("pattern"), n.m_string, n.m_regex); !st)
            return st.failure();
    } else if (type == "Sequence") {
        n.m_kind = Kind::Sequence;
        for (const QJsonValue& c : o.value("normalizers").toArray()) {
            auto child = fromJson(c);
            if (!child) return child.failure();
            n.m_children.push_back(std::move(child).value());
        }
    } else {
        return Text::tr(
            "unsupported tokenizer normalizer '%1' (supported: BertNormalizer, NFC, NFD, NFKC, "
            "NFKD, Lowercase, StripAccents, Strip, Prepend, Replace, Sequence)",
            type.toStdString());
    }
    return n;
}

void Normalizer::apply(NormalizedText& t) const {
    switch (m_kind) {
        case Kind::None:
            return;
        case Kind::Bert:
            if (m_cleanText)
                t.mapChars([](char32_t c) -> std::u32string {
                    if (c == 0 || c == 0xfffd || isControl(c)) return {};
                    return std::u32string(1, isWhitespace(c) ? U' ' : c);
                });
            if (m_chinese)
                t.mapChars([](char32_t c) {
                    return isChineseChar(c) ? std::u32string{U' ', c, U' '} : std::u32string(1, c);
                });
            if (m_stripAccents) {
                normalizeForm(t, QString::NormalizationForm_D);
                t.mapChars([](char32_t c) {
                    return QChar::category(c) == QChar::Mark_NonSpacing ? std::u32string()
                                                                        : std::u32string(1, c);
                });
            }
            if (m_lowercase) t.mapChars(lowercased);
            return;
        case Kind::LlamaCppWpm:
            // llm_tokenizer_wpm_session::preprocess (llama-vocab.cpp), one code point at a time:
            // the first code point of its NFD (so a Hangul syllable keeps its first jamo only),
            // whitespace before control (\v, \f, U+0085 separate words), every mark dropped,
            // unassigned code points kept, simple lowercase, CJK ideographs as words of their own.
            t.mapChars([this](char32_t c) -> std::u32string {
                if (m_stripAccents && c >= 0xc0) {  // nothing below À decomposes
                    const QString d =
                        QString::fromUcs4(&c, 1).normalized(QString::NormalizationForm_D);
                    c = d.isEmpty() ? c : d.toUcs4().front();
                }
                if (isWhitespace(c)) return U" ";
                if (c == 0 || c == 0xfffd ||
                    (isControl(c) && QChar::category(c) != QChar::Other_NotAssigned) ||
                    (m_stripAccents && isMark(c)))
                    return {};
                if (m_lowercase) c = QChar::toLower(c);
                if (isChineseChar(c)) return {U' ', c, U' '};
                return std::u32string(1, c);
            });
            return;
        case Kind::Nfc:
            return normalizeForm(t, QString::NormalizationForm_C);
        case Kind::Nfd:
            return normalizeForm(t, QString::NormalizationForm_D);
        case Kind::Nfkc:
            return normalizeForm(t, QString::NormalizationForm_KC);
        case Kind::Nfkd:
            return normalizeForm(t, QString::NormalizationForm_KD);
        case Kind::Lowercase:
            return t.mapChars(lowercased);
        case Kind::StripAccents:
            return t.mapChars(
                [](char32_t c) { return isMark(c) ? std::u32string() : std::u32string(1, c); });
        case Kind::Strip: {
            size_t b = 0, e = t.size();
            if (m_left)
                while (b < e && isWhitespace(t.text[b])) ++b;
            if (m_right)
                while (e > b && isWhitespace(t.text[e - 1])) --e;
            t = t.slice(b, e);
            return;
        }
        case Kind::Prepend:
            return t.prepend(m_string);
        case Kind::Replace: {
            const auto matches =
                m_regex ? regexMatches(*m_regex, t.text) : stringMatches(m_string, t.text);
            for (auto it = matches.rbegin(); it != matches.rend(); ++it)
                t.replace(it->first, it->second, m_content);
            return;
        }
        case Kind::Sequence:
            for (const Normalizer& n : m_children) n.apply(t);
            return;
    }
}

}  // namespace attnscope
