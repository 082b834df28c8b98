#include "app/CommandLine.h"

#include "core/masks/MaskAtom.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <cstdio>
#include <exception>

#include "app/CommandTable.h"
#include "app/ComputeCommand.h"
#include "app/InspectCommand.h"
#include "app/MaskCommand.h"
#include "app/ModelCommand.h"
#include "core/presets/Presets.h"

namespace attnscope {

namespace {
const QStringList kCommands{"compute",  "mask",    "inspect", "model",
                            "tokenize", "presets", "devices"};
}

QString CommandLine::usage() {
    return QStringLiteral(
               "AttnScope %1 — see how transformer attention works\n"
               "\n"
               "Usage:\n"
               "  attnscope [FILE]              the desktop application (FILE: a session or a "
               "tensor\n"
               "                                file); without a display it renders the figures\n"
               "                                into ./attnscope-figures\n"
               "  attnscope compute [--session S | --preset NAME] [--q F --k F --v F] [--mask "
               "EXPR]\n"
               "                    [--scale X] [--q-offset N] [--kv-offset N] [--backend "
               "ID]\n"
               "                    [--device N] [--threads N] [--timings] [--out OUT.npz]\n"
               "                    [--list-devices]\n"
               "  attnscope mask EXPR --q-len N [--kv-len M] [--q-offset N] [--kv-offset N] "
               "[--batch B]\n"
               "                    [--format npy|text|additive|blocks] [--dtype "
               "inf|f32|f16|bf16]\n"
               "                    [--properties] [--out FILE]\n"
               "  attnscope inspect FILE [--json] [--quick]\n"
               "  attnscope tokenize MODEL (--text T | --text-file F) [--json]\n"
               "  attnscope model MODEL (--text T | --text-file F | --ids 1,2,3) [--layers "
               "all|0,3-5]\n"
               "                    [--out OUT.npz] [--qkv] [--json]\n"
               "                    [--truncate] [--backend ID] [--threads N]   MODEL: a "
               "Hugging Face folder\n"
               "                    (bert, gpt2, llama, mistral, qwen2, gemma2)\n"
               "  attnscope export (--session S | --preset NAME) --out DIR [--format svg,png]\n"
               "                    [--dpi N] [--backend ID [--device N]]   3D figures "
               "(3d-vectors.png, 3d-weights.png) "
               "are PNG only\n"
               "                    and need OpenGL: headless, run `xvfb-run -a attnscope export "
               "...`;\n"
               "                    without OpenGL they are skipped with a message, the rest is "
               "written\n"
               "                    and the exit code stays 0\n"
               "  attnscope presets [--json]\n"
               "  attnscope devices [--json]    backend families and their devices (ids for "
               "--backend)\n"
               "  attnscope help COMMAND        one command's options and examples (also "
               "COMMAND --help)\n"
               "  attnscope --help | --version\n"
               "\n"
               "Tensor files: file.npy, file.npz:NAME, file.safetensors:NAME, file.pt:dotted.key\n"
               "(also .pth/.bin, zip or legacy torch.save). Q is [H, Lq, d] or [B, H, Lq, d]; K "
               "and "
               "V may\nhave fewer heads (grouped-query attention).\n"
               "Mask atoms (positions are absolute: index + offset):\n"
               "%2"
               "  and the operators ! & | with parentheses (precedence ! > & > |).\n"
               "Exit codes: 0 success, 2 bad usage or input, 1 internal error.\n")
        .arg(ATTNSCOPE_VERSION, QString::fromStdString(MaskAtom::usageText()));
}

bool CommandLine::isCommand(const QStringList& args) {
    if (args.size() < 2) return false;
    const QString& a = args[1];
    return kCommands.contains(a) || a == "--help" || a == "-h" || a == "--version" || a == "-v" ||
           a == "help";
}

static int runPresets(const QStringList& args) {
    QCommandLineParser p;
    p.addOptions(CommandTable::find("presets")->options());
    if (!p.parse(args)) {
        std::fprintf(stderr, "attnscope presets: %s\n", qPrintable(p.errorText()));
        return CommandLine::BadInput;
    }
    if (!p.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "attnscope presets: unexpected argument '%s'\n",
                     qPrintable(p.positionalArguments().first()));
        return CommandLine::BadInput;
    }
    if (p.isSet("json")) {
        QJsonArray a;
        for (const auto& preset : allPresets()) {
            QJsonObject o = preset.scenario.toJson();
            o["summary"] = QString::fromStdString(preset.summary);
            a.append(o);
        }
        std::fputs(QJsonDocument(a).toJson(QJsonDocument::Indented).constData(), stdout);
        return CommandLine::Success;
    }
    for (const auto& preset : allPresets()) {
        const Scenario& s = preset.scenario;
        std::printf("%-20s H=%-3lld Lq=%-4lld Lk=%-4lld mask=%-34s %s\n", preset.name.c_str(),
                    (long long)s.heads, (long long)s.qLen, (long long)s.kvLen, s.mask.c_str(),
                    preset.summary.c_str());
    }
    return CommandLine::Success;
}

static int runDevices(const QStringList& args) {
    QCommandLineParser p;
    p.addOptions(CommandTable::find("devices")->options());
    if (!p.parse(args) || !p.positionalArguments().isEmpty()) {
        std::fprintf(
            stderr, "attnscope devices: %s\n",
            p.positionalArguments().isEmpty()
                ? qPrintable(p.errorText())
                : qPrintable("unexpected argument '" + p.positionalArguments().first() + "'"));
        return CommandLine::BadInput;
    }
    return ComputeCommand::listDevices(p.isSet("json"));
}

/// attnscope help COMMAND | --man | --bash-completion
static int runHelp(const QStringList& rest) {
    const QString what = rest.value(0);
    if (rest.size() == 1 && what == "--man") {
        std::fputs(qPrintable(CommandTable::manPage(ATTNSCOPE_VERSION)), stdout);
        return CommandLine::Success;
    }
    if (rest.size() == 1 && what == "--bash-completion") {
        std::fputs(qPrintable(CommandTable::bashCompletion()), stdout);
        return CommandLine::Success;
    }
    const CommandSpec* c = rest.size() == 1 ? CommandTable::find(what) : nullptr;
    if (!c) {
        QStringList names;
        for (const CommandSpec& s : CommandTable::commands()) names << s.name;
        std::fprintf(stderr, "attnscope help: no command '%s'; the commands are %s\n",
                     qPrintable(rest.join(' ')), qPrintable(names.join(", ")));
        return CommandLine::BadInput;
    }
    std::fputs(qPrintable(CommandTable::help(*c)), stdout);
    return CommandLine::Success;
}

int CommandLine::run(const QStringList& args) {
    try {
        const QString cmd = args.value(1);
        if (cmd == "--help" || cmd == "-h" || (cmd == "help" && args.size() == 2)) {
            std::fputs(qPrintable(usage()), stdout);
            return Success;
        }
        if (cmd == "help") return runHelp(args.mid(2));
        // --help / -h and unknown options, from the command's table (CommandTable).
        if (const auto early = CommandTable::preflight(args)) return *early;
        if (cmd == "--version" || cmd == "-v") {
            std::printf("attnscope %s\n", ATTNSCOPE_VERSION);
            return Success;
        }
        QStringList rest = args.mid(1);
        rest[0] = "attnscope " + cmd;
        if (cmd == "compute") return ComputeCommand::run(rest);
        if (cmd == "mask") return MaskCommand::run(rest);
        if (cmd == "inspect") return InspectCommand::run(rest);
        if (cmd == "model") return ModelCommand::run(rest);
        if (cmd == "tokenize") return ModelCommand::tokenize(rest);
        if (cmd == "presets") return runPresets(rest);
        if (cmd == "devices") return runDevices(rest);
        std::fprintf(stderr, "attnscope: unknown command '%s'\n\n%s", qPrintable(cmd),
                     qPrintable(usage()));
        return BadInput;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "attnscope: out of memory\n");
        return InternalError;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "attnscope: internal error: %s\n", e.what());
        return InternalError;
    }
}

int CommandLine::runHeadlessSummary(const QString& sessionPath) {
    if (!sessionPath.isEmpty())
        return ComputeCommand::run({"attnscope compute", "--session", sessionPath, "--summary"});
    return ComputeCommand::run({"attnscope compute", "--preset",
                                QString::fromStdString(defaultPresetName()), "--summary"});
}

}  // namespace attnscope
