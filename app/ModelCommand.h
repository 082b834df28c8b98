#pragma once
// `attnscope model` and `attnscope tokenize` (SPEC §9, §11): runs a model natively on a text or
// token ids and writes every captured layer's attention (traced by the engine from the layer's
// post-RoPE Q/K/V) and, with --qkv, the Q/K/V, as transformers' `output_attentions=True` gives
// them; tokenize prints the ids, tokens and offsets AutoTokenizer gives.

#include <QCommandLineParser>
#include <QJsonArray>
#include <QStringList>
#include <optional>
#include <string>
#include <vector>

namespace attnscope {

class Model;
struct Encoding;
struct Scenario;

class ModelCommand {
public:
    static int run(const QStringList& arguments);
    /// `attnscope tokenize MODEL (--text T | --text-file F) [--json]`.
    static int tokenize(const QStringList& arguments);
    /// The options of `model` and of `tokenize` (CommandTable: help, completion, man page).
    static QList<QCommandLineOption> options();
    static QList<QCommandLineOption> tokenizeOptions();

    /// The ids of --ids, or of --text / --text-file through the model's tokenizer (cut to the
    /// model's positions with --truncate); `encoding` gets the labels.
    static std::optional<std::vector<int64_t>> inputIds(const QCommandLineParser& p,
                                                        const Model& model, Encoding& encoding,
                                                        std::string& error);
    static std::optional<std::string> inputText(const QCommandLineParser& p, std::string& error);
    static QJsonArray labelsJson(const std::vector<std::string>& labels);

    /// --model, --text, --text-file, --ids and --layer, as compute and export take them.
    static QList<QCommandLineOption> sourceOptions();
    /// Makes `scenario` a model source from those options (when --model is set); false with
    /// `error` on bad input.
    static bool applySource(const QCommandLineParser& p, Scenario& scenario, std::string& error);
};

}  // namespace attnscope
