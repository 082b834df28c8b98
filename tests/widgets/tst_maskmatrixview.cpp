// MaskMatrixView: cells against the trace's mask and SPEC §4's paraphrase rule, boundary and
// generation lines, smart sampling with real-position tick labels, pooling of long sequences,
// mask properties against plain counting, export as SVG text and PNG at 300 dpi.

#include <qcustomplot.h>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <algorithm>

#include "ViewTestSupport.h"
#include "core/backends/cpu/CpuBackend.h"
#include "core/engine/TraceBuilder.h"
#include "core/presets/Presets.h"
#include "widgets/export/FigureExporter.h"
#include "widgets/mask/MaskMatrixView.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {
// SPEC §4: paraphrase(n, t, s, g) allows kv ≤ q and (q ≥ n(t+s) or seg(q) = seg(kv)).
bool paraphraseAllows(int64_t n, int64_t t, int64_t s, int64_t q, int64_t kv) {
    const int64_t len = t + s;
    return kv <= q && (q >= n * len || q / len == kv / len);
}

// Straight lines of the plot drawn with `color`: (vertical?, coordinate) pairs.
std::vector<std::pair<bool, double>> linesOf(QCustomPlot* plot, const QColor& color) {
    std::vector<std::pair<bool, double>> lines;
    for (int i = 0; i < plot->itemCount(); ++i) {
        auto* line = qobject_cast<QCPItemStraightLine*>(plot->item(i));
        if (!line || line->pen().color() != color) continue;
        const QPointF a = line->point1->coords(), b = line->point2->coords();
        const bool vertical = a.x() == b.x();
        lines.push_back({vertical, vertical ? a.x() : a.y()});
    }
    std::sort(lines.begin(), lines.end());
    return lines;
}

QCPColorMap* colorMapOf(QCustomPlot* plot) {
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (auto* map = qobject_cast<QCPColorMap*>(plot->plottable(i))) return map;
    return nullptr;
}
}  // namespace

class TestMaskMatrixView : public QObject {
    Q_OBJECT
private slots:
    void fullDisplayMatchesMask() {
        const TracePtr trace = presetTrace("paraphrase-small");
        MaskMatrixView view;
        view.setOptions(presetOptions("paraphrase-small"));
        view.setTrace(trace);
        QCOMPARE(view.figureTitle(), QString("Attention Mask: paraphrase(3, 15, 1, 5)"));
        QCOMPARE(view.displayMode(), MaskMatrixView::DisplayMode::Full);
        const auto& pos = view.displayedPositions();
        QCOMPARE(pos.rows.size(), size_t(53));
        QCOMPARE(pos.cols.size(), size_t(53));
        QCPColorMap* map = colorMapOf(view.plot());
        QVERIFY(map);
        QCOMPARE(map->data()->keySize(), 53);
        QCOMPARE(map->data()->valueSize(), 53);
        int green = 0;
        for (int q = 0; q < 53; ++q) {
            QCOMPARE(pos.rows[size_t(q)], int64_t(q));
            for (int kv = 0; kv < 53; ++kv) {
                const bool expected = paraphraseAllows(3, 15, 1, q, kv);
                QCOMPARE(bool(trace->steps.mask.at({0, q, kv})), expected);
                QCOMPARE(view.cellAllowed(q, kv), expected);
                QCOMPARE(map->data()->cell(kv, q), expected ? 1.0 : 0.0);
                green += expected;
            }
        }
        QVERIFY(green > 0 && green < 53 * 53);
        QCOMPARE(map->gradient().color(1, QCPRange(0, 1)), MaskMatrixView::kAllowedColor);
        QCOMPARE(map->gradient().color(0, QCPRange(0, 1)), QColor(Qt::white));
    }

    void boundaryAndGenerationLines() {
        MaskMatrixView view;
        showPreset(view, "paraphrase-small");
        QCOMPARE(view.boundaryLines(), (std::vector<int64_t>{16, 32}));
        QCOMPARE(view.generationLine(), std::optional<int64_t>(48));
        // Drawn on both axes, between the last position of a segment and the first of the next.
        const auto red = linesOf(view.plot(), MaskMatrixView::kBoundaryColor);
        const std::vector<std::pair<bool, double>> expectedRed{
            {false, 15.5}, {false, 31.5}, {true, 15.5}, {true, 31.5}};
        QCOMPARE(red, expectedRed);
        const auto gen = linesOf(view.plot(), MaskMatrixView::kGenerationColor);
        QCOMPARE(gen, (std::vector<std::pair<bool, double>>{{false, 47.5}, {true, 47.5}}));
        QVERIFY(MaskMatrixView::kGenerationColor != MaskMatrixView::kBoundaryColor);
    }

    void originFollowsTheOption() {
        MaskMatrixView view;
        showPreset(view, "paraphrase-small");
        ViewOptions o;
        for (bool lower : {false, true}) {  // "query 0 at the bottom" holds for the mask too
            o.originLower = lower;
            view.setOptions(o);
            QCOMPARE(view.plot()->axisRect()->axis(QCPAxis::atLeft)->rangeReversed(), !lower);
        }
        QCOMPARE(view.plot()->axisRect()->axis(QCPAxis::atBottom)->label(),
                 QString("Key Position"));
        QCOMPARE(view.plot()->axisRect()->axis(QCPAxis::atLeft)->label(),
                 QString("Query Position"));
    }

    void causalViolationsOnlyWhereCausalityApplies() {
        MaskMatrixView view;
        showPreset(view, "local");  // self-attention
        QVERIFY(view.propertiesText().contains(QRegularExpression("causal violations: \\d+")));
        showPreset(view, "translation");  // cross-attention: two sequences
        QVERIFY2(view.propertiesText().contains("causal violations: n/a"),
                 qPrintable(view.propertiesText()));
    }

    void sampledDisplayKeepsStructure() {
        const TracePtr trace = presetTrace("paraphrase-medium");
        QVERIFY(presetDisplay("paraphrase-medium")->sampledDisplay);
        QCOMPARE(trace->qLen(), int64_t(138));
        MaskMatrixView view;
        view.setOptions(presetOptions("paraphrase-medium"));
        view.setTrace(trace);
        QCOMPARE(view.displayMode(), MaskMatrixView::DisplayMode::Sampled);
        const auto& rows = view.displayedPositions().rows;
        QVERIFY(rows.size() <= 30);
        QVERIFY(rows.size() >= 20);
        QVERIFY(std::is_sorted(rows.begin(), rows.end()));
        QVERIFY(std::adjacent_find(rows.begin(), rows.end()) == rows.end());
        auto has = [&](int64_t p) { return std::binary_search(rows.begin(), rows.end(), p); };
        for (int i = 0; i < 5; ++i) {  // paraphrase(5, 25, 1, 8): segments of 26 positions
            QVERIFY2(has(26 * i), qPrintable(QString("segment start %1").arg(26 * i)));
            QVERIFY2(has(26 * i + 25), qPrintable(QString("segment end %1").arg(26 * i + 25)));
        }
        QVERIFY(has(130));
        QVERIFY(has(137));
        QCOMPARE(view.displayedPositions().cols, rows);
        // Tick labels are the real positions; cells come from those positions.
        const QMap<double, QString> qt = view.queryTickLabels(), kt = view.keyTickLabels();
        QCOMPARE(qsizetype(qt.size()), qsizetype(rows.size()));
        QCOMPARE(qsizetype(kt.size()), qsizetype(rows.size()));
        for (size_t i = 0; i < rows.size(); ++i) {
            QCOMPARE(qt.value(double(i)), QString::number(rows[i]));
            QCOMPARE(kt.value(double(i)), QString::number(rows[i]));
            for (size_t j = 0; j < rows.size(); ++j)
                QCOMPARE(view.cellAllowed(int(i), int(j)),
                         paraphraseAllows(5, 25, 1, rows[i], rows[j]));
        }
        QCOMPARE(view.boundaryLines(), (std::vector<int64_t>{26, 52, 78, 104}));
        QCOMPARE(view.generationLine(), std::optional<int64_t>(130));
        // The line before position 26 lies between its slot and the slot before it.
        const auto slot26 = double(std::find(rows.begin(), rows.end(), 26) - rows.begin());
        const auto red = linesOf(view.plot(), MaskMatrixView::kBoundaryColor);
        QVERIFY(std::find(red.begin(), red.end(), std::make_pair(true, slot26 - 0.5)) != red.end());
    }

    void longSequenceIsPooledWithAnyAllowed() {
        Scenario sc = *presetScenario("hf-causal");
        sc.queryTokens.clear();
        sc.keyTokens.clear();
        sc.qLen = sc.kvLen = 1100;
        sc.heads = sc.kvHeads = 1;
        MaskMatrixView view;
        view.setTrace(buildTrace(sc));
        QCOMPARE(view.displayMode(), MaskMatrixView::DisplayMode::Pooled);
        const auto& rows = view.displayedPositions().rows;
        QCOMPARE(rows.size(), size_t(MaskMatrixView::kMaxPooledCells));
        const auto& cols = view.displayedPositions().cols;
        for (size_t r = 0; r < rows.size(); ++r) {
            const int64_t lastQ = r + 1 < rows.size() ? rows[r + 1] - 1 : 1099;
            for (size_t c = 0; c < cols.size(); c += 7)  // causal: some kv ≤ some q of the cell
                QCOMPARE(view.cellAllowed(int(r), int(c)), cols[c] <= lastQ);
        }
    }

    void propertiesText() {
        MaskMatrixView view;
        showPreset(view, "paraphrase-small");
        const QString text = view.propertiesText();
        QVERIFY2(text.contains("causal violations: 0"), qPrintable(text));
        QVERIFY2(text.contains("empty rows: 0"), qPrintable(text));
        QVERIFY2(text.contains("while encoding: 0"), qPrintable(text));
        int64_t allowed = 0;
        for (int q = 0; q < 53; ++q)
            for (int kv = 0; kv < 53; ++kv) allowed += paraphraseAllows(3, 15, 1, q, kv);
        QVERIFY2(text.contains(QString("allowed pairs: %1 of 2809").arg(allowed)),
                 qPrintable(text));
        QVERIFY2(text.contains("keys per query: 1 – 53"), qPrintable(text));

        // "full" over 13 tokens: every pair with kv > q violates causality.
        showPreset(view, "local");
        const int64_t L = 13;
        QVERIFY2(
            view.propertiesText().contains(QString("causal violations: %1").arg(L * (L - 1) / 2)),
            qPrintable(view.propertiesText()));
        QVERIFY(view.boundaryLines().empty());
        QVERIFY(!view.generationLine());
    }

    void emitsDrawn() {
        MaskMatrixView view;
        QSignalSpy spy(&view, &FigureView::drawn);
        view.setTrace(presetTrace("paraphrase-small"));
        QCOMPARE(spy.count(), 1);
        view.setOptions(ViewOptions{});
        QCOMPARE(spy.count(), 2);
        QCOMPARE(view.figureName(), QString("mask"));
    }

    void svgKeepsText() {
        MaskMatrixView view;
        showPreset(view, "paraphrase-small");
        const QString svg = QString::fromUtf8(FigureExporter::renderSvg(view));
        QVERIFY(svg.contains("<text"));
        for (const char* s : {"Attention Mask: paraphrase(3, 15, 1, 5)", "Key Position",
                              "Query Position", "Can attend", "Cannot attend", "Segment boundary",
                              "Generation start", "causal violations: 0"})
            QVERIFY2(svg.contains(s), s);
    }

    void pngAt300Dpi() {
        MaskMatrixView view;
        showPreset(view, "paraphrase-medium");
        QTemporaryDir dir;
        const QString path = dir.filePath("mask.png");
        const Status st = FigureExporter::exportFigure(view, path, FigureFormat::Png, 300);
        QVERIFY2(st.ok(), st.error().c_str());
        const QImage image(path);
        QCOMPARE(image.size(), (QSizeF(view.figureSize()) * (300.0 / 96.0)).toSize());
        // Somewhere the figure is green.
        bool sawGreen = false;
        for (int y = 0; y < image.height() && !sawGreen; y += 7)
            for (int x = 0; x < image.width() && !sawGreen; x += 7)
                sawGreen = image.pixelColor(x, y) == MaskMatrixView::kAllowedColor;
        QVERIFY(sawGreen);
    }
};

QTEST_MAIN(TestMaskMatrixView)
#include "tst_maskmatrixview.moc"
