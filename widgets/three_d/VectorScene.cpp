#include "widgets/three_d/VectorScene.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

#include "core/analysis/Pca.h"
#include "widgets/i18n/CoreMessages.h"

namespace attnscope {

QString roleName(VectorRole role) {
    switch (role) {
        case VectorRole::Query:
            return QCoreApplication::translate("attnscope::VectorScene", "Queries");
        case VectorRole::Key:
            return QCoreApplication::translate("attnscope::VectorScene", "Keys");
        case VectorRole::Value:
            return QCoreApplication::translate("attnscope::VectorScene", "Values");
    }
    return {};
}

namespace {
// Rows [b, h] of a [B, H, L, d] tensor, read in place.
Pca::FloatRows headRows(const Tensor& t, int64_t b, int64_t h) {
    const int64_t H = t.dim(1), L = t.dim(2), d = t.dim(3);
    return {t.data() + (b * H + h) * L * d, L};
}

QString tokenLabel(const char* prefix, int index, const std::vector<std::string>& tokens) {
    QString s = QString("%1%2").arg(prefix).arg(index);
    // Tokens that are only the position ("4") add nothing to "Q4".
    if (index < int(tokens.size()) && !tokens[index].empty() &&
        tokens[index] != std::to_string(index))
        s += QString(" ‘%1’").arg(QString::fromStdString(tokens[index]));
    return s;
}
}  // namespace

VectorScene buildVectorScene(const Trace& trace, const VectorSceneOptions& o) {
    VectorScene scene;
    if (trace.scenario.source == SourceKind::AttentionMaps) {
        scene.message = QCoreApplication::translate(
            "attnscope::VectorScene",
            "This trace has no Q/K/V vectors: its attention maps were read from a file.");
        return scene;
    }
    if (trace.q.size() == 0 || trace.k.size() == 0) {
        scene.message = QCoreApplication::translate("attnscope::VectorScene",
                                                    "This trace has no Q/K/V vectors.");
        return scene;
    }
    const int64_t b = std::clamp<int64_t>(o.batch, 0, trace.batch() - 1);
    const int64_t h = std::clamp<int64_t>(o.head, 0, trace.heads() - 1);
    const int64_t g = h / (trace.heads() / trace.kvHeads());
    const int64_t lq = trace.qLen(), lk = trace.kvLen(), d = trace.dHead();
    scene.head = int(h);
    scene.kvHead = int(g);

    const std::array<Pca::FloatRows, 3> rows{headRows(trace.q, b, h), headRows(trace.k, b, g),
                                             headRows(trace.v, b, g)};
    std::array<Eigen::MatrixXd, 3> coords;
    const int axes = int(std::min<int64_t>(3, d));
    if (o.projection == VectorProjection::Pca) {
        auto pca = Pca::fit({rows.begin(), rows.end()}, d, axes);
        if (!pca) {
            scene.message = coreMessage(pca);
            return scene;
        }
        for (int r = 0; r < 3; ++r) coords[r] = pca->project(rows[r]);
        for (int a = 0; a < axes; ++a) {
            scene.explainedRatio[a] = pca->explainedVarianceRatio()[a];
            scene.axisTitles[a] =
                QString("PC%1 (%2 %)").arg(a + 1).arg(100 * scene.explainedRatio[a], 0, 'f', 1);
        }
    } else {
        for (int r = 0; r < 3; ++r) coords[r] = Eigen::MatrixXd::Zero(rows[r].rows, axes);
        for (int a = 0; a < axes; ++a) {
            const int dim = std::clamp<int>(o.dimensions[a], 0, int(d - 1));
            for (int r = 0; r < 3; ++r)
                for (Eigen::Index i = 0; i < rows[r].rows; ++i)
                    coords[r](i, a) = rows[r].data[i * d + dim];
            scene.axisTitles[a] =
                QCoreApplication::translate("attnscope::VectorScene", "dim %1").arg(dim);
            scene.dimensions[a] = dim;
        }
    }
    for (int a = axes; a < 3; ++a) scene.axisTitles[a] = "—";  // d_head < 3: flat

    const char* prefixes[3] = {"Q", "K", "V"};
    float extent = 0;
    for (int r = 0; r < 3; ++r) {
        const auto& tokens = r == 0 ? trace.queryTokens : trace.keyTokens;
        for (Eigen::Index i = 0; i < coords[r].rows(); ++i) {
            QVector3D p;
            for (int a = 0; a < axes; ++a) p[a] = float(coords[r](i, a));
            extent = std::max({extent, std::abs(p.x()), std::abs(p.y()), std::abs(p.z())});
            scene.points[r].push_back({p, int(i), tokenLabel(prefixes[r], int(i), tokens)});
        }
    }
    scene.extent = extent > 0 ? extent : 1;

    const int64_t query = o.query == VectorSceneOptions::kMiddleQuery ? lq / 2 : o.query;
    if (query >= 0 && lq > 0 && trace.steps.probs.size() > 0) {
        scene.query = int(std::min<int64_t>(query, lq - 1));
        const float* row =
            trace.steps.probs.data() + ((b * trace.heads() + h) * lq + scene.query) * lk;
        const QVector3D from = scene.points[0][scene.query].position;
        for (int64_t k = 0; k < lk; ++k)
            scene.segments.push_back({int(k), row[k], from, scene.points[1][k].position});
    }
    return scene;
}

}  // namespace attnscope
