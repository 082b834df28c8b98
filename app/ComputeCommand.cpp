#include "app/ComputeCommand.h"

#include <unistd.h>
#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <cmath>
#include <cstdio>

#include "app/Arguments.h"
#include "app/CommandLine.h"
#include "app/ModelCommand.h"
#include "core/analysis/AttentionStatistics.h"
#include "core/analysis/FramePooling.h"
#include "core/analysis/PooledAttention.h"
#include "core/analysis/SinkLens.h"
#include "core/backends/BackendRegistry.h"
#include "core/engine/MemoryBudget.h"
#include "core/engine/TraceBuilder.h"
#include "core/io/NpzArchive.h"
#include "core/io/TensorArgument.h"
#include "core/masks/MaskProperties.h"
#include "core/model/ModelCache.h"
#include "core/model/TraceLayers.h"
#include "core/presets/Presets.h"
#include "widgets/views/ViewOptions.h"

namespace attnscope {

namespace {

int bad(const std::string& message) {
    std::fprintf(stderr, "attnscope compute: %s\n", message.c_str());
    return CommandLine::BadInput;
}

/// The mask broadcast over heads, as SPEC §9 asks for the `mask` array of compute --out.
BoolArray maskPerHead(const Trace& t) {
    const int64_t B = t.batch(), H = t.heads(), n = t.qLen() * t.kvLen();
    BoolArray out({B, H, t.qLen(), t.kvLen()});
    for (int64_t b = 0; b < B; ++b)
        for (int64_t h = 0; h < H; ++h)
            std::copy(t.steps.mask.data() + b * n, t.steps.mask.data() + (b + 1) * n,
                      out.data() + (b * H + h) * n);
    return out;
}

QJsonObject timingsJson(const Trace& t) {
    const StepTimings& ms = t.steps.timings;
    QJsonObject steps{{"scores", ms.scores},
                      {"mask", ms.mask},
                      {"softmax", ms.softmax},
                      {"context", ms.context},
                      {"total", ms.total()}};
    return QJsonObject{{"backend", QString::fromStdString(t.backend)},
                       {"device", QString::fromStdString(t.device.message)},
                       {"threads", t.threads},
                       {"shape", QJsonObject{{"batch", double(t.batch())},
                                             {"heads", double(t.heads())},
                                             {"kv_heads", double(t.kvHeads())},
                                             {"q_len", double(t.qLen())},
                                             {"kv_len", double(t.kvLen())},
                                             {"d_head", double(t.dHead())}}},
                       {"ms", steps}};
}

/// The sink table's frames and query rows: the view options of the session or the preset.
void printSummary(const Trace& t, int64_t tokensPerFrame, const std::vector<int64_t>& rows) {
    const Scenario& s = t.scenario;
    std::printf("Scenario     %s%s%s\n", s.name.empty() ? "(unnamed)" : s.name.c_str(),
                s.description.empty() ? "" : " — ", s.description.c_str());
    std::printf("Shape        B=%lld H=%lld Hkv=%lld Lq=%lld Lk=%lld d=%lld scale=%.4g\n",
                (long long)t.batch(), (long long)t.heads(), (long long)t.kvHeads(),
                (long long)t.qLen(), (long long)t.kvLen(), (long long)t.dHead(), t.scale);
    const MaskProperties mp = computeProperties(t.steps.mask, t.maskShape, t.segments);
    // Causal violations only where queries and keys share one sequence.
    const std::string violations = s.causalityApplies() ? std::to_string(mp.causalViolations)
                                                        : std::string("n/a (cross-attention)");
    std::printf(
        "Mask         %s: density %.4f, causal violations %s, cross-segment pairs %lld, "
        "empty rows %zu\n",
        s.mask.c_str(), mp.density, violations.c_str(), (long long)mp.crossSegmentPairs,
        mp.emptyRows.size());
    // Sink table on the logits, frame-pooled when the scenario has frames.
    Tensor values = headsOfBatch(t.steps.scores, 0);
    Tensor probs = headsOfBatch(t.steps.probs, 0);
    if (tokensPerFrame > 0) {
        const auto frames = FrameSpec::fixed(tokensPerFrame);
        values = poolFramesPerHead(t.steps.scores, 0, frames, frames, PoolMode::Mean);
    }
    StatisticsInput in{&values, &probs, s.qOffset, s.kvOffset, rows};
    const auto stats = computeStatistics(in);
    std::printf("Heads        (logits%s; sink = first − mean of middle keys)\n",
                tokensPerFrame > 0 ? ", frame-pooled" : "");
    for (const auto& h : stats)
        std::printf("  H%-3lld first=%8.3f mid=%8.3f last=%8.3f sink=%+8.3f entropy=%.3f\n",
                    (long long)h.head, h.sink.first, h.sink.mid, h.sink.last, h.sink.sink,
                    h.rowEntropy);
    const StepTimings& ms = t.steps.timings;
    std::printf(
        "Timing (ms)  scores %.2f  mask %.2f  softmax %.2f  context %.2f  total %.2f  "
        "[%s]\n",
        ms.scores, ms.mask, ms.softmax, ms.context, ms.total(), t.device.message.c_str());
}

}  // namespace

/// Bytes of the request's materialised trace, from the tensors' or the scenario's shapes (0 for
/// a model, whose length is only known once its text is tokenised: its positions bound it).
static double fullTraceBytes(const TraceRequest& r) {
    if (r.q && r.k) {
        const Tensor& q = *r.q;
        const Tensor& k = *r.k;
        if (q.rank() < 3 || k.rank() < 3) return 0;
        const int64_t b = q.rank() == 4 ? q.dim(0) : 1;
        return materialisedBytes(b, q.dim(-3), q.dim(-2), k.dim(-2));
    }
    const Scenario& s = r.scenario;
    if (s.source == SourceKind::Model || s.source == SourceKind::AttentionMaps) return 0;
    return materialisedBytes(s.batch, s.heads, s.qLen, s.kvLen);
}

/// compute --pooled: the inputs only, then the pooled pass; --out gets frame_probs, frame_max,
/// frame_sum, received, entropy, first_mass, sink, key_mean (and viewport).
static Status runPooled(const QCommandLineParser& p, const TraceRequest& request,
                        Backend& backend) {
    const int threads = backend.threads();
    std::string error;
    PooledRequest pr;
    pr.frameMax = true;
    if (p.isSet("frames")) {
        const auto n = Arguments::integer(p, "frames", 64, 1, int64_t(1) << 30, error);
        if (!n) return Error{error};
        pr.frames = *n;
    }
    if (p.isSet("viewport")) {
        const QRegularExpression re(R"(^\s*(\d+):(\d+),(\d+):(\d+),(\d+)x(\d+)\s*$)");
        const auto m = re.match(p.value("viewport"));
        if (!m.hasMatch())
            return Error{"--viewport must read q0:q1,k0:k1,WxH (e.g. 0:4096,0:4096,800x600)"};
        pr.viewport = true;
        pr.region = {m.captured(1).toLongLong(), m.captured(2).toLongLong(),
                     m.captured(3).toLongLong(), m.captured(4).toLongLong()};
        pr.width = m.captured(5).toLongLong();
        pr.height = m.captured(6).toLongLong();
        const QString mode = p.value("viewport-pool");
        if (p.isSet("viewport-pool") && mode != "max" && mode != "mean")
            return Error{"--viewport-pool must be max or mean"};
        pr.mode = mode == "mean" ? PoolMode::Mean : PoolMode::Max;
    }
    auto prepared = TraceBuilder::prepare(request, threads);
    if (!prepared) return Error{prepared.error()};
    const PreparedTrace& t = prepared.value();
    auto pooled = backend.pooledPass(t.inputs->q, t.inputs->k, *t.mask, t.maskShape, t.scale,
                                     float(t.scenario.softCap), pr);
    if (!pooled) return Error{pooled.error()};
    if (p.isSet("out")) {
        NpzWriter npz;
        npz.addView("frame_probs", pooled->frameProbs);
        npz.addView("frame_max", pooled->frameMax);
        npz.add("frame_sum", frameSums(pooled->frameProbs, t.inputs->q.dim(2),
                                       t.inputs->k.dim(2), pr.frames));
        npz.addView("received", pooled->received);
        npz.addView("entropy", pooled->entropy);
        npz.addView("sink", pooled->sink);
        npz.addView("key_mean", pooled->keyMean);
        auto first = firstTokenMass(t.inputs->q, t.inputs->k, *t.mask, t.maskShape, t.scale,
                                    float(t.scenario.softCap), pooled->rowShift);
        if (!first) return first.failure();
        npz.add("first_mass", std::move(first).value());
        if (pr.viewport) npz.addView("viewport", pooled->viewport);
        if (Status st = npz.write(p.value("out")); !st) return st;
    }
    if (p.isSet("timings")) {
        const QJsonObject o{
            {"mode", "pooled"},
            {"backend", QString::fromStdString(backend.name())},
            {"device", QString::fromStdString(backend.pooledDevice().message)},
            {"threads", threads},
            {"frames", qint64(pr.frames)},
            {"shape", QJsonArray{qint64(t.inputs->q.dim(0)), qint64(t.inputs->q.dim(1)),
                                 qint64(t.inputs->q.dim(2)), qint64(t.inputs->k.dim(2))}},
            {"ms", QJsonObject{{"total", pooled->ms}}}};
        std::fputs(QJsonDocument(o).toJson(QJsonDocument::Compact).append('\n'), stdout);
    }
    return {};
}

/// --sink-metric: α_k of every layer and head for the trace's text and the texts listed, averaged;
/// the share of heads above ε per text, averaged (SinkMetric).
static Status printSinkMetric(const Trace& t, const QCommandLineParser& p, int threads) {
    std::string error;
    int64_t key = 0;
    double epsilon = 0.3;
    if (p.isSet("sink-key")) {
        const auto k = Arguments::integer(p, "sink-key", 0, 0, t.kvLen() - 1, error);
        if (!k) return Error{error};
        key = *k;
    }
    if (p.isSet("epsilon")) {
        bool ok = false;
        epsilon = p.value("epsilon").toDouble(&ok);
        if (!ok || !std::isfinite(epsilon) || epsilon < 0 || epsilon > 1)
            return Error{"--epsilon must be a number from 0 to 1"};
    }
    std::vector<Tensor> perText;
    auto first = traceSinkAlpha(t, key, 0, threads);
    if (!first) return Error{first.error()};
    perText.push_back(std::move(first).value());
    if (p.isSet("texts")) {
        QFile f(p.value("texts"));
        if (!f.open(QIODevice::ReadOnly))
            return Error{"cannot read " + p.value("texts").toStdString() + ": " +
                         f.errorString().toStdString()};
        int line = 0;
        for (const QByteArray& text : f.readAll().split('\n')) {
            ++line;
            if (text.trimmed().isEmpty()) continue;
            auto more = sinkAlphaOfText(*t.model.inputs->model, text.toStdString(), key, threads);
            if (!more)
                return Error{"line " + std::to_string(line) + " of " +
                             p.value("texts").toStdString() + ": " + more.error()};
            perText.push_back(std::move(more).value());
        }
    }
    const SinkMetric m = sinkMetric(perText, epsilon);
    const int64_t layers = m.alpha.dim(0), heads = m.alpha.dim(1);
    std::vector<int64_t> numbers;
    for (int64_t i = 0; i < layers; ++i) numbers.push_back(traceLayerNumber(t, i));
    if (p.isSet("json")) {
        QJsonArray alpha;
        for (int64_t i = 0; i < layers; ++i) {
            QJsonArray row;
            for (int64_t h = 0; h < heads; ++h) row.append(double(m.alpha[i * heads + h]));
            alpha.append(row);
        }
        QJsonArray layerNumbers;
        for (int64_t n : numbers) layerNumbers.append(qint64(n));
        const QJsonObject o{{"key", qint64(key)},       {"epsilon", epsilon},
                            {"texts", qint64(m.texts)}, {"rate", m.rate},
                            {"layers", layerNumbers},   {"alpha", alpha}};
        std::fputs(QJsonDocument(o).toJson(QJsonDocument::Compact).append('\n'), stdout);
        return {};
    }
    std::printf(
        "sink metric of key %lld (epsilon %.3g) over %lld text%s: %.1f%% of %lld heads "
        "above epsilon\n",
        (long long)key, epsilon, (long long)m.texts, m.texts == 1 ? "" : "s", 100.0 * m.rate,
        (long long)(layers * heads));
    std::printf("alpha: mean attention key %lld receives from the queries that see it\nlayer",
                (long long)key);
    for (int64_t h = 0; h < heads; ++h) std::printf("  %6s", ("H" + std::to_string(h)).c_str());
    std::printf("\n");
    for (int64_t i = 0; i < layers; ++i) {
        std::printf("%5lld", (long long)numbers[size_t(i)]);
        for (int64_t h = 0; h < heads; ++h) std::printf("  %6.4f", m.alpha[i * heads + h]);
        std::printf("\n");
    }
    return {};
}

QList<QCommandLineOption> ComputeCommand::options() {
    QList<QCommandLineOption> o = {
        {"session", "Session file (*.attnscope.json).", "S"},
        {"preset", "Named preset (see `attnscope presets`).", "NAME"},
        {"q", "Queries: file.npy, file.npz:NAME, file.safetensors:NAME, file.pt:KEY.", "F"},
        {"k", "Keys.", "F"},
        {"v", "Values.", "F"},
        {"mask", "Mask expression (default: the session's, or full).", "EXPR"},
        {"scale", "Score scale (default 1/sqrt(d)).", "X"},
        {"q-offset", "Absolute position of the first query.", "N"},
        {"kv-offset", "Absolute position of the first key.", "N"},
        {"list-devices", "List the backends and devices, then exit."},
        {"timings", "Print per-step milliseconds as JSON."},
        {"summary", "Print a human-readable summary."},
        {"out", "Write scores, masked_scores, probs, context and mask as .npz.", "OUT.npz"},
        {"sink-metric",
         "Print the sink metric of a key over every layer and head: the mean attention it "
         "receives from the queries that can see it, and the share of heads above ε."},
        {"sink-key", "The key position of --sink-metric (default 0).", "K"},
        {"epsilon", "The threshold ε of --sink-metric (default 0.3).", "E"},
        {"texts", "--sink-metric with --model: also average over these texts, one per line.", "F"},
        {"json", "--sink-metric as JSON."},
        {"pooled",
         "Never hold an L² tensor: write frame_probs, received, entropy and sink (and the "
         "viewport) to --out instead of the full trace."},
        {"frames", "--pooled: tokens per frame of frame_probs (default 64).", "N"},
        {"viewport", "--pooled: also pool this region to W × H cells.", "q0:q1,k0:k1,WxH"},
        {"viewport-pool", "--pooled: the viewport's pooling, max or mean (default max).", "MODE"}};
    o << Arguments::backendOptions() << ModelCommand::sourceOptions();
    return o;
}

int ComputeCommand::run(const QStringList& args) {
    QCommandLineParser p;
    p.addOptions(options());
    if (!p.parse(args)) return bad(p.errorText().toStdString());
    if (!p.positionalArguments().isEmpty())
        return bad("unexpected argument '" + p.positionalArguments().first().toStdString() + "'");
    if (p.isSet("list-devices")) return listDevices(false);
    if (!p.isSet("out") && !p.isSet("timings") && !p.isSet("summary") && !p.isSet("sink-metric"))
        return bad("nothing to do: give --out OUT.npz, --timings or --sink-metric");
    for (const char* o : {"frames", "viewport", "viewport-pool"})
        if (p.isSet(o) && !p.isSet("pooled")) return bad(std::string("--") + o + " needs --pooled");
    if (p.isSet("pooled") && (p.isSet("summary") || p.isSet("sink-metric")))
        return bad(
            "--pooled writes --out (and --timings); --summary and --sink-metric need the "
            "full trace");
    for (const char* o : {"sink-key", "epsilon", "texts", "json"})
        if (p.isSet(o) && !p.isSet("sink-metric"))
            return bad(std::string("--") + o + " needs --sink-metric");
    if (p.isSet("texts") && !p.isSet("model")) return bad("--texts needs --model MODEL");

    TraceRequest request;
    ViewOptions shown;  // how the summary pools and selects: the session's or preset's view
    const bool tensors = p.isSet("q") || p.isSet("k") || p.isSet("v");
    if (int(p.isSet("session")) + int(p.isSet("preset")) + int(p.isSet("model")) > 1)
        return bad("give one of --session, --preset or --model");
    if (p.isSet("model") && tensors) return bad("--model and --q/--k/--v do not go together");
    if (p.isSet("session")) {
        auto s = Scenario::load(p.value("session"));
        if (!s) return bad(s.error());
        request.scenario = s.value();
        QFile f(p.value("session"));
        if (f.open(QIODevice::ReadOnly))
            shown = ViewOptions::fromSession(QJsonDocument::fromJson(f.readAll()).object());
    } else if (p.isSet("preset")) {
        auto s = presetScenario(p.value("preset").toStdString());
        if (!s)
            return bad("unknown preset '" + p.value("preset").toStdString() +
                       "' (see `attnscope presets`)");
        request.scenario = *s;
        shown = shown.withPreset(*presetDisplay(p.value("preset").toStdString()));
    } else if (p.isSet("model")) {
        std::string why;
        if (!ModelCommand::applySource(p, request.scenario, why)) return bad(why);
    } else if (!tensors) {
        return bad("give --session S, --preset NAME, --model MODEL or --q/--k/--v tensor files");
    } else {
        request.scenario.mask = "full";
    }
    if (tensors) {
        if (!p.isSet("q") || !p.isSet("k") || !p.isSet("v"))
            return bad("--q, --k and --v go together");
        auto q = loadTensorArgument(p.value("q").toStdString());
        if (!q) return bad(q.error());
        auto k = loadTensorArgument(p.value("k").toStdString());
        if (!k) return bad(k.error());
        auto v = loadTensorArgument(p.value("v").toStdString());
        if (!v) return bad(v.error());
        request.q = std::move(q).value();
        request.k = std::move(k).value();
        request.v = std::move(v).value();
        request.scenario.source = SourceKind::Tensors;
    }
    Scenario& s = request.scenario;
    if (std::string why; !p.isSet("model") && !ModelCommand::applySource(p, s, why))
        return bad(why);
    if (p.isSet("mask")) s.mask = p.value("mask").toStdString();
    if (p.isSet("scale")) {
        bool ok = false;
        const double x = p.value("scale").toDouble(&ok);
        // Its range is the scenario's rule (Scenario::validate), checked with the rest of it.
        if (!ok) return bad("--scale must be a number");
        s.scale = x;
    }
    std::string error;
    const auto qOff = Arguments::integer(p, "q-offset", s.qOffset, 0, int64_t(1) << 40, error);
    const auto kvOff = Arguments::integer(p, "kv-offset", s.kvOffset, 0, int64_t(1) << 40, error);
    if (!qOff || !kvOff) return bad(error);
    s.qOffset = *qOff;
    s.kvOffset = *kvOff;

    auto choice = Arguments::backend(p, error);
    if (!choice) return bad(error);
    if (!choice->notice.message.empty())
        std::fprintf(stderr, "attnscope compute: %s\n", choice->notice.message.c_str());
    Backend& backend = *choice->backend;

    if (p.isSet("pooled")) {
        if (Status st = runPooled(p, request, backend); !st) return bad(st.error());
        return CommandLine::Success;
    }
    // A full trace that cannot fit is refused before anything is allocated.
    if (const auto need = fullTraceBytes(request); need > memoryBudget())
        return bad(QString("the full trace would need %1 GiB (the budget is %2 GiB, a quarter of "
                           "this machine's memory): use --pooled, which needs no L² tensor")
                       .arg(need / double(1 << 30), 0, 'f', 2)
                       .arg(memoryBudget() / double(1 << 30), 0, 'f', 2)
                       .toStdString());
    auto trace = TraceBuilder::build(request, backend);
    if (!trace) return bad(trace.error());
    const Trace& t = *trace.value();

    if (p.isSet("out")) {
        NpzWriter npz;
        // The trace outlives the write: no copies of its L² tensors.
        npz.addView("scores", t.steps.scores);
        npz.addView("masked_scores", t.steps.maskedScores);
        npz.addView("probs", t.steps.probs);
        npz.addView("context", t.steps.context);
        npz.add("mask", maskPerHead(t));
        if (Status st = npz.write(p.value("out")); !st) return bad(st.error());
    }
    if (p.isSet("summary")) printSummary(t, shown.tokensPerFrame, shown.querySelection);
    if (p.isSet("sink-metric"))
        if (Status st = printSinkMetric(t, p, backend.threads()); !st) return bad(st.error());
    if (p.isSet("timings"))
        std::fputs(QJsonDocument(timingsJson(t)).toJson(QJsonDocument::Compact).append('\n'),
                   stdout);
    return CommandLine::Success;
}

int ComputeCommand::listDevices(bool json) {
    const BackendRegistry& registry = BackendRegistry::builtin();
    std::vector<Message> problems;
    const auto devices = registry.devices(&problems);
    auto picked = registry.create(BackendRequest{});
    const std::string autoLabel =
        picked ? picked->backend->name() + " — " + picked->backend->device().message
               : picked.error();
    if (json) {
        QJsonArray list;
        for (const auto& d : devices)
            list.append(QJsonObject{{"id", QString::fromStdString(d.id)},
                                    {"backend", QString::fromStdString(d.family)},
                                    {"device", d.index},
                                    {"label", QString::fromStdString(d.label.message)},
                                    {"gpu", d.gpu()}});
        QJsonArray compiled, problemList;
        for (const auto& b : registry.compiled()) compiled.append(QString::fromStdString(b));
        for (const auto& pr : problems) problemList.append(QString::fromStdString(pr.message));
        QJsonObject root{{"compiled", compiled},
                         {"devices", list},
                         {"auto", QString::fromStdString(picked ? picked->id : "")},
                         {"auto_label", QString::fromStdString(autoLabel)}};
        if (!problems.empty()) root["problems"] = problemList;
        std::fputs(QJsonDocument(root).toJson(QJsonDocument::Indented).constData(), stdout);
        return CommandLine::Success;
    }
    std::string compiled;
    for (const auto& b : registry.compiled()) compiled += (compiled.empty() ? "" : ", ") + b;
    std::printf("Backends in this build: %s\n", compiled.c_str());
    for (const auto& d : devices)
        std::printf("  --backend %-20s %s\n", d.id.c_str(), d.label.message.c_str());
    for (const auto& pr : problems) std::printf("  (no devices: %s)\n", pr.message.c_str());
    std::printf("--backend auto uses: %s\n", autoLabel.c_str());
    return CommandLine::Success;
}

}  // namespace attnscope
