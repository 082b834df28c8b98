#include "app/ModelCommand.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>
#include <cstring>

#include "app/Arguments.h"
#include "app/CommandLine.h"
#include "core/engine/Scenario.h"
#include "core/engine/TraceBuilder.h"
#include "core/io/GgufFile.h"
#include "core/io/NpzArchive.h"
#include "core/model/GgufModel.h"
#include "core/model/Model.h"
#include "core/model/ModelCache.h"
#include "core/tokenizer/Tokenizer.h"

namespace attnscope {

namespace {

int bad(const std::string& message) {
    std::fprintf(stderr, "attnscope model: %s\n", message.c_str());
    return CommandLine::BadInput;
}

/// "1,2,3" → ids; the message says which entry is not a whole number.
std::optional<std::vector<int64_t>> parseIds(const QString& text, std::string& error) {
    std::vector<int64_t> ids;
    for (const QString& part : text.split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const qlonglong v = part.trimmed().toLongLong(&ok);
        if (!ok) {
            error = "--ids: '" + part.trimmed().toStdString() + "' is not a token id";
            return std::nullopt;
        }
        ids.push_back(v);
    }
    return ids;
}

/// "all" or "0,3-5" → layers (empty: all).
std::optional<std::set<int64_t>> parseLayers(const QString& text, int64_t layers,
                                             std::string& error) {
    std::set<int64_t> out;
    if (text == "all") return out;
    for (const QString& part : text.split(',', Qt::SkipEmptyParts)) {
        const QStringList ends = part.trimmed().split('-');
        bool ok1 = false, ok2 = true;
        const qlonglong a = ends.value(0).toLongLong(&ok1);
        const qlonglong b = ends.size() == 2 ? ends[1].toLongLong(&ok2) : a;
        if (ends.size() > 2 || !ok1 || !ok2 || a > b || a < 0) {
            error = "--layers: '" + part.trimmed().toStdString() +
                    "' is not a layer or a range like 3-5 (or give all)";
            return std::nullopt;
        }
        if (b >= layers) {
            error = "--layers: layer " + std::to_string(b) + " does not exist (the model has " +
                    std::to_string(layers) + " layers: 0 to " + std::to_string(layers - 1) + ")";
            return std::nullopt;
        }
        for (qlonglong l = a; l <= b; ++l) out.insert(l);
    }
    return out;
}

QJsonObject summaryJson(const Model& model, const ModelRun& run, const Encoding& encoding) {
    const ModelConfig& c = model.config();
    QJsonArray layers, ids;
    for (int64_t i = 0; i < c.layers; ++i)
        layers.append(QJsonObject{{"layer", double(i)},
                                  {"mask", QString::fromStdString(c.maskExpression(i))},
                                  {"scale", c.scale(i)},
                                  {"soft_cap", c.softCap}});
    for (int64_t id : run.ids) ids.append(double(id));
    return {{"architecture", architectureName(c.arch)},
            {"summary", QString::fromStdString(model.summary())},
            {"layers", double(c.layers)},
            {"heads", double(c.heads)},
            {"kv_heads", double(c.kvHeads)},
            {"d_head", double(c.dHead)},
            {"hidden", double(c.hidden)},
            {"max_positions", double(c.maxPositions)},
            {"per_layer", layers},
            {"ids", ids},
            {"tokens", ModelCommand::labelsJson(encoding.labels)},
            {"forward_ms", run.forwardMs}};
}

}  // namespace

std::optional<std::vector<int64_t>> ModelCommand::inputIds(const QCommandLineParser& p,
                                                           const Model& model, Encoding& encoding,
                                                           std::string& error) {
    std::optional<std::vector<int64_t>> ids;
    if (p.isSet("ids")) {
        ids = parseIds(p.value("ids"), error);
        if (!ids) return std::nullopt;
        encoding = model.describeIds(*ids);
    } else {
        auto text = ModelCommand::inputText(p, error);
        if (!text) return std::nullopt;
        if (text->empty()) {
            error = "the text is empty: there are no tokens to run the model on";
            return std::nullopt;
        }
        if (!model.tokenizer()) {
            error = "this model has no usable tokenizer (" + model.tokenizerError() +
                    "); give --ids instead";
            return std::nullopt;
        }
        encoding = model.tokenizer()->encode(*text);
        ids = encoding.ids;
    }
    const int64_t max = model.config().maxPositions;
    if (p.isSet("truncate") && int64_t(ids->size()) > max) {
        ids->resize(size_t(max));
        encoding.ids.resize(size_t(max));
        encoding.labels.resize(size_t(max));
        if (encoding.tokens.size() > size_t(max)) encoding.tokens.resize(size_t(max));
        if (encoding.offsets.size() > size_t(max)) encoding.offsets.resize(size_t(max));
    }
    return ids;
}

std::optional<std::string> ModelCommand::inputText(const QCommandLineParser& p,
                                                   std::string& error) {
    if (p.isSet("text")) return p.value("text").toStdString();
    QFile f(p.value("text-file"));
    if (!f.open(QIODevice::ReadOnly)) {
        error = "cannot read " + p.value("text-file").toStdString();
        return std::nullopt;
    }
    if (f.size() > 64 * 1024 * 1024) {
        error = p.value("text-file").toStdString() + " is larger than 64 MB";
        return std::nullopt;
    }
    return f.readAll().toStdString();
}

QJsonArray ModelCommand::labelsJson(const std::vector<std::string>& labels) {
    QJsonArray a;
    for (const std::string& l : labels) a.append(QString::fromStdString(l));
    return a;
}

QList<QCommandLineOption> ModelCommand::sourceOptions() {
    return {{"model", "A Hugging Face model folder: trace one layer of it on a text.", "MODEL"},
            {"text", "The model's text.", "T"},
            {"text-file", "Read the model's text from a UTF-8 file.", "F"},
            {"ids", "The model's token ids, comma-separated (instead of a text).", "1,2,3"},
            {"layer", "The model's layer to trace (default 0).", "N"}};
}

bool ModelCommand::applySource(const QCommandLineParser& p, Scenario& s, std::string& error) {
    if (!p.isSet("model")) {
        for (const char* o : {"text", "text-file", "ids", "layer"})
            if (p.isSet(o)) {
                error = std::string("--") + o + " needs --model MODEL";
                return false;
            }
        return true;
    }
    if (int(p.isSet("text")) + int(p.isSet("text-file")) + int(p.isSet("ids")) != 1) {
        error = "give the model's input with one of --text T, --text-file F or --ids 1,2,3";
        return false;
    }
    s = Scenario{};
    s.source = SourceKind::Model;
    s.name = QFileInfo(p.value("model")).fileName().toStdString();
    s.modelPath = QFileInfo(p.value("model")).absoluteFilePath().toStdString();
    s.mask.clear();  // the model's own, unless --mask replaces it
    if (p.isSet("ids")) {
        auto ids = parseIds(p.value("ids"), error);
        if (!ids) return false;
        s.modelIds = *ids;
    } else {
        auto text = inputText(p, error);
        if (!text) return false;
        if (text->empty()) {
            error = "the text is empty: there are no tokens to run the model on";
            return false;
        }
        s.modelText = *text;
    }
    const auto layer = Arguments::integer(p, "layer", 0, 0, 1023, error);
    if (!layer) return false;
    s.layer = int(*layer);
    return true;
}

QList<QCommandLineOption> ModelCommand::tokenizeOptions() {
    return {{"text", "The text to tokenize.", "T"},
            {"text-file", "Read the text from a UTF-8 file.", "F"},
            {"json", "Print {\"ids\", \"tokens\", \"offsets\", \"labels\"} as JSON."}};
}

QList<QCommandLineOption> ModelCommand::options() {
    QList<QCommandLineOption> o = {
        {"text", "The text to run the model on (tokenized as the model's tokenizer does).", "T"},
        {"text-file", "Read the text from a UTF-8 file.", "F"},
        {"ids", "Token ids, comma-separated.", "1,2,3"},
        {"layers", "Layers to capture: all, or a list like 0,3-5.", "LIST", "all"},
        {"truncate", "Cut a sequence longer than the model's positions."},
        {"out", "Write input_ids, attentions (and q, k, v with --qkv) as .npz.", "OUT.npz"},
        {"qkv", "Also write the post-RoPE q, k and v of every captured layer."},
        {"json", "Print the model summary as JSON."}};
    o << Arguments::backendOptions();
    return o;
}

int ModelCommand::tokenize(const QStringList& args) {
    QCommandLineParser p;
    p.addPositionalArgument("MODEL", "A Hugging Face model folder.");
    p.addOptions(tokenizeOptions());
    auto fail = [](const std::string& m) {
        std::fprintf(stderr, "attnscope tokenize: %s\n", m.c_str());
        return int(CommandLine::BadInput);
    };
    if (!p.parse(args)) return fail(p.errorText().toStdString());
    if (p.positionalArguments().size() != 1)
        return fail(p.positionalArguments().isEmpty()
                        ? "give the MODEL folder"
                        : "unexpected argument '" + p.positionalArguments()[1].toStdString() + "'");
    if (int(p.isSet("text")) + int(p.isSet("text-file")) != 1)
        return fail("give the text with --text T or --text-file F");
    std::string error;
    auto text = inputText(p, error);
    if (!text) return fail(error);
    const QString path = p.positionalArguments().first();
    if (!QFileInfo(path).isDir() && !GgufModel::isGguf(path))
        return fail("no such model: " + path.toStdString() +
                    " (a Hugging Face folder or a .gguf file)");
    // Only the tokenizer is needed: the weights are not read.
    Result<std::shared_ptr<const Tokenizer>> tok = Error{""};
    if (GgufModel::isGguf(path)) {
        auto file = GgufFile::open(path);
        if (!file) return fail(file.error());
        tok = GgufModel::tokenizer(*file);
    } else {
        tok = Tokenizer::load(path);
    }
    if (!tok) return fail(tok.error());
    const Encoding e = (*tok)->encode(*text);
    if (p.isSet("json")) {
        QJsonArray ids, tokens, offsets;
        for (int64_t id : e.ids) ids.append(double(id));
        for (const std::string& t : e.tokens) tokens.append(QString::fromStdString(t));
        for (const auto& [b, end] : e.offsets) offsets.append(QJsonArray{double(b), double(end)});
        const QJsonObject o{{"ids", ids},
                            {"tokens", tokens},
                            {"offsets", offsets},
                            {"labels", labelsJson(e.labels)}};
        std::fputs(QJsonDocument(o).toJson(QJsonDocument::Compact).append('\n').constData(),
                   stdout);
        return CommandLine::Success;
    }
    for (size_t i = 0; i < e.ids.size(); ++i) {
        QString label = QString::fromStdString(e.labels[i]);
        label.replace("\n", "\\n").replace("\t", "\\t");
        std::printf("%6zu  %8lld  [%lld, %lld)  '%s'\n", i, (long long)e.ids[i],
                    (long long)e.offsets[i].first, (long long)e.offsets[i].second,
                    qPrintable(label));
    }
    return CommandLine::Success;
}

int ModelCommand::run(const QStringList& args) {
    QCommandLineParser p;
    p.addPositionalArgument("MODEL", "A Hugging Face model folder.");
    p.addOptions(options());
    if (!p.parse(args)) return bad(p.errorText().toStdString());
    if (p.positionalArguments().size() != 1)
        return bad(p.positionalArguments().isEmpty()
                       ? "give the MODEL folder"
                       : "unexpected argument '" + p.positionalArguments()[1].toStdString() + "'");
    if (int(p.isSet("text")) + int(p.isSet("text-file")) + int(p.isSet("ids")) != 1)
        return bad("give the input with one of --text T, --text-file F or --ids 1,2,3");
    if (!p.isSet("out") && !p.isSet("json"))
        return bad("nothing to do: give --out OUT.npz and/or --json");
    if (p.isSet("qkv") && !p.isSet("out")) return bad("--qkv needs --out");

    std::string error;
    auto model = Model::open(p.positionalArguments().first());
    if (!model) return bad(model.error());
    const Model& m = **model;
    Encoding encoding;
    auto ids = inputIds(p, m, encoding, error);
    if (!ids) return bad(error);
    auto layers = parseLayers(p.value("layers"), m.config().layers, error);
    if (!layers) return bad(error);
    auto choice = Arguments::backend(p, error);
    if (!choice) return bad(error);
    if (!choice->notice.message.empty())
        std::fprintf(stderr, "attnscope model: %s\n", choice->notice.message.c_str());
    Backend& backend = *choice->backend;

    RunOptions options;
    options.threads = backend.threads();
    options.layers = *layers;
    auto ran = m.run(*ids, options);
    if (!ran) return bad(ran.error());

    if (p.isSet("out")) {
        const int64_t L = int64_t(ran->ids.size()), n = int64_t(ran->layers.size());
        const ModelConfig& c = m.config();
        Tensor attentions({n, c.heads, L, L});
        Tensor q, k, v;
        const bool qkv = p.isSet("qkv");
        if (qkv) {
            q = Tensor({n, c.heads, L, c.dHead});
            k = Tensor({n, c.kvHeads, L, c.dHead});
            v = Tensor({n, c.kvHeads, L, c.dHead});
        }
        for (int64_t i = 0; i < n; ++i) {
            const LayerCapture& cap = ran->layers[size_t(i)];
            // The layer's attention is the engine's, from the captured Q/K/V.
            const TraceRequest request = layerTraceRequest(cap);
            auto trace = TraceBuilder::build(request, backend);
            if (!trace) return bad("layer " + std::to_string(cap.layer) + ": " + trace.error());
            const Tensor& probs = trace.value()->steps.probs;
            std::copy(probs.begin(), probs.end(), attentions.data() + i * c.heads * L * L);
            if (qkv) {
                std::copy(cap.q.begin(), cap.q.end(), q.data() + i * cap.q.size());
                std::copy(cap.k.begin(), cap.k.end(), k.data() + i * cap.k.size());
                std::copy(cap.v.begin(), cap.v.end(), v.data() + i * cap.v.size());
            }
        }
        Array<int64_t> inputIds({L});
        std::copy(ran->ids.begin(), ran->ids.end(), inputIds.begin());
        NpzWriter npz;
        npz.add("input_ids", std::move(inputIds));
        npz.add("attentions", std::move(attentions));
        if (qkv) {
            npz.add("q", std::move(q));
            npz.add("k", std::move(k));
            npz.add("v", std::move(v));
        }
        if (Status st = npz.write(p.value("out")); !st) return bad(st.error());
    }
    if (p.isSet("json"))
        std::fputs(QJsonDocument(summaryJson(m, *ran, encoding))
                       .toJson(QJsonDocument::Indented)
                       .constData(),
                   stdout);
    return CommandLine::Success;
}

}  // namespace attnscope
