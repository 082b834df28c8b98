#include "widgets/stats/StatisticsView.h"

#include "widgets/i18n/CoreMessages.h"
#include "widgets/views/FigureFont.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QSaveFile>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

#include "widgets/views/DisplayMatrices.h"

namespace attnscope {

namespace {
const QFont kTitleFont = figureFont(12, QFont::Bold);
const QFont kSubtitleFont = figureFont(9);
const QFont kHeaderFont = figureFont(9, QFont::Bold);
const QFont kCellFont = figureFont(9);
constexpr int kMargin = 20, kTitleHeight = 56, kRowHeight = 24, kHeadWidth = 60, kColWidth = 136;

// Sorts by the number behind the text; NaN sorts last.
class NumberItem : public QTableWidgetItem {
public:
    NumberItem(double value, const QString& text) : QTableWidgetItem(text) {
        setData(Qt::UserRole, value);
        setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    }
    bool operator<(const QTableWidgetItem& other) const override {
        const double a = data(Qt::UserRole).toDouble(), b = other.data(Qt::UserRole).toDouble();
        if (std::isnan(a)) return false;
        if (std::isnan(b)) return true;
        return a < b;
    }
};

QString formatNumber(double x) {
    return std::isfinite(x) ? QString::number(x, 'f', 4) : QString(std::isnan(x) ? "–" : "inf");
}
}  // namespace

StatisticsView::StatisticsView(QWidget* parent)
    : FigureView(parent), m_table(new QTableWidget(this)), m_caption(new QLabel(this)) {
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    auto* exportButton = new QPushButton(tr("Export CSV…"), this);
    exportButton->setObjectName("exportCsv");
    bar->addWidget(m_caption, 1);
    bar->addWidget(exportButton);
    layout->addLayout(bar);
    layout->addWidget(m_table);
    m_table->setColumnCount(int(columnTitles().size()));
    // Two-word titles on two lines, and the columns share the pane's width: the table fits the
    // pane at 1280 × 800 without a horizontal scroll bar.
    QStringList shown = columnTitles();
    for (QString& t : shown) t.replace(' ', '\n');
    m_table->setHorizontalHeaderLabels(shown);
    m_table->verticalHeader()->setVisible(false);
    QHeaderView* header = m_table->horizontalHeader();
    header->setMinimumSectionSize(48);
    header->setSectionResizeMode(QHeaderView::Stretch);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSortingEnabled(true);
    connect(exportButton, &QPushButton::clicked, this, &StatisticsView::exportCsvInteractively);
}

QStringList StatisticsView::columnTitles() {
    return {tr("Head"),        tr("Diagonal mean"), tr("First-column mean"),
            tr("Row entropy"), tr("Mean distance"), tr("First"),
            tr("Mid"),         tr("Last"),          tr("Sink")};
}

int StatisticsView::rowCount() const {
    return m_table->rowCount();
}

QSize StatisticsView::figureSize() const {
    const int rows = std::max<int>(1, int(m_stats.size()));
    const int width = 2 * kMargin + kHeadWidth + (int(columnTitles().size()) - 1) * kColWidth;
    return {width, 2 * kMargin + kTitleHeight + (rows + 1) * kRowHeight};
}

struct StatisticsData : ViewData {
    bool frames = false;
    std::vector<HeadStatistics> stats;
    QByteArray csv;
};

ViewPreparer StatisticsView::preparer(const TracePtr& trace, const ViewOptions& options) const {
    if (!trace) return {};
    return [trace, options]() -> ViewDataPtr {
        const Trace& t = *trace;
        auto d = std::make_shared<StatisticsData>();
        d->frames = effectiveTokensPerFrame(t, options) > 0;
        // The matrix the sink grid shows: frame-pooled display matrices, or the tokens themselves.
        const Tensor pooled = d->frames ? displayMatrices(t, options).values : Tensor();
        StatisticsInput in;
        in.values = d->frames ? &pooled : &valueTensor(t, options.valueKind);
        in.probs = &t.steps.probs;
        // Over all rows of the token matrix: the backend's column sums of what is shown.
        if (!d->frames && !t.steps.columnScores.empty()) {
            switch (options.valueKind) {
                case ValueKind::Logits:
                    in.columnSums = &t.steps.columnScores;
                    break;
                case ValueKind::Probabilities:
                    in.columnSums = &t.steps.columnProbs;
                    break;
                case ValueKind::MaskedLogits:
                    in.columnSums = &t.steps.columnMasked;
                    in.columnCounts = &t.steps.columnAllowed;
                    break;
            }
        }
        if (!t.steps.rowEntropy.empty() && !t.steps.rowDistance.empty()) {
            in.rowEntropy = &t.steps.rowEntropy;
            in.rowDistance = &t.steps.rowDistance;
        }
        in.batch = std::clamp<int64_t>(options.batch, 0, t.batch() - 1);
        in.qOffset = t.maskShape.qOffset;
        in.kvOffset = t.maskShape.kvOffset;
        in.selectedRows = effectiveQuerySelection(t, options);
        d->stats = computeStatistics(in);
        d->csv = QByteArray::fromStdString(statisticsCsv(d->stats));
        return d;
    };
}

void StatisticsView::redraw() {
    m_stats.clear();
    m_csv.clear();
    if (auto d = prepared<StatisticsData>(); d && m_trace) {
        m_frames = d->frames;
        m_stats = d->stats;
        m_csv = d->csv;
    }
    rebuild();
}

QString StatisticsView::figureTitle() const {
    if (!m_trace) return {};
    return tr("Layer %1: Per-Head Attention Statistics").arg(m_trace->scenario.layer);
}

QString StatisticsView::subtitle() const {
    if (!m_trace) return {};
    const auto sel = effectiveQuerySelection(*m_trace, m_options);
    QStringList rows;
    for (int64_t r : sel) rows << QString::number(r);
    const QString unit = m_frames ? tr("frames") : tr("tokens");
    const QString query =
        sel.empty() ? tr("all rows")
        : sel.size() > 12
            ? tr("%1 %2 … %3 (%4 rows)").arg(unit).arg(sel.front()).arg(sel.back()).arg(sel.size())
            : QString("%1 [%2]").arg(unit, rows.join(", "));
    return tr("%1 · %2 · Query: %3").arg(valueKindLabel(m_options.valueKind), unit, query);
}

void StatisticsView::rebuild() {
    m_table->setSortingEnabled(false);
    m_table->setRowCount(0);
    m_caption->clear();
    if (!m_trace) {
        emit drawn();
        return;
    }

    m_table->setRowCount(int(m_stats.size()));
    for (int row = 0; row < int(m_stats.size()); ++row) {
        const HeadStatistics& s = m_stats[row];
        const double cells[] = {double(s.head), s.diagonalMean, s.firstColumnMean,
                                s.rowEntropy,   s.meanDistance, s.sink.first,
                                s.sink.mid,     s.sink.last,    s.sink.sink};
        for (int c = 0; c < int(std::size(cells)); ++c) {
            auto* item =
                new NumberItem(cells[c], c == 0 ? QString::number(s.head) : formatNumber(cells[c]));
            if (c == 0) item->setTextAlignment(Qt::AlignCenter);
            m_table->setItem(row, c, item);
        }
    }
    m_table->setSortingEnabled(true);
    m_caption->setText(figureTitle() + " — " + subtitle());
    emit drawn();
}

QList<QStringList> StatisticsView::cellTexts() const {
    QList<QStringList> rows;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        QStringList row;
        for (int c = 0; c < m_table->columnCount(); ++c)
            row << (m_table->item(r, c) ? m_table->item(r, c)->text() : QString());
        rows << row;
    }
    return rows;
}

QList<QPair<QString, QByteArray>> StatisticsView::extraExports() const {
    if (m_csv.isEmpty()) return {};
    return {{"stats.csv", m_csv}};
}

Status StatisticsView::saveCsv(const QString& path) const {
    if (m_csv.isEmpty()) return Error{tr("no statistics to export").toStdString()};
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return Error{tr("%1: cannot write: %2").arg(path, f.errorString()).toStdString()};
    if (f.write(m_csv) != m_csv.size() || !f.commit())
        return Error{tr("%1: write failed: %2").arg(path, f.errorString()).toStdString()};
    return {};
}

void StatisticsView::exportCsvInteractively() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export statistics"), "stats.csv",
                                                      tr("CSV files (*.csv)"));
    if (path.isEmpty()) return;
    if (Status st = saveCsv(path); !st)
        QMessageBox::warning(this, tr("Export CSV"), coreMessage(st));
}

void StatisticsView::renderFigure(QPaintDevice& device, const QSize& size, double scale) {
    QPainter p(&device);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.scale(scale, scale);
    p.fillRect(QRect(QPoint(0, 0), size), Qt::white);
    const int width = size.width() - 2 * kMargin;
    p.setPen(Qt::black);
    p.setFont(kTitleFont);
    p.drawText(QRect(kMargin, kMargin, width, 26), Qt::AlignCenter, figureTitle());
    p.setFont(kSubtitleFont);
    p.drawText(QRect(kMargin, kMargin + 26, width, 22), Qt::AlignCenter, subtitle());

    const QStringList titles = columnTitles();
    const QList<QStringList> rows = cellTexts();
    auto columnRect = [&](int c, int y) {
        const int x = kMargin + (c == 0 ? 0 : kHeadWidth + (c - 1) * kColWidth);
        return QRect(x, y, c == 0 ? kHeadWidth : kColWidth, kRowHeight);
    };
    const int top = kMargin + kTitleHeight;
    const int tableWidth = kHeadWidth + (int(titles.size()) - 1) * kColWidth;
    p.fillRect(QRect(kMargin, top, tableWidth, kRowHeight), QColor(0xEE, 0xEE, 0xEE));
    for (int r = 1; r <= int(rows.size()); r += 2)  // light banding of every other row
        p.fillRect(QRect(kMargin, top + (r + 1) * kRowHeight, tableWidth, kRowHeight),
                   QColor(0xF7, 0xF7, 0xF7));
    p.setFont(kHeaderFont);
    for (int c = 0; c < int(titles.size()); ++c)
        p.drawText(columnRect(c, top).adjusted(4, 0, -4, 0), Qt::AlignCenter, titles[c]);
    p.setFont(kCellFont);
    for (int r = 0; r < int(rows.size()); ++r)
        for (int c = 0; c < int(rows[r].size()); ++c)
            p.drawText(columnRect(c, top + (r + 1) * kRowHeight).adjusted(4, 0, -6, 0),
                       (c == 0 ? Qt::AlignCenter : Qt::AlignRight) | Qt::AlignVCenter, rows[r][c]);
    p.setPen(QPen(QColor(0xBB, 0xBB, 0xBB), 0.8));
    const int bottom = top + (int(rows.size()) + 1) * kRowHeight;
    for (int r = 0; r <= int(rows.size()) + 1; ++r)
        p.drawLine(kMargin, top + r * kRowHeight, kMargin + tableWidth, top + r * kRowHeight);
    for (int c = 0; c <= int(titles.size()); ++c) {
        const int x = c < int(titles.size()) ? columnRect(c, top).left() : kMargin + tableWidth;
        p.drawLine(x, top, x, bottom);
    }
}

}  // namespace attnscope
