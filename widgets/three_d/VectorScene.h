#pragma once
// VectorScene: what the 3D vector view shows of a Trace — Q, K and V of one head as points in
// three coordinates (a joint PCA of Q ∪ K ∪ V, or three chosen dimensions), labelled by token,
// and the selected query's attention to every key as weighted segments. Pure data, no OpenGL.

#include <QString>
#include <QVector3D>
#include <array>
#include <vector>

#include "core/engine/Trace.h"

namespace attnscope {

enum class VectorRole { Query = 0, Key = 1, Value = 2 };
enum class VectorProjection { Pca, Dimensions };

struct VectorSceneOptions {
    int batch = 0;
    int head = 0;
    static constexpr int kMiddleQuery = -2;
    int query = kMiddleQuery;  // the query whose attention is drawn; −1: none; −2: Lq / 2
    VectorProjection projection = VectorProjection::Pca;
    std::array<int, 3> dimensions{0, 1, 2};  // for VectorProjection::Dimensions
    bool operator==(const VectorSceneOptions&) const = default;
};

struct VectorPoint {
    QVector3D position;
    int token = 0;  // position in its sequence
    QString label;  // "Q3 ‘cat’"
};

struct AttentionSegment {
    int key = 0;
    float weight = 0;    // probs[b, h, query, key]
    QVector3D from, to;  // the query's point → the key's point
};

struct VectorScene {
    std::array<std::vector<VectorPoint>, 3> points;  // indexed by VectorRole
    std::vector<AttentionSegment> segments;          // one per key, in key order
    std::array<QString, 3> axisTitles;               // "PC1 (41.2 %)" or "dim 5"
    std::array<int, 3> dimensions{-1, -1, -1};       // the d_head dimension per axis, or −1
    std::array<double, 3> explainedRatio{0, 0, 0};   // PCA only
    int head = 0, kvHead = 0, query = -1;
    float extent = 1;  // max |coordinate|, for a symmetric cube of axes
    QString message;   // why nothing is shown (empty when the scene is valid)

    const std::vector<VectorPoint>& role(VectorRole r) const { return points[int(r)]; }
};

/// Builds the scene; options out of range are clamped (head, batch, query, dimensions).
VectorScene buildVectorScene(const Trace& trace, const VectorSceneOptions& options);

QString roleName(VectorRole role);  // "Queries", "Keys", "Values"

}  // namespace attnscope
