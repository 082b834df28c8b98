#include "app/InspectCommand.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

#include "app/CommandLine.h"
#include "core/io/GgufFile.h"
#include "core/io/TensorFile.h"

namespace attnscope {

namespace {

int bad(const std::string& message) {
    std::fprintf(stderr, "attnscope inspect: %s\n", message.c_str());
    return CommandLine::BadInput;
}

std::string humanBytes(int64_t bytes) {
    char text[32];
    if (bytes < 1024) return std::to_string(bytes) + " B";
    if (bytes < (int64_t{1} << 20))
        std::snprintf(text, sizeof text, "%.1f KiB", double(bytes) / 1024);
    else if (bytes < (int64_t{1} << 30))
        std::snprintf(text, sizeof text, "%.1f MiB", double(bytes) / (1 << 20));
    else
        std::snprintf(text, sizeof text, "%.2f GiB", double(bytes) / (1 << 30));
    return text;
}

/// What the listing calls a tensor's type: the file's own name when it has one (GGUF's q4_k).
const char* typeName(const TensorInfo& t) {
    return t.typeName.empty() ? dtypeName(t.dtype) : t.typeName.c_str();
}

/// Longer arrays are shown as their first kMaxShown elements and their size.
constexpr int64_t kMaxShown = 16;

QJsonValue jsonElement(const GgufValue& v, int64_t i) {
    switch (v.elementType()) {
        case GgufValueType::String:
            return QString::fromStdString(v.stringAt(i));
        case GgufValueType::Bool:
            return v.intAt(i).value_or(0) != 0;
        case GgufValueType::F32:
        case GgufValueType::F64:
            return v.floatAt(i);
        default: {
            // Integers beyond 2^53 are not exact in JSON numbers: those go as text.
            const std::optional<int64_t> n = v.intAt(i);
            if (n && *n <= (int64_t{1} << 53) && *n >= -(int64_t{1} << 53)) return double(*n);
            return QString::fromStdString(v.elementText(i));
        }
    }
}

/// A GGUF metadata value as JSON: scalars as themselves, arrays of up to 16 elements as arrays,
/// longer ones as {"type", "count", "first": [16 elements]}.
QJsonValue jsonValue(const GgufValue& v) {
    if (!v.isArray()) return jsonElement(v, 0);
    QJsonArray elements;
    for (int64_t i = 0; i < std::min(v.size(), kMaxShown); ++i) elements.append(jsonElement(v, i));
    if (v.size() <= kMaxShown) return elements;
    return QJsonObject{{"type", ggufValueTypeName(v.elementType())},
                       {"count", double(v.size())},
                       {"first", elements}};
}

}  // namespace

QList<QCommandLineOption> InspectCommand::options() {
    return {{"json",
             "Print {\"tensors\": [{\"name\", \"dtype\", \"shape\"}]} as JSON (and "
             "\"metadata\" for GGUF files)."},
            {"quick", "List from the headers only, without reading every tensor."}};
}

int InspectCommand::run(const QStringList& args) {
    QCommandLineParser p;
    p.addOptions(options());
    p.addPositionalArgument("FILE",
                            "A .npy, .npz, .safetensors, PyTorch .pt/.pth/.bin or .gguf file.");
    if (!p.parse(args)) return bad(p.errorText().toStdString());
    const QStringList files = p.positionalArguments();
    if (files.size() != 1) return bad("give exactly one FILE");

    Result<TensorFile> file = TensorFile::open(files.first());
    if (!file) return bad(file.error());
    // GGUF files carry typed metadata (architecture, hyperparameters, the tokenizer's vocabulary).
    std::optional<GgufFile> gguf;
    if (file->format() == TensorFileFormat::Gguf) {
        Result<GgufFile> opened = GgufFile::open(files.first());
        if (!opened) return bad(opened.error());
        gguf = std::move(opened).value();
    }
    // Checksums and data are only met when a tensor is read: a listing of a damaged file must
    // not look healthy. GGUF has no checksums and every tensor's bounds were checked on opening:
    // reading would only dequantize (gigabytes, or types AttnScope cannot convert).
    if (!p.isSet("quick") && !gguf) {
        for (const TensorInfo& t : file->tensors()) {
            Result<Tensor> values = file->read(t.name);
            if (!values) return bad(values.error());
        }
    }

    if (p.isSet("json")) {
        QJsonArray tensors;
        for (const TensorInfo& t : file->tensors()) {
            QJsonArray shape;
            for (int64_t d : t.shape) shape.append(double(d));
            tensors.append(QJsonObject{{"name", QString::fromStdString(t.name)},
                                       {"dtype", typeName(t)},
                                       {"shape", shape}});
        }
        QJsonObject root{{"format", tensorFileFormatName(file->format())}, {"tensors", tensors}};
        if (gguf) {
            QJsonObject metadata;
            for (const auto& [key, value] : gguf->metadata())
                metadata[QString::fromStdString(key)] = jsonValue(value);
            root["version"] = double(gguf->version());
            root["metadata"] = metadata;
        }
        std::fputs(QJsonDocument(root).toJson(QJsonDocument::Indented).constData(), stdout);
        return CommandLine::Success;
    }
    int64_t total = 0;
    std::size_t width = 4;
    for (const TensorInfo& t : file->tensors()) {
        width = std::max(width, t.name.size());
        total += t.bytes;
    }
    std::printf("%s: %s, %zu tensor%s, %s\n", qPrintable(files.first()),
                tensorFileFormatName(file->format()), file->tensors().size(),
                file->tensors().size() == 1 ? "" : "s", humanBytes(total).c_str());
    for (const TensorInfo& t : file->tensors())
        std::printf("  %-*s  %-8s  %-20s  %s\n", int(width),
                    t.name.empty() ? "(whole file)" : t.name.c_str(), typeName(t),
                    shapeToString(t.shape).c_str(), humanBytes(t.bytes).c_str());
    if (gguf) {
        std::printf("metadata (GGUF v%u, %zu key%s):\n", gguf->version(), gguf->metadata().size(),
                    gguf->metadata().size() == 1 ? "" : "s");
        for (const auto& [key, value] : gguf->metadata())
            std::printf("  %s = %s\n", key.c_str(), value.toString(kMaxShown).c_str());
    }
    return CommandLine::Success;
}

}  // namespace attnscope
