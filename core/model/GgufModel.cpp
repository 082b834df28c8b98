#include "core/model/GgufModel.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <limits>

#include "core/common/ParallelFor.h"
#include "core/common/Text.h"
#include "core/io/GgufFile.h"
#include "core/model/ModelWeights.h"
#include "core/tokenizer/Tokenizer.h"

namespace attnscope {

namespace {

/// "<arch>.<key>" as an integer / number, or a fallback.
struct Meta {
    const GgufFile& file;
    std::string arch;
    std::optional<int64_t> integer(const std::string& key) const {
        auto it = file.metadata().find(arch + "." + key);
        if (it == file.metadata().end()) return std::nullopt;
        if (auto v = it->second.asInt()) return v;
        if (auto l = it->second.asIntList(); l && !l->empty()) return l->front();  // per layer
        return std::nullopt;
    }
    std::optional<double> number(const std::string& key) const {
        auto it = file.metadata().find(arch + "." + key);
        return it == file.metadata().end() ? std::nullopt : it->second.asFloat();
    }
    std::optional<std::string> string(const std::string& key) const {
        auto it = file.metadata().find(key);
        return it == file.metadata().end() ? std::nullopt : it->second.asString();
    }
};

/// llama.cpp's converter permutes the rows of each Q/K head from Hugging Face's rotate-half
/// layout (first halves, then second halves) to pairs (x0, x_{d/2}, x1, …); undo it.
void unpermute(Tensor& w, int64_t heads) {
    const int64_t rows = w.dim(0), cols = w.rank() > 1 ? w.dim(1) : 1, d = rows / heads,
                  half = d / 2;
    Tensor out(w.shape());
    for (int64_t h = 0; h < heads; ++h)
        for (int64_t i = 0; i < half; ++i)
            for (int64_t j = 0; j < 2; ++j)
                std::copy(w.data() + (h * d + i * 2 + j) * cols,
                          w.data() + (h * d + i * 2 + j + 1) * cols,
                          out.data() + (h * d + j * half + i) * cols);
    w = std::move(out);
}

/// The tensors of `jobs` (GGUF name, Hugging Face name) that the file has, float32, dequantized
/// on every core, under their Hugging Face names.
Result<std::map<std::string, Tensor>> readRenamed(
    const GgufFile& g, const std::vector<std::pair<std::string, std::string>>& jobs) {
    std::vector<std::optional<Result<Tensor>>> read(jobs.size());
    parallelFor(resolveThreads(0), int64_t(jobs.size()), [&](int, int64_t j) {
        if (g.find(jobs[size_t(j)].first)) read[size_t(j)] = g.read(jobs[size_t(j)].first);
    });
    std::map<std::string, Tensor> weights;
    for (size_t j = 0; j < jobs.size(); ++j) {
        if (!read[j]) continue;
        if (!*read[j]) return read[j]->failure();
        weights.emplace(jobs[j].second, std::move(*read[j]).value());
    }
    return weights;
}

}  // namespace

/// The model of a GGUF file's config and its weights under Hugging Face's names, with the
/// tokenizer of the file's metadata (or why it has none).
static Result<ModelPtr> modelOf(const GgufFile& g, ModelConfig config,
                                std::map<std::string, Tensor> weights, const QString& path) {
    ModelWeights w = ModelWeights::fromTensors(std::move(weights), path);
    auto model = Model::fromWeights(std::move(config), w, path);
    if (!model) return Text::tr("%1: %2", path.toStdString(), model.failure());
    auto tok = GgufModel::tokenizer(g);
    auto m = std::const_pointer_cast<Model>(model.value());
    m->setTokenizer(tok ? tok.value() : nullptr, tok ? Error() : tok.failure());
    return ModelPtr(m);
}

/// GPT-2 as llama.cpp's converter writes it: Conv1D weights transposed to [out, in], the MLP's
/// width not always in the metadata (the converter writes 4 × n_embd), so it is read from the
/// tensors.
static Result<ModelPtr> openGpt2(const GgufFile& g, const QString& path) {
    Meta meta{g, "gpt2"};
    const GgufTensor* embd = g.find("token_embd.weight");
    const GgufTensor* up = g.find("blk.0.ffn_up.weight");
    if (!embd || !up || embd->shape.size() != 2 || up->shape.size() != 2)
        return Text::tr("%1: the GGUF file has no GPT-2 %2", path.toStdString(),
                        "token_embd / ffn_up");
    QJsonObject c{
        {"model_type", "gpt2"},
        {"vocab_size", double(embd->shape[0])},
        {"n_inner", double(up->shape[0])},
        {"layer_norm_epsilon", meta.number("attention.layer_norm_epsilon").value_or(1e-5)}};
    for (auto [key, hf] : {std::pair{"embedding_length", "n_embd"},
                           {"block_count", "n_layer"},
                           {"attention.head_count", "n_head"},
                           {"context_length", "n_positions"}}) {
        auto v = meta.integer(key);
        if (!v)
            return Text::tr("%1: the GGUF metadata has no %2", path.toStdString(),
                            std::string("gpt2.") + key);
        c[hf] = double(*v);
    }
    auto config = ModelConfig::fromJson(c);
    if (!config) return Text::tr("%1: %2", path.toStdString(), config.failure());
    std::vector<std::pair<std::string, std::string>> jobs{{"token_embd.weight", "wte.weight"},
                                                          {"position_embd.weight", "wpe.weight"}};
    for (int64_t i = 0; i < config->layers; ++i) {
        const std::string b = "blk." + std::to_string(i) + ".", h = "h." + std::to_string(i) + ".";
        for (auto [from, to] : {std::pair{"attn_norm", "ln_1"},
                                {"attn_qkv", "attn.c_attn"},
                                {"attn_output", "attn.c_proj"},
                                {"ffn_norm", "ln_2"},
                                {"ffn_up", "mlp.c_fc"},
                                {"ffn_down", "mlp.c_proj"}})
            for (const char* part : {".weight", ".bias"})
                jobs.emplace_back(b + from + part, h + to + part);
    }
    auto weights = readRenamed(g, jobs);
    if (!weights) return weights.failure();
    for (auto& [name, t] : *weights) {
        const bool conv1d =
            name.find("attn.c_") != std::string::npos || name.find("mlp.c_") != std::string::npos;
        if (conv1d && t.rank() == 2 && name.ends_with(".weight")) {  // back to Conv1D's [in, out]
            Tensor tt({t.dim(1), t.dim(0)});
            for (int64_t r = 0; r < t.dim(0); ++r)
                for (int64_t col = 0; col < t.dim(1); ++col)
                    tt[col * t.dim(0) + r] = t[r * t.dim(1) + col];
            t = std::move(tt);
        }
    }
    return modelOf(g, std::move(config).value(), std::move(weights).value(), path);
}

/// BERT as llama.cpp's converter writes it: HF's tensors renamed (no permutation), the pooler
/// and the heads dropped; post-norm and bidirectional, as ModelConfig's bert is.
static Result<ModelPtr> openBert(const GgufFile& g, const QString& path) {
    Meta meta{g, "bert"};
    const GgufTensor* embd = g.find("token_embd.weight");
    const GgufTensor* types = g.find("token_types.weight");
    if (!embd || embd->shape.size() != 2)
        return Text::tr("%1: the GGUF file has no BERT %2", path.toStdString(),
                        "token_embd.weight");
    QJsonObject c{
        {"model_type", "bert"},
        {"vocab_size", double(embd->shape[0])},
        {"type_vocab_size", types && types->shape.size() == 2 ? double(types->shape[0]) : 2.0},
        {"hidden_act", "gelu"},
        {"layer_norm_eps", meta.number("attention.layer_norm_epsilon").value_or(1e-12)}};
    for (auto [key, hf] : {std::pair{"embedding_length", "hidden_size"},
                           {"block_count", "num_hidden_layers"},
                           {"attention.head_count", "num_attention_heads"},
                           {"feed_forward_length", "intermediate_size"},
                           {"context_length", "max_position_embeddings"}}) {
        auto v = meta.integer(key);
        if (!v)
            return Text::tr("%1: the GGUF metadata has no %2", path.toStdString(),
                            std::string("bert.") + key);
        c[hf] = double(*v);
    }
    auto config = ModelConfig::fromJson(c);
    if (!config) return Text::tr("%1: %2", path.toStdString(), config.failure());
    std::vector<std::pair<std::string, std::string>> jobs;
    auto want = [&](const std::string& from, const std::string& to) {
        for (const char* part : {".weight", ".bias"}) jobs.emplace_back(from + part, to + part);
    };
    want("token_embd", "embeddings.word_embeddings");
    want("position_embd", "embeddings.position_embeddings");
    want("token_types", "embeddings.token_type_embeddings");
    want("token_embd_norm", "embeddings.LayerNorm");
    for (int64_t i = 0; i < config->layers; ++i) {
        const std::string b = "blk." + std::to_string(i) + ".",
                          l = "encoder.layer." + std::to_string(i) + ".";
        for (auto [from, to] : {std::pair{"attn_q", "attention.self.query"},
                                {"attn_k", "attention.self.key"},
                                {"attn_v", "attention.self.value"},
                                {"attn_output", "attention.output.dense"},
                                {"attn_output_norm", "attention.output.LayerNorm"},
                                {"ffn_up", "intermediate.dense"},
                                {"ffn_down", "output.dense"},
                                {"layer_output_norm", "output.LayerNorm"}})
            want(b + from, l + to);
    }
    auto weights = readRenamed(g, jobs);
    if (!weights) return weights.failure();
    return modelOf(g, std::move(config).value(), std::move(weights).value(), path);
}

bool GgufModel::isGguf(const QString& path) {
    QFile f(path);
    if (!QFileInfo(path).isFile() || !f.open(QIODevice::ReadOnly)) return false;
    return f.read(4) == "GGUF";
}

Result<ModelPtr> GgufModel::open(const QString& path) {
    if (!QFileInfo::exists(path)) return Text::tr("no such model: %1", path.toStdString());
    auto file = GgufFile::open(path);
    if (!file) return file.failure();
    const GgufFile& g = *file;
    Meta meta{g, ""};
    const std::string arch = meta.string("general.architecture").value_or("");
    meta.arch = arch;
    if (arch == "gpt2") return openGpt2(g, path);
    if (arch == "bert") return openBert(g, path);
    if (arch != "llama" && arch != "qwen2" && arch != "gemma2")
        return Text::tr(
            "%1: GGUF architecture '%2' is not supported (supported in GGUF files: %3; open the "
            "Hugging Face folder of other models)",
            path.toStdString(), arch, "llama, qwen2, gemma2, gpt2, bert");
    // The config, in config.json's words, so that one parser checks it.
    QJsonObject c;
    c["model_type"] = QString::fromStdString(arch);
    auto need = [&](const char* key, const char* hfKey) -> Status {
        auto v = meta.integer(key);
        if (!v)
            return Text::tr("%1: the GGUF metadata has no %2", path.toStdString(),
                            arch + "." + key);
        c[hfKey] = double(*v);
        return {};
    };
    for (auto [key, hf] : {std::pair{"embedding_length", "hidden_size"},
                           {"block_count", "num_hidden_layers"},
                           {"attention.head_count", "num_attention_heads"},
                           {"feed_forward_length", "intermediate_size"},
                           {"context_length", "max_position_embeddings"}})
        if (Status st = need(key, hf); !st) return st.failure();
    c["num_key_value_heads"] = double(
        meta.integer("attention.head_count_kv").value_or(c["num_attention_heads"].toInteger()));
    if (auto k = meta.integer("attention.key_length")) c["head_dim"] = double(*k);
    c["rms_norm_eps"] = meta.number("attention.layer_norm_rms_epsilon").value_or(1e-6);
    c["rope_theta"] = meta.number("rope.freq_base").value_or(10000.0);
    const std::string scaling = meta.string(arch + ".rope.scaling.type").value_or("none");
    if (scaling != "none" && scaling != "")
        return Text::tr("%1: rope scaling '%2' changes attention and is not supported",
                        path.toStdString(), scaling);
    const GgufTensor* embd = g.find("token_embd.weight");
    if (!embd || embd->shape.size() != 2)
        return Text::tr("%1: the GGUF file has no %2", path.toStdString(), "token_embd.weight");
    c["vocab_size"] = double(embd->shape[0]);
    if (arch == "qwen2") c["use_sliding_window"] = false;
    if (arch == "gemma2") {
        c["hidden_activation"] = "gelu_pytorch_tanh";
        c["attn_logit_softcapping"] = meta.number("attn_logit_softcapping").value_or(50.0);
        c["sliding_window"] = double(meta.integer("attention.sliding_window").value_or(4096));
        // The converter does not keep query_pre_attn_scalar; llama.cpp scales by 1/√d_head,
        // except Gemma 2 27B (46 layers), by 1/√(hidden / heads).
        const double d = c.contains("head_dim") ? c["head_dim"].toDouble() : 256.0;
        c["query_pre_attn_scalar"] =
            c["num_hidden_layers"].toInteger() == 46
                ? c["hidden_size"].toDouble() / c["num_attention_heads"].toDouble()
                : d;
    }
    if (g.find("blk.0.attn_q.bias")) c["attention_bias"] = true;
    auto config = ModelConfig::fromJson(c);
    if (!config) return Text::tr("%1: %2", path.toStdString(), config.failure());
    if (g.find("rope_freqs.weight")) {  // Llama 3's frequency scaling, as the converter wrote it
        auto f = g.read("rope_freqs.weight");
        if (!f) return f.failure();
        if (f->size() != config->dHead / 2)
            return Text::tr("%1: %2 has %3 factors; d_head / 2 = %4", path.toStdString(),
                            "rope_freqs.weight", f->size(), config->dHead / 2);
        config->rope.factors.assign(f->begin(), f->end());
    }

    // The weights under Hugging Face's names, float32, dequantized on every core.
    std::vector<std::pair<std::string, std::string>> jobs;  // GGUF name, HF name
    auto want = [&](const std::string& from, const std::string& to) {
        if (g.find(from)) jobs.emplace_back(from, "model." + to);
    };
    want("token_embd.weight", "embed_tokens.weight");
    for (int64_t i = 0; i < config->layers; ++i) {
        const std::string b = "blk." + std::to_string(i) + ".",
                          l = "layers." + std::to_string(i) + ".";
        want(b + "attn_norm.weight", l + "input_layernorm.weight");
        for (auto [from, to] : {std::pair{"attn_q", "self_attn.q_proj"},
                                {"attn_k", "self_attn.k_proj"},
                                {"attn_v", "self_attn.v_proj"},
                                {"attn_output", "self_attn.o_proj"},
                                {"ffn_gate", "mlp.gate_proj"},
                                {"ffn_up", "mlp.up_proj"},
                                {"ffn_down", "mlp.down_proj"}}) {
            want(b + from + ".weight", l + to + ".weight");
            want(b + from + ".bias", l + to + ".bias");
        }
        if (arch == "gemma2") {
            want(b + "post_attention_norm.weight", l + "post_attention_layernorm.weight");
            want(b + "ffn_norm.weight", l + "pre_feedforward_layernorm.weight");
            want(b + "post_ffw_norm.weight", l + "post_feedforward_layernorm.weight");
        } else {
            want(b + "ffn_norm.weight", l + "post_attention_layernorm.weight");
        }
    }
    auto read = readRenamed(g, jobs);
    if (!read) return read.failure();
    std::map<std::string, Tensor> weights = std::move(read).value();
    const bool permuted = arch == "llama";
    for (int64_t i = 0; i < config->layers && permuted; ++i) {
        const std::string l = "model.layers." + std::to_string(i) + ".";
        for (auto [name, heads] :
             {std::pair{"self_attn.q_proj", config->heads}, {"self_attn.k_proj", config->kvHeads}})
            for (const char* part : {".weight", ".bias"}) {
                auto it = weights.find(l + name + part);
                if (it != weights.end()) unpermute(it->second, heads);
            }
    }
    if (arch == "gemma2")  // the converter stored 1 + w; our (1 + w) RMSNorm adds the 1
        for (auto& [name, t] : weights)
            if (name.find("layernorm.weight") != std::string::npos)
                for (float& x : t) x -= 1.0f;
    return modelOf(g, std::move(config).value(), std::move(weights), path);
}

Result<std::shared_ptr<const Tokenizer>> GgufModel::tokenizer(const GgufFile& g) {
    auto str = [&](const std::string& key) -> std::string {
        auto it = g.metadata().find(key);
        return it == g.metadata().end() ? std::string() : it->second.asString().value_or("");
    };
    auto flag = [&](const std::string& key, bool fallback) {
        auto it = g.metadata().find(key);
        if (it == g.metadata().end()) return fallback;
        return it->second.asInt().value_or(fallback) != 0;
    };
    auto id = [&](const std::string& key) -> int64_t {
        auto it = g.metadata().find(key);
        return it == g.metadata().end() ? -1 : it->second.asInt().value_or(-1);
    };
    const std::string model = str("tokenizer.ggml.model");
    auto tokensIt = g.metadata().find("tokenizer.ggml.tokens");
    if (tokensIt == g.metadata().end())
        return Text::tr("the GGUF file has no %1", Text::literal("tokenizer.ggml.tokens"));
    const auto tokens = tokensIt->second.asStringList();
    if (!tokens)
        return Text::tr("%1 is not a list of strings", Text::literal("tokenizer.ggml.tokens"));
    std::vector<int64_t> types;
    if (auto it = g.metadata().find("tokenizer.ggml.token_type"); it != g.metadata().end())
        types = it->second.asIntList().value_or(std::vector<int64_t>{});

    // llama.cpp's converter writes BERT's WordPiece vocabulary with a phantom space: a word's
    // start "play" as "▁play", a continuation "##ing" as "ing", control tokens ("[CLS]") as
    // they are. WordPiece wants it back.
    const bool wpm = model == "bert";
    auto piece = [&](size_t i) {
        std::u32string t = utf8ToCodePoints((*tokens)[i]);
        const bool control = types.empty() ? t.starts_with(U'[') && t.ends_with(U']')
                                           : i < types.size() && types[i] == 3;
        if (!wpm || control) return t;
        return t.starts_with(U'\u2581') ? t.substr(1) : U"##" + t;
    };
    SubwordModel::Vocab vocab;
    vocab.reserve(tokens->size());
    QJsonArray added;
    for (size_t i = 0; i < tokens->size(); ++i) {
        vocab.emplace(piece(i), int64_t(i));
        const int64_t type = i < types.size() ? types[i] : 1;
        // Unknown, control, user-defined: split out of the text first, as llama.cpp does.
        if (type == 2 || type == 3 || type == 4)
            added.append(QJsonObject{{"id", double(i)},
                                     {"content", QString::fromStdString((*tokens)[i])},
                                     {"special", type != 4},
                                     {"lstrip", false},
                                     {"rstrip", false},
                                     {"single_word", false},
                                     {"normalized", false}});
    }
    QJsonObject json;
    json["added_tokens"] = added;
    QJsonArray single;
    const int64_t bos = id("tokenizer.ggml.bos_token_id"), eos = id("tokenizer.ggml.eos_token_id");
    QJsonObject specials;
    auto special = [&](int64_t tokenId) {
        const QString name = QString::fromStdString((*tokens)[size_t(tokenId)]);
        single.append(QJsonObject{{"SpecialToken", QJsonObject{{"id", name}, {"type_id", 0}}}});
        specials[name] = QJsonObject{
            {"id", name}, {"ids", QJsonArray{double(tokenId)}}, {"tokens", QJsonArray{name}}};
    };
    const bool spm = model == "llama";
    std::optional<SubwordModel> subword;
    // The special tokens around the text; llama.cpp's WPM adds BOS and SEP whatever
    // add_bos_token / add_eos_token say (and 101, 102 when the file names none).
    const int64_t sep = id("tokenizer.ggml.seperator_token_id");
    int64_t first = -1, last = -1;
    if (wpm) {
        first = bos >= 0 ? bos : 101;
        last = sep >= 0 ? sep : 102;
    } else {
        if (flag("tokenizer.ggml.add_bos_token", spm)) first = bos;
        if (flag("tokenizer.ggml.add_eos_token", false)) last = eos;
    }
    auto inVocab = [&](int64_t t) { return t >= 0 && t < int64_t(tokens->size()); };
    if (inVocab(first)) special(first);
    single.append(QJsonObject{{"Sequence", QJsonObject{{"id", "A"}, {"type_id", 0}}}});
    if (inVocab(last)) special(last);
    json["post_processor"] = QJsonObject{
        {"type", "TemplateProcessing"}, {"single", single}, {"special_tokens", specials}};
    if (model == "gpt2") {
        const std::string pre = str("tokenizer.ggml.pre");
        // llama.cpp's pre-tokenizers (llama-vocab.cpp), each regex splitting what the one
        // before left, as a sequence of isolated splits, then the byte-level mapping.
        const char* gpt2 =
            R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S))";
        std::vector<std::string> regexes;
        if (pre == "llama-bpe" || pre == "llama3")
            regexes = {
                R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)"};
        else if (pre == "qwen2")
            regexes = {
                R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)"};
        else if (pre == "smollm" || pre == "starcoder" || pre == "refact")
            regexes = {R"(\p{N})", gpt2};
        else if (pre == "gpt-2" || pre == "gpt2" || pre == "olmo" || pre == "mpt")
            regexes = {gpt2};
        else if (pre == "default" || pre.empty())
            regexes = {R"([\p{P}\$\+<=>\^~\|]+)", gpt2, R"([0-9][0-9][0-9])"};
        else
            return Text::tr("%1 '%2' is not supported (supported: %3)",
                            Text::literal("tokenizer.ggml.pre"), pre,
                            "default, llama-bpe, qwen2, smollm, gpt-2");
        QJsonArray pres;
        for (const std::string& r : regexes)
            pres.append(QJsonObject{{"type", "Split"},
                                    {"pattern", QJsonObject{{"Regex", QString::fromStdString(r)}}},
                                    {"behavior", "Isolated"},
                                    {"invert", false}});
        pres.append(
            QJsonObject{{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", false}});
        json["pre_tokenizer"] = QJsonObject{{"type", "Sequence"}, {"pretokenizers", pres}};
        std::vector<std::pair<std::u32string, std::u32string>> merges;
        if (auto it = g.metadata().find("tokenizer.ggml.merges"); it != g.metadata().end())
            for (const std::string& m :
                 it->second.asStringList().value_or(std::vector<std::string>{})) {
                const size_t space = m.find(' ', 1);
                if (space == std::string::npos)
                    return Text::tr("%1: '%2' is not a pair",
                                    Text::literal("tokenizer.ggml.merges"), m);
                merges.emplace_back(utf8ToCodePoints(m.substr(0, space)),
                                    utf8ToCodePoints(m.substr(space + 1)));
            }
        auto bpe = SubwordModel::bpe(std::move(vocab), merges, {}, false, false,
                                     pre == "llama-bpe" || pre == "llama3");
        if (!bpe) return bpe.failure();
        subword = std::move(bpe).value();
        json["decoder"] = QJsonObject{{"type", "ByteLevel"}};
    } else if (spm) {
        // SentencePiece as llama.cpp runs it: "▁" for spaces (and one in front), pieces merged
        // by score, bytes for what the vocabulary lacks.
        std::vector<double> scores;
        if (auto it = g.metadata().find("tokenizer.ggml.scores"); it != g.metadata().end())
            scores = it->second.asFloatList().value_or(std::vector<double>{});
        QJsonArray normalizers;
        if (flag("tokenizer.ggml.add_space_prefix", true))
            normalizers.append(QJsonObject{{"type", "Prepend"}, {"prepend", "\u2581"}});
        normalizers.append(QJsonObject{
            {"type", "Replace"}, {"pattern", QJsonObject{{"String", " "}}}, {"content", "\u2581"}});
        json["normalizer"] = QJsonObject{{"type", "Sequence"}, {"normalizers", normalizers}};
        const int64_t unk = std::clamp<int64_t>(id("tokenizer.ggml.unknown_token_id"), 0,
                                                int64_t(tokens->size()) - 1);
        subword = SubwordModel::sentencePiece(std::move(vocab), std::move(scores),
                                              utf8ToCodePoints((*tokens)[size_t(unk)]));
        json["decoder"] = QJsonObject{{"type", "Metaspace"}};
    } else if (wpm) {
        // llama.cpp's WPM (llm_tokenizer_wpm): its own normalization (lowercase and accent
        // stripping as tokenizer.ggml.normalizer.* say, both by default), words split at
        // whitespace and punctuation, greedy longest match with no limit on a word's length.
        const bool lower = flag("tokenizer.ggml.normalizer.lowercase", true);
        json["normalizer"] =
            QJsonObject{{"type", "LlamaCppWpm"},
                        {"lowercase", lower},
                        {"strip_accents", flag("tokenizer.ggml.normalizer.strip_accents", lower)}};
        json["pre_tokenizer"] = QJsonObject{{"type", "BertPreTokenizer"}};
        const int64_t unkId = id("tokenizer.ggml.unknown_token_id");
        const int64_t unk = inVocab(unkId) ? unkId : 100;
        if (!inVocab(unk)) return Text::tr("the BERT vocabulary has no unknown token");
        auto wordPiece = SubwordModel::wordPiece(std::move(vocab), piece(size_t(unk)), U"##",
                                                 std::numeric_limits<int64_t>::max());
        if (!wordPiece) return wordPiece.failure();
        subword = std::move(wordPiece).value();
        json["decoder"] = QJsonObject{{"type", "WordPiece"}, {"prefix", "##"}};
    } else {
        return Text::tr("%1 '%2' is not supported in GGUF files (supported: %3)",
                        Text::literal("tokenizer.ggml.model"), model, "gpt2, llama, bert");
    }
    return Tokenizer::fromJson(QJsonDocument(json).toJson(QJsonDocument::Compact), {},
                               std::move(subword));
}

}  // namespace attnscope
