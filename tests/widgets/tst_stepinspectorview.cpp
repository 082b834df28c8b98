// The step inspector: every step shows the right [b, h] slice of the trace (K/V through the kv
// head under GQA), values printed in small slices, Prev/Next/Play order, the mask as 0/1, tensor
// sources without X, pooling of long axes, and SVG/PNG export.

#include <QImage>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "ViewTestSupport.h"
#include "core/backends/cpu/CpuBackend.h"
#include "core/engine/TraceBuilder.h"
#include "core/presets/Presets.h"
#include "widgets/export/FigureExporter.h"
#include "widgets/heatmap/Colormaps.h"
#include "widgets/inspector/StepInspectorView.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {

Scenario hfCausal() {
    return *presetScenario("hf-causal");
}

/// The [rows, cols] slice read independently with Tensor::at: a(index(r, c)).
template <class F>
Tensor expectedSlice(int64_t rows, int64_t cols, F value) {
    Tensor e({rows, cols});
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < cols; ++c) e.at({r, c}) = value(r, c);
    return e;
}

Tensor expectedFor(const Trace& t, Step step, int64_t b, int64_t h) {
    const int64_t g = h / (t.heads() / t.kvHeads()), d = t.dHead();
    auto of4 = [&](const Tensor& a, int64_t hh) {
        return expectedSlice(a.dim(2), a.dim(3), [&](int64_t r, int64_t c) {
            return a.at({b, hh, r, c});
        });
    };
    switch (step) {
        case Step::Input:
            return expectedSlice(t.x.dim(1), t.x.dim(2), [&](int64_t r, int64_t c) {
                return t.x.at({b, r, c});
            });
        case Step::Output:
            return expectedSlice(t.output().dim(1), t.output().dim(2), [&](int64_t r, int64_t c) {
                return t.output().at({b, r, c});
            });
        case Step::Projections:
            return expectedSlice(t.wq.dim(0), d, [&](int64_t r, int64_t c) {
                return t.wq.at({r, h * d + c});
            });
        case Step::Mask:
            return expectedSlice(t.qLen(), t.kvLen(), [&](int64_t r, int64_t c) {
                return t.steps.mask.at({b, r, c}) ? 1.0f : 0.0f;
            });
        case Step::Queries:
            return of4(t.q, h);
        case Step::Keys:
            return of4(t.k, g);
        case Step::Values:
            return of4(t.v, g);
        case Step::Scores:
            return of4(t.steps.scores, h);
        case Step::MaskedScores:
            return of4(t.steps.maskedScores, h);
        case Step::Probabilities:
            return of4(t.steps.probs, h);
        case Step::Context:
            return of4(t.steps.context, h);
    }
    return {};
}

}  // namespace

class TestStepInspectorView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        m_trace = buildTrace(hfCausal());
        QCOMPARE(m_trace->heads(), 4);
        QCOMPARE(m_trace->qLen(), 8);
        QCOMPARE(m_trace->dHead(), 16);
    }

    void eachStepShowsItsSlice_data() {
        QTest::addColumn<int>("step");
        QTest::addColumn<int>("head");
        for (int s = 0; s < kStepCount; ++s)
            for (int h : {0, 3})
                QTest::newRow(qPrintable(stepKey(Step(s)) + QString("_h%1").arg(h))) << s << h;
    }
    void eachStepShowsItsSlice() {
        QFETCH(int, step);
        QFETCH(int, head);
        StepInspectorView view;
        view.setTrace(m_trace);
        view.setHead(head);
        view.setStep(Step(step));
        QVERIFY(view.slice().available);
        const Tensor expected = expectedFor(*m_trace, Step(step), 0, head);
        const QString diff = test::compareArrays(view.currentSlice(), expected, 0, 0);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QCOMPARE(view.formulaText(), QString::fromStdString(stepFormula(Step(step))));
        // Written as a reader reads it: no raw TeX (ℝ^{L×d_model}) in the figure.
        QVERIFY2(!view.formulaText().contains("^{") && !view.formulaText().contains("_{"),
                 qPrintable(view.formulaText()));
        QVERIFY(view.titleText().contains(QString::fromStdString(stepName(Step(step)))));
        // Values are printed in the cells of slices up to 24 × 24 (not X, W or O: d_model = 64).
        const bool small = expected.dim(0) <= 24 && expected.dim(1) <= 24;
        QCOMPARE(view.cellTexts().size(), small ? expected.size() : 0);
        QVERIFY(view.infoText().contains("min"));
    }

    void headsDifferBetweenSlices() {
        // Guards the test above against a view that ignores the head.
        StepInspectorView view;
        view.setTrace(m_trace);
        view.setStep(Step::Scores);
        const Tensor h0 = view.currentSlice();
        view.setHead(2);
        QVERIFY(!test::compareArrays(view.currentSlice(), h0, 0, 0).isEmpty());
    }

    void gqaKeysAndValuesUseTheKvHead_data() {
        QTest::addColumn<int>("head");
        QTest::addColumn<int>("kvHead");
        QTest::newRow("h0") << 0 << 0;
        QTest::newRow("h3") << 3 << 0;
        QTest::newRow("h4") << 4 << 1;
        QTest::newRow("h7") << 7 << 1;
    }
    void gqaKeysAndValuesUseTheKvHead() {
        QFETCH(int, head);
        QFETCH(int, kvHead);
        Scenario s = hfCausal();
        s.heads = 8;
        s.kvHeads = 2;
        const TracePtr t = buildTrace(s);
        StepInspectorView view;
        view.setTrace(t);
        view.setHead(head);
        for (Step step : {Step::Keys, Step::Values}) {
            view.setStep(step);
            const Tensor& a = step == Step::Keys ? t->k : t->v;
            const Tensor expected = expectedSlice(a.dim(2), a.dim(3), [&](int64_t r, int64_t c) {
                return a.at({0, kvHead, r, c});
            });
            const QString diff = test::compareArrays(view.currentSlice(), expected, 0, 0);
            QVERIFY2(diff.isEmpty(), qPrintable(diff));
            QCOMPARE(view.slice().headIndex, kvHead);
            QVERIFY2(view.sliceLabel().contains(QString("g=%1").arg(kvHead)),
                     qPrintable(view.sliceLabel()));
            QVERIFY(view.sliceLabel().contains("g = h / (H/Hkv)"));
            QCOMPARE(view.headNote(), QString("kv head g = h / 4 = %1").arg(kvHead));
        }
        // Queries stay on the query head; K of the other kv head differs.
        view.setStep(Step::Queries);
        QCOMPARE(view.slice().headIndex, head);
        QVERIFY(view.headNote().isEmpty());
        QVERIFY(!test::compareArrays(expectedFor(*t, Step::Keys, 0, 0),
                                     expectedFor(*t, Step::Keys, 0, 4), 0, 0)
                     .isEmpty());
        // W_k's column block of head h is that of kv head g.
        view.setStep(Step::Projections);
        view.setProjection(ProjectionMatrix::Wk);
        const int64_t d = t->dHead();
        const Tensor expected = expectedSlice(t->wk.dim(0), d, [&](int64_t r, int64_t c) {
            return t->wk.at({r, kvHead * d + c});
        });
        QVERIFY(test::compareArrays(view.currentSlice(), expected, 0, 0).isEmpty());
    }

    void cellTextsMatchTheTensor_data() {
        QTest::addColumn<int>("step");
        for (Step s :
             {Step::Queries, Step::Scores, Step::MaskedScores, Step::Probabilities, Step::Context})
            QTest::newRow(qPrintable(stepKey(s))) << int(s);
    }
    void cellTextsMatchTheTensor() {
        QFETCH(int, step);
        StepInspectorView view;
        view.setTrace(m_trace);
        view.setHead(1);
        view.setStep(Step(step));
        const Tensor expected = expectedFor(*m_trace, Step(step), 0, 1);
        const QStringList texts = view.cellTexts();
        QCOMPARE(texts.size(), expected.size());
        int masked = 0;
        for (int64_t i = 0; i < expected.size(); ++i) {
            if (std::isinf(expected[i])) {
                QCOMPARE(texts[i], QString("−∞"));
                ++masked;
                continue;
            }
            bool ok = false;
            const double v = texts[i].toDouble(&ok);
            QVERIFY2(ok, qPrintable(texts[i]));
            QVERIFY2(
                std::abs(v - expected[i]) <= 0.0005 + 1e-7,
                qPrintable(QString("cell %1: %2 vs %3").arg(i).arg(texts[i]).arg(expected[i])));
            QCOMPARE(texts[i].section('.', 1).size(), 3);  // three decimals
        }
        // Causal 8 × 8: 28 cells above the diagonal are −∞ in the masked scores.
        QCOMPARE(masked, Step(step) == Step::MaskedScores ? 28 : 0);
    }

    void largeSlicesArePooledAndNotPrinted() {
        Scenario s = hfCausal();
        s.qLen = s.kvLen = 600;
        s.queryTokens.clear();
        const TracePtr t = buildTrace(s);
        StepInspectorView view;
        view.setTrace(t);
        view.setStep(Step::Scores);
        QVERIFY(view.slice().pooled);
        QVERIFY(view.cellTexts().isEmpty());
        const Tensor& shown = view.currentSlice();
        QCOMPARE(shown.dim(0), 256);
        QCOMPARE(shown.dim(1), 256);
        QVERIFY(view.sliceLabel().contains("600 × 600 → 256 × 256"));
        // Q [600, 16] pools only the long axis; 16 columns stay.
        view.setStep(Step::Queries);
        QCOMPARE(view.currentSlice().dim(0), 256);
        QCOMPARE(view.currentSlice().dim(1), 16);
        // Shown row i is the mean of token rows [⌊i·600/256⌋, ⌊(i+1)·600/256⌋): row 0 of 0–1,
        // row 2 of 4–6.
        const Tensor& q = t->q;
        for (int64_t c = 0; c < 16; ++c) {
            const double row0 = (q.at({0, 0, 0, c}) + q.at({0, 0, 1, c})) / 2.0;
            const double row2 =
                (q.at({0, 0, 4, c}) + q.at({0, 0, 5, c}) + q.at({0, 0, 6, c})) / 3.0;
            QVERIFY(std::abs(view.currentSlice().at({0, c}) - row0) < 1e-5);
            QVERIFY(std::abs(view.currentSlice().at({2, c}) - row2) < 1e-5);
        }
    }

    void prevNextWalkTheStepsInOrder() {
        StepInspectorView view;
        view.setTrace(m_trace);
        view.setStep(Step::Input);
        QSignalSpy spy(&view, &StepInspectorView::stepChanged);
        QVERIFY(!view.prevButton()->isEnabled());
        view.prevButton()->click();
        QCOMPARE(view.step(), Step::Input);
        QCOMPARE(spy.count(), 0);
        for (int i = 1; i < kStepCount; ++i) {
            QTest::mouseClick(view.nextButton(), Qt::LeftButton);
            QCOMPARE(int(view.step()), i);
            QCOMPARE(spy.last().at(0).value<Step>(), Step(i));
        }
        QCOMPARE(view.step(), Step::Output);
        QVERIFY(!view.nextButton()->isEnabled());
        view.nextStep();
        QCOMPARE(view.step(), Step::Output);
        QCOMPARE(spy.count(), kStepCount - 1);
        view.prevButton()->click();
        QCOMPARE(view.step(), Step::Context);
        QCOMPARE(view.figureName(), QString("inspector_context"));
    }

    void playAdvancesAndStopsAtTheEnd() {
        StepInspectorView view;
        view.setTrace(m_trace);
        view.setStep(Step::MaskedScores);
        view.playButton()->click();
        QVERIFY(view.isPlaying());
        QCOMPARE(view.playButton()->text(), QString("Stop"));
        QTRY_COMPARE_WITH_TIMEOUT(view.step(), Step::Probabilities, 3000);
        QCOMPARE(view.figureName(), QString("inspector_probabilities"));
        view.advancePlay();
        QCOMPARE(view.step(), Step::Context);
        view.advancePlay();
        QCOMPARE(view.step(), Step::Output);
        QVERIFY(!view.isPlaying());
        QCOMPARE(view.playButton()->text(), QString("Play"));
        // Play at the last step starts over from the first; Stop halts.
        view.play();
        QCOMPARE(view.step(), Step::Input);
        view.playButton()->click();
        QVERIFY(!view.isPlaying());
        QTest::qWait(2 * StepInspectorView::kPlayIntervalMs);
        QCOMPARE(view.step(), Step::Input);
    }

    void maskShowsZeroOne() {
        StepInspectorView view;
        view.setTrace(m_trace);
        view.setStep(Step::Mask);
        const Tensor& m = view.currentSlice();
        QCOMPARE(m.dim(0), 8);
        for (int64_t q = 0; q < 8; ++q)
            for (int64_t k = 0; k < 8; ++k) {
                QCOMPARE(m.at({q, k}), k <= q ? 1.0f : 0.0f);  // causal
                QCOMPARE(view.cellTexts()[q * 8 + k], QString(k <= q ? "1" : "0"));
            }
        QVERIFY(!view.headSpin()->isEnabled());
        QCOMPARE(view.colorMin(), -1.0);  // symmetric: 0 is the diverging map's white
        QCOMPARE(view.colorMax(), 1.0);
    }

    void emptyRowsAreNoted() {
        Scenario s = hfCausal();
        s.mask = "window(1) & !causal";  // kv > q: the last row has no allowed key
        const TracePtr t = buildTrace(s);
        StepInspectorView view;
        view.setTrace(t);
        view.setStep(Step::Probabilities);
        QCOMPARE(view.noteText(), QString("row 7 has no allowed key: all zero"));
        for (int64_t k = 0; k < 8; ++k) QCOMPARE(view.currentSlice().at({7, k}), 0.0f);
        view.setStep(Step::Scores);
        QVERIFY(view.noteText().isEmpty());
        view.setTrace(m_trace);
        view.setStep(Step::Probabilities);
        QVERIFY(view.noteText().isEmpty());
    }

    void colourRangeIsSymmetricForSignedValues() {
        StepInspectorView view;
        view.setTrace(m_trace);
        view.setStep(Step::Scores);
        const Tensor e = expectedFor(*m_trace, Step::Scores, 0, 0);
        double maxAbs = 0;
        for (float v : e) maxAbs = std::max(maxAbs, std::abs(double(v)));
        QCOMPARE(view.colorMax(), maxAbs);
        QCOMPARE(view.colorMin(), -maxAbs);
        // Probabilities: a sequential map over [0, max] whatever map the logits use; symmetric
        // only with the 9-colour palette, a deliberate choice.
        view.setStep(Step::Probabilities);
        QCOMPARE(view.colorMin(), 0.0);
        QCOMPARE(view.colorMax(), 1.0);  // row 0 of a causal mask has probability 1
        ViewOptions palette;
        palette.colormap = Colormap::Palette9;
        view.setOptions(palette);
        QCOMPARE(view.colorMin(), -1.0);
        ViewOptions options;
        options.colormap = Colormap::Sequential;
        view.setOptions(options);
        QCOMPARE(view.colorMin(), 0.0);
        QCOMPARE(view.colorMax(), 1.0);
        options.colormap = Colormap::RdBuR;
        options.symmetricRange = false;
        view.setOptions(options);
        view.setStep(Step::Scores);
        QCOMPARE(view.colorMin(), view.slice().min);
        QCOMPARE(view.colorMax(), view.slice().max);
        QVERIFY(view.colorMin() < 0 && -view.colorMin() != view.colorMax());
    }

    void maskedProbabilitiesAreGrey() {
        // Causal: P[0, k > 0] = 0 because the mask forbids it, drawn grey (NaN), not as 0.
        StepInspectorView view;
        view.setTrace(m_trace);
        view.setStep(Step::Probabilities);
        auto* map = qobject_cast<QCPColorMap*>(view.plot()->plottable(0));
        QVERIFY(map);
        const int64_t L = m_trace->kvLen();
        QVERIFY(std::isnan(map->data()->cell(int(L - 1), 0)));
        QCOMPARE(map->data()->cell(0, 0), 1.0);
        QVERIFY(std::isfinite(map->data()->cell(0, int(L - 1))));
        QCOMPARE(QColor(map->colorScale()->gradient().color(NAN, QCPRange(0, 1))), kMaskedColour);
        QCOMPARE(view.cellTexts().at(int(L - 1)).toDouble(), 0.0);  // the value itself stays 0
    }

    void tensorSourceHasNoInput() {
        TraceRequest request{hfCausal(), m_trace->q, m_trace->k, m_trace->v};
        CpuBackend backend;
        auto r = TraceBuilder::build(request, backend);
        QVERIFY2(r.ok(), r.error().c_str());
        StepInspectorView view;
        view.setTrace(r.value());
        for (Step step : {Step::Input, Step::Projections, Step::Output}) {
            view.setStep(step);
            QVERIFY(!view.slice().available);
            QVERIFY2(view.noteText().contains("not available for this source"),
                     qPrintable(view.noteText()));
            QVERIFY(view.cellTexts().isEmpty());
        }
        view.setStep(Step::Input);
        const QByteArray svg = FigureExporter::renderSvg(view);
        QVERIFY(svg.contains("Not available for this source"));
        view.setStep(Step::Queries);
        QVERIFY(view.slice().available);
        QVERIFY(test::compareArrays(view.currentSlice(), expectedFor(*m_trace, Step::Queries, 0, 0),
                                    0, 0)
                    .isEmpty());
    }

    void svgKeepsFormulaAndValuesAsText() {
        StepInspectorView view;
        view.setTrace(m_trace);
        view.setStep(Step::Queries);
        const QByteArray svg = FigureExporter::renderSvg(view);
        QVERIFY(svg.contains("<text"));
        QVERIFY(svg.contains(QString("Q = X·W_q").toUtf8()));
        QVERIFY(svg.contains(QString("Step 3/11: Queries Q").toUtf8()));
        QVERIFY(svg.contains(view.cellTexts().first().toUtf8()));
    }

    void pngAt300Dpi() {
        StepInspectorView view;
        view.setTrace(m_trace);
        view.setStep(Step::Probabilities);
        QTemporaryDir dir;
        const QString path = dir.filePath(view.figureName() + ".png");
        QVERIFY(FigureExporter::exportFigure(view, path, FigureFormat::Png, 300).ok());
        const QImage image(path);
        QCOMPARE(image.size(), (QSizeF(view.figureSize()) * (300.0 / 96.0)).toSize());
        // The figure is drawn, not left white.
        int colours = 0;
        for (int x = 0; x < image.width(); x += 7)
            if (image.pixel(x, image.height() / 2) != qRgb(255, 255, 255)) ++colours;
        QVERIFY(colours > 50);
    }

    void setTraceAndOptionsEmitDrawn() {
        StepInspectorView view;
        QSignalSpy drawn(&view, &FigureView::drawn);
        view.setTrace(m_trace);
        QCOMPARE(drawn.count(), 1);
        ViewOptions options;
        options.head = 2;
        view.setOptions(options);
        QCOMPARE(drawn.count(), 2);
        QCOMPARE(view.headSpin()->value(), 2);
        view.headSpin()->setValue(3);
        QCOMPARE(view.head(), 3);
        QCOMPARE(drawn.count(), 3);
        view.setStep(Step::Input);
        QCOMPARE(view.figureName(), QString("inspector_input"));
    }

private:
    TracePtr m_trace;
};

QTEST_MAIN(TestStepInspectorView)
#include "tst_stepinspectorview.moc"
