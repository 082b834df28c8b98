// SinkGridView: titles, bars and labels against an independent recomputation from the trace's
// scores (plain loops, no analysis functions), export as SVG text and PNG at 300 dpi.

#include <qcustomplot.h>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>

#include "ViewTestSupport.h"
#include "core/backends/cpu/CpuBackend.h"
#include "core/engine/TraceBuilder.h"
#include "core/presets/Presets.h"
#include "widgets/export/FigureExporter.h"
#include "widgets/sinks/SinkGridView.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {
// r[kf] of head h: the mean over query frames `frames` and key frame kf of a [1, H, L, L] tensor
// pooled into frames of `tpf` tokens (every frame full, so the mean of frame means is the mean of
// all token pairs).
std::vector<double> frameRow(const Tensor& a, int64_t h, int64_t tpf,
                             const std::vector<int64_t>& frames) {
    const int64_t H = a.dim(1), L = a.dim(2), F = L / tpf;
    std::vector<double> r(F, 0.0);
    for (int64_t kf = 0; kf < F; ++kf) {
        double sum = 0;
        int64_t n = 0;
        for (int64_t qf : frames)
            for (int64_t q = qf * tpf; q < (qf + 1) * tpf; ++q)
                for (int64_t k = kf * tpf; k < (kf + 1) * tpf; ++k, ++n)
                    sum += a[((0 * H + h) * L + q) * L + k];
        r[kf] = sum / double(n);
    }
    return r;
}

std::vector<double> tokenRow(const Tensor& a, int64_t h, const std::vector<int64_t>& rows) {
    const int64_t H = a.dim(1), lq = a.dim(2), lk = a.dim(3);
    std::vector<double> r(lk, 0.0);
    for (int64_t k = 0; k < lk; ++k) {
        for (int64_t q : rows) r[k] += a[(h * lq + q) * lk + k];
        r[k] /= double(rows.size());
    }
    Q_UNUSED(H);
    return r;
}

double sinkOf(const std::vector<double>& r) {
    double mid = 0;
    for (size_t i = 1; i + 1 < r.size(); ++i) mid += r[i];
    return r[0] - mid / double(r.size() - 2);
}

bool close(double a, double b) {
    return std::abs(a - b) <= 1e-4 + 1e-4 * std::abs(b);
}

template <class T>
T* plottableNamed(QCustomPlot* plot, const QString& name) {
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (plot->plottable(i)->name() == name) return qobject_cast<T*>(plot->plottable(i));
    return nullptr;
}
}  // namespace

class TestSinkGridView : public QObject {
    Q_OBJECT
private slots:
    void framesMatchIndependentComputation() {
        const TracePtr trace = presetTrace("video-frames");
        SinkGridView view;
        view.setOptions(presetOptions("video-frames"));
        view.setTrace(trace);
        QCOMPARE(view.figureName(), QString("layer3_perhead_grid"));
        QCOMPARE(view.figureTitle(), QString("Layer 3: Per-Head Attention Distribution"));
        QCOMPARE(view.queryLine(), QString("Query: frames [16, 17, 18]"));
        QCOMPARE(view.xLabel(), QString("Key Frame"));
        QCOMPARE(view.yLabel(), QString("Attention Logits"));
        const QStringList titles = view.headTitles();
        QCOMPARE(titles.size(), 12);
        const std::vector<int> sinkHeads{0, 4, 6, 7, 9};
        for (int h = 0; h < 12; ++h) {
            const std::vector<double> r = frameRow(trace->steps.scores, h, 16, {16, 17, 18});
            const double sink = sinkOf(r);
            QCOMPARE(titles[h], QString("H%1 (sink=%2)").arg(h).arg(sink, 0, 'f', 2));
            QVERIFY2(close(view.sinkScores()[h].sink, sink), qPrintable(titles[h]));
            const std::vector<double> bars = view.barValues(h);
            QCOMPARE(int(bars.size()), 19);
            for (size_t k = 0; k < bars.size(); ++k)
                QVERIFY2(close(bars[k], r[k]), qPrintable(QString("head %1 key %2").arg(h).arg(k)));
            QCOMPARE(view.barPositions(h).front(), 0.0);
            QCOMPARE(view.barPositions(h).back(), 18.0);
            const bool planted = std::count(sinkHeads.begin(), sinkHeads.end(), h) > 0;
            if (planted)
                QVERIFY2(sink > 2, qPrintable(titles[h]));
            else
                QVERIFY2(sink < 1, qPrintable(titles[h]));
        }
    }

    void drawsStyledBarsAndLine() {
        SinkGridView view;
        showPreset(view, "video-frames");
        QCustomPlot* plot = view.plot();
        auto* bars = plottableNamed<QCPBars>(plot, "H4 bars");
        auto* line = plottableNamed<QCPGraph>(plot, "H4 line");
        QVERIFY(bars && line);
        QCOMPARE(bars->brush().color(), QColor(0x01, 0x73, 0xB2, 217));
        QCOMPARE(bars->width(), 0.8);
        QCOMPARE(bars->data()->size(), 19);
        QCOMPARE(line->data()->size(), 19);
        QCOMPARE(line->pen().color(), QColor(Qt::black));
        QVERIFY(line->scatterStyle().shape() != QCPScatterStyle::ssNone);
        const std::vector<double> values = view.barValues(4);
        QCOMPARE(bars->data()->at(0)->mainValue(), values[0]);
        QCOMPARE(line->data()->at(18)->mainValue(), values[18]);
        // Axis labels on the outer subplots only: x on the bottom row, y on the left column.
        QCOMPARE(bars->keyAxis()->label(), QString());
        QCOMPARE(bars->valueAxis()->label(), QString("Attention Logits"));
        auto* bottom = plottableNamed<QCPBars>(plot, "H9 bars");
        QVERIFY(bottom);
        QCOMPARE(bottom->keyAxis()->label(), QString("Key Frame"));
        QCOMPARE(bottom->valueAxis()->label(), QString());
    }

    void probabilitiesChangeTheValuesAndLabel() {
        const TracePtr trace = presetTrace("video-frames");
        SinkGridView view;
        view.setOptions(presetOptions("video-frames"));
        view.setTrace(trace);
        QSignalSpy spy(&view, &SinkGridView::drawn);
        ViewOptions options = presetOptions("video-frames");
        options.valueKind = ValueKind::Probabilities;
        view.setOptions(options);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(view.yLabel(), QString("Attention Probability"));
        auto* bars = plottableNamed<QCPBars>(view.plot(), "H0 bars");
        QVERIFY(bars);
        QCOMPARE(bars->valueAxis()->label(), QString("Attention Probability"));
        const std::vector<double> r = frameRow(trace->steps.probs, 0, 16, {16, 17, 18});
        QVERIFY(close(view.barValues(0)[0], r[0]));
        QCOMPARE(view.headTitles()[0], QString("H0 (sink=%1)").arg(sinkOf(r), 0, 'f', 2));
        QVERIFY(FigureExporter::renderSvg(view).contains("Attention Probability"));
    }

    void tokensWhenFramesAreOff() {
        const TracePtr trace = presetTrace("video-frames");
        SinkGridView view;
        ViewOptions options;
        options.tokensPerFrame = 0;
        options.querySelection = {300, 301, 303};
        view.setOptions(options);
        QSignalSpy spy(&view, &SinkGridView::drawn);
        view.setTrace(trace);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(view.xLabel(), QString("Key Token"));
        QCOMPARE(view.queryLine(), QString("Query: tokens [300, 301, 303]"));
        const std::vector<double> r = tokenRow(trace->steps.scores, 6, {300, 301, 303});
        const std::vector<double> bars = view.barValues(6);
        QCOMPARE(int(bars.size()), 304);
        for (size_t k = 0; k < bars.size(); ++k) QVERIFY(close(bars[k], r[k]));
        QCOMPARE(view.headTitles()[6], QString("H6 (sink=%1)").arg(sinkOf(r), 0, 'f', 2));
        options.querySelection.clear();
        view.setOptions(options);
        view.setTrace(buildTrace(*presetScenario("video-frames")));
        QCOMPARE(view.queryLine(), QString("Query: all rows"));
    }

    void longSequencesArePooledToAtMost512Bars() {
        Scenario s = *presetScenario("video-frames");
        s.qLen = s.kvLen = 40 * 16;
        const TracePtr trace = buildTrace(s);
        SinkGridView view;
        ViewOptions lastRow;
        lastRow.querySelection = {639};
        view.setOptions(lastRow);
        view.setTrace(trace);
        QVERIFY(view.pooledBars());
        const std::vector<double> r = tokenRow(trace->steps.scores, 0, {639});
        const std::vector<double> bars = view.barValues(0);
        QCOMPARE(int(bars.size()), 512);
        const int64_t n = 640;
        for (int64_t i = 0; i < 512; ++i) {
            double m = -INFINITY;
            for (int64_t k = i * n / 512; k < (i + 1) * n / 512; ++k) m = std::max(m, r[k]);
            QVERIFY2(close(bars[i], m), qPrintable(QString("bar %1").arg(i)));
        }
        // The sink score is of the full row, not of the pooled bars.
        QCOMPARE(view.headTitles()[0], QString("H0 (sink=%1)").arg(sinkOf(r), 0, 'f', 2));
    }

    void exportsSvgTextAndPng() {
        SinkGridView view;
        showPreset(view, "video-frames");
        const QByteArray svg = FigureExporter::renderSvg(view);
        QVERIFY(svg.contains("<text"));
        QVERIFY(svg.contains("Layer 3: Per-Head Attention Distribution"));
        QVERIFY(svg.contains("Query: frames [16, 17, 18]"));
        QVERIFY(svg.contains("H4 (sink="));
        QVERIFY(svg.contains("Key Frame"));
        QTemporaryDir dir;
        const QString path = dir.filePath("grid.png");
        QVERIFY(FigureExporter::exportFigure(view, path, FigureFormat::Png, 300));
        const QImage image(path);
        QCOMPARE(image.size(), (QSizeF(view.figureSize()) * (300.0 / 96.0)).toSize());
        // Some pixels carry the bar colour (#0173B2 at alpha 0.85 over white).
        bool blue = false;
        for (int y = 0; y < image.height() && !blue; y += 3)
            for (int x = 0; x < image.width() && !blue; x += 3) {
                const QColor c = image.pixelColor(x, y);
                blue = std::abs(c.red() - 39) < 12 && std::abs(c.green() - 136) < 12 &&
                       std::abs(c.blue() - 189) < 12;
            }
        QVERIFY(blue);
    }

    void aNarrowWindowKeepsEveryHeadInside() {
        // 12 heads in 4 columns do not fit 560 pixels: on screen the grid takes fewer columns
        // and no head's plot is cut at the right edge; the export keeps the options' columns.
        SinkGridView view;
        showPreset(view, "video-frames");
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.minimumSizeHint().width() < 560);  // the window can be that narrow
        view.resize(560, 700);
        QTRY_VERIFY(view.columnsShown() < 4);
        view.plot()->replot();
        const int right = view.plot()->width();
        QCOMPARE(int(view.headRects().size()), 12);
        for (QCPAxisRect* r : view.headRects())
            QVERIFY2(r->outerRect().right() <= right, "a head's plot is cut at the right");
        QVERIFY(view.columnsShown() < 4);
        const int onScreen = view.columnsShown();
        // The figure is the options' grid, 4 columns wide, whatever the window's width.
        const QByteArray svg = FigureExporter::renderSvg(view);
        QVERIFY(svg.contains("H11 (sink="));
        QCOMPARE(view.columnsShown(), onScreen);
        SinkGridView hidden;
        showPreset(hidden, "video-frames");
        QCOMPARE(hidden.columnsShown(), 4);
    }
};

QTEST_MAIN(TestSinkGridView)
#include "tst_sinkgridview.moc"
