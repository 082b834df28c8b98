#include "core/engine/Scenario.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <cmath>
#include <sstream>

#include "core/common/Text.h"
#include "core/masks/MaskExpr.h"

namespace attnscope {

namespace {

// Beyond this many attention cells per tensor the three L² tensors of a trace no longer fit in
// the memory of the reference machine (24 GiB): the materialised path stops here.
constexpr double kMaxCells = 1.2e9;
// The pooled path holds no L² tensor; beyond this (12 heads × 150k tokens) it would run for
// hours and its inputs fill the memory.
constexpr double kMaxPooledCells = 3e11;

QJsonArray toArray(const std::vector<std::string>& v) {
    QJsonArray a;
    for (const auto& s : v) a.append(QString::fromStdString(s));
    return a;
}
template <class T>
QJsonArray toArray(const std::vector<T>& v) {
    QJsonArray a;
    for (T x : v) a.append(static_cast<double>(x));
    return a;
}
std::vector<std::string> stringList(const QJsonValue& v) {
    std::vector<std::string> out;
    for (const auto& e : v.toArray()) out.push_back(e.toString().toStdString());
    return out;
}
template <class T>
std::vector<T> numberList(const QJsonValue& v) {
    std::vector<T> out;
    for (const auto& e : v.toArray()) out.push_back(static_cast<T>(e.toDouble()));
    return out;
}

}  // namespace

ScenarioChanges changesBetween(const Scenario& a, const Scenario& b) {
    ScenarioChanges c;
    if (a.source != b.source || a.seed != b.seed || a.pattern != b.pattern ||
        a.sinkHeads != b.sinkHeads || a.sinkSpan != b.sinkSpan || a.qPath != b.qPath ||
        a.kPath != b.kPath || a.vPath != b.vPath || a.mapsPath != b.mapsPath ||
        a.vectorsPath != b.vectorsPath || a.mapsAreProbabilities != b.mapsAreProbabilities ||
        a.mapsBatch != b.mapsBatch || a.mapsFrames != b.mapsFrames || a.modelPath != b.modelPath ||
        a.modelText != b.modelText || a.modelIds != b.modelIds ||
        (a.layer != b.layer && (b.source == SourceKind::AttentionMaps ||
                                b.source == SourceKind::Model)) ||  // picks the maps or Q/K/V
        a.batch != b.batch ||
        a.heads != b.heads || a.kvHeads != b.kvHeads || a.qLen != b.qLen || a.kvLen != b.kvLen ||
        a.dModel != b.dModel || a.dHead != b.dHead || a.crossAttention != b.crossAttention ||
        a.bias != b.bias)
        c |= ScenarioChange::Inputs;
    if (a.mask != b.mask || a.qOffset != b.qOffset || a.kvOffset != b.kvOffset)
        c |= ScenarioChange::Mask;
    if (a.scale != b.scale || a.softCap != b.softCap || a.outputProjection != b.outputProjection)
        c |= ScenarioChange::Attention;
    if (a.layer != b.layer && b.source != SourceKind::AttentionMaps &&
        b.source != SourceKind::Model)
        c |= ScenarioChange::Display;
    if (a.name != b.name || a.description != b.description || a.queryTokens != b.queryTokens ||
        a.keyTokens != b.keyTokens || a.mapsLayers != b.mapsLayers)
        c |= ScenarioChange::Labels;
    return c;
}

std::string toString(SourceKind kind) {
    switch (kind) {
        case SourceKind::Synthetic:
            return "synthetic";
        case SourceKind::Tensors:
            return "tensors";
        case SourceKind::AttentionMaps:
            return "maps";
        case SourceKind::Model:
            return "model";
    }
    return "synthetic";
}

std::string toString(PatternKind kind) {
    switch (kind) {
        case PatternKind::Random:
            return "random";
        case PatternKind::Local:
            return "local";
        case PatternKind::Global:
            return "global";
        case PatternKind::Translation:
            return "translation";
    }
    return "random";
}

std::optional<PatternKind> patternFromString(const std::string& name) {
    for (auto k :
         {PatternKind::Random, PatternKind::Local, PatternKind::Global, PatternKind::Translation})
        if (toString(k) == name) return k;
    return std::nullopt;
}

Status Scenario::fitsMaterialised() const {
    const double cells = double(batch) * double(heads) * double(qLen) * double(kvLen);
    if (cells <= kMaxCells) return {};
    return Text::tr(
        "batch × heads × Lq × Lk = %1 attention cells is too large for a full trace "
        "(at most 1.2e9 fit in memory); compute --pooled needs no L² tensor",
        int64_t(cells));
}

double Scenario::effectiveScale() const {
    return scale ? *scale : 1.0 / std::sqrt(static_cast<double>(dHead));
}

Status Scenario::validate() const {
    auto bad = [](Error m) { return Status(std::move(m)); };
    if (batch < 1 || batch > 4096) return bad(Text::tr("batch must be between 1 and 4096"));
    if (heads < 1 || heads > 1024) return bad(Text::tr("heads must be between 1 and 1024"));
    if (kvHeads < 1 || kvHeads > heads)
        return bad(Text::tr("kv heads must be between 1 and heads"));
    if (heads % kvHeads != 0)
        return bad(Text::tr("heads (%1) must be a multiple of kv heads (%2)", heads, kvHeads));
    if (qLen < 1 || kvLen < 1 || qLen > (1 << 20) || kvLen > (1 << 20))
        return bad(Text::tr("query and key lengths must be between 1 and 1048576"));
    if (dHead < 1 || dHead > 4096) return bad(Text::tr("d_head must be between 1 and 4096"));
    if (dModel < 1 || dModel > 65536) return bad(Text::tr("d_model must be between 1 and 65536"));
    const double cells = double(batch) * double(heads) * double(qLen) * double(kvLen);
    if (cells > kMaxPooledCells)
        return bad(
            Text::tr("batch × heads × Lq × Lk = %1 attention cells is too large (at most "
                     "3e11, even without an L² tensor)",
                     int64_t(cells)));
    if (!crossAttention && source == SourceKind::Synthetic && qLen != kvLen)
        return bad(Text::tr("self-attention needs Lq == Lk; enable cross-attention for Lq != Lk"));
    // Beyond this the scores of unit-sized vectors leave float range and softmax turns to NaN.
    if (scale && !(std::isfinite(*scale) && *scale > 0 && *scale <= kMaxScale)) {
        std::ostringstream given;
        given << *scale;
        return bad(Text::tr("scale must be a finite number in (0, 1000]; got %1", given.str()));
    }
    if (!(std::isfinite(softCap) && softCap >= 0 && softCap <= 1e6))
        return bad(Text::tr("the soft-cap must be 0 (none) or a positive number up to 1e6"));
    if (qOffset < 0 || kvOffset < 0) return bad(Text::tr("offsets must be ≥ 0"));
    if (source == SourceKind::Tensors && (qPath.empty() || kPath.empty() || vPath.empty()))
        return bad(Text::tr("a tensor source needs q, k and v files"));
    if (source == SourceKind::AttentionMaps) {
        if (mapsPath.empty() && vectorsPath.empty())
            return bad(Text::tr("an attention-map source needs a maps or a vectors file"));
        if (mapsLayers < 1) return bad(Text::tr("the maps have at least one layer"));
        if (layer < 0 || layer >= mapsLayers)
            return bad(Text::tr("layer %1 is not in 0..%2", layer, mapsLayers - 1));
        if (mapsBatch < 0) return bad(Text::tr("the maps' batch element must be ≥ 0"));
    }
    if (source == SourceKind::Model) {
        if (modelPath.empty()) return bad(Text::tr("a model source needs the model's folder"));
        if (modelText.empty() && modelIds.empty())
            return bad(Text::tr("a model source needs a text or token ids"));
        if (layer < 0) return bad(Text::tr("the layer must be ≥ 0"));
        if (mask.empty()) return {};  // the model's own mask, checked when the layer is traced
        // A what-if mask: its syntax now, its shape once the text's length is known.
        auto expr = MaskExpr::parse(mask);
        if (!expr) return bad(Text::tr("mask: %1", expr.failure()));
        return {};
    }
    if (mask.empty()) return bad(Text::tr("the mask expression is empty"));
    // The mask is checked as the engine will use it: a session that cannot be computed is not
    // a session the window or the command line opens.
    auto expr = MaskExpr::parse(mask);
    if (!expr) return bad(Text::tr("mask: %1", expr.failure()));
    if (Status st = expr->validate(MaskShape{batch, qLen, kvLen, qOffset, kvOffset}); !st)
        return bad(Text::tr("mask: %1", st.failure()));
    return {};
}

QJsonObject Scenario::toJson() const {
    QJsonObject o;
    o["format"] = "attnscope-session";
    o["version"] = kVersion;
    o["name"] = QString::fromStdString(name);
    o["description"] = QString::fromStdString(description);
    QJsonObject src;
    src["kind"] = QString::fromStdString(toString(source));
    src["seed"] = QString::number(seed);  // 64-bit seeds do not fit a JSON double
    src["pattern"] = QString::fromStdString(toString(pattern));
    src["sink_heads"] = toArray(sinkHeads);
    src["sink_span"] = double(sinkSpan);
    src["q"] = QString::fromStdString(qPath);
    src["k"] = QString::fromStdString(kPath);
    src["v"] = QString::fromStdString(vPath);
    if (source == SourceKind::AttentionMaps) {
        src["maps"] = QString::fromStdString(mapsPath);
        src["vectors"] = QString::fromStdString(vectorsPath);
        src["map_kind"] = mapsAreProbabilities ? "probabilities" : "logits";
        src["map_batch"] = double(mapsBatch);
        src["map_frames"] = mapsFrames;
        src["map_layers"] = double(mapsLayers);
    }
    if (source == SourceKind::Model) {
        src["model"] = QString::fromStdString(modelPath);
        src["text"] = QString::fromStdString(modelText);
        src["ids"] = toArray(modelIds);
    }
    o["source"] = src;
    QJsonObject shape;
    shape["batch"] = double(batch);
    shape["heads"] = double(heads);
    shape["kv_heads"] = double(kvHeads);
    shape["q_len"] = double(qLen);
    shape["kv_len"] = double(kvLen);
    shape["d_model"] = double(dModel);
    shape["d_head"] = double(dHead);
    shape["cross_attention"] = crossAttention;
    shape["bias"] = bias;
    shape["output_projection"] = outputProjection;
    o["shape"] = shape;
    QJsonObject att;
    att["mask"] = QString::fromStdString(mask);
    att["scale"] = scale ? QJsonValue(*scale) : QJsonValue();
    if (softCap > 0) att["soft_cap"] = softCap;
    att["q_offset"] = double(qOffset);
    att["kv_offset"] = double(kvOffset);
    o["attention"] = att;
    QJsonObject disp;
    disp["layer"] = layer;
    disp["query_tokens"] = toArray(queryTokens);
    disp["key_tokens"] = toArray(keyTokens);
    o["display"] = disp;
    return o;
}

Result<Scenario> Scenario::fromJson(const QJsonObject& o) {
    if (o["format"].toString() != "attnscope-session")
        return Text::tr("not an AttnScope session (missing \"format\": \"attnscope-session\")");
    const int version = o["version"].toInt(-1);
    if (version < 1 || version > kVersion)
        return Text::tr("unsupported session version %1 (this build reads versions 1 to %2)",
                        version, kVersion);
    Scenario s;
    s.name = o["name"].toString().toStdString();
    s.description = o["description"].toString().toStdString();
    const QJsonObject src = o["source"].toObject();
    const QString kind = src["kind"].toString("synthetic");
    if (kind == "synthetic")
        s.source = SourceKind::Synthetic;
    else if (kind == "tensors")
        s.source = SourceKind::Tensors;
    else if (kind == "maps")
        s.source = SourceKind::AttentionMaps;
    else if (kind == "model")
        s.source = SourceKind::Model;
    else
        return Text::tr("unknown source kind \"%1\"", kind.toStdString());
    bool okSeed = true;
    s.seed = src["seed"].isString() ? src["seed"].toString().toULongLong(&okSeed)
                                    : uint64_t(src["seed"].toDouble(0));
    if (!okSeed) return Text::tr("seed must be an unsigned integer");
    const auto pattern = patternFromString(src["pattern"].toString("random").toStdString());
    if (!pattern)
        return Text::tr("unknown pattern \"%1\"", src["pattern"].toString().toStdString());
    s.pattern = *pattern;
    s.sinkHeads = numberList<int>(src["sink_heads"]);
    s.sinkSpan = src["sink_span"].toInteger(1);
    s.qPath = src["q"].toString().toStdString();
    s.kPath = src["k"].toString().toStdString();
    s.vPath = src["v"].toString().toStdString();
    s.mapsPath = src["maps"].toString().toStdString();
    s.vectorsPath = src["vectors"].toString().toStdString();
    const QString mapKind = src["map_kind"].toString("logits");
    if (mapKind != "logits" && mapKind != "probabilities")
        return Text::tr("map_kind must be logits or probabilities, not \"%1\"",
                        mapKind.toStdString());
    s.mapsAreProbabilities = mapKind == "probabilities";
    s.mapsBatch = src["map_batch"].toInteger(0);
    s.mapsFrames = src["map_frames"].toBool(false);
    s.mapsLayers = src["map_layers"].toInteger(1);
    s.modelPath = src["model"].toString().toStdString();
    s.modelText = src["text"].toString().toStdString();
    for (const auto& id : src["ids"].toArray()) s.modelIds.push_back(id.toInteger());
    const QJsonObject shape = o["shape"].toObject();
    s.batch = shape["batch"].toInteger(s.batch);
    s.heads = shape["heads"].toInteger(s.heads);
    s.kvHeads = shape["kv_heads"].toInteger(s.heads);
    s.qLen = shape["q_len"].toInteger(s.qLen);
    s.kvLen = shape["kv_len"].toInteger(s.qLen);
    s.dModel = shape["d_model"].toInteger(s.dModel);
    s.dHead = shape["d_head"].toInteger(s.dHead);
    s.crossAttention = shape["cross_attention"].toBool(false);
    s.bias = shape["bias"].toBool(false);
    s.outputProjection = shape["output_projection"].toBool(true);
    const QJsonObject att = o["attention"].toObject();
    s.mask = att["mask"].toString(s.source == SourceKind::Model ? "" : "causal").toStdString();
    if (att["scale"].isDouble()) s.scale = att["scale"].toDouble();
    if (att["soft_cap"].isDouble()) s.softCap = att["soft_cap"].toDouble();
    s.qOffset = att["q_offset"].toInteger(0);
    s.kvOffset = att["kv_offset"].toInteger(0);
    const QJsonObject disp = o["display"].toObject();
    s.layer = disp["layer"].toInt(0);
    s.queryTokens = stringList(disp["query_tokens"]);
    s.keyTokens = stringList(disp["key_tokens"]);
    if (Status st = s.validate(); !st) return st.failure();
    return s;
}

Result<Scenario> Scenario::load(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Text::tr("%1: cannot open: %2", path.toStdString(), f.errorString().toStdString());
    if (f.size() > (64 << 20)) return Text::tr("%1: session file over 64 MiB", path.toStdString());
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (err.error != QJsonParseError::NoError)
        return Text::tr("%1: invalid JSON at offset %2: %3", path.toStdString(), err.offset,
                        err.errorString().toStdString());
    if (!doc.isObject()) return Text::tr("%1: a session is a JSON object", path.toStdString());
    auto s = fromJson(doc.object());
    if (!s) return Text::tr("%1: %2", path.toStdString(), s.failure());
    return s;
}

Status Scenario::save(const QString& path) const {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return Text::tr("%1: cannot write: %2", path.toStdString(), f.errorString().toStdString());
    f.write(QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
    if (!f.commit())
        return Text::tr("%1: write failed: %2", path.toStdString(), f.errorString().toStdString());
    return {};
}

}  // namespace attnscope
