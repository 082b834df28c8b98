#include "app/InspectCommand.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

#include "app/CommandLine.h"
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

}  // namespace

int InspectCommand::run(const QStringList& args) {
    QCommandLineParser p;
    p.addOptions({{"json", "Print {\"tensors\": [{\"name\", \"dtype\", \"shape\"}]} as JSON."},
                  {"quick", "List from the headers only, without reading every tensor."}});
    p.addPositionalArgument("FILE", "A .npy, .npz, .safetensors or PyTorch .pt/.pth/.bin file.");
    if (!p.parse(args)) return bad(p.errorText().toStdString());
    const QStringList files = p.positionalArguments();
    if (files.size() != 1) return bad("give exactly one FILE");

    Result<TensorFile> file = TensorFile::open(files.first());
    if (!file) return bad(file.error());
    // Checksums and data are only met when a tensor is read: a listing of a damaged file must
    // not look healthy.
    if (!p.isSet("quick")) {
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
                                       {"dtype", dtypeName(t.dtype)},
                                       {"shape", shape}});
        }
        const QJsonObject root{{"format", tensorFileFormatName(file->format())},
                               {"tensors", tensors}};
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
                    t.name.empty() ? "(whole file)" : t.name.c_str(), dtypeName(t.dtype),
                    shapeToString(t.shape).c_str(), humanBytes(t.bytes).c_str());
    return CommandLine::Success;
}

}  // namespace attnscope
