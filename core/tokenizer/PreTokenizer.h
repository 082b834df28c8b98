#pragma once
// PreTokenizer: the "pre_tokenizer" of a tokenizer.json — BertPreTokenizer, ByteLevel, Split (by
// string or regex, with \p{L}, \p{N}, lookahead and (?i:…) through PCRE2), Digits, Metaspace,
// Whitespace, WhitespaceSplit, Punctuation and Sequence — cutting normalized text into the words
// the model tokenizes, offsets kept.

#include <QJsonValue>
#include <QRegularExpression>
#include <memory>
#include <vector>

#include "core/common/Result.h"
#include "core/tokenizer/NormalizedText.h"

namespace attnscope {

class PreTokenizer {
public:
    /// Null JSON: the whole text is one word.
    static Result<PreTokenizer> fromJson(const QJsonValue& json);
    static PreTokenizer bert();
    static PreTokenizer byteLevel(bool addPrefixSpace);

    std::vector<NormalizedText> apply(std::vector<NormalizedText> pieces) const;

private:
    enum class Kind {
        None,
        Bert,
        ByteLevel,
        Split,
        Digits,
        Metaspace,
        Whitespace,
        WhitespaceSplit,
        Punctuation,
        Sequence
    };
    enum class Prepend { Always, First, Never };
    std::vector<NormalizedText> applyOne(const NormalizedText& piece) const;

    Kind m_kind = Kind::None;
    bool m_addPrefixSpace = false, m_useRegex = true;  // ByteLevel
    std::u32string m_string;                           // Split's string pattern
    std::shared_ptr<QRegularExpression> m_regex;       // Split's regex pattern
    SplitBehavior m_behavior = SplitBehavior::Isolated;
    bool m_invert = false;
    bool m_individualDigits = false;
    char32_t m_replacement = U'\u2581';  // Metaspace
    Prepend m_prepend = Prepend::Always;
    bool m_split = true;
    std::vector<PreTokenizer> m_children;
};

/// GPT-2's byte-to-character table: the character that stands for byte `b` in byte-level BPE.
char32_t byteToChar(uint8_t b);
/// The byte a byte-level character stands for, or -1.
int charToByte(char32_t c);
/// tokenizers' punctuation: ASCII punctuation or a Unicode P* character.
bool isPunctuation(char32_t c);

}  // namespace attnscope
