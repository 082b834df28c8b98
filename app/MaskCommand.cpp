#include "app/MaskCommand.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <cstdio>

#include "app/Arguments.h"
#include "app/CommandLine.h"
#include "core/io/NpyFormat.h"
#include "core/masks/BlockSummary.h"
#include "core/masks/MaskExport.h"
#include "core/masks/MaskExpr.h"
#include "core/masks/MaskProperties.h"

namespace attnscope {

namespace {

int bad(const std::string& message) {
    std::fprintf(stderr, "attnscope mask: %s\n", message.c_str());
    return CommandLine::BadInput;
}

/// Drops the batch axis when the mask is the same for every batch element (SPEC §9).
template <class T>
Array<T> squeezeBatch(const Array<T>& a, bool keepBatch) {
    if (keepBatch) return a;
    Array<T> out({a.dim(1), a.dim(2)});
    std::copy(a.data(), a.data() + out.size(), out.data());
    return out;
}

Status writeText(const QString& path, std::string text) {
    if (!text.empty() && text.back() != '\n') text += '\n';
    if (path.isEmpty()) {
        std::fputs(text.c_str(), stdout);
        return {};
    }
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return Error{path.toStdString() + ": cannot write"};
    f.write(text.data(), qint64(text.size()));
    if (!f.commit()) return Error{path.toStdString() + ": write failed"};
    return {};
}

QJsonObject propertiesJson(const MaskProperties& p) {
    QJsonArray keys, empty;
    for (int64_t k : p.keysPerQuery) keys.append(double(k));
    for (const auto& [b, q] : p.emptyRows) empty.append(QJsonArray{double(b), double(q)});
    return {{"allowed_pairs", double(p.allowedPairs)},
            {"total_pairs", double(p.totalPairs)},
            {"density", p.density},
            {"causal_violations", double(p.causalViolations)},
            {"cross_segment_pairs", double(p.crossSegmentPairs)},
            {"keys_per_query", keys},
            {"empty_rows", empty}};
}

}  // namespace

QList<QCommandLineOption> MaskCommand::options() {
    return {{"q-len", "Number of queries.", "N"},
            {"kv-len", "Number of keys (default: q-len).", "M"},
            {"q-offset", "Absolute position of the first query.", "N"},
            {"kv-offset", "Absolute position of the first key.", "N"},
            {"batch", "Batch size (default: the number of lengths pad/lpad give, else 1).", "B"},
            {"format", "npy, text, additive or blocks.", "FMT", "text"},
            {"dtype", "additive: masked value of inf, f32, f16 or bf16.", "DT", "f32"},
            {"properties", "Print the mask's properties as JSON."},
            {"out", "Output file (npy and additive need one).", "FILE"}};
}

int MaskCommand::run(const QStringList& args) {
    QCommandLineParser p;
    p.addPositionalArgument("EXPR", "Mask expression, e.g. \"causal & window(3)\".");
    p.addOptions(options());
    if (!p.parse(args)) return bad(p.errorText().toStdString());
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 1) return bad("give exactly one mask expression (quote it)");
    if (!p.isSet("q-len")) return bad("--q-len is required");

    std::string error;
    const int64_t maxLen = int64_t(1) << 17;
    const auto qLen = Arguments::integer(p, "q-len", 0, 1, maxLen, error);
    const auto kvLen = Arguments::integer(p, "kv-len", qLen.value_or(1), 1, maxLen, error);
    const auto qOff = Arguments::integer(p, "q-offset", 0, 0, int64_t(1) << 40, error);
    const auto kvOff = Arguments::integer(p, "kv-offset", 0, 0, int64_t(1) << 40, error);
    auto expr = MaskExpr::parse(pos.first().toStdString());
    if (!expr) return bad(expr.error());
    // Without --batch, pad / lpad with one length per element say how large the batch is.
    const int64_t impliedBatch = expr->impliedBatch().value_or(1);
    const auto batch = Arguments::integer(p, "batch", impliedBatch, 1, 4096, error);
    if (!qLen || !kvLen || !qOff || !kvOff || !batch) return bad(error);
    if (double(*batch) * double(*qLen) * double(*kvLen) > 4e9)
        return bad("batch × q-len × kv-len is over 4e9 cells; that mask does not fit in memory");

    const MaskShape shape{*batch, *qLen, *kvLen, *qOff, *kvOff};
    if (Status st = expr->validate(shape); !st) return bad(st.error());

    const QString format = p.value("format");
    const QString out = p.value("out");
    AdditiveDtype dtype = AdditiveDtype::F32;
    const QString dt = p.value("dtype");
    if (dt == "inf")
        dtype = AdditiveDtype::NegInf;
    else if (dt == "f16")
        dtype = AdditiveDtype::F16;
    else if (dt == "bf16")
        dtype = AdditiveDtype::BF16;
    else if (dt != "f32")
        return bad("--dtype must be inf, f32, f16 or bf16");
    if ((format == "npy" || format == "additive") && out.isEmpty())
        return bad("--format " + format.toStdString() + " writes a .npy file: give --out FILE");

    const BoolArray dense = expr->materialize(shape);
    const bool keepBatch = expr->dependsOnBatch();
    Status st;
    if (format == "npy") {
        st = writeNpy(out, squeezeBatch(dense, keepBatch));
    } else if (format == "additive") {
        st = writeNpy(out, squeezeBatch(toAdditive(dense, dtype), keepBatch));
    } else if (format == "text") {
        std::string text;
        for (int64_t b = 0; b < (keepBatch ? *batch : 1); ++b) {
            if (keepBatch) text += "batch " + std::to_string(b) + ":\n";
            text += toText(dense, b);
        }
        st = writeText(out, text);
    } else if (format == "blocks") {
        st = writeText(out, BlockSummary::fromDense(dense).toText());
    } else {
        return bad("--format must be npy, text, additive or blocks");
    }
    if (!st) return bad(st.error());
    if (p.isSet("properties")) {
        const MaskProperties props = computeProperties(dense, shape, expr->segments());
        std::fputs(QJsonDocument(propertiesJson(props)).toJson(QJsonDocument::Compact).append('\n'),
                   stdout);
    }
    return CommandLine::Success;
}

}  // namespace attnscope
