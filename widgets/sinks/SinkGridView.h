#pragma once
// SinkGridView: the sink bar grid of SPEC §6 — per head, the mean over the selected query rows
// r[k] as bars (#0173B2) with a black marker line over the key frames or tokens, titled with the
// head's sink score. Long sequences are max-pooled to at most 512 bars.

#include <QStringList>
#include <vector>

#include "core/analysis/SinkScore.h"
#include "widgets/views/PlotView.h"

class QCustomPlot;
class QCPAxisRect;

namespace attnscope {

struct SinkData;

class SinkGridView : public PlotView {
    Q_OBJECT
public:
    static constexpr int64_t kMaxBars = 512;

    explicit SinkGridView(QWidget* parent = nullptr);

    QString viewTitle() const override { return tr("Sinks"); }
    QString figureName() const override;
    bool showsPooled() const override { return true; }
    ViewPreparer preparer(const TracePtr& trace, const ViewOptions& options) const override;
    QSize figureSize() const override;

    // What was drawn, for tests and the status bar.
    QStringList headTitles() const;
    /// The bar heights r[k] of head h as drawn (max-pooled when there were more than 512 keys).
    std::vector<double> barValues(int head) const;
    /// Bar centres of head h in key positions (frames or tokens).
    std::vector<double> barPositions(int head) const;
    const std::vector<SinkScore>& sinkScores() const;
    QString figureTitle() const;
    QString queryLine() const;
    QString xLabel() const;
    QString yLabel() const;
    bool pooledBars() const;
    /// The head plots as laid out, and the grid's columns (fewer on a narrow screen).
    const std::vector<QCPAxisRect*>& headRects() const { return m_rects; }
    int columnsShown() const { return m_builtColumns; }
    /// Read-out at a widget position: "H4 · key frame 2 · 1.234", or empty.
    QString readoutAt(const QPoint& pos) const override;

    /// The trace's imported per-query-block vectors are shown instead of row means.
    bool importedVectors() const;

protected:
    void redraw() override;
    void exporting(bool on) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuild();
    /// The grid's columns: the options' on export; on screen no more than the width holds
    /// (a 9-head model in a 1280-pixel window would otherwise cut its last column).
    int columns() const;

    bool m_exportLayout = false;
    int m_builtColumns = 0;
    std::shared_ptr<const SinkData> m_data;  // what is drawn, as prepared (never null)
    std::vector<QCPAxisRect*> m_rects;
};

}  // namespace attnscope
