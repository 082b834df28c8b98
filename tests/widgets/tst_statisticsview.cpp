// StatisticsView: the per-head table against an independent recomputation from the trace's
// scores and probabilities (plain loops), sorting, CSV export and the table figure.

#include <QFile>
#include <QImage>
#include <QPushButton>
#include <QSignalSpy>
#include <QHeaderView>
#include <QScrollBar>
#include <QTableWidget>
#include <QTemporaryDir>

#include "ViewTestSupport.h"
#include "core/backends/cpu/CpuBackend.h"
#include "core/engine/TraceBuilder.h"
#include "core/presets/Presets.h"
#include "widgets/export/FigureExporter.h"
#include "widgets/stats/StatisticsView.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {
struct Expected {
    double diagonal = 0, firstColumn = 0, entropy = 0, distance = 0, first = 0, sink = 0;
};

// Head h of the 19 × 19 frame-mean pooling of `a` (frames of 16 tokens), token-level entropy and
// distance of `p`, sink over query frames 16–18 — all by plain loops.
Expected expectedFor(const Tensor& a, const Tensor& p, int64_t h) {
    const int64_t H = a.dim(1), L = a.dim(2), tpf = 16, F = L / tpf;
    auto frame = [&](int64_t qf, int64_t kf) {
        double sum = 0;
        for (int64_t q = qf * tpf; q < (qf + 1) * tpf; ++q)
            for (int64_t k = kf * tpf; k < (kf + 1) * tpf; ++k) sum += a[(h * L + q) * L + k];
        return sum / double(tpf * tpf);
    };
    Expected e;
    for (int64_t f = 0; f < F; ++f) {
        e.diagonal += frame(f, f) / double(F);
        e.firstColumn += frame(f, 0) / double(F);
    }
    std::vector<double> r(F, 0.0);
    for (int64_t kf = 0; kf < F; ++kf)
        for (int64_t qf : {16, 17, 18}) r[kf] += frame(qf, kf) / 3.0;
    double mid = 0;
    for (int64_t k = 1; k + 1 < F; ++k) mid += r[k] / double(F - 2);
    e.first = r[0];
    e.sink = r[0] - mid;
    int64_t rows = 0;
    for (int64_t q = 0; q < L; ++q) {
        double en = 0, dist = 0, mass = 0;
        for (int64_t k = 0; k < L; ++k) {
            const double x = p[(h * L + q) * L + k];
            if (x <= 0) continue;
            mass += x;
            en -= x * std::log(x);
            dist += x * double(std::abs(q - k));
        }
        if (mass <= 0) continue;
        e.entropy += en;
        e.distance += dist;
        ++rows;
    }
    e.entropy /= double(rows);
    e.distance /= double(rows);
    Q_UNUSED(H);
    return e;
}

bool close(double a, double b) {
    return std::abs(a - b) <= 1e-4 + 1e-4 * std::abs(b);
}
}  // namespace

class TestStatisticsView : public QObject {
    Q_OBJECT
private slots:
    void tableMatchesIndependentComputation() {
        const TracePtr trace = presetTrace("video-frames");
        StatisticsView view;
        view.setOptions(presetOptions("video-frames"));
        QSignalSpy spy(&view, &StatisticsView::drawn);
        view.setTrace(trace);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(view.figureName(), QString("stats"));
        QCOMPARE(view.rowCount(), 12);
        QCOMPARE(view.table()->columnCount(), 9);
        QCOMPARE(view.table()->horizontalHeaderItem(2)->text(), QString("First-column\nmean"));
        const auto& stats = view.statistics();
        QCOMPARE(int(stats.size()), 12);
        for (int h = 0; h < 12; ++h) {
            const Expected e = expectedFor(trace->steps.scores, trace->steps.probs, h);
            const QString what = QString("head %1").arg(h);
            QVERIFY2(close(stats[h].diagonalMean, e.diagonal), qPrintable(what));
            QVERIFY2(close(stats[h].firstColumnMean, e.firstColumn), qPrintable(what));
            QVERIFY2(close(stats[h].rowEntropy, e.entropy), qPrintable(what));
            QVERIFY2(close(stats[h].meanDistance, e.distance), qPrintable(what));
            QVERIFY2(close(stats[h].sink.first, e.first), qPrintable(what));
            QVERIFY2(close(stats[h].sink.sink, e.sink), qPrintable(what));
            // The table shows the same numbers, 4 decimals.
            QCOMPARE(view.cellTexts()[h][0], QString::number(h));
            QCOMPARE(view.cellTexts()[h][8], QString::number(e.sink, 'f', 4));
        }
    }

    void tableFitsItsPane() {
        // The width the views get in a 1280 × 800 window: no column hidden behind a scroll bar.
        StatisticsView view;
        view.resize(560, 600);
        view.show();
        view.setTrace(presetTrace("streaming-sinks"));
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(!view.table()->horizontalScrollBar()->isVisible());
        const QHeaderView* header = view.table()->horizontalHeader();
        QVERIFY(header->length() <= view.table()->viewport()->width());
    }

    void csvHasHeaderAndOneLinePerHead() {
        const TracePtr trace = presetTrace("video-frames");
        StatisticsView view;
        view.setOptions(presetOptions("video-frames"));
        view.setTrace(trace);
        const QList<QByteArray> lines = view.csv().trimmed().split('\n');
        QCOMPARE(lines.size(), 13);
        QCOMPARE(lines[0], QByteArray("head,diagonal_mean,first_column_mean,row_entropy,"
                                      "mean_distance,first,mid,last,sink"));
        for (int h = 0; h < 12; ++h) {
            const QList<QByteArray> f = lines[h + 1].split(',');
            QCOMPARE(f.size(), 9);
            QCOMPARE(f[0].toInt(), h);
            const Expected e = expectedFor(trace->steps.scores, trace->steps.probs, h);
            QVERIFY(close(f[8].toDouble(), e.sink));
            QVERIFY(close(f[3].toDouble(), e.entropy));
        }
        const auto extra = view.extraExports();
        QCOMPARE(extra.size(), 1);
        QCOMPARE(extra[0].first, QString("stats.csv"));
        QCOMPARE(extra[0].second, view.csv());
        QTemporaryDir dir;
        const QString path = dir.filePath("out.csv");
        QVERIFY(view.saveCsv(path));
        QCOMPARE(test::fileBytes(path), view.csv());
        QVERIFY(!view.saveCsv(dir.filePath("missing/dir/out.csv")));
        QVERIFY(view.findChild<QPushButton*>("exportCsv"));
    }

    void sortsBySinkPuttingPlantedHeadsFirst() {
        StatisticsView view;
        showPreset(view, "video-frames");
        view.table()->sortItems(8, Qt::DescendingOrder);
        QSet<int> top;
        for (int r = 0; r < 5; ++r) top.insert(view.cellTexts()[r][0].toInt());
        QCOMPARE(top, QSet<int>({0, 4, 6, 7, 9}));
        QVERIFY(view.cellTexts()[0][8].toDouble() > 2);
        QVERIFY(view.cellTexts()[11][8].toDouble() < 1);
        // The CSV stays in head order.
        QVERIFY(view.csv().split('\n')[1].startsWith("0,"));
    }

    void probabilitiesChangeTheValues() {
        const TracePtr trace = presetTrace("video-frames");
        StatisticsView view;
        view.setOptions(presetOptions("video-frames"));
        view.setTrace(trace);
        QVERIFY(view.subtitle().startsWith("Attention Logits"));
        QSignalSpy spy(&view, &StatisticsView::drawn);
        ViewOptions options = presetOptions("video-frames");
        options.valueKind = ValueKind::Probabilities;
        view.setOptions(options);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(view.subtitle(),
                 QString("Attention Probability · frames · Query: frames [16, 17, 18]"));
        const Expected e = expectedFor(trace->steps.probs, trace->steps.probs, 4);
        QVERIFY(close(view.statistics()[4].firstColumnMean, e.firstColumn));
        QVERIFY(close(view.statistics()[4].sink.sink, e.sink));
    }

    void exportsTheTableAsFigure() {
        StatisticsView view;
        showPreset(view, "video-frames");
        const QByteArray svg = FigureExporter::renderSvg(view);
        QVERIFY(svg.contains("<text"));
        QVERIFY(svg.contains("Layer 3: Per-Head Attention Statistics"));
        QVERIFY(svg.contains("First-column mean"));
        QVERIFY(svg.contains(">" + view.cellTexts()[4][8].toUtf8() + "<"));
        QTemporaryDir dir;
        const QString path = dir.filePath("stats.png");
        QVERIFY(FigureExporter::exportFigure(view, path, FigureFormat::Png, 300));
        const QImage image(path);
        QCOMPARE(image.size(), (QSizeF(view.figureSize()) * (300.0 / 96.0)).toSize());
        QStringList written;
        QVERIFY(FigureExporter::exportAll({&view}, dir.filePath("all"), {}, &written));
        QCOMPARE(written.size(), 3);
        QCOMPARE(test::fileBytes(dir.filePath("all/stats.csv")), view.csv());
    }
};

QTEST_MAIN(TestStatisticsView)
#include "tst_statisticsview.moc"
