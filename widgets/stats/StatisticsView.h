#pragma once
// StatisticsView: the per-head statistics table of SPEC §5 — diagonal and first-column means,
// row entropy, mean distance, first/mid/last/sink — sortable, exported as stats.csv and painted
// as a table figure (text as text) for SVG/PNG.

#include <QStringList>
#include <vector>

#include "core/analysis/AttentionStatistics.h"
#include "core/common/Result.h"
#include "widgets/views/FigureView.h"

class QTableWidget;
class QLabel;
class QPainter;

namespace attnscope {

class StatisticsView : public FigureView {
    Q_OBJECT
public:
    explicit StatisticsView(QWidget* parent = nullptr);

    QString viewTitle() const override { return tr("Statistics"); }
    QString figureName() const override { return "stats"; }
    ViewPreparer preparer(const TracePtr& trace, const ViewOptions& options) const override;
    QSize figureSize() const override;
    void renderFigure(QPaintDevice& device, const QSize& size, double scale) override;
    QList<QPair<QString, QByteArray>> extraExports() const override;

    /// statisticsCsv of the current statistics, in head order.
    QByteArray csv() const { return m_csv; }
    int rowCount() const;
    const std::vector<HeadStatistics>& statistics() const { return m_stats; }
    static QStringList columnTitles();
    QString figureTitle() const;
    /// "Attention Logits · frames · Query: frames [16, 17, 18]".
    QString subtitle() const;
    /// The cell texts as shown (current sort order), row by row.
    QList<QStringList> cellTexts() const;
    QTableWidget* table() const { return m_table; }
    /// Writes csv() to `path` atomically.
    Status saveCsv(const QString& path) const;

protected:
    void redraw() override;

private:
    void rebuild();
    void exportCsvInteractively();

    QTableWidget* m_table;
    QLabel* m_caption;
    bool m_frames = false;
    std::vector<HeadStatistics> m_stats;
    QByteArray m_csv;
};

}  // namespace attnscope
