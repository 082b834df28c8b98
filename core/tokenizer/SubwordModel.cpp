#include "core/tokenizer/SubwordModel.h"

#include <QJsonArray>
#include <cmath>
#include <cstdio>
#include <functional>
#include <queue>

#include "core/common/Text.h"

namespace attnscope {

namespace {

Result<SubwordModel::Vocab> vocabFrom(const QJsonValue& json) {
    SubwordModel::Vocab vocab;
    if (!json.isObject()) return Text::tr("the tokenizer model has no \"vocab\" object");
    const QJsonObject o = json.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        const double id = it.value().toDouble(-1);
        // Ids index a table: they must be dense, not a hostile 10^8 that allocates gigabytes.
        if (id < 0 || id != std::floor(id) || id > 2.0 * double(o.size()) + 65536)
            return Text::tr(
                "the tokenizer vocabulary gives '%1' the id %2, not a dense id below %3",
                it.key().toStdString(), QString::number(id, 'g', 12).toStdString(),
                2 * o.size() + 65536);
        vocab[it.key().toStdU32String()] = int64_t(id);
    }
    return vocab;
}

std::u32string byteToken(uint8_t b) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "<0x%02X>", b);
    return utf8ToCodePoints(buf);
}

}  // namespace

Result<SubwordModel> SubwordModel::wordPiece(Vocab vocab, const std::u32string& unk,
                                             const std::u32string& prefix, int64_t maxChars) {
    SubwordModel m;
    m.m_kind = Kind::WordPiece;
    m.m_vocab = std::move(vocab);
    m.m_unk = unk;
    m.m_prefix = prefix;
    m.m_maxChars = maxChars;
    m.m_unkId = m.find(unk);
    if (m.m_unkId < 0)
        return Text::tr("the WordPiece unknown token '%1' is not in the vocabulary",
                        codePointsToUtf8(unk));
    m.indexTokens();
    return m;
}

Result<SubwordModel> SubwordModel::bpe(
    Vocab vocab, const std::vector<std::pair<std::u32string, std::u32string>>& merges,
    const std::u32string& unk, bool byteFallback, bool fuseUnk, bool ignoreMerges) {
    SubwordModel m;
    m.m_kind = Kind::Bpe;
    m.m_vocab = std::move(vocab);
    m.m_unk = unk;
    m.m_byteFallback = byteFallback;
    m.m_fuseUnk = fuseUnk;
    m.m_ignoreMerges = ignoreMerges;
    if (!unk.empty()) {
        m.m_unkId = m.find(unk);
        if (m.m_unkId < 0)
            return Text::tr("the BPE unknown token '%1' is not in the vocabulary",
                            codePointsToUtf8(unk));
    }
    m.indexTokens();
    for (size_t rank = 0; rank < merges.size(); ++rank) {
        const auto& [a, b] = merges[rank];
        const int64_t ia = m.find(a), ib = m.find(b);
        const int64_t merged = m.find(a + b);
        if (ia < 0 || ib < 0 || merged < 0)
            return Text::tr("the BPE merge '%1 %2' uses a token that is not in the vocabulary",
                            codePointsToUtf8(a), codePointsToUtf8(b));
        m.m_merges.emplace(pairKey(ia, ib), std::make_pair(int64_t(rank), merged));
    }
    return m;
}

Result<SubwordModel> SubwordModel::fromJson(const QJsonObject& o) {
    const QString type = o.value("type").toString();
    auto vocab = vocabFrom(o.value("vocab"));
    if (type == "WordPiece") {
        if (!vocab) return vocab.failure();
        return wordPiece(std::move(vocab).value(),
                         o.value("unk_token").toString("[UNK]").toStdU32String(),
                         o.value("continuing_subword_prefix").toString("##").toStdU32String(),
                         int64_t(o.value("max_input_chars_per_word").toDouble(100)));
    }
    if (type == "BPE" || (type.isEmpty() && o.contains("merges"))) {
        if (!vocab) return vocab.failure();
        std::vector<std::pair<std::u32string, std::u32string>> merges;
        for (const QJsonValue& v : o.value("merges").toArray()) {
            if (v.isArray() && v.toArray().size() == 2) {  // ["a", "b"] (tokenizers ≥ 0.20)
                merges.emplace_back(v.toArray()[0].toString().toStdU32String(),
                                    v.toArray()[1].toString().toStdU32String());
                continue;
            }
            const QString s = v.toString();
            const qsizetype space = s.indexOf(' ', 1);
            if (space < 0) return Text::tr("the BPE merge '%1' is not a pair", s.toStdString());
            merges.emplace_back(s.left(space).toStdU32String(), s.mid(space + 1).toStdU32String());
        }
        auto m =
            bpe(std::move(vocab).value(), merges, o.value("unk_token").toString().toStdU32String(),
                o.value("byte_fallback").toBool(false), o.value("fuse_unk").toBool(false),
                o.value("ignore_merges").toBool(false));
        if (!m) return m;
        m->m_prefix = o.value("continuing_subword_prefix").toString().toStdU32String();
        m->m_suffix = o.value("end_of_word_suffix").toString().toStdU32String();
        if (o.value("dropout").isDouble() && o.value("dropout").toDouble() > 0)
            return Text::tr("BPE dropout makes tokenization random: not supported");
        return m;
    }
    return Text::tr("unsupported tokenizer model '%1' (supported: WordPiece, BPE)",
                    type.toStdString());
}

void SubwordModel::indexTokens() {
    int64_t n = 0;
    for (const auto& [t, id] : m_vocab) n = std::max(n, id + 1);
    m_tokens.assign(size_t(n), {});
    for (const auto& [t, id] : m_vocab) m_tokens[size_t(id)] = t;
}

SubwordModel SubwordModel::sentencePiece(Vocab vocab, std::vector<double> scores,
                                         const std::u32string& unk) {
    SubwordModel m;
    m.m_kind = Kind::SentencePiece;
    m.m_vocab = std::move(vocab);
    m.indexTokens();
    m.m_scores = std::move(scores);
    m.m_scores.resize(m.m_tokens.size(), 0.0);
    m.m_unk = unk;
    m.m_unkId = m.find(unk);
    return m;
}

int64_t SubwordModel::find(const std::u32string& token) const {
    auto it = m_vocab.find(token);
    return it == m_vocab.end() ? -1 : it->second;
}

const std::u32string& SubwordModel::token(int64_t id) const {
    static const std::u32string none;
    return id >= 0 && id < int64_t(m_tokens.size()) ? m_tokens[size_t(id)] : none;
}

void SubwordModel::tokenize(const NormalizedText& word, std::vector<Token>& out) const {
    if (word.empty()) return;
    if (m_kind == Kind::WordPiece)
        tokenizeWordPiece(word, out);
    else if (m_kind == Kind::SentencePiece)
        tokenizeSentencePiece(word, out);
    else
        tokenizeBpe(word, out);
}

void SubwordModel::tokenizeWordPiece(const NormalizedText& word, std::vector<Token>& out) const {
    const size_t n = word.size();
    std::vector<Token> pieces;
    bool bad = int64_t(n) > m_maxChars;
    for (size_t start = 0; !bad && start < n;) {
        size_t end = n;
        int64_t id = -1;
        for (; end > start; --end) {
            std::u32string sub = word.text.substr(start, end - start);
            if (start > 0) sub = m_prefix + sub;
            if ((id = find(sub)) >= 0) break;
        }
        if (id < 0) {
            bad = true;
            break;
        }
        const auto span = word.span(start, end);
        pieces.push_back({id, span.first, span.second});
        start = end;
    }
    if (bad) {
        const auto span = word.span(0, n);
        out.push_back({m_unkId, span.first, span.second});
        return;
    }
    out.insert(out.end(), pieces.begin(), pieces.end());
}

void SubwordModel::tokenizeBpe(const NormalizedText& word, std::vector<Token>& out) const {
    const size_t n = word.size();
    if (m_ignoreMerges)
        if (int64_t id = find(word.text); id >= 0) {
            const auto span = word.span(0, n);
            out.push_back({id, span.first, span.second});
            return;
        }
    struct Symbol {
        int64_t id;
        size_t b, e;  // code points of the word
    };
    std::vector<Symbol> symbols;
    struct Unk {
        size_t b, e;
    };
    std::optional<Unk> unk;
    for (size_t i = 0; i < n; ++i) {
        std::u32string s(1, word.text[i]);
        if (i > 0) s = m_prefix + s;
        if (i + 1 == n) s += m_suffix;
        if (int64_t id = find(s); id >= 0) {
            if (unk) symbols.push_back({m_unkId, unk->b, unk->e}), unk.reset();
            symbols.push_back({id, i, i + 1});
            continue;
        }
        if (m_byteFallback) {
            std::vector<int64_t> ids;
            for (char byte : codePointsToUtf8(s)) {
                const int64_t id = find(byteToken(uint8_t(byte)));
                if (id < 0) {
                    ids.clear();
                    break;
                }
                ids.push_back(id);
            }
            if (!ids.empty()) {  // as tokenizers does: a pending unknown is not flushed first
                for (int64_t id : ids) symbols.push_back({id, i, i + 1});
                continue;
            }
        }
        if (m_unkId < 0) continue;  // no unknown token: the character is dropped
        if (unk && m_fuseUnk) {
            unk->e = i + 1;
        } else {
            if (unk) symbols.push_back({m_unkId, unk->b, unk->e});
            unk = Unk{i, i + 1};
        }
    }
    if (unk) symbols.push_back({m_unkId, unk->b, unk->e});

    // Merge the adjacent pair of lowest rank, leftmost first, until none is left: a heap of
    // candidate pairs over a linked list of symbols (as tokenizers does), O(n log n) — a run of
    // thousands of bytes without a split (CJK text under a byte-level regex) stays fast.
    struct Candidate {
        int64_t rank, pos, id;
        bool operator>(const Candidate& o) const {
            return rank != o.rank ? rank > o.rank : pos > o.pos;
        }
    };
    const int64_t count = int64_t(symbols.size());
    std::vector<int64_t> prev(symbols.size()), next(symbols.size());
    std::vector<bool> alive(symbols.size(), true);
    for (int64_t i = 0; i < count; ++i) {
        prev[size_t(i)] = i - 1;
        next[size_t(i)] = i + 1 < count ? i + 1 : -1;
    }
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> heap;
    auto consider = [&](int64_t left) {
        if (left < 0 || next[size_t(left)] < 0) return;
        auto it = m_merges.find(
            pairKey(symbols[size_t(left)].id, symbols[size_t(next[size_t(left)])].id));
        if (it != m_merges.end()) heap.push({it->second.first, left, it->second.second});
    };
    for (int64_t i = 0; i + 1 < count; ++i) consider(i);
    while (!heap.empty()) {
        const Candidate top = heap.top();
        heap.pop();
        const size_t at = size_t(top.pos);
        if (!alive[at] || next[at] < 0) continue;
        const size_t right = size_t(next[at]);
        auto it = m_merges.find(pairKey(symbols[at].id, symbols[right].id));
        if (it == m_merges.end() || it->second.second != top.id) continue;  // a stale pair
        symbols[at] = {top.id, symbols[at].b, symbols[right].e};
        alive[right] = false;
        next[at] = next[right];
        if (next[right] >= 0) prev[size_t(next[right])] = top.pos;
        consider(prev[at]);
        consider(top.pos);
    }
    std::vector<Symbol> merged;
    for (size_t i = 0; i < symbols.size(); ++i)
        if (alive[i]) merged.push_back(symbols[i]);
    symbols = std::move(merged);
    for (const Symbol& s : symbols) {
        const auto span = word.span(s.b, s.e);
        out.push_back({s.id, span.first, span.second});
    }
}

void SubwordModel::tokenizeSentencePiece(const NormalizedText& word,
                                         std::vector<Token>& out) const {
    // llama.cpp's SentencePiece: merge the adjacent pair whose joined piece has the highest
    // score (leftmost first) while such a piece exists; then a piece not in the vocabulary is
    // split back along its merges, and a character that is not either becomes its UTF-8 bytes.
    struct Symbol {
        size_t b, e;  // code points
        int64_t prev, next;
    };
    struct Bigram {
        double score;
        int64_t left, right;
        size_t size;
        bool operator<(const Bigram& o) const {
            return score < o.score || (score == o.score && left > o.left);
        }
    };
    const size_t n = word.size();
    std::vector<Symbol> sym(n);
    for (size_t i = 0; i < n; ++i)
        sym[i] = {i, i + 1, int64_t(i) - 1, i + 1 < n ? int64_t(i) + 1 : -1};
    std::priority_queue<Bigram> queue;
    std::unordered_map<std::u32string, std::pair<std::u32string, std::u32string>> revMerge;
    auto text = [&](size_t i) { return word.text.substr(sym[i].b, sym[i].e - sym[i].b); };
    auto tryAdd = [&](int64_t l, int64_t r) {
        if (l < 0 || r < 0) return;
        const std::u32string joined = text(size_t(l)) + text(size_t(r));
        const int64_t id = find(joined);
        if (id < 0) return;
        queue.push({m_scores[size_t(id)], l, r, joined.size()});
        revMerge[joined] = {text(size_t(l)), text(size_t(r))};
    };
    for (size_t i = 1; i < n; ++i) tryAdd(int64_t(i) - 1, int64_t(i));
    std::vector<bool> alive(n, true);
    while (!queue.empty()) {
        const Bigram top = queue.top();
        queue.pop();
        Symbol& l = sym[size_t(top.left)];
        Symbol& r = sym[size_t(top.right)];
        if (!alive[size_t(top.left)] || !alive[size_t(top.right)] ||
            (l.e - l.b) + (r.e - r.b) != top.size || l.next != top.right)
            continue;
        l.e = r.e;
        l.next = r.next;
        alive[size_t(top.right)] = false;
        if (r.next >= 0) sym[size_t(r.next)].prev = top.left;
        tryAdd(l.prev, top.left);
        tryAdd(top.left, l.next);
    }
    std::function<void(const std::u32string&, size_t)> place = [&](const std::u32string& piece,
                                                                   size_t at) {
        if (int64_t id = find(piece); id >= 0) {
            const auto span = word.span(at, at + piece.size());
            out.push_back({id, span.first, span.second});
            return;
        }
        if (auto it = revMerge.find(piece); it != revMerge.end()) {
            place(it->second.first, at);
            place(it->second.second, at + it->second.first.size());
            return;
        }
        for (size_t k = 0; k < piece.size(); ++k) {
            const auto span = word.span(at + k, at + k + 1);
            for (char byte : codePointToUtf8(piece[k])) {
                const int64_t id = find(byteToken(uint8_t(byte)));
                out.push_back({id >= 0 ? id : m_unkId, span.first, span.second});
            }
        }
    };
    for (size_t i = 0; i < n; ++i)
        if (alive[i]) place(text(i), sym[i].b);
}

}  // namespace attnscope
