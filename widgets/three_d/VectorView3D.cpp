#include "widgets/three_d/VectorView3D.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QQuaternion>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QtDataVisualization/Q3DCamera>
#include <QtDataVisualization/Q3DScatter>
#include <QtDataVisualization/QCustom3DItem>
#include <QtDataVisualization/QCustom3DLabel>
#include <QtDataVisualization/QScatter3DSeries>
#include <QtDataVisualization/QValue3DAxis>
#include <algorithm>
#include <numeric>

#include "widgets/i18n/CoreMessages.h"
#include "widgets/three_d/GraphFigure.h"
#include "widgets/three_d/OpenGlProbe.h"
#include "widgets/views/FigureFont.h"

namespace attnscope {

namespace {
const std::array<std::pair<const char*, Q3DCamera::CameraPreset>, 8> kCameras{{
    {QT_TRANSLATE_NOOP("attnscope::VectorView3D", "Isometric"),
     Q3DCamera::CameraPresetIsometricRightHigh},
    {QT_TRANSLATE_NOOP("attnscope::VectorView3D", "Isometric (left)"),
     Q3DCamera::CameraPresetIsometricLeftHigh},
    {QT_TRANSLATE_NOOP("attnscope::VectorView3D", "Front"), Q3DCamera::CameraPresetFront},
    {QT_TRANSLATE_NOOP("attnscope::VectorView3D", "Left"), Q3DCamera::CameraPresetLeft},
    {QT_TRANSLATE_NOOP("attnscope::VectorView3D", "Right"), Q3DCamera::CameraPresetRight},
    {QT_TRANSLATE_NOOP("attnscope::VectorView3D", "Behind"), Q3DCamera::CameraPresetBehind},
    {QT_TRANSLATE_NOOP("attnscope::VectorView3D", "Above"), Q3DCamera::CameraPresetDirectlyAbove},
    {QT_TRANSLATE_NOOP("attnscope::VectorView3D", "Below"), Q3DCamera::CameraPresetDirectlyBelow},
}};
const QColor kSegmentColour(0xB2, 0x18, 0x2B);  // the dark red of RdBu
constexpr int kLabelledKeys = 5;                // the most attended keys get a token label
const QVector3D kLabelScale(0.6f, 0.6f, 0.6f);
constexpr float kZoom = 160;  // percent: the cube fills the view, its labels stay inside
}  // namespace

QColor VectorView3D::roleColour(VectorRole role) {
    // The colour-blind-safe palette the sink bars' #0173B2 comes from.
    switch (role) {
        case VectorRole::Query:
            return QColor(0x01, 0x73, 0xB2);
        case VectorRole::Key:
            return QColor(0xDE, 0x8F, 0x05);
        case VectorRole::Value:
            return QColor(0x02, 0x9E, 0x73);
    }
    return Qt::black;
}

QStringList VectorView3D::cameraPresetNames() {
    QStringList names;
    for (const auto& [name, preset] : kCameras) names << tr(name);
    return names;
}

VectorView3D::VectorView3D(QWidget* parent) : FigureView(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    if (Status st = OpenGlProbe::status(); st) {
        m_graph = new Q3DScatter();
        GraphFigure::applyTheme(*m_graph);
        m_graph->setAspectRatio(1.0);  // a cube: segment directions are data directions
        m_graph->setHorizontalAspectRatio(1.0);
        m_graph->setSelectionMode(QAbstract3DGraph::SelectionItem);
        for (QValue3DAxis* axis : {m_graph->axisX(), m_graph->axisY(), m_graph->axisZ()}) {
            axis->setTitleVisible(true);
            axis->setSegmentCount(4);
            axis->setLabelFormat("%.1f");
        }
        for (int r = 0; r < 3; ++r) {
            auto* s = new QScatter3DSeries;
            s->setName(roleName(VectorRole(r)));
            s->setMesh(QAbstract3DSeries::MeshSphere);
            s->setMeshSmooth(true);
            s->setItemSize(r == 0 ? 0.14f : 0.11f);
            s->setBaseColor(roleColour(VectorRole(r)));
            s->setSingleHighlightColor(QColor(0xD5, 0x5E, 0x00));
            m_graph->addSeries(s);
            m_series[r] = s;
            connect(s, &QScatter3DSeries::selectedItemChanged, this, [this, r, s](int index) {
                if (index < 0 || index >= int(m_scene.points[r].size())) return;
                s->setItemLabelFormat(m_scene.points[r][index].label +
                                      "  (@xLabel, @yLabel, @zLabel)");
                if (r == 0 && !m_showingScene && index != m_scene.query) {
                    VectorSceneOptions o = m_sceneOptions;
                    o.query = index;
                    setSceneOptions(o);
                }
            });
        }
        layout->addWidget(GraphFigure::container(*m_graph, this), 1);
    } else {
        auto* message = new QLabel(coreMessage(st), this);
        message->setWordWrap(true);
        message->setAlignment(Qt::AlignCenter);
        layout->addWidget(message, 1);
    }
    layout->addWidget(createControls());
    setCameraPreset(0);
}

VectorView3D::~VectorView3D() {
    delete m_graph;  // a QWindow inside a container widget; deleted before the container
}

Status VectorView3D::renderStatus() const {
    return OpenGlProbe::status();
}

QWidget* VectorView3D::createControls() {
    // Below the graph, so the graph gets the tab's whole width.
    auto* panel = new QWidget(this);
    auto* row = new QHBoxLayout(panel);
    row->setContentsMargins(6, 2, 6, 2);
    auto* grid = new QGridLayout;
    m_head = new QSpinBox(panel);
    m_query = new QSpinBox(panel);
    m_query->setMinimum(-1);
    m_query->setSpecialValueText(tr("none"));
    m_projection = new QComboBox(panel);
    m_projection->addItems({tr("PCA of Q ∪ K ∪ V"), tr("Three dimensions")});
    m_camera = new QComboBox(panel);
    m_camera->addItems(cameraPresetNames());
    auto* dims = new QHBoxLayout;
    for (int a = 0; a < 3; ++a) {
        m_dims[a] = new QSpinBox(panel);
        m_dims[a]->setToolTip(tr("The dimension of d_head on the %1 axis").arg(QChar('x' + a)));
        dims->addWidget(m_dims[a]);
    }
    const auto label = [panel](const QString& text) { return new QLabel(text, panel); };
    grid->addWidget(label(tr("Head")), 0, 0);
    grid->addWidget(m_head, 0, 1);
    grid->addWidget(label(tr("Query")), 0, 2);
    grid->addWidget(m_query, 0, 3);
    grid->addWidget(label(tr("Axes")), 1, 0);
    grid->addWidget(m_projection, 1, 1, 1, 3);
    grid->addWidget(label(tr("Dimensions")), 2, 0);
    grid->addLayout(dims, 2, 1, 1, 3);
    grid->addWidget(label(tr("Camera")), 3, 0);
    grid->addWidget(m_camera, 3, 1, 1, 3);
    auto* hint = new QLabel(tr("Click a query to select it; right-drag rotates, the wheel zooms."));
    hint->setStyleSheet("color: gray");
    hint->setWordWrap(true);
    grid->addWidget(hint, 4, 0, 1, 4);
    row->addLayout(grid);
    m_info = new QLabel(panel);
    m_info->setWordWrap(true);
    m_info->setMinimumWidth(120);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_info->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    row->addWidget(m_info, 1);

    auto edited = [this] {
        VectorSceneOptions o = m_sceneOptions;
        o.head = m_head->value();
        // The middle query stays "the middle" until the user picks another one.
        if (m_query->value() != m_scene.query) o.query = m_query->value();
        o.projection = VectorProjection(m_projection->currentIndex());
        for (int a = 0; a < 3; ++a) o.dimensions[a] = m_dims[a]->value();
        setSceneOptions(o);
    };
    for (QSpinBox* s : {m_head, m_query, m_dims[0], m_dims[1], m_dims[2]})
        connect(s, &QSpinBox::valueChanged, this, edited);
    connect(m_projection, &QComboBox::currentIndexChanged, this, edited);
    connect(m_camera, &QComboBox::currentIndexChanged, this, &VectorView3D::setCameraPreset);
    return panel;
}

void VectorView3D::setCameraPreset(int index) {
    if (index < 0 || index >= int(kCameras.size())) return;
    if (m_camera->currentIndex() != index) m_camera->setCurrentIndex(index);  // re-enters once
    if (!m_graph) return;
    m_graph->scene()->activeCamera()->setCameraPreset(kCameras[index].second);
    m_graph->scene()->activeCamera()->setZoomLevel(kZoom);
}

namespace {
// The scene, prepared off the UI thread (ViewDeck's pool) or at once.
struct VectorData : ViewData {
    VectorSceneOptions options;
    VectorScene scene;
};
}  // namespace

VectorSceneOptions VectorView3D::sceneOptionsFor(const Trace* trace,
                                                 const ViewOptions& options) const {
    VectorSceneOptions o = m_sceneOptions;
    if (trace && o.query != VectorSceneOptions::kMiddleQuery && m_pickedLength != kNextTrace &&
        (trace->qLen() != m_pickedLength || trace->queryTokens != m_pickedTokens))
        o.query = VectorSceneOptions::kMiddleQuery;
    o.batch = options.batch;
    if (options.head != m_options.head) o.head = options.head;  // follows the inspector's head
    return o;
}

void VectorView3D::setSceneOptions(const VectorSceneOptions& options) {
    if (options == m_sceneOptions) return;
    if (options.query != m_sceneOptions.query) {
        // A query picked by the user belongs to this sequence (or, picked before any trace, to
        // the next one); another sequence starts in the middle.
        m_pickedLength = m_trace ? m_trace->qLen() : kNextTrace;
        m_pickedTokens = m_trace ? m_trace->queryTokens : std::vector<std::string>{};
    }
    m_sceneOptions = options;
    refresh();
}

ViewPreparer VectorView3D::preparer(const TracePtr& trace, const ViewOptions& options) const {
    if (!trace) return {};
    const VectorSceneOptions o = sceneOptionsFor(trace.get(), options);
    return [trace, o]() -> ViewDataPtr {
        auto d = std::make_shared<VectorData>();
        d->options = o;
        d->scene = buildVectorScene(*trace, o);
        return d;
    };
}

void VectorView3D::redraw() {
    const auto* d = prepared<VectorData>().get();
    m_sceneOptions = d ? d->options : sceneOptionsFor(m_trace.get(), m_options);
    // Nothing of an earlier trace stays on screen: no trace, no scene.
    m_scene = d && m_trace ? d->scene : VectorScene{};
    if (!m_trace) m_scene.message = tr("No trace.");
    if (m_trace && m_pickedLength == kNextTrace) {
        m_pickedLength = m_trace->qLen();
        m_pickedTokens = m_trace->queryTokens;
    }
    if (d && m_trace) m_sceneOptions.head = m_scene.head;
    m_showingScene = true;  // selecting the drawn query is not a pick by the user
    if (m_trace)
        syncControls();
    else
        m_info->setText(m_scene.message);
    updateGraph();
    updateSegments();
    m_showingScene = false;
    emit drawn();
}

void VectorView3D::syncControls() {
    const QSignalBlocker b1(m_head), b2(m_query), b3(m_projection);
    const QSignalBlocker b4(m_dims[0]), b5(m_dims[1]), b6(m_dims[2]);
    m_head->setRange(0, int(m_trace->heads()) - 1);
    m_head->setValue(m_sceneOptions.head);
    m_query->setRange(-1, int(m_trace->qLen()) - 1);
    m_query->setValue(m_scene.query);
    m_projection->setCurrentIndex(int(m_sceneOptions.projection));
    for (int a = 0; a < 3; ++a) {
        m_dims[a]->setRange(0, int(m_trace->dHead()) - 1);
        m_dims[a]->setValue(m_sceneOptions.dimensions[a]);
        m_dims[a]->setEnabled(m_sceneOptions.projection == VectorProjection::Dimensions);
    }
    QString info = m_scene.message;
    if (info.isEmpty()) {
        info = tr("Head %1 (kv head %2)").arg(m_scene.head).arg(m_scene.kvHead);
        if (m_sceneOptions.projection == VectorProjection::Pca)
            info += tr("<br>Explained variance %1 %, %2 %, %3 %")
                        .arg(100 * m_scene.explainedRatio[0], 0, 'f', 1)
                        .arg(100 * m_scene.explainedRatio[1], 0, 'f', 1)
                        .arg(100 * m_scene.explainedRatio[2], 0, 'f', 1);
        if (m_scene.query >= 0) {
            std::vector<AttentionSegment> top = m_scene.segments;
            std::stable_sort(top.begin(), top.end(),
                             [](const auto& a, const auto& b) { return a.weight > b.weight; });
            info += tr("<br><b>%1</b> attends to:")
                        .arg(m_scene.points[0][m_scene.query].label.toHtmlEscaped());
            for (size_t i = 0; i < std::min<size_t>(top.size(), kLabelledKeys); ++i)
                info += QString("<br>%1 — %2")
                            .arg(m_scene.points[1][top[i].key].label.toHtmlEscaped())
                            .arg(top[i].weight, 0, 'f', 3);
        }
    }
    m_info->setText(info);
}

QString VectorView3D::figureTitle() const {
    if (!m_scene.message.isEmpty()) return tr("Q, K, V vectors: %1").arg(m_scene.message);
    auto dimension = [this](int a) {
        const int d = m_scene.dimensions[size_t(a)];
        return d >= 0 ? QString::number(d) : QString();
    };
    QString axes = m_sceneOptions.projection == VectorProjection::Pca
                       ? tr("PCA of Q ∪ K ∪ V")
                       : tr("dimensions %1, %2, %3").arg(dimension(0), dimension(1), dimension(2));
    QString title = tr("Head %1: Q, K, V vectors (%2)").arg(m_scene.head).arg(axes);
    if (m_scene.query >= 0)
        title += tr(" · attention of %1").arg(m_scene.points[0][m_scene.query].label);
    return title;
}

void VectorView3D::updateGraph() {
    if (!m_graph) return;
    const float range = m_scene.extent * 1.1f;
    const std::array<QValue3DAxis*, 3> axes{m_graph->axisX(), m_graph->axisY(), m_graph->axisZ()};
    for (int a = 0; a < 3; ++a) {
        axes[a]->setTitle(m_scene.axisTitles[a]);
        axes[a]->setRange(-range, range);
    }
    for (int r = 0; r < 3; ++r) {
        auto* data = new QScatterDataArray;
        data->reserve(qsizetype(m_scene.points[r].size()));
        for (const VectorPoint& p : m_scene.points[r]) data->append(QScatterDataItem(p.position));
        m_series[r]->dataProxy()->resetArray(data);
    }
    m_series[0]->setSelectedItem(m_scene.query >= 0 ? m_scene.query : -1);
}

void VectorView3D::updateSegments() {
    m_drawn.clear();
    if (m_graph) m_graph->removeCustomItems();
    if (m_scene.segments.empty()) return;
    std::vector<int> order(m_scene.segments.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [this](int a, int b) {
        return m_scene.segments[a].weight > m_scene.segments[b].weight;
    });
    const float strongest = m_scene.segments[order.front()].weight;
    if (!(strongest > 0)) return;  // a fully masked row attends nowhere
    const float range = m_scene.extent * 1.1f;
    for (size_t i = 0; i < std::min<size_t>(order.size(), kMaxSegments); ++i) {
        const AttentionSegment& s = m_scene.segments[order[i]];
        if (!(s.weight > 0)) break;
        const float share = s.weight / strongest;
        DrawnSegment d{s.key, s.weight, kMaxRadius * share, std::max(kMinOpacity, share)};
        m_drawn.push_back(d);
        if (!m_graph) continue;
        // Absolute coordinates: the axis cube is [−1, 1]³ and the mesh runs along y in [−1, 1].
        const QVector3D from = s.from / range, to = s.to / range;
        const QVector3D along = to - from;
        const float length = along.length();
        if (length < 1e-4f) continue;  // the query and the key coincide
        QImage texture(2, 2, QImage::Format_ARGB32);
        QColor c = kSegmentColour;
        c.setAlphaF(d.opacity);
        texture.fill(c);
        auto* item =
            new QCustom3DItem(":/three_d/meshes/segment.obj", (from + to) / 2,
                              QVector3D(d.radius, length / 2, d.radius),
                              QQuaternion::rotationTo(QVector3D(0, 1, 0), along / length), texture);
        item->setPositionAbsolute(true);
        item->setScalingAbsolute(true);
        item->setShadowCasting(false);
        m_graph->addCustomItem(item);
        if (int(i) < kLabelledKeys) {
            auto* label = new QCustom3DLabel(m_scene.points[1][s.key].label,
                                             withCjkFallback(QFont("DejaVu Sans", 20)),
                                             to + QVector3D(0, 0.06f, 0), kLabelScale, {});
            label->setPositionAbsolute(true);
            label->setFacingCamera(true);
            label->setBackgroundEnabled(false);
            label->setTextColor(roleColour(VectorRole::Key).darker(130));
            m_graph->addCustomItem(label);
        }
    }
    if (m_graph) {
        const QVector3D q = m_scene.segments.front().from / range;
        auto* label = new QCustom3DLabel(m_scene.points[0][m_scene.query].label,
                                         withCjkFallback(QFont("DejaVu Sans", 20, QFont::Bold)),
                                         q + QVector3D(0, 0.08f, 0), kLabelScale, {});
        label->setPositionAbsolute(true);
        label->setFacingCamera(true);
        label->setBackgroundEnabled(false);
        label->setTextColor(roleColour(VectorRole::Query).darker(130));
        m_graph->addCustomItem(label);
    }
}

void VectorView3D::renderFigure(QPaintDevice& device, const QSize& size, double scale) {
    QList<GraphLegendEntry> legend;
    for (int r = 0; r < 3; ++r) legend.append({roleColour(VectorRole(r)), roleName(VectorRole(r))});
    if (m_scene.query >= 0)
        legend.append({kSegmentColour, tr("attention weight (width and opacity)")});
    const Status st = OpenGlProbe::status();
    GraphFigure::paint(device, size, scale, m_graph, figureTitle(), legend,
                       st ? m_scene.message : coreMessage(st));
}

}  // namespace attnscope
