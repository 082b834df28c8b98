#include "app/CommandTable.h"

#include <QRegularExpression>
#include <algorithm>
#include <cstdio>

#include "app/CommandLine.h"
#include "app/ComputeCommand.h"
#include "app/ExportCommand.h"
#include "app/InspectCommand.h"
#include "app/MaskCommand.h"
#include "app/ModelCommand.h"
#include "core/masks/MaskAtom.h"

namespace attnscope {

namespace {

QList<QCommandLineOption> jsonOption(const QString& what) {
    return {{"json", what}};
}

std::vector<CommandSpec> makeTable() {
    return {
        {"compute",
         "[--session S | --preset NAME | --model MODEL | --q F --k F --v F] [options]",
         "Compute attention step by step and write or print it.",
         "Runs a session, a preset, a model or Q/K/V tensor files through the engine. --out writes "
         "the full trace (scores, masked scores, probabilities, context, mask) as .npz; a trace "
         "that would not fit the memory budget (a quarter of RAM, ATTNSCOPE_MEMORY_BUDGET) is "
         "refused with what it would need: --pooled then writes frame maps, received attention, "
         "entropies and sink scores without ever holding an L² tensor.",
         &ComputeCommand::options,
         {},
         {"compute --preset hf-causal --summary",
          "compute --q q.npy --k k.npy --v v.npy --mask \"causal & window(64)\" --out trace.npz",
          "compute --session long.attnscope.json --pooled --frames 256 --out pooled.npz",
          "compute --model ~/models/SmolLM2-135M --text \"The cat sat\" --sink-metric --json"}},
        {"mask",
         "EXPR --q-len N [options]",
         "Evaluate a mask expression and print or write the mask.",
         "Writes the boolean mask as text, .npy, an additive float mask or the block summary; "
         "--properties prints density, causality and the other properties as JSON.",
         &MaskCommand::options,
         {"EXPR  a mask expression, e.g. \"causal & window(3)\" (quote it)"},
         {"mask \"causal & window(3)\" --q-len 8",
          "mask \"docs(4, 4) & causal\" --q-len 8 --format additive --dtype bf16 --out m.npy",
          "mask \"chunk(64) | prefix(4)\" --q-len 4096 --properties"}},
        {"inspect",
         "FILE [--json] [--quick]",
         "List the tensors of a .npy, .npz, .safetensors, PyTorch or GGUF file.",
         {},
         &InspectCommand::options,
         {"FILE  a .npy, .npz, .safetensors, .pt/.pth/.bin or .gguf file"},
         {"inspect attention.npz", "inspect model.gguf --json --quick"}},
        {"tokenize",
         "MODEL (--text T | --text-file F) [--json]",
         "Tokenize a text exactly as a model's own tokenizer does.",
         {},
         &ModelCommand::tokenizeOptions,
         {"MODEL  a Hugging Face model folder or a .gguf file"},
         {"tokenize ~/models/SmolLM2-135M --text \"Hello, world\"",
          "tokenize model.gguf --text-file input.txt --json"}},
        {"model",
         "MODEL (--text T | --text-file F | --ids 1,2,3) [options]",
         "Run a model natively and capture the attention of its layers.",
         "MODEL is a Hugging Face folder (bert, gpt2, llama, mistral, qwen2, gemma2) or a GGUF "
         "file. --out writes input_ids and every captured layer's attention (and q, k, v with "
         "--qkv) as .npz; --json prints a summary.",
         &ModelCommand::options,
         {"MODEL  a Hugging Face model folder or a .gguf file"},
         {"model ~/models/SmolLM2-135M --text \"The cat sat on the mat\" --json",
          "model ~/models/bert-tiny --text-file input.txt --layers 0,2-3 --qkv --out bert.npz"}},
        {"export",
         "(--session S | --preset NAME | --model MODEL) --out DIR [options]",
         "Render every figure of a session, preset or model as SVG and PNG.",
         "The 3D figures (3d-vectors.png, 3d-weights.png) are PNG only and need OpenGL: headless, "
         "run `xvfb-run -a attnscope export …`; without OpenGL they are skipped with a message, "
         "the rest is written and the exit code stays 0.",
         &ExportCommand::options,
         {},
         {"export --preset streaming-sinks --out figures",
          "export --session my.attnscope.json --out figures --format png --dpi 150",
          "export --model ~/models/SmolLM2-135M --text \"The cat sat\" --out smol"}},
        {"presets",
         "[--json]",
         "List the built-in presets (scenarios with their masks and display).",
         {},
         [] { return jsonOption("Print the presets as JSON."); },
         {},
         {"presets", "presets --json"}},
        {"devices",
         "[--json]",
         "List the backend families and their devices (the ids --backend takes).",
         {},
         [] { return jsonOption("Print the backends and devices as JSON."); },
         {},
         {"devices", "compute --preset hf-causal --backend opencl:0 --timings"}},
        {"help",
         "[COMMAND | --man | --bash-completion]",
         "Print the usage of a command, the man page or the bash completion script.",
         {},
         [] {
             return QList<QCommandLineOption>{
                 {"man", "Print the manual page attnscope(1) in roff."},
                 {"bash-completion", "Print the bash completion script."}};
         },
         {"COMMAND  one of compute, mask, inspect, tokenize, model, export, presets, devices"},
         {"help compute", "mask --help", "help --man | man -l -"}},
    };
}

/// Levenshtein distance, for "did you mean".
int distance(const QString& a, const QString& b) {
    std::vector<int> row(size_t(b.size()) + 1);
    for (int j = 0; j <= b.size(); ++j) row[size_t(j)] = j;
    for (int i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int up = row[size_t(j)];
            row[size_t(j)] = std::min({row[size_t(j)] + 1, row[size_t(j) - 1] + 1,
                                       diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[size_t(b.size())];
}

/// `text` wrapped at `width` columns, every line after the first indented by `indent`.
QString wrap(const QString& text, int indent, int width) {
    QString out, line;
    for (const QString& word : text.split(' ', Qt::SkipEmptyParts)) {
        if (!line.isEmpty() && indent + line.size() + 1 + word.size() > width) {
            out += line + "\n" + QString(indent, ' ');
            line.clear();
        }
        line += (line.isEmpty() ? "" : " ") + word;
    }
    return out + line;
}

QString optionLabel(const QCommandLineOption& o) {
    QString label = "--" + o.names().constFirst();
    if (!o.valueName().isEmpty()) label += " " + o.valueName();
    return label;
}

QString roffEscape(QString s) {
    s.replace('\\', "\\e");
    s.replace('-', "\\-");
    if (s.startsWith('.') || s.startsWith('\'')) s.prepend("\\&");
    return s;
}

}  // namespace

const std::vector<CommandSpec>& CommandTable::commands() {
    static const std::vector<CommandSpec> table = makeTable();
    return table;
}

const CommandSpec* CommandTable::find(const QString& name) {
    for (const CommandSpec& c : commands())
        if (c.name == name) return &c;
    return nullptr;
}

QString CommandTable::help(const CommandSpec& c) {
    QString summary = c.summary.endsWith('.') ? c.summary.chopped(1) : c.summary;
    if (!summary.isEmpty()) summary[0] = summary[0].toLower();
    QString s =
        QString("attnscope %1 — %2\n\nUsage: attnscope %1 %3\n").arg(c.name, summary, c.synopsis);
    if (!c.details.isEmpty()) s += "\n" + wrap(c.details, 0, 80) + "\n";
    if (!c.positionals.isEmpty()) {
        s += "\nArguments:\n";
        for (const QString& p : c.positionals) {
            const int gap = p.indexOf("  ");
            s += QString("  %1%2\n").arg(p.left(gap), -24).arg(wrap(p.mid(gap + 2), 26, 80));
        }
    }
    s += "\nOptions:\n";
    for (const QCommandLineOption& o : c.options()) {
        QString text = o.description();
        // The default stays on one line: a no-break space while wrapping.
        if (!o.defaultValues().isEmpty())
            text += " [default:" + QString(QChar(0x00a0)) + o.defaultValues().join(',') + "]";
        const QString label = optionLabel(o);
        const QString wrapped = wrap(text, 26, 80).replace(QChar(0x00a0), ' ');
        if (label.size() > 22)
            s += "  " + label + "\n" + QString(26, ' ') + wrapped + "\n";
        else
            s += QString("  %1%2\n").arg(label, -24).arg(wrapped);
    }
    s += QString("  %1%2\n").arg("--help, -h", -24).arg("Print this help.");
    if (c.name == "mask" || c.name == "compute") {
        s += "\nMask atoms (positions are absolute: index + offset):\n" +
             QString::fromStdString(MaskAtom::usageText()) +
             "  and the operators ! & | with parentheses (precedence ! > & > |).\n";
    }
    if (!c.examples.isEmpty()) {
        s += "\nExamples:\n";
        for (const QString& e : c.examples) s += "  attnscope " + e + "\n";
    }
    s += "\nExit codes: 0 success, 2 bad usage or input, 1 internal error.\n";
    return s;
}

std::optional<QString> CommandTable::nearestOption(const CommandSpec& c, const QString& typed) {
    std::optional<QString> best;
    int bestDistance = std::max<int>(2, int(typed.size()) / 3) + 1;
    for (const QCommandLineOption& o : c.options())
        for (const QString& name : o.names()) {
            const int d = distance(typed, name);
            const bool prefix = name.startsWith(typed) && typed.size() >= 3;
            if (prefix || d < bestDistance) {
                bestDistance = prefix ? 0 : d;
                best = name;
                if (prefix) return best;
            }
        }
    return best;
}

std::optional<int> CommandTable::preflight(const QStringList& args) {
    const CommandSpec* c = find(args.value(1));
    if (!c) return std::nullopt;
    const QList<QCommandLineOption> options = c->options();
    auto takesValue = [&](const QString& name) {
        for (const QCommandLineOption& o : options)
            if (o.names().contains(name)) return !o.valueName().isEmpty();
        return false;
    };
    auto known = [&](const QString& name) {
        for (const QCommandLineOption& o : options)
            if (o.names().contains(name)) return true;
        return false;
    };
    for (int i = 2; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == "--") break;
        if (a == "--help" || a == "-h") {
            std::fputs(qPrintable(help(*c)), stdout);
            return int(CommandLine::Success);
        }
        if (!a.startsWith('-') || a.size() < 2 || a[1].isDigit()) continue;  // a value, −1
        const QString name = a.mid(a.startsWith("--") ? 2 : 1).section('=', 0, 0);
        if (known(name)) {
            if (takesValue(name) && !a.contains('=')) ++i;  // its value may start with '-'
            continue;
        }
        const auto near = nearestOption(*c, name);
        std::fprintf(stderr, "attnscope %s: unknown option '%s'%s (see `attnscope help %s`)\n",
                     qPrintable(c->name), qPrintable(a),
                     near ? qPrintable("; did you mean --" + *near + "?") : "",
                     qPrintable(c->name));
        return int(CommandLine::BadInput);
    }
    return std::nullopt;
}

QString CommandTable::bashCompletion() {
    QString s =
        "# bash completion for attnscope, generated by `attnscope help --bash-completion`\n"
        "_attnscope() {\n"
        "    local cur prev cmd\n"
        "    cur=\"${COMP_WORDS[COMP_CWORD]}\"\n"
        "    prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
        "    cmd=\"${COMP_WORDS[1]}\"\n"
        "    if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
        "        COMPREPLY=($(compgen -W \"";
    QStringList names;
    for (const CommandSpec& c : commands()) names << c.name;
    s += names.join(' ') +
         " --help --version\" -- \"$cur\") $(compgen -f -X '!*.@(attnscope.json|"
         "npy|npz|safetensors|pt|pth|bin|gguf)' -- \"$cur\"))\n"
         "        return\n"
         "    fi\n"
         "    case \"$prev\" in\n"
         "        --session|--q|--k|--v|--out|--text-file|--texts|--model)\n"
         "            COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
         "    esac\n"
         "    case \"$cmd\" in\n";
    for (const CommandSpec& c : commands()) {
        QStringList words{"--help"};
        for (const QCommandLineOption& o : c.options()) words << "--" + o.names().constFirst();
        if (c.name == "help")
            for (const CommandSpec& other : commands())
                if (other.name != "help") words << other.name;
        s += QString("        %1) COMPREPLY=($(compgen -W \"%2\" -- \"$cur\")) ;;\n")
                 .arg(c.name, words.join(' '));
    }
    s += "    esac\n"
         "    if [ ${#COMPREPLY[@]} -eq 0 ]; then COMPREPLY=($(compgen -f -- \"$cur\")); fi\n"
         "}\n"
         "complete -F _attnscope attnscope\n";
    return s;
}

QString CommandTable::manPage(const QString& version) {
    QString s = QString(".TH ATTNSCOPE 1 \"\" \"AttnScope %1\" \"User Commands\"\n").arg(version);
    s += ".SH NAME\nattnscope \\- see how transformer attention works and what it does\n";
    s += ".SH SYNOPSIS\n.B attnscope\n[\\fIFILE\\fR]\n.br\n";
    for (const CommandSpec& c : commands())
        s += ".B attnscope " + c.name + "\n" + roffEscape(c.synopsis) + "\n.br\n";
    s += ".SH DESCRIPTION\n"
         "Without a command, AttnScope opens its desktop window (FILE: a session, a tensor file or "
         "a model); without a display it renders the default figures into ./attnscope\\-figures "
         "instead. The commands below run the same engine headless.\n";
    s += ".SH COMMANDS\n";
    for (const CommandSpec& c : commands()) {
        s += ".SS \"attnscope " + c.name + "\"\n" + roffEscape(c.summary) + "\n";
        if (!c.details.isEmpty()) s += ".PP\n" + roffEscape(c.details) + "\n";
        for (const QCommandLineOption& o : c.options()) {
            s += ".TP\n.B " + roffEscape(optionLabel(o)) + "\n" + roffEscape(o.description());
            if (!o.defaultValues().isEmpty())
                s += " [default: " + roffEscape(o.defaultValues().join(',')) + "]";
            s += "\n";
        }
        if (!c.examples.isEmpty()) {
            s += ".PP\nExamples:\n.RS\n.nf\n";
            for (const QString& e : c.examples) s += roffEscape("attnscope " + e) + "\n";
            s += ".fi\n.RE\n";
        }
    }
    s += ".SH MASK LANGUAGE\n.nf\n" + roffEscape(QString::fromStdString(MaskAtom::usageText())) +
         ".fi\nand the operators ! & | with parentheses (precedence ! > & > |).\n";
    s += ".SH ENVIRONMENT\n.TP\n.B ATTNSCOPE_MEMORY_BUDGET\nBytes a materialised trace may take "
         "(default: a quarter of the machine's memory); longer traces take the pooled path.\n";
    s += ".SH EXIT STATUS\n0 success, 2 bad usage or bad input, 1 internal error.\n";
    s += ".SH SEE ALSO\nThe Help menu of the window; `attnscope help COMMAND`.\n";
    return s;
}

}  // namespace attnscope
