#pragma once
// ThreeDView: the "3D" tab — the vector view and the weights view side by side. Passes traces and
// options to both; exports as its two figures (3d-vectors.png, 3d-weights.png). "Export view"
// on the tab exports the vector figure.

#include "widgets/views/FigureView.h"

namespace attnscope {

class VectorView3D;
class WeightsView3D;

class ThreeDView : public FigureView {
    Q_OBJECT
public:
    explicit ThreeDView(QWidget* parent = nullptr);

    QString viewTitle() const override { return tr("3D"); }
    QString figureName() const override;
    ViewPreparer preparer(const TracePtr& trace, const ViewOptions& options) const override;
    /// Only the batch element, the head and the detail pooling change what it prepares.
    bool dependsOn(const ViewOptions& before, const ViewOptions& after) const override;
    QSize figureSize() const override;
    void renderFigure(QPaintDevice& device, const QSize& size, double scale) override;
    bool supportsSvg() const override { return false; }
    Status renderStatus() const override;
    std::vector<FigureView*> figures() override;

    VectorView3D* vectors() const { return m_vectors; }
    WeightsView3D* weights() const { return m_weights; }

protected:
    void redraw() override;

    void resizeEvent(QResizeEvent* event) override;

private:
    static constexpr int kSideBySideWidth = 900;
    class QSplitter* m_splitter;
    VectorView3D* m_vectors;
    WeightsView3D* m_weights;
};

}  // namespace attnscope
