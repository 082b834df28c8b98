#pragma once
// MaskMatrixView: the mask matrix of SPEC §6 — green cells can attend, white cannot, red dashed
// lines at segment boundaries and another dashed line at the start of generation; full, smartly
// sampled (tick labels show real positions) or pooled display; legend and mask properties beside.

#include <QMap>
#include <optional>
#include <vector>

#include "core/masks/MaskProperties.h"
#include "widgets/views/PlotView.h"

class QCustomPlot;
class QCPAxisRect;

namespace attnscope {

struct MaskData;

class MaskMatrixView : public PlotView {
    Q_OBJECT
public:
    /// How the positions of the matrix are shown.
    enum class DisplayMode { Full, Sampled, Pooled };
    /// Real (absolute) positions behind the displayed rows and columns; when pooled, the first
    /// position of each cell.
    struct DisplayedPositions {
        std::vector<int64_t> rows, cols;
    };

    static constexpr int kMaxPooledCells = 512;
    static const QColor kAllowedColor;
    static const QColor kBoundaryColor;
    static const QColor kGenerationColor;

    explicit MaskMatrixView(QWidget* parent = nullptr);

    QString viewTitle() const override { return tr("Mask"); }
    QString figureName() const override { return "mask"; }
    ViewPreparer preparer(const TracePtr& trace, const ViewOptions& options) const override;
    bool dependsOn(const ViewOptions& before, const ViewOptions& after) const override;
    QSize figureSize() const override { return {1150, 850}; }

    // What was drawn, for tests.
    QString figureTitle() const;
    DisplayMode displayMode() const;
    const DisplayedPositions& displayedPositions() const;
    /// Real positions of the red segment-boundary lines (each segment start after the first).
    const std::vector<int64_t>& boundaryLines() const { return m_boundaries; }
    /// Real position of the generation-start line, if any.
    std::optional<int64_t> generationLine() const { return m_generation; }
    QString propertiesText() const { return m_propertiesText; }
    /// Whether displayed cell (row r, column c) is green (pooled: any allowed pair in the cell).
    bool cellAllowed(int r, int c) const;
    /// Tick labels of the key (bottom) and query (left) axes: coordinate → label.
    QMap<double, QString> keyTickLabels() const;
    QMap<double, QString> queryTickLabels() const;

protected:
    void redraw() override;

private:
    void rebuild();
    void addLines(QCPAxisRect* rect);
    void addLegendAndProperties();
    /// Axis coordinate of the boundary before real position p on rows (or columns).
    double lineCoordinate(int64_t p, bool rows) const;

    QCPAxisRect* m_rect = nullptr;
    std::shared_ptr<const MaskData> m_data;  // what is drawn, as prepared (never null)
    std::vector<int64_t> m_boundaries;
    std::optional<int64_t> m_generation;
    QString m_propertiesText;
};

}  // namespace attnscope
