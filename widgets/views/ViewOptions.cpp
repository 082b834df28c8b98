#include "widgets/views/ViewOptions.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace attnscope {

QString valueKindLabel(ValueKind kind) {
    switch (kind) {
        case ValueKind::Logits:
            return QCoreApplication::translate("attnscope::ViewOptions", "Attention Logits");
        case ValueKind::Probabilities:
            return QCoreApplication::translate("attnscope::ViewOptions", "Attention Probability");
        case ValueKind::MaskedLogits:
            return QCoreApplication::translate("attnscope::ViewOptions", "Masked Attention Logits");
    }
    return {};
}

QJsonObject ViewOptions::toJson() const {
    QJsonArray sel;
    for (int64_t q : querySelection) sel.append(double(q));
    return {{"value_kind", int(valueKind)},
            {"colormap", int(colormap)},
            {"symmetric", symmetricRange},
            {"origin_lower", originLower},
            {"tokens_per_frame", double(tokensPerFrame)},
            {"query_selection", sel},
            {"sampled", sampledDisplay},
            {"max_display_positions", double(maxDisplayPositions)},
            {"frame_pooling", QString::fromStdString(toString(framePooling))},
            {"detail_pooling", QString::fromStdString(toString(detailPooling))},
            {"batch", batch},
            {"head", head},
            {"columns", columns},
            {"flow_box_width", flowBoxWidth},
            {"flow_box_height", flowBoxHeight},
            {"flow_spacing", flowSpacing}};
}

ViewOptions ViewOptions::fromJson(const QJsonObject& o) {
    ViewOptions v;
    v.valueKind = ValueKind(std::clamp(o["value_kind"].toInt(0), 0, 2));
    v.colormap = Colormap(std::clamp(o["colormap"].toInt(0), 0, 2));
    v.symmetricRange = o["symmetric"].toBool(true);
    v.originLower = o["origin_lower"].toBool(true);
    v.tokensPerFrame = std::max<int64_t>(0, o["tokens_per_frame"].toInteger(0));
    for (const auto& e : o["query_selection"].toArray()) v.querySelection.push_back(e.toInteger());
    v.sampledDisplay = o["sampled"].toBool(false);
    v.maxDisplayPositions = std::max<int64_t>(2, o["max_display_positions"].toInteger(30));
    v.framePooling = poolModeFromString(o["frame_pooling"].toString("mean").toStdString())
                         .value_or(PoolMode::Mean);
    // Sessions that do not say: the pooling that suits the value kind they show.
    const PoolMode suited =
        v.valueKind == ValueKind::Probabilities ? PoolMode::Max : PoolMode::Mean;
    v.detailPooling =
        poolModeFromString(o["detail_pooling"].toString().toStdString()).value_or(suited);
    v.batch = std::max(0, o["batch"].toInt(0));
    v.head = std::max(0, o["head"].toInt(0));
    v.columns = std::clamp(o["columns"].toInt(4), 1, 16);
    v.flowBoxWidth = std::clamp(o["flow_box_width"].toInt(300), kMinFlowBoxWidth, 2000);
    v.flowBoxHeight = std::clamp(o["flow_box_height"].toInt(50), kMinFlowBoxHeight, 400);
    v.flowSpacing = std::clamp(o["flow_spacing"].toInt(26), kMinFlowSpacing, 400);
    return v;
}

ViewOptions ViewOptions::fromSession(const QJsonObject& session) {
    const QJsonObject view = session["view"].toObject();
    ViewOptions v = fromJson(view);
    // Version 1 kept these in the scenario; a view value of −1 (or none) meant "the scenario's".
    const QJsonObject old = session["display"].toObject();
    if (view["tokens_per_frame"].toInteger(-1) < 0)
        v.tokensPerFrame = std::max<int64_t>(0, old["tokens_per_frame"].toInteger(0));
    if (view["query_selection"].toArray().isEmpty())
        for (const auto& e : old["query_selection"].toArray())
            v.querySelection.push_back(e.toInteger());
    if (!view.contains("sampled")) v.sampledDisplay = old["sampled"].toBool(false);
    if (!view.contains("max_display_positions"))
        v.maxDisplayPositions = std::max<int64_t>(2, old["max_display_positions"].toInteger(30));
    return v;
}

ViewOptions ViewOptions::withValueKind(ValueKind kind) const {
    ViewOptions o = *this;
    o.valueKind = kind;
    const bool probabilities = kind == ValueKind::Probabilities;
    if (o.colormap != Colormap::Palette9)
        o.colormap = probabilities ? Colormap::Sequential : Colormap::RdBuR;
    o.detailPooling = probabilities ? PoolMode::Max : PoolMode::Mean;
    return o;
}

ViewOptions ViewOptions::withPreset(const PresetDisplay& display) const {
    ViewOptions v = *this;
    v.tokensPerFrame = display.tokensPerFrame;
    v.querySelection = display.querySelection;
    v.sampledDisplay = display.sampledDisplay;
    v.maxDisplayPositions = display.maxDisplayPositions;
    return v;
}

}  // namespace attnscope
