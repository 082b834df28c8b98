#include "app/ExportCommand.h"
#include "app/CommandTable.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonDocument>
#include <cstdio>

#include "app/Arguments.h"
#include "app/CommandLine.h"
#include "app/ModelCommand.h"
#include "core/engine/TraceBuilder.h"
#include "core/presets/Presets.h"
#include "widgets/export/FigureExporter.h"
#include "widgets/views/FigureView.h"
#include "widgets/views/ViewDeck.h"

namespace attnscope {

namespace {
int bad(const std::string& message) {
    std::fprintf(stderr, "attnscope export: %s\n", message.c_str());
    return CommandLine::BadInput;
}
}  // namespace

QList<QCommandLineOption> ExportCommand::options() {
    QList<QCommandLineOption> o = {
        {"session", "Session file (*.attnscope.json).", "S"},
        {"preset", "Named preset.", "NAME"},
        {"out", "Output folder (created if missing).", "DIR"},
        {"format",
         "Comma-separated: svg, png. The 3D figures (3d-vectors, 3d-weights) are PNG "
         "only and need OpenGL: headless, run under xvfb-run -a.",
         "LIST", "svg,png"},
        {"dpi", "PNG resolution.", "N", "300"}};
    o << Arguments::backendOptions() << ModelCommand::sourceOptions();
    o << QCommandLineOption("mask", "With --model: a mask expression replacing the model's own.",
                            "EXPR");
    return o;
}

int ExportCommand::run(const QStringList& args) {
    // --help / -h and unknown options, from the command's table (CommandTable).
    if (const auto early =
            CommandTable::preflight(QStringList{"attnscope", "export"} + args.mid(1)))
        return *early;
    QCommandLineParser p;
    p.addOptions(options());
    if (!p.parse(args)) return bad(p.errorText().toStdString());
    if (!p.positionalArguments().isEmpty())
        return bad("unexpected argument '" + p.positionalArguments().first().toStdString() + "'");
    if (int(p.isSet("session")) + int(p.isSet("preset")) + int(p.isSet("model")) != 1)
        return bad("give --session S, --preset NAME or --model MODEL");
    if (!p.isSet("out")) return bad("--out DIR is required");

    ExportRequest request;
    request.formats.clear();
    for (const QString& f : p.value("format").split(',', Qt::SkipEmptyParts)) {
        if (f.trimmed() == "svg")
            request.formats.push_back(FigureFormat::Svg);
        else if (f.trimmed() == "png")
            request.formats.push_back(FigureFormat::Png);
        else
            return bad("--format takes svg and/or png, not '" + f.toStdString() + "'");
    }
    if (request.formats.empty()) return bad("--format is empty");
    bool ok = false;
    request.dpi = p.value("dpi").toInt(&ok);
    if (!ok || request.dpi < 10 || request.dpi > 2400) return bad("--dpi must be 10 to 2400");

    Scenario scenario;
    ViewOptions options;
    if (std::string why; !p.isSet("model") && !ModelCommand::applySource(p, scenario, why))
        return bad(why);
    if (p.isSet("mask") && !p.isSet("model")) return bad("--mask needs --model MODEL");
    if (p.isSet("session")) {
        auto s = Scenario::load(p.value("session"));
        if (!s) return bad(s.error());
        scenario = s.value();
        QFile f(p.value("session"));
        if (f.open(QIODevice::ReadOnly))
            options = ViewOptions::fromSession(QJsonDocument::fromJson(f.readAll()).object());
    } else if (p.isSet("model")) {
        std::string why;
        if (!ModelCommand::applySource(p, scenario, why)) return bad(why);
        if (p.isSet("mask")) scenario.mask = p.value("mask").toStdString();
        // As the window opens a model: its attention probabilities, not the raw logits.
        options = options.withValueKind(ValueKind::Probabilities);
    } else {
        auto s = presetScenario(p.value("preset").toStdString());
        if (!s) return bad("unknown preset '" + p.value("preset").toStdString() + "'");
        scenario = *s;
        options = options.withPreset(*presetDisplay(p.value("preset").toStdString()));
    }
    std::string error;
    auto choice = Arguments::backend(p, error);
    if (!choice) return bad(error);
    if (!choice->notice.message.empty())
        std::fprintf(stderr, "attnscope export: %s\n", choice->notice.message.c_str());
    auto trace = TraceBuilder::build({scenario, {}, {}, {}}, *choice->backend);
    if (!trace) return bad(trace.error());

    std::vector<FigureView*> views = createFigureViews();
    for (FigureView* v : views) {
        v->resize(v->figureSize());
        v->setOptions(options);
        v->setTrace(trace.value());
    }
    QStringList written, skipped;
    const Status st = FigureExporter::exportAll(views, p.value("out"), request, &written, &skipped);
    qDeleteAll(views);
    if (!st) return bad(st.error());
    for (const QString& path : written) std::printf("%s\n", qPrintable(path));
    // 3D figures need OpenGL; without it the other figures are still written and the exit code
    // stays 0, with the reason (and xvfb-run) on stderr.
    for (const QString& s : skipped)
        std::fprintf(stderr, "attnscope export: skipped %s\n", qPrintable(s));
    return CommandLine::Success;
}

}  // namespace attnscope
