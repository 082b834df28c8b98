#include "core/tokenizer/Tokenizer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "core/common/Text.h"

namespace attnscope {

namespace {

Result<QByteArray> readSmall(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return Text::tr("cannot read %1", path.toStdString());
    if (f.size() > 512 * 1024 * 1024)
        return Text::tr("%1 is too large for a tokenizer file", path.toStdString());
    return f.readAll();
}

/// A token field of tokenizer_config.json: "…" or {"content": "…"}.
QString tokenField(const QJsonObject& config, const char* key) {
    const QJsonValue v = config.value(key);
    return v.isObject() ? v.toObject().value("content").toString() : v.toString();
}

bool isWordChar(char32_t c) {
    return c == U'_' || QChar::isLetterOrNumber(c);
}

/// Bytes as text: whole UTF-8 characters as themselves, stray bytes as <0xE6>.
std::string bytesLabel(const std::string& bytes) {
    std::string out;
    for (size_t i = 0; i < bytes.size();) {
        const unsigned char c = static_cast<unsigned char>(bytes[i]);
        const int n = c < 0x80         ? 1
                      : (c >> 5) == 6  ? 2
                      : (c >> 4) == 14 ? 3
                      : (c >> 3) == 30 ? 4
                                       : 0;
        bool ok = n > 0 && i + size_t(n) <= bytes.size();
        for (int k = 1; ok && k < n; ++k)
            ok = (static_cast<unsigned char>(bytes[i + size_t(k)]) & 0xc0) == 0x80;
        if (ok) {
            out += bytes.substr(i, size_t(n));
            i += size_t(n);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "<0x%02X>", c);
            out += buf;
            ++i;
        }
    }
    return out;
}

}  // namespace

Result<std::shared_ptr<const Tokenizer>> Tokenizer::load(const QString& folder) {
    const QDir dir(folder);
    QByteArray config;
    if (dir.exists("tokenizer_config.json")) {
        Result<QByteArray> read = readSmall(dir.filePath("tokenizer_config.json"));
        if (!read) return read.failure();
        config = std::move(read).value();
    }
    if (dir.exists("tokenizer.json")) {
        const Result<QByteArray> json = readSmall(dir.filePath("tokenizer.json"));
        if (!json) return json.failure();
        auto t = fromJson(*json, config);
        if (!t)
            return Text::tr("%1: %2", dir.filePath("tokenizer.json").toStdString(), t.failure());
        return t;
    }
    const QJsonObject cfg = QJsonDocument::fromJson(config).object();
    auto tok = std::make_shared<Tokenizer>();
    auto addSpecial = [&](const QString& content) {
        const int64_t id = tok->m_model->find(content.toStdU32String());
        if (id >= 0) tok->m_added.push_back({id, content.toStdU32String(), true});
        return id;
    };
    if (dir.exists("vocab.txt")) {  // BERT: what BertTokenizerFast builds from it
        const Result<QByteArray> read = readSmall(dir.filePath("vocab.txt"));
        if (!read) return read.failure();
        const QByteArray& text = *read;
        SubwordModel::Vocab vocab;
        QList<QByteArray> lines = text.split('\n');
        if (!lines.isEmpty() && lines.back().isEmpty()) lines.pop_back();  // the final newline
        int64_t id = 0;
        for (const QByteArray& line : lines)
            vocab.emplace(QString::fromUtf8(line).trimmed().toStdU32String(), id++);
        const bool lower = cfg.value("do_lower_case").toBool(true);
        const QJsonValue strip = cfg.value("strip_accents");
        tok->m_normalizer =
            Normalizer::bert(lower, cfg.value("tokenize_chinese_chars").toBool(true),
                             strip.isBool() ? strip.toBool() : lower);
        tok->m_preTokenizer = PreTokenizer::bert();
        auto m = SubwordModel::wordPiece(std::move(vocab), U"[UNK]", U"##", 100);
        if (!m) return Text::tr("%1: %2", dir.filePath("vocab.txt").toStdString(), m.failure());
        tok->m_model = std::make_unique<SubwordModel>(std::move(m).value());
        for (const char* s : {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"}) addSpecial(s);
        const int64_t cls = tok->m_model->find(U"[CLS]"), sep = tok->m_model->find(U"[SEP]");
        if (cls >= 0 && sep >= 0)
            tok->m_template.single = {{false, {cls}}, {true, {}}, {false, {sep}}};
        tok->m_decoding = Decoding::WordPiece;
        tok->indexAdded();
        return std::shared_ptr<const Tokenizer>(std::move(tok));
    }
    if (dir.exists("vocab.json") && dir.exists("merges.txt")) {  // GPT-2 byte-level BPE
        const Result<QByteArray> vocabJson = readSmall(dir.filePath("vocab.json"));
        if (!vocabJson) return vocabJson.failure();
        const Result<QByteArray> merges = readSmall(dir.filePath("merges.txt"));
        if (!merges) return merges.failure();
        QJsonArray mergeList;
        for (const QByteArray& line : merges->split('\n'))
            if (!line.trimmed().isEmpty() && !line.startsWith("#version"))
                mergeList.append(QString::fromUtf8(line.trimmed()));
        const QJsonObject model{{"type", "BPE"},
                                {"vocab", QJsonDocument::fromJson(*vocabJson).object()},
                                {"merges", mergeList}};
        auto m = SubwordModel::fromJson(model);
        if (!m) return Text::tr("%1: %2", dir.filePath("merges.txt").toStdString(), m.failure());
        tok->m_model = std::make_unique<SubwordModel>(std::move(m).value());
        tok->m_preTokenizer = PreTokenizer::byteLevel(cfg.value("add_prefix_space").toBool(false));
        const QString eos = tokenField(cfg, "eos_token");
        addSpecial(eos.isEmpty() ? "<|endoftext|>" : eos);
        if (cfg.value("add_bos_token").toBool(false)) {
            const int64_t bos = tok->m_model->find(tokenField(cfg, "bos_token").toStdU32String());
            if (bos >= 0) tok->m_template.single = {{false, {bos}}, {true, {}}};
        }
        tok->m_decoding = Decoding::ByteLevel;
        tok->indexAdded();
        return std::shared_ptr<const Tokenizer>(std::move(tok));
    }
    return Text::tr(
        "no tokenizer in %1: expected tokenizer.json, vocab.txt, or vocab.json and "
        "merges.txt",
        folder.toStdString());
}

Result<std::shared_ptr<const Tokenizer>> Tokenizer::fromJson(const QByteArray& tokenizerJson,
                                                             const QByteArray& configJson,
                                                             std::optional<SubwordModel> given) {
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(tokenizerJson, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return Text::tr("not a JSON object (%1 at offset %2)", err.errorString().toStdString(),
                        err.offset);
    const QJsonObject o = doc.object();
    auto tok = std::make_shared<Tokenizer>();
    auto norm = Normalizer::fromJson(o.value("normalizer"));
    if (!norm) return norm.failure();
    tok->m_normalizer = std::move(norm).value();
    auto pre = PreTokenizer::fromJson(o.value("pre_tokenizer"));
    if (!pre) return pre.failure();
    tok->m_preTokenizer = std::move(pre).value();
    if (given) {
        tok->m_model = std::make_unique<SubwordModel>(std::move(*given));
    } else {
        auto model = SubwordModel::fromJson(o.value("model").toObject());
        if (!model) return model.failure();
        tok->m_model = std::make_unique<SubwordModel>(std::move(model).value());
    }
    for (const QJsonValue& v : o.value("added_tokens").toArray()) {
        const QJsonObject a = v.toObject();
        tok->m_added.push_back(
            {int64_t(a.value("id").toDouble()), a.value("content").toString().toStdU32String(),
             a.value("special").toBool(), a.value("lstrip").toBool(), a.value("rstrip").toBool(),
             a.value("single_word").toBool(), a.value("normalized").toBool()});
    }
    if (Status st = tok->parsePostProcessor(o.value("post_processor")); !st) return st.failure();

    const QString pre0 = o.value("pre_tokenizer").toObject().value("type").toString();
    const QString decoder = QJsonDocument(o.value("decoder").toObject()).toJson();
    if (decoder.contains("\"ByteLevel\"") || pre0 == "ByteLevel" ||
        QJsonDocument(o.value("pre_tokenizer").toObject()).toJson().contains("\"ByteLevel\""))
        tok->m_decoding = Decoding::ByteLevel;
    else if (decoder.contains("\"Metaspace\"") || decoder.contains("\u2581") ||
             decoder.contains("\"ByteFallback\""))
        tok->m_decoding = Decoding::Metaspace;
    else if (tok->m_model->kind() == SubwordModel::Kind::WordPiece)
        tok->m_decoding = Decoding::WordPiece;

    // Llama and Gemma tokenizers rebuild their template from add_bos_token / add_eos_token.
    const QJsonObject cfg = QJsonDocument::fromJson(configJson).object();
    const QString cls = cfg.value("tokenizer_class").toString();
    if (cls.startsWith("LlamaTokenizer") || cls.startsWith("GemmaTokenizer")) {
        auto idOf = [&](const char* key) {
            return tok->m_model->find(tokenField(cfg, key).toStdU32String());
        };
        auto addedId = [&](const char* key) {
            const std::u32string c = tokenField(cfg, key).toStdU32String();
            for (const AddedToken& a : tok->m_added)
                if (a.content == c) return a.id;
            return idOf(key);
        };
        Template t;
        if (cfg.value("add_bos_token").toBool(true) && addedId("bos_token") >= 0)
            t.single.push_back({false, {addedId("bos_token")}});
        t.single.push_back({true, {}});
        if (cfg.value("add_eos_token").toBool(false) && addedId("eos_token") >= 0)
            t.single.push_back({false, {addedId("eos_token")}});
        tok->m_template = t;
    }
    tok->indexAdded();
    return std::shared_ptr<const Tokenizer>(std::move(tok));
}

Status Tokenizer::parsePostProcessor(const QJsonValue& json) {
    if (json.isNull() || json.isUndefined()) return {};
    const QJsonObject o = json.toObject();
    const QString type = o.value("type").toString();
    auto idOfPair = [](const QJsonValue& v) { return int64_t(v.toArray().at(1).toDouble()); };
    if (type == "TemplateProcessing") {
        const QJsonObject specials = o.value("special_tokens").toObject();
        m_template.single.clear();
        for (const QJsonValue& piece : o.value("single").toArray()) {
            const QJsonObject p = piece.toObject();
            if (p.contains("Sequence")) {
                m_template.single.push_back({true, {}});
                continue;
            }
            const QString name = p.value("SpecialToken").toObject().value("id").toString();
            if (!specials.contains(name))
                return Text::tr(
                    "the template's special token '%1' is not among its "
                    "special_tokens",
                    name.toStdString());
            std::vector<int64_t> ids;
            for (const QJsonValue& id : specials.value(name).toObject().value("ids").toArray())
                ids.push_back(int64_t(id.toDouble()));
            m_template.single.push_back({false, ids});
        }
    } else if (type == "BertProcessing" || type == "RobertaProcessing") {
        m_template.single = {
            {false, {idOfPair(o.value("cls"))}}, {true, {}}, {false, {idOfPair(o.value("sep"))}}};
        if (type == "RobertaProcessing") {
            m_trimOffsets = o.value("trim_offsets").toBool(true);
            m_trimAddPrefixSpace = o.value("add_prefix_space").toBool(true);
        }
    } else if (type == "ByteLevel") {
        m_trimOffsets = o.value("trim_offsets").toBool(true);
        m_trimAddPrefixSpace = o.value("add_prefix_space").toBool(true);
    } else if (type == "Sequence") {
        for (const QJsonValue& p : o.value("processors").toArray())
            if (Status st = parsePostProcessor(p); !st) return st;
    } else {
        return Text::tr(
            "unsupported tokenizer post_processor '%1' (supported: TemplateProcessing, "
            "BertProcessing, RobertaProcessing, ByteLevel, Sequence)",
            type.toStdString());
    }
    return {};
}

std::vector<std::pair<NormalizedText, int64_t>> Tokenizer::splitAdded(const NormalizedText& t,
                                                                      bool normalizedTokens) const {
    std::vector<std::pair<NormalizedText, int64_t>> out;
    const std::u32string& s = t.text;
    size_t from = 0, at = 0;
    while (at < s.size()) {
        const AddedToken* best = nullptr;
        auto first = m_addedByFirst.find(s[at]);
        if (first != m_addedByFirst.end())
            for (size_t index : first->second) {
                const AddedToken& a = m_added[index];
                if (a.normalized == normalizedTokens &&
                    s.compare(at, a.content.size(), a.content) == 0 &&
                    (!best || a.content.size() > best->content.size()))
                    best = &a;
            }
        if (!best) {
            ++at;
            continue;
        }
        size_t b = at, e = at + best->content.size();
        const bool wordBefore = b > 0 && isWordChar(s[b - 1]);
        const bool wordAfter = e < s.size() && isWordChar(s[e]);
        if (best->singleWord && (wordBefore || wordAfter)) {
            at = e;  // not a single word: skipped, as a leftmost-longest scan moves past it
            continue;
        }
        if (best->lstrip)
            while (b > from && QChar::isSpace(s[b - 1])) --b;
        if (best->rstrip)
            while (e < s.size() && QChar::isSpace(s[e])) ++e;
        if (b > from) out.push_back({t.slice(from, b), -1});
        out.push_back({t.slice(b, e), best->id});
        from = at = e;
    }
    if (from < s.size()) out.push_back({t.slice(from, s.size()), -1});
    return out;
}

Encoding Tokenizer::encode(const std::string& utf8, bool addSpecialTokens) const {
    std::vector<Token> tokens;
    const NormalizedText original = NormalizedText::original(utf8ToCodePoints(utf8));
    for (auto& [piece, id] : splitAdded(original, false)) {
        if (id >= 0) {
            const auto span = piece.span(0, piece.size());
            tokens.push_back({id, span.first, span.second, true});
            continue;
        }
        NormalizedText normalized = piece;
        m_normalizer.apply(normalized);
        for (auto& [part, partId] : splitAdded(normalized, true)) {
            if (partId >= 0) {
                const auto span = part.span(0, part.size());
                tokens.push_back({partId, span.first, span.second, true});
                continue;
            }
            for (const NormalizedText& word : m_preTokenizer.apply({part}))
                m_model->tokenize(word, tokens);
        }
    }
    if (m_trimOffsets) {
        const char32_t space = byteToChar(' ');
        for (size_t i = 0; i < tokens.size(); ++i) {
            Token& tk = tokens[i];
            const std::u32string& s = m_model->token(tk.id);
            auto isSp = [&](char32_t c) { return c == space || QChar::isSpace(c); };
            int64_t lead = 0, trail = 0;
            while (lead < int64_t(s.size()) && isSp(s[size_t(lead)])) ++lead;
            while (trail < int64_t(s.size()) && isSp(s[s.size() - 1 - size_t(trail)])) ++trail;
            if (lead > 0 && (i == 0 || tk.begin == 0) && m_trimAddPrefixSpace && lead == 1)
                lead = 0;
            if (lead > 0) tk.begin = std::min(tk.begin + lead, tk.end);
            if (trail > 0 && tk.end >= trail) tk.end = std::max(tk.end - trail, tk.begin);
        }
    }
    if (addSpecialTokens && !m_template.single.empty()) {
        std::vector<Token> wrapped;
        for (const auto& [sequence, ids] : m_template.single) {
            if (sequence) {
                wrapped.insert(wrapped.end(), tokens.begin(), tokens.end());
                continue;
            }
            for (int64_t id : ids) wrapped.push_back({id, 0, 0, true});
        }
        tokens = std::move(wrapped);
    }
    Encoding e;
    for (const Token& tk : tokens) {
        e.ids.push_back(tk.id);
        e.tokens.push_back(tokenString(tk.id));
        e.offsets.emplace_back(tk.begin, tk.end);
        e.labels.push_back(label(tk.id));
    }
    return e;
}

std::string Tokenizer::tokenString(int64_t id) const {
    if (const AddedToken* a = added(id)) return codePointsToUtf8(a->content);
    return codePointsToUtf8(m_model->token(id));
}

bool Tokenizer::isSpecial(int64_t id) const {
    const AddedToken* a = added(id);
    return a && a->special;
}

std::string Tokenizer::label(int64_t id) const {
    if (const AddedToken* a = added(id)) return codePointsToUtf8(a->content);
    const std::u32string& t = m_model->token(id);
    switch (m_decoding) {
        case Decoding::ByteLevel: {
            std::string bytes;
            for (char32_t c : t) {
                const int b = charToByte(c);
                if (b < 0) return codePointsToUtf8(t);  // not a byte-level token
                bytes += char(b);
            }
            return bytesLabel(bytes);
        }
        case Decoding::Metaspace: {
            const std::string s = codePointsToUtf8(t);
            if (s.size() == 6 && s.rfind("<0x", 0) == 0 && s.back() == '>') {
                const int b = std::stoi(s.substr(3, 2), nullptr, 16);
                return b < 0x80 ? std::string(1, char(b)) : s;
            }
            std::u32string out = t;
            for (char32_t& c : out)
                if (c == m_metaspace[0]) c = U' ';
            return codePointsToUtf8(out);
        }
        case Decoding::WordPiece: {
            const std::u32string& prefix = m_model->continuingPrefix();
            if (!prefix.empty() && t.compare(0, prefix.size(), prefix) == 0)
                return codePointsToUtf8(t.substr(prefix.size()));
            return codePointsToUtf8(t);
        }
        case Decoding::Plain:
            break;
    }
    return codePointsToUtf8(t);
}

void Tokenizer::indexAdded() {
    m_addedByFirst.clear();
    m_addedById.clear();
    for (size_t i = 0; i < m_added.size(); ++i) {
        if (!m_added[i].content.empty()) m_addedByFirst[m_added[i].content[0]].push_back(i);
        m_addedById.emplace(m_added[i].id, i);
    }
}

const Tokenizer::AddedToken* Tokenizer::added(int64_t id) const {
    auto it = m_addedById.find(id);
    return it == m_addedById.end() ? nullptr : &m_added[it->second];
}

int64_t Tokenizer::vocabSize() const {
    int64_t n = m_model->size();
    for (const AddedToken& a : m_added) n = std::max(n, a.id + 1);
    return n;
}

}  // namespace attnscope
