// HeatmapGridView: what the per-head grid drew (cells against an independent pooling of the
// trace in plain loops, symmetric colour range, titles, origin, no interpolation), the hover
// read-out, click versus drag, pan and zoom shared by every head with re-pooling of the visible
// region off the UI thread, and export as SVG text and PNG at a dpi.

#include <qcustomplot.h>
#include <QImage>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolButton>

#include "ViewTestSupport.h"
#include "widgets/export/FigureExporter.h"
#include "widgets/heatmap/Colormaps.h"
#include "widgets/heatmap/HeatmapGridView.h"
#include "widgets/views/PositionTicker.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {
/// Max over the tokens [r0, r1) × [c0, c1) of head h (batch 0) of a [B, H, L, L] tensor.
double maxOf(const Tensor& a, int64_t h, int64_t r0, int64_t r1, int64_t c0, int64_t c1) {
    const int64_t H = a.dim(1), lq = a.dim(2), lk = a.dim(3);
    double m = -INFINITY;
    for (int64_t q = r0; q < r1; ++q)
        for (int64_t k = c0; k < c1; ++k) {
            const float v = a[(h * lq + q) * lk + k];
            if (std::isfinite(v)) m = std::max(m, double(v));
        }
    Q_UNUSED(H);
    return m;
}

/// Mean of the frame cell (qf, kf) of head h with frames of `tpf` tokens.
double frameMean(const Tensor& a, int64_t h, int64_t tpf, int64_t qf, int64_t kf) {
    const int64_t lq = a.dim(2), lk = a.dim(3);
    double s = 0;
    for (int64_t q = qf * tpf; q < (qf + 1) * tpf; ++q)
        for (int64_t k = kf * tpf; k < (kf + 1) * tpf; ++k) s += a[(h * lq + q) * lk + k];
    return s / double(tpf * tpf);
}

QCPColorMap* mapOf(HeatmapGridView& view, int i) {
    return qobject_cast<QCPColorMap*>(view.plot()->plottable(i));
}

TracePtr longTrace(int64_t L) {
    Scenario s = *presetScenario("local");
    s.qLen = s.kvLen = L;
    s.heads = s.kvHeads = 4;
    return buildTrace(s);
}
}  // namespace

class TestHeatmapGridView : public QObject {
    Q_OBJECT
private slots:
    void maskedCellsAreGreyWithALegend() {
        const TracePtr trace = presetTrace("hf-causal");  // causal: the upper triangle is masked
        HeatmapGridView view;
        view.setTrace(trace);
        const DisplayMatrices& m = view.matrices();
        const int64_t L = trace->qLen();
        QVERIFY(m.anyMasked);
        for (int64_t h = 0; h < m.heads(); ++h) {
            QVERIFY(std::isnan(m.at(h, 0, L - 1)));  // masked: neither 0 nor a logit
            QVERIFY(std::isfinite(m.at(h, L - 1, 0)));
            QCOMPARE(double(m.at(h, L - 1, 0)),
                     double(trace->steps.scores[(h * L + (L - 1)) * L + 0]));
        }
        QCPColorMap* map = mapOf(view, 0);
        QCOMPARE(QColor(map->colorScale()->gradient().color(NAN, QCPRange(0, 1))), kMaskedColour);
        // Grey is none of the map's own colours: neither end nor the middle.
        for (double v : {0.0, 0.5, 1.0})
            QVERIFY(QColor(map->colorScale()->gradient().color(v, QCPRange(0, 1))) !=
                    kMaskedColour);
        bool legend = false;
        for (int i = 0; i < view.plot()->plotLayout()->elementCount(); ++i)
            if (auto* t = qobject_cast<QCPTextElement*>(view.plot()->plotLayout()->elementAt(i)))
                legend = legend || t->text().contains("masked");
        QVERIFY(legend);
        // A full mask has nothing masked and no legend.
        Scenario s = *presetScenario("hf-causal");
        s.mask = "full";
        view.setTrace(buildTrace(s));
        QVERIFY(!view.matrices().anyMasked);
    }

    void tokensOnTheAxesWhenTheyFit() {
        const TracePtr trace = presetTrace("translation");
        QVERIFY(!trace->keyTokens.empty());
        HeatmapGridView view;
        view.resize(1400, 1000);
        view.show();
        view.setTrace(trace);
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.plot()->replot();
        QCPAxis* x = mapOf(view, 0)->keyAxis();
        QCPAxis* y = mapOf(view, 0)->valueAxis();
        const QVector<QString> labels = x->tickVectorLabels();
        QVERIFY(!labels.isEmpty());
        int tokens = 0;
        for (const QString& l : labels)
            for (const auto& t : trace->keyTokens)
                if (!l.isEmpty() && l == PositionTicker::tokenText(QString::fromStdString(t))) {
                    ++tokens;
                    break;
                }
        QVERIFY2(tokens == labels.size(),
                 qPrintable(QStringList(labels.begin(), labels.end()).join("|")));
        QCOMPARE(x->tickLabelRotation(), 90.0);
        QVERIFY(!y->tickVectorLabels().isEmpty());
        QCOMPARE(y->tickVectorLabels().first(),
                 PositionTicker::tokenText(QString::fromStdString(trace->queryTokens.front())));
    }

    void tickLabelsNeverOverlap() {
        // 1000 positions on narrow heads: round numbers, as many as fit side by side.
        HeatmapGridView view;
        view.resize(900, 700);
        view.show();
        view.setTrace(longTrace(1000));
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.plot()->replot();
        for (int i = 0; i < 4; ++i) {
            QCPAxis* x = mapOf(view, i)->keyAxis();
            const QFontMetrics fm(x->tickLabelFont());
            const QVector<double> ticks = x->tickVector();
            const QVector<QString> labels = x->tickVectorLabels();
            QVERIFY(ticks.size() >= 2);
            for (int t = 1; t < ticks.size(); ++t) {
                const double gap = x->coordToPixel(ticks[t]) - x->coordToPixel(ticks[t - 1]);
                const double need =
                    0.5 * (fm.horizontalAdvance(labels[t - 1]) + fm.horizontalAdvance(labels[t]));
                QVERIFY2(gap > need + 2, qPrintable(QString("%1 and %2: %3 px apart, %4 needed")
                                                        .arg(labels[t - 1], labels[t])
                                                        .arg(gap)
                                                        .arg(need)));
            }
        }
    }

    void cellsAreSquare() {
        // 13 × 13 maps of 12 heads in 4 columns, in a wide and in a tall window (issue 12 saw
        // 7 × 51-pixel cells).
        Scenario s = *presetScenario("local");
        s.qLen = s.kvLen = 13;
        s.heads = s.kvHeads = 12;
        const TracePtr trace = buildTrace(s);
        for (QSize size : {QSize(1400, 500), QSize(700, 1300)}) {
            HeatmapGridView view;
            view.resize(size);
            view.show();
            view.setTrace(trace);
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            view.plot()->replot();
            for (int i = 0; i < 12; ++i) {
                const QRect inner = mapOf(view, i)->keyAxis()->axisRect()->rect();
                const double w = inner.width() / 13.0, h = inner.height() / 13.0;
                QVERIFY2(std::abs(w - h) <= 0.05 * std::max(w, h) + 0.5,
                         qPrintable(QString("head %1: cells %2 × %3 px at %4 × %5")
                                        .arg(i)
                                        .arg(w)
                                        .arg(h)
                                        .arg(size.width())
                                        .arg(size.height())));
            }
        }
    }

    void noPanningPastTheDataAndZoomResets() {
        HeatmapGridView view;
        view.resize(1000, 800);
        view.show();
        view.setTrace(longTrace(400));
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto* reset = view.findChild<QToolButton*>("resetZoomButton");
        QVERIFY(reset && !reset->isEnabled());
        view.setVisibleRegion(300, 500, -150, 50);  // a drag past the right and bottom edges
        for (int i = 0; i < 4; ++i) {
            const QCPRange x = mapOf(view, i)->keyAxis()->range();
            const QCPRange y = mapOf(view, i)->valueAxis()->range();
            QCOMPARE(x.lower, 199.5);  // 200 wide, moved back inside [−0.5, 399.5]
            QCOMPARE(x.upper, 399.5);
            QCOMPARE(y.lower, -0.5);
            QCOMPARE(y.upper, 199.5);
        }
        QVERIFY(view.isZoomed());
        QVERIFY(reset->isEnabled());
        view.setFocus();
        QTest::keyClick(&view, Qt::Key_Home);
        QVERIFY(!view.isZoomed());
        QCOMPARE(mapOf(view, 2)->keyAxis()->range().upper, 399.5);
        QVERIFY(!reset->isEnabled());
        view.setVisibleRegion(-1000, 5000, -1000, 5000);  // zoomed out past the data: the data
        QVERIFY(!view.isZoomed());
        QCOMPARE(mapOf(view, 0)->keyAxis()->range().lower, -0.5);
    }

    void framesMatchIndependentPooling() {
        const TracePtr trace = presetTrace("video-frames");  // 19 frames of 16 tokens, 12 heads
        HeatmapGridView view;
        view.setOptions(presetOptions("video-frames"));
        view.setTrace(trace);
        QCOMPARE(view.figureName(), QString("layer3_2d_heatmap"));
        QCOMPARE(view.figureTitle(), QString("Layer 3: 2D Attention Maps (All Heads)"));
        const QStringList titles = view.headTitles();
        QCOMPARE(titles.size(), 12);
        for (int h = 0; h < 12; ++h) QCOMPARE(titles[h], QString("Head %1").arg(h));
        const DisplayMatrices& m = view.matrices();
        QVERIFY(m.frames);
        QCOMPARE(m.rows(), 19);
        QCOMPARE(m.cols(), 19);
        double absMax = 0;
        for (int h = 0; h < 12; ++h)
            for (int r = 0; r < 19; ++r)
                for (int c = 0; c < 19; ++c) {
                    const double want = frameMean(trace->steps.scores, h, 16, r, c);
                    absMax = std::max(absMax, std::abs(want));
                    QVERIFY2(std::abs(m.at(h, r, c) - want) < 1e-4 + 1e-5 * std::abs(want),
                             qPrintable(QString("head %1 cell %2,%3").arg(h).arg(r).arg(c)));
                    QCOMPARE(mapOf(view, h)->data()->cell(c, r), double(m.at(h, r, c)));
                }
        // One symmetric colour range shared by every head; no interpolation; origin lower.
        QVERIFY(std::abs(m.vmax - absMax) < 1e-4 * absMax);
        QCOMPARE(m.vmin, -m.vmax);
        for (int h = 0; h < 12; ++h) {
            QCOMPARE(mapOf(view, h)->dataRange().lower, m.vmin);
            QCOMPARE(mapOf(view, h)->dataRange().upper, m.vmax);
            QVERIFY(!mapOf(view, h)->interpolate());
            QVERIFY(!mapOf(view, h)->valueAxis()->rangeReversed());
            QCOMPARE(mapOf(view, h)->keyAxis()->label(), QString("Key Frame"));
            // Positions are whole numbers: no tick at 2.5.
            const QVector<double> ticks = mapOf(view, h)->keyAxis()->tickVector();
            QVERIFY(!ticks.isEmpty());
            for (double t : ticks) QCOMPARE(t, std::round(t));
        }
        ViewOptions o;
        o.originLower = false;
        view.setOptions(o);
        QVERIFY(mapOf(view, 0)->valueAxis()->rangeReversed());
    }

    void longSequencesPoolToAtMost256Cells() {
        const TracePtr trace = longTrace(600);
        HeatmapGridView view;
        ViewOptions o;
        QVERIFY(o.detailPooling == PoolMode::Mean);  // the default for signed logits
        QVERIFY(o.withValueKind(ValueKind::Probabilities).detailPooling == PoolMode::Max);
        o.detailPooling = PoolMode::Max;
        view.setOptions(o);
        view.setTrace(trace);
        const DisplayMatrices& m = view.matrices();
        QVERIFY(m.pooledForDetail);
        QCOMPARE(m.rows(), 256);
        QCOMPARE(m.cols(), 256);
        for (int64_t i : {0, 17, 128, 255})
            for (int64_t j : {0, 3, 200, 255}) {
                const double want = maxOf(trace->steps.scores, 2, i * 600 / 256,
                                          (i + 1) * 600 / 256, j * 600 / 256, (j + 1) * 600 / 256);
                QVERIFY2(std::abs(m.at(2, i, j) - want) < 1e-5,
                         qPrintable(QString("cell %1,%2").arg(i).arg(j)));
            }
    }

    void hoverNamesTokensAndValue() {
        const TracePtr trace = presetTrace("local");
        HeatmapGridView view;
        view.resize(1200, 900);
        view.show();
        view.setOptions(presetOptions("local"));
        view.setTrace(trace);
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCPColorMap* map = mapOf(view, 1);
        const int x = int(map->keyAxis()->coordToPixel(3));
        const int y = int(map->valueAxis()->coordToPixel(5));
        const QString text = view.readoutAt(QPoint(x, y));
        const int64_t L = trace->kvLen();
        const float v = trace->steps.scores[(1 * trace->qLen() + 5) * L + 3];
        QVERIFY2(text.startsWith("Head 1 · q 5 ("), qPrintable(text));
        QVERIFY2(text.contains("k 3 (" + QString::fromStdString(trace->keyTokens[3]) + ")"),
                 qPrintable(text));
        QVERIFY2(text.endsWith(QString::number(double(v), 'g', 5)), qPrintable(text));
        // 13 tokens: a free ticker would put ticks at 2.5, 7.5, …; positions are whole.
        for (QCPAxis* axis : {map->keyAxis(), map->valueAxis()}) {
            QVERIFY(axis->tickVector().size() >= 3);
            for (double t : axis->tickVector()) QCOMPARE(t, std::round(t));
        }
    }

    void clickOpensDragDoesNot() {
        HeatmapGridView view;
        view.resize(1200, 900);
        view.show();
        showPreset(view, "local");
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy opened(&view, &HeatmapGridView::headActivated);
        QCPColorMap* map = mapOf(view, 2);
        const QPoint p(int(map->keyAxis()->coordToPixel(4)),
                       int(map->valueAxis()->coordToPixel(4)));
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, p);
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.at(0).at(0).toInt(), 2);
        // Zoomed in (a pan never leaves the data), a drag to the right shows earlier keys.
        view.setVisibleRegion(8, 14, 0, 8);
        const QCPRange before = map->keyAxis()->range();
        QTest::mousePress(view.plot(), Qt::LeftButton, {}, p);
        QMouseEvent move(QEvent::MouseMove, p + QPoint(40, 0), view.plot()->mapToGlobal(p),
                         Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(view.plot(), &move);
        QTest::mouseRelease(view.plot(), Qt::LeftButton, {}, p + QPoint(40, 0));
        QCOMPARE(opened.count(), 1);  // a drag pans instead
        QVERIFY(map->keyAxis()->range().lower < before.lower);
        // Every head follows the pan.
        QCOMPARE(mapOf(view, 0)->keyAxis()->range(), map->keyAxis()->range());
        QCOMPARE(mapOf(view, 3)->valueAxis()->range(), map->valueAxis()->range());
    }

    void zoomRepoolsTheVisibleRegionForEveryHead() {
        const TracePtr trace = longTrace(1500);
        HeatmapGridView view;
        view.resize(1200, 900);
        view.show();
        view.setTrace(trace);
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.pooledCells(), QSize(256, 256));
        QSignalSpy pooled(&view, &HeatmapGridView::regionPooled);
        view.setVisibleRegion(300, 420, 1000, 1100);  // keys 300–419, queries 1000–1099
        for (int h = 0; h < 4; ++h) {
            QCOMPARE(mapOf(view, h)->keyAxis()->range().lower, 299.5);
            QCOMPARE(mapOf(view, h)->valueAxis()->range().upper, 1099.5);
        }
        QVERIFY(pooled.wait(10000));
        const MatrixRegion g = view.pooledRegion();
        QCOMPARE(g.col0, 300);
        QCOMPARE(g.col1, 420);
        QCOMPARE(g.row0, 1000);
        QCOMPARE(g.row1, 1100);
        // Fewer tokens than pixels: one cell per token, each equal to the trace's value.
        QCOMPARE(view.pooledCells(), QSize(120, 100));
        for (int h : {0, 3}) {
            QCPColorMapData* d = mapOf(view, h)->data();
            QCOMPARE(d->keySize(), 120);
            QCOMPARE(d->valueSize(), 100);
            for (int r : {0, 57, 99})
                for (int c : {0, 64, 119})
                    QCOMPARE(d->cell(c, r),
                             maxOf(trace->steps.scores, h, 1000 + r, 1001 + r, 300 + c, 301 + c));
            double k = 0, v = 0;
            d->cellToCoord(5, 7, &k, &v);
            QCOMPARE(k, 305.0);
            QCOMPARE(v, 1007.0);
        }
        // Zoomed out again: the whole matrix at no more cells than pixels.
        view.setVisibleRegion(0, 1500, 0, 1500);
        QVERIFY(pooled.wait(10000));
        QVERIFY(view.pooledCells().width() <= mapOf(view, 0)->keyAxis()->axisRect()->width());
        QCOMPARE(view.pooledRegion().col1, 1500);
    }

    void newTraceDropsAPendingRepool() {
        HeatmapGridView view;
        view.resize(1200, 900);
        view.show();
        view.setTrace(longTrace(900));
        QSignalSpy pooled(&view, &HeatmapGridView::regionPooled);
        view.setVisibleRegion(10, 50, 10, 50);
        showPreset(view, "local");  // before the re-pool timer fires
        QVERIFY(!pooled.wait(500));
        QCOMPARE(view.pooledCells(),
                 QSize(int(view.matrices().cols()), int(view.matrices().rows())));
    }

    void sameGridSwapsTheCellsInPlace() {
        // A mask edit keeps heads, cells and labels: the maps stay and show the new values; a
        // zoomed view returns to the whole map; another shape builds the grid again.
        HeatmapGridView view;
        view.resize(1200, 900);
        view.show();
        ViewOptions o;
        o.valueKind = ValueKind::Probabilities;
        view.setOptions(o);
        Scenario s = *presetScenario("local");
        s.heads = s.kvHeads = 4;
        s.qLen = s.kvLen = 64;  // one cell per token
        s.mask = "causal & window(5)";
        view.setTrace(buildTrace(s));
        QCPColorMap* first = mapOf(view, 0);
        const QPointer<QCPColorMap> kept(first);
        view.setVisibleRegion(2, 10, 2, 10);
        s.mask = "causal & window(3)";
        const TracePtr edited = buildTrace(s);
        view.setTrace(edited);
        QVERIFY(kept);  // the same map, new cells
        QVERIFY(mapOf(view, 0) == first);
        const int64_t L = edited->qLen();
        for (int64_t h = 0; h < 4; ++h) {
            QCPColorMap* map = mapOf(view, int(h));
            for (int64_t q : {int64_t(0), L / 2, L - 1})
                for (int64_t k : {q - 2, q - 1, q}) {  // inside the window
                    if (k < 0) continue;
                    QCOMPARE(map->data()->cell(int(k), int(q)),
                             double(edited->steps.probs[(h * L + q) * L + k]));
                }
            QVERIFY(std::isnan(map->data()->cell(0, int(L - 1))));  // outside the window: masked
        }
        QCOMPARE(first->keyAxis()->range().lower, -0.5);
        QCOMPARE(first->keyAxis()->range().upper, double(L) - 0.5);
        s.heads = s.kvHeads = 6;
        view.setTrace(buildTrace(s));
        QCOMPARE(view.headTitles().size(), 6);
        QCOMPARE(view.plot()->plottableCount(), 6);
    }

    void exportsSvgTextAndPngAtDpi() {
        HeatmapGridView view;
        showPreset(view, "video-frames");
        const QByteArray svg = FigureExporter::renderSvg(view);
        QVERIFY(svg.contains("<text"));
        QVERIFY(svg.contains("Layer 3: 2D Attention Maps (All Heads)"));
        QVERIFY(svg.contains("Head 11"));
        QVERIFY(svg.contains("Attention Logits"));
        QVERIFY(svg.contains("Query Frame"));
        QTemporaryDir dir;
        for (int dpi : {96, 150}) {
            const QString path = dir.filePath(QString("grid%1.png").arg(dpi));
            QVERIFY(FigureExporter::exportFigure(view, path, FigureFormat::Png, dpi));
            const QImage image(path);
            QCOMPARE(image.size(), (QSizeF(view.figureSize()) * (dpi / 96.0)).toSize());
        }
    }
};

QTEST_MAIN(TestHeatmapGridView)
#include "tst_heatmapgridview.moc"
