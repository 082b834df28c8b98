#pragma once
// WeightsView3D: one head's attention as a 3D surface (query × key × value), coloured by height
// with the 2D heatmaps' colour map and value range; long sequences are pooled to at most 64 × 64
// cells (the heatmaps' level-of-detail pooling). Owns its Q3DSurface when OpenGL is available.

#include <vector>

#include "widgets/views/DisplayMatrices.h"
#include "widgets/views/FigureView.h"

class Q3DSurface;
class QSurface3DSeries;
class QComboBox;
class QLabel;
class QSpinBox;

namespace attnscope {

struct WeightsData;

class WeightsView3D : public FigureView {
    Q_OBJECT
public:
    static constexpr int64_t kMaxCells = 64;  // per side

    explicit WeightsView3D(QWidget* parent = nullptr);
    ~WeightsView3D() override;

    QString viewTitle() const override { return tr("3D weights"); }
    QString figureName() const override { return "3d-weights"; }
    ViewPreparer preparer(const TracePtr& trace, const ViewOptions& options) const override;
    void renderFigure(QPaintDevice& device, const QSize& size, double scale) override;
    bool supportsSvg() const override { return false; }
    Status renderStatus() const override;

    void setHead(int head);
    int head() const { return m_head; }
    void setCameraPreset(int index);  // an index of VectorView3D::cameraPresetNames()

    // What was drawn, for tests: heights [query rows][key columns] and the token range behind
    // each (masked logits, −inf, are drawn at the bottom of the range).
    const std::vector<std::vector<float>>& cellValues() const;
    const std::vector<std::pair<int64_t, int64_t>>& rowRanges() const;
    const std::vector<std::pair<int64_t, int64_t>>& colRanges() const;
    double vmin() const;
    double vmax() const;
    /// The colour of a value, as the surface's gradient maps it (the heatmaps' colour scale).
    QColor colourAt(double value) const;
    QString figureTitle() const;
    Q3DSurface* graph() const { return m_graph; }

protected:
    void redraw() override;

private:
    void updateGraph();

    int m_head = 0;
    std::shared_ptr<const WeightsData> m_data;  // what is drawn, as prepared (never null)
    Q3DSurface* m_graph = nullptr;
    QSurface3DSeries* m_series = nullptr;
    QSpinBox* m_headBox = nullptr;
    QComboBox* m_camera = nullptr;
    QLabel* m_info = nullptr;
};

}  // namespace attnscope
