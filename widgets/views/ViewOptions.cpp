#include "widgets/views/ViewOptions.h"

#include <QJsonArray>

namespace attnscope {

QString valueKindLabel(ValueKind kind) {
    switch (kind) {
        case ValueKind::Logits:
            return "Attention Logits";
        case ValueKind::Probabilities:
            return "Attention Probability";
        case ValueKind::MaskedLogits:
            return "Masked Attention Logits";
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
    v.tokensPerFrame = o["tokens_per_frame"].toInteger(-1);
    for (const auto& e : o["query_selection"].toArray()) v.querySelection.push_back(e.toInteger());
    v.framePooling = poolModeFromString(o["frame_pooling"].toString("mean").toStdString())
                         .value_or(PoolMode::Mean);
    v.detailPooling = poolModeFromString(o["detail_pooling"].toString("max").toStdString())
                          .value_or(PoolMode::Max);
    v.batch = std::max(0, o["batch"].toInt(0));
    v.head = std::max(0, o["head"].toInt(0));
    v.columns = std::clamp(o["columns"].toInt(4), 1, 16);
    v.flowBoxWidth = std::clamp(o["flow_box_width"].toInt(300), kMinFlowBoxWidth, 2000);
    v.flowBoxHeight = std::clamp(o["flow_box_height"].toInt(50), kMinFlowBoxHeight, 400);
    v.flowSpacing = std::clamp(o["flow_spacing"].toInt(26), kMinFlowSpacing, 400);
    return v;
}

}  // namespace attnscope
