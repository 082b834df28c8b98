#pragma once
// VectorView3D: the 3D vector view of SPEC §6 — Q, K and V of the selected head as points
// (joint PCA or three chosen dimensions) coloured by role, and the selected query's attention to
// every key as segments whose width and opacity follow the weight. Owns its Q3DScatter (only when
// OpenGL is available) and a small control panel (head, query, projection, camera).

#include <array>
#include <vector>

#include "widgets/three_d/VectorScene.h"
#include "widgets/views/FigureView.h"

class Q3DScatter;
class QScatter3DSeries;
class QComboBox;
class QLabel;
class QSpinBox;

namespace attnscope {

class VectorView3D : public FigureView {
    Q_OBJECT
public:
    /// At most this many segments are drawn: the most attended keys (all keys for short rows).
    static constexpr int kMaxSegments = 128;
    static constexpr float kMaxRadius = 0.04f;  // of the strongest segment, in axis half-widths
    static constexpr float kMinOpacity = 0.2f;  // the faintest segments stay visible

    explicit VectorView3D(QWidget* parent = nullptr);
    ~VectorView3D() override;

    QString viewTitle() const override { return tr("3D vectors"); }
    QString figureName() const override { return "3d-vectors"; }
    ViewPreparer preparer(const TracePtr& trace, const ViewOptions& options) const override;
    void renderFigure(QPaintDevice& device, const QSize& size, double scale) override;
    bool supportsSvg() const override { return false; }
    Status renderStatus() const override;

    void setSceneOptions(const VectorSceneOptions& options);
    const VectorSceneOptions& sceneOptions() const { return m_sceneOptions; }
    void setCameraPreset(int index);  // an index of cameraPresetNames()
    static QStringList cameraPresetNames();

    // What was drawn, for tests.
    const VectorScene& scene() const { return m_scene; }
    struct DrawnSegment {
        int key = 0;
        float weight = 0, radius = 0, opacity = 0;
    };
    const std::vector<DrawnSegment>& drawnSegments() const { return m_drawn; }
    Q3DScatter* graph() const { return m_graph; }  // null without OpenGL
    QString figureTitle() const;
    static QColor roleColour(VectorRole role);

protected:
    void redraw() override;

private:
    VectorSceneOptions sceneOptionsFor(const Trace* trace, const ViewOptions& options) const;
    void updateGraph();
    void updateSegments();
    void syncControls();
    QWidget* createControls();

    VectorSceneOptions m_sceneOptions;
    // The sequence on which the user picked the query (another sequence starts in the middle).
    static constexpr int64_t kNextTrace = -2;  // picked before any trace: the next one's
    int64_t m_pickedLength = -1;
    std::vector<std::string> m_pickedTokens;
    bool m_showingScene = false;  // redraw() is selecting the drawn query
    VectorScene m_scene;
    std::vector<DrawnSegment> m_drawn;
    Q3DScatter* m_graph = nullptr;
    std::array<QScatter3DSeries*, 3> m_series{};
    QSpinBox* m_head = nullptr;
    QSpinBox* m_query = nullptr;
    QComboBox* m_projection = nullptr;
    std::array<QSpinBox*, 3> m_dims{};
    QComboBox* m_camera = nullptr;
    QLabel* m_info = nullptr;
};

}  // namespace attnscope
