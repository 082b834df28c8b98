#pragma once
// Normalizer: the "normalizer" of a tokenizer.json — BertNormalizer, NFC / NFD / NFKC / NFKD,
// Lowercase, StripAccents, Strip, Prepend, Replace and Sequence, and llama.cpp's WPM
// normalization for GGUF BERT files ("LlamaCppWpm", not a tokenizers type) — applied to a
// NormalizedText so that offsets still point into the original text. Unsupported kinds are named
// in the error.

#include <QJsonValue>
#include <QRegularExpression>
#include <memory>
#include <string>
#include <vector>

#include "core/common/Result.h"
#include "core/tokenizer/NormalizedText.h"

namespace attnscope {

class Normalizer {
public:
    /// Null JSON: no normalization.
    static Result<Normalizer> fromJson(const QJsonValue& json);
    /// BertNormalizer with its flags (folders with only a vocab.txt).
    static Normalizer bert(bool lowercase, bool chineseChars, bool stripAccents);

    void apply(NormalizedText& text) const;

private:
    enum class Kind {
        None,
        Bert,
        LlamaCppWpm,
        Nfc,
        Nfd,
        Nfkc,
        Nfkd,
        Lowercase,
        StripAccents,
        Strip,
        Prepend,
        Replace,
        Sequence
    };
    Kind m_kind = Kind::None;
    bool m_cleanText = true, m_chinese = true, m_stripAccents = false, m_lowercase = true;
    bool m_left = true, m_right = true;           // Strip
    std::u32string m_string, m_content;           // Prepend; Replace's string pattern and content
    std::shared_ptr<QRegularExpression> m_regex;  // Replace's regex pattern
    std::vector<Normalizer> m_children;
};

/// tokenizers' CJK ideograph ranges (BertNormalizer's handle_chinese_chars).
bool isChineseChar(char32_t c);
/// Lowercases one code point (it may become several).
std::u32string lowercased(char32_t c);
/// A "pattern" object of tokenizer.json: {"String": s} or {"Regex": r}; sets one of the outputs.
Status parsePattern(const QJsonValue& json, std::u32string& string,
                    std::shared_ptr<QRegularExpression>& regex);

}  // namespace attnscope
