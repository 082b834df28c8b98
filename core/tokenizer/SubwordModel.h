#pragma once
// SubwordModel: the "model" of a tokenizer.json — WordPiece (greedy longest match) and BPE
// (merges by rank, byte_fallback, fuse_unk, ignore_merges, subword prefix and word suffix) — as
// Hugging Face `tokenizers` runs them, turning one pre-tokenized word into tokens with offsets.

#include <QJsonObject>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/common/Result.h"
#include "core/tokenizer/NormalizedText.h"

namespace attnscope {

struct Token {
    int64_t id = 0;
    int64_t begin = 0, end = 0;  // code points of the original text; 0, 0 for added specials
    bool special = false;        // added by the post-processor or a special added token
};

class SubwordModel {
public:
    /// SentencePiece: llama.cpp's merging of GGUF "llama" vocabularies by piece score.
    enum class Kind { WordPiece, Bpe, SentencePiece };
    using Vocab = std::unordered_map<std::u32string, int64_t>;

    static Result<SubwordModel> fromJson(const QJsonObject& model);
    static Result<SubwordModel> wordPiece(Vocab vocab, const std::u32string& unk,
                                          const std::u32string& prefix, int64_t maxChars);
    /// `merges`: pairs in rank order.
    static Result<SubwordModel> bpe(
        Vocab vocab, const std::vector<std::pair<std::u32string, std::u32string>>& merges,
        const std::u32string& unk, bool byteFallback, bool fuseUnk, bool ignoreMerges);

    /// llama.cpp's SentencePiece over a GGUF vocabulary (scores by id).
    static SubwordModel sentencePiece(Vocab vocab, std::vector<double> scores,
                                      const std::u32string& unk);

    Kind kind() const { return m_kind; }
    /// Appends the tokens of one word.
    void tokenize(const NormalizedText& word, std::vector<Token>& out) const;
    int64_t find(const std::u32string& token) const;  // -1 when absent
    /// The token's string in the vocabulary (empty when unknown).
    const std::u32string& token(int64_t id) const;
    int64_t size() const { return int64_t(m_tokens.size()); }
    const std::u32string& continuingPrefix() const { return m_prefix; }

private:
    void indexTokens();  // the id → token table, from the vocabulary
    void tokenizeWordPiece(const NormalizedText& word, std::vector<Token>& out) const;
    void tokenizeBpe(const NormalizedText& word, std::vector<Token>& out) const;
    void tokenizeSentencePiece(const NormalizedText& word, std::vector<Token>& out) const;

    Kind m_kind = Kind::Bpe;
    Vocab m_vocab;
    std::vector<std::u32string> m_tokens;  // by id
    std::u32string m_unk, m_prefix, m_suffix;
    int64_t m_unkId = -1;
    int64_t m_maxChars = 100;
    bool m_byteFallback = false, m_fuseUnk = false, m_ignoreMerges = false;
    static uint64_t pairKey(int64_t a, int64_t b) { return (uint64_t(a) << 32) | uint64_t(b); }
    std::unordered_map<uint64_t, std::pair<int64_t, int64_t>> m_merges;  // pair → rank, id
    std::vector<double> m_scores;  // SentencePiece: by id
};

}  // namespace attnscope
