#pragma once
// Tokenizer: a model folder's tokenizer — tokenizer.json (Hugging Face `tokenizers` format), or
// vocab.txt (BERT WordPiece), or vocab.json + merges.txt (GPT-2 byte-level BPE) — giving the ids
// AutoTokenizer gives (special tokens added as the post-processor says), offsets into the text
// and a readable label per token: its decoded text, with bytes of a split UTF-8 character shown
// as <0xE6>, never Ġ or ▁ artefacts (SPEC §11).

#include <QString>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/common/Result.h"
#include "core/tokenizer/Normalizer.h"
#include "core/tokenizer/PreTokenizer.h"
#include "core/tokenizer/SubwordModel.h"

namespace attnscope {

struct Encoding {
    std::vector<int64_t> ids;
    std::vector<std::string> tokens;  // the vocabulary's strings (convert_ids_to_tokens)
    std::vector<std::pair<int64_t, int64_t>> offsets;  // code points of the text; specials 0, 0
    std::vector<std::string> labels;                   // what the views show
};

class Tokenizer {
public:
    /// The tokenizer of a model folder; the message names a missing file or unsupported part.
    static Result<std::shared_ptr<const Tokenizer>> load(const QString& folder);
    /// From the text of a tokenizer.json (and tokenizer_config.json's, which may be empty).
    /// `model`, when given, replaces the JSON's "model" (GGUF vocabularies of 50k+ tokens are
    /// built directly: QJsonObject inserts one key at a time in O(n)).
    static Result<std::shared_ptr<const Tokenizer>> fromJson(
        const QByteArray& tokenizerJson, const QByteArray& configJson,
        std::optional<SubwordModel> model = std::nullopt);

    Encoding encode(const std::string& utf8, bool addSpecialTokens = true) const;
    /// The readable label of one token id.
    std::string label(int64_t id) const;
    /// Whether the id is a special token ([CLS], <|endoftext|>, BOS, …).
    bool isSpecial(int64_t id) const;
    std::string tokenString(int64_t id) const;
    int64_t vocabSize() const;

    struct AddedToken {
        int64_t id = 0;
        std::u32string content;
        bool special = false, lstrip = false, rstrip = false, singleWord = false,
             normalized = false;
    };

private:
    enum class Decoding { ByteLevel, Metaspace, WordPiece, Plain };
    struct Template {
        std::vector<std::pair<bool, std::vector<int64_t>>> single;  // (is sequence, special ids)
    };
    std::vector<std::pair<NormalizedText, int64_t>> splitAdded(const NormalizedText& text,
                                                               bool normalizedTokens) const;
    Status parsePostProcessor(const QJsonValue& json);
    /// The added tokens by their first character (a text is scanned once, not once per token)
    /// and by id (labels of every token of an encoding).
    void indexAdded();

    Normalizer m_normalizer;
    PreTokenizer m_preTokenizer;
    std::unique_ptr<SubwordModel> m_model;
    std::vector<AddedToken> m_added;
    std::unordered_map<char32_t, std::vector<size_t>> m_addedByFirst;
    std::unordered_map<int64_t, size_t> m_addedById;
    Template m_template;                                       // special ids around the sequence
    bool m_trimOffsets = false, m_trimAddPrefixSpace = false;  // ByteLevel / Roberta processing
    Decoding m_decoding = Decoding::Plain;
    const AddedToken* added(int64_t id) const;
    std::u32string m_metaspace = U"\u2581";
};

}  // namespace attnscope
