#include "widgets/three_d/WeightsView3D.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLinearGradient>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QtDataVisualization/Q3DCamera>
#include <QtDataVisualization/Q3DSurface>
#include <QtDataVisualization/Q3DTheme>
#include <QtDataVisualization/QSurface3DSeries>
#include <QtDataVisualization/QValue3DAxis>
#include <algorithm>
#include <cmath>

#include "core/analysis/ViewportPooling.h"
#include "widgets/i18n/CoreMessages.h"
#include "widgets/three_d/GraphFigure.h"
#include "widgets/three_d/OpenGlProbe.h"
#include "widgets/three_d/VectorView3D.h"

namespace attnscope {

namespace {
constexpr int kGradientStops = 32;
}  // namespace

/// One head's weights as the surface shows them, prepared off the UI thread.
struct WeightsData : ViewData {
    int head = 0;
    std::vector<std::vector<float>> values;
    std::vector<std::pair<int64_t, int64_t>> rowRanges, colRanges;
    double vmin = 0, vmax = 1;
    QString label;
    bool frames = false, pooled = false;
};

WeightsView3D::WeightsView3D(QWidget* parent)
    : FigureView(parent), m_data(std::make_shared<WeightsData>()) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    if (Status st = OpenGlProbe::status(); st) {
        m_graph = new Q3DSurface();
        GraphFigure::applyTheme(*m_graph);
        // Mostly ambient light: the surface shows the colour map's colours, little shading.
        m_graph->activeTheme()->setAmbientLightStrength(0.85f);
        m_graph->activeTheme()->setLightStrength(1.5f);
        m_graph->setSelectionMode(QAbstract3DGraph::SelectionItem);
        m_graph->setAspectRatio(1.6);
        for (QValue3DAxis* axis : {m_graph->axisX(), m_graph->axisY(), m_graph->axisZ()})
            axis->setTitleVisible(true);
        m_graph->axisY()->setLabelFormat("%.2f");
        m_series = new QSurface3DSeries;
        m_series->setDrawMode(QSurface3DSeries::DrawSurfaceAndWireframe);
        m_series->setFlatShadingEnabled(false);
        m_series->setWireframeColor(QColor(0, 0, 0, 60));
        m_series->setColorStyle(Q3DTheme::ColorStyleRangeGradient);
        //: Qt Data Visualization replaces @zLabel, @xLabel and @yLabel: keep them.
        m_series->setItemLabelFormat(tr("query @zLabel · key @xLabel: @yLabel"));
        m_graph->addSeries(m_series);
        layout->addWidget(GraphFigure::container(*m_graph, this), 1);
    } else {
        auto* message = new QLabel(coreMessage(st), this);
        message->setWordWrap(true);
        message->setAlignment(Qt::AlignCenter);
        layout->addWidget(message, 1);
    }
    // Below the graph, so the graph gets the tab's whole width.
    auto* panel = new QWidget(this);
    auto* row = new QHBoxLayout(panel);
    row->setContentsMargins(6, 2, 6, 2);
    auto* grid = new QGridLayout;
    m_headBox = new QSpinBox(panel);
    m_camera = new QComboBox(panel);
    m_camera->addItems(VectorView3D::cameraPresetNames());
    grid->addWidget(new QLabel(tr("Head"), panel), 0, 0);
    grid->addWidget(m_headBox, 0, 1);
    grid->addWidget(new QLabel(tr("Camera"), panel), 1, 0);
    grid->addWidget(m_camera, 1, 1);
    grid->setRowStretch(2, 1);
    row->addLayout(grid);
    m_info = new QLabel(panel);
    m_info->setWordWrap(true);
    m_info->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    row->addWidget(m_info, 1);
    layout->addWidget(panel);
    connect(m_headBox, &QSpinBox::valueChanged, this, &WeightsView3D::setHead);
    connect(m_camera, &QComboBox::currentIndexChanged, this, &WeightsView3D::setCameraPreset);
    setCameraPreset(0);
}

WeightsView3D::~WeightsView3D() {
    delete m_graph;
}

Status WeightsView3D::renderStatus() const {
    return OpenGlProbe::status();
}

void WeightsView3D::setCameraPreset(int index) {
    const QStringList names = VectorView3D::cameraPresetNames();
    if (index < 0 || index >= names.size()) return;
    if (m_camera->currentIndex() != index) m_camera->setCurrentIndex(index);
    static const Q3DCamera::CameraPreset presets[] = {Q3DCamera::CameraPresetIsometricRightHigh,
                                                      Q3DCamera::CameraPresetIsometricLeftHigh,
                                                      Q3DCamera::CameraPresetFront,
                                                      Q3DCamera::CameraPresetLeft,
                                                      Q3DCamera::CameraPresetRight,
                                                      Q3DCamera::CameraPresetBehind,
                                                      Q3DCamera::CameraPresetDirectlyAbove,
                                                      Q3DCamera::CameraPresetDirectlyBelow};
    if (!m_graph) return;
    m_graph->scene()->activeCamera()->setCameraPreset(presets[index]);
    m_graph->scene()->activeCamera()->setZoomLevel(120);  // the axis labels stay inside
}

namespace {
// One head's cells, prepared off the UI thread (ViewDeck's pool) or at once.

std::shared_ptr<WeightsData> computeWeights(const Trace& trace, const ViewOptions& options,
                                            int headIndex) {
    auto w = std::make_shared<WeightsData>();
    w->head = std::clamp<int>(headIndex, 0, int(trace.heads()) - 1);
    const DisplayMatrices d =
        displayMatrix(trace, options, w->head, WeightsView3D::kMaxCells, false);
    w->vmin = d.vmin;
    w->vmax = d.vmax;
    w->label = d.label;
    w->frames = d.frames;
    w->pooled = d.pooledForDetail;
    const int64_t R = d.rows(), C = d.cols(), maxCells = WeightsView3D::kMaxCells;
    const float* head = d.values.data();
    // Frames can still be more than 64 per side (32 768 tokens in frames of 64): pool again.
    Tensor pooled;
    int64_t r = R, c = C;
    w->rowRanges = d.rowRanges;
    w->colRanges = d.colRanges;
    if (R > maxCells || C > maxCells) {
        r = std::min(R, maxCells);
        c = std::min(C, maxCells);
        pooled = poolToViewport(head, C, {0, R, 0, C}, r, c, options.detailPooling);
        head = pooled.data();
        auto merge = [](const std::vector<std::pair<int64_t, int64_t>>& in, int64_t out) {
            std::vector<std::pair<int64_t, int64_t>> o(out);
            const int64_t n = int64_t(in.size());
            for (int64_t i = 0; i < out; ++i)
                o[i] = {in[i * n / out].first, in[(i + 1) * n / out - 1].second};
            return o;
        };
        w->rowRanges = merge(d.rowRanges, r);
        w->colRanges = merge(d.colRanges, c);
        w->pooled = true;
    }
    w->values.assign(r, std::vector<float>(c));
    for (int64_t i = 0; i < r; ++i)
        for (int64_t j = 0; j < c; ++j) w->values[i][j] = head[i * c + j];
    return w;
}
}  // namespace

void WeightsView3D::setHead(int head) {
    if (head == m_head) return;
    m_head = head;
    refresh();
}

ViewPreparer WeightsView3D::preparer(const TracePtr& trace, const ViewOptions& options) const {
    if (!trace) return {};
    // The inspector's head, when it changes, becomes this view's head.
    const int head = options.head != m_options.head ? options.head : m_head;
    return
        [trace, options, head]() -> ViewDataPtr { return computeWeights(*trace, options, head); };
}

void WeightsView3D::redraw() {
    auto w = prepared<WeightsData>();
    if (!m_trace || !w) return;
    m_head = w->head;
    m_data = std::move(w);
    {
        const QSignalBlocker block(m_headBox);
        m_headBox->setRange(0, int(m_trace->heads()) - 1);
        m_headBox->setValue(m_head);
    }
    m_info->setText(tr("%1 × %2 cells of %3 × %4 %5%6.<br>Colour and height: %7, range "
                       "%8 to %9 over this head (the 2D heatmaps' rule).")
                        .arg(m_data->values.size())
                        .arg(m_data->values.empty() ? 0 : m_data->values.front().size())
                        .arg(m_trace->qLen())
                        .arg(m_trace->kvLen())
                        .arg(m_data->frames ? tr("tokens in frames") : tr("tokens"))
                        .arg(!m_data->pooled                            ? QString()
                             : m_options.detailPooling == PoolMode::Max ? tr(", pooled (max)")
                                                                        : tr(", pooled (mean)"))
                        .arg(m_data->label)
                        .arg(m_data->vmin, 0, 'g', 3)
                        .arg(m_data->vmax, 0, 'g', 3));
    updateGraph();
    emit drawn();
}

QColor WeightsView3D::colourAt(double value) const {
    QCPColorGradient g = makeGradient(m_options.colormap);
    return QColor::fromRgba(g.color(value, QCPRange(m_data->vmin, m_data->vmax)));
}

void WeightsView3D::updateGraph() {
    if (!m_graph || m_data->values.empty() || m_data->values.front().empty()) return;
    m_graph->axisZ()->setTitle(m_data->frames ? tr("Query Frame") : tr("Query Token"));
    m_graph->axisX()->setTitle(m_data->frames ? tr("Key Frame") : tr("Key Token"));
    m_graph->axisY()->setTitle(m_data->label);
    m_graph->axisY()->setRange(float(m_data->vmin), float(m_data->vmax));
    // Each cell sits at the first token (or frame) it covers.
    const int64_t tpf =
        m_data->frames ? std::max<int64_t>(1, effectiveTokensPerFrame(*m_trace, m_options)) : 1;
    const auto position = [tpf](const std::pair<int64_t, int64_t>& r) {
        return float(r.first / tpf);
    };
    // Ticks: one per position up to 20, else eight segments (positions are then far apart).
    const auto setPositions = [](QValue3DAxis* axis, float last) {
        last = std::max(last, 1.0f);
        axis->setRange(0, last);
        axis->setSegmentCount(last <= 20 ? int(last) : 8);
        axis->setLabelFormat(last <= 20 || last >= 80 ? "%.0f" : "%.1f");
    };
    setPositions(m_graph->axisX(), position(m_data->colRanges.back()));
    setPositions(m_graph->axisZ(), position(m_data->rowRanges.back()));
    // A surface needs two rows and two columns: a single query (a decoding step) or key is drawn
    // as a ribbon one position wide.
    const size_t rows = std::max<size_t>(2, m_data->values.size());
    const size_t cols = std::max<size_t>(2, m_data->values.front().size());
    auto* data = new QSurfaceDataArray;
    data->reserve(qsizetype(rows));
    for (size_t i = 0; i < rows; ++i) {
        const size_t si = std::min(i, m_data->values.size() - 1);
        auto* row = new QSurfaceDataRow(qsizetype(cols));
        for (size_t j = 0; j < cols; ++j) {
            const size_t sj = std::min(j, m_data->values[si].size() - 1);
            const float v = m_data->values[si][sj];
            (*row)[qsizetype(j)].setPosition(
                QVector3D(position(m_data->colRanges[sj]) + float(j - sj),
                          std::isfinite(v) ? v : float(m_data->vmin),
                          position(m_data->rowRanges[si]) + float(i - si)));
        }
        data->append(row);
    }
    m_series->dataProxy()->resetArray(data);
    // The range gradient spans the value axis, so heights map to colours as in the heatmaps.
    QCPColorGradient g = makeGradient(m_options.colormap);
    QLinearGradient gradient(0, 0, 1, 100);
    for (int i = 0; i <= kGradientStops; ++i) {
        const double t = double(i) / kGradientStops;
        gradient.setColorAt(t, QColor::fromRgba(g.color(t, QCPRange(0, 1))));
    }
    m_series->setBaseGradient(gradient);
}

QString WeightsView3D::figureTitle() const {
    return tr("Layer %1, head %2: %3 in 3D")
        .arg(m_trace ? m_trace->scenario.layer : 0)
        .arg(m_head)
        .arg(m_data->label);
}

void WeightsView3D::renderFigure(QPaintDevice& device, const QSize& size, double scale) {
    QList<GraphLegendEntry> legend{
        {colourAt(m_data->vmin), QString("%1").arg(m_data->vmin, 0, 'g', 3)},
        {colourAt((m_data->vmin + m_data->vmax) / 2),
         QString("%1").arg((m_data->vmin + m_data->vmax) / 2, 0, 'g', 3)},
        {colourAt(m_data->vmax), QString("%1").arg(m_data->vmax, 0, 'g', 3)}};
    const Status st = OpenGlProbe::status();
    GraphFigure::paint(device, size, scale, m_graph, figureTitle(), legend,
                       st ? QString() : coreMessage(st));
}

const std::vector<std::vector<float>>& WeightsView3D::cellValues() const {
    return m_data->values;
}
const std::vector<std::pair<int64_t, int64_t>>& WeightsView3D::rowRanges() const {
    return m_data->rowRanges;
}
const std::vector<std::pair<int64_t, int64_t>>& WeightsView3D::colRanges() const {
    return m_data->colRanges;
}
double WeightsView3D::vmin() const {
    return m_data->vmin;
}
double WeightsView3D::vmax() const {
    return m_data->vmax;
}

}  // namespace attnscope
