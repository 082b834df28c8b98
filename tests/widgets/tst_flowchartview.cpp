// FlowchartView: boxes, labels with shapes computed from the scenario, category colours (as
// painted), click → stepActivated, current-step highlight, geometry, export as SVG text and PNG.

#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTemporaryDir>

#include "ViewTestSupport.h"
#include "core/backends/cpu/CpuBackend.h"
#include "core/engine/TraceBuilder.h"
#include "core/presets/Presets.h"
#include "widgets/export/FigureExporter.h"
#include "widgets/flow/FlowchartView.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {
QString shape(std::initializer_list<int64_t> dims) {
    QStringList parts;
    for (int64_t d : dims) parts << QString::number(d);
    return "[" + parts.join(", ") + "]";
}

const FlowchartView::Box* boxWith(const FlowchartView& view, const QString& text) {
    for (const auto& b : view.boxes())
        if (b.text.contains(text)) return &b;
    return nullptr;
}

/// The exported figure at 96 dpi.
QImage render(FlowchartView& view) {
    QImage image(view.figureSize(), QImage::Format_ARGB32);
    image.fill(Qt::white);
    view.renderFigure(image, view.figureSize(), 1.0);
    return image;
}

/// The figure as the screen shows it (with the mark of the inspector's step).
QImage renderOnScreen(FlowchartView& view) {
    QImage image(view.figureSize(), QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    view.paint(p);
    return image;
}
}  // namespace

class TestFlowchartView : public QObject {
    Q_OBJECT
private slots:
    void attentionFlowShowsShapes() {
        const TracePtr trace = presetTrace("local");  // mask "full": the attention flow
        const Scenario& sc = trace->scenario;
        FlowchartView view;
        view.setOptions(presetOptions("local"));
        view.setTrace(trace);
        QCOMPARE(view.flow(), FlowchartView::Flow::Attention);
        QCOMPARE(view.figureTitle(), QString("Attention Computation: local"));
        // X, projections, Q, K, V, Q·Kᵀ, scale, apply mask, mask, softmax, × V, concat, W_o, out.
        QCOMPARE(view.boxes().size(), size_t(14));
        const int64_t B = sc.batch, H = sc.heads, L = sc.qLen, d = sc.dHead, D = sc.dModel;
        const struct {
            QString text;
            FlowCategory category;
            Step step;
        } expected[] = {
            {"X " + shape({B, L, D}), FlowCategory::Input, Step::Input},
            {"W_q " + shape({D, H * d}), FlowCategory::Processing, Step::Projections},
            {"Q " + shape({B, H, L, d}), FlowCategory::Processing, Step::Queries},
            {"K " + shape({B, sc.kvHeads, L, d}), FlowCategory::Processing, Step::Keys},
            {"V " + shape({B, sc.kvHeads, L, d}), FlowCategory::Processing, Step::Values},
            {"Q·Kᵀ\nS " + shape({B, H, L, L}), FlowCategory::Attention, Step::Scores},
            {"S′ " + shape({B, H, L, L}), FlowCategory::Attention, Step::MaskedScores},
            {"M " + shape({B, L, L}), FlowCategory::Attention, Step::Mask},
            {"P " + shape({B, H, L, L}), FlowCategory::Attention, Step::Probabilities},
            {"C = P·V " + shape({B, H, L, d}), FlowCategory::Attention, Step::Context},
            {"Concat heads\nconcat_h(C) " + shape({B, L, H * d}), FlowCategory::Processing,
             Step::Context},
            {"W_o " + shape({H * d, D}), FlowCategory::Processing, Step::Output},
            {"O " + shape({B, L, D}), FlowCategory::Output, Step::Output},
        };
        for (const auto& e : expected) {
            const auto* box = boxWith(view, e.text);
            QVERIFY2(box, qPrintable("no box with " + e.text));
            QCOMPARE(box->category, e.category);
            QCOMPARE(box->step, std::optional<Step>(e.step));
        }
        const auto* scale = boxWith(view, "Scale × 0.25");  // 1/√16
        QVERIFY(scale);
        QCOMPARE(scale->step, std::optional<Step>(Step::Scores));
        // Boxes do not overlap.
        const auto& boxes = view.boxes();
        for (size_t i = 0; i < boxes.size(); ++i)
            for (size_t j = i + 1; j < boxes.size(); ++j)
                QVERIFY2(!boxes[i].rect.intersects(boxes[j].rect),
                         qPrintable(boxes[i].text + " / " + boxes[j].text));
    }

    void categoryColoursArePainted() {
        QCOMPARE(flowCategoryColor(FlowCategory::Input), QColor("#E3F2FD"));
        QCOMPARE(flowCategoryColor(FlowCategory::Processing), QColor("#FFF3E0"));
        QCOMPARE(flowCategoryColor(FlowCategory::Attention), QColor("#F3E5F5"));
        QCOMPARE(flowCategoryColor(FlowCategory::Generation), QColor("#E8F5E9"));
        QCOMPARE(flowCategoryColor(FlowCategory::Output), QColor("#FCE4EC"));
        for (const char* preset : {"local", "paraphrase-small"}) {
            FlowchartView view;
            view.setTrace(presetTrace(preset));
            const QImage image = render(view);
            for (const auto& b : view.boxes()) {
                const QPoint inside(int(b.rect.left()) + 5, int(b.rect.center().y()));
                QCOMPARE(image.pixelColor(inside), flowCategoryColor(b.category));
            }
        }
    }

    void paraphraseFlowByDefault() {
        FlowchartView view;
        showPreset(view, "paraphrase-small");
        QCOMPARE(view.flow(), FlowchartView::Flow::Paraphrase);
        const QStringList stages{"Input preparation",
                                 "Concatenation with position tracking",
                                 "Mask creation",
                                 "Model patching",
                                 "Segment-isolated encoding",
                                 "Fusion generation loop",
                                 "Decoding"};
        const FlowCategory categories[] = {FlowCategory::Input,     FlowCategory::Processing,
                                           FlowCategory::Attention, FlowCategory::Processing,
                                           FlowCategory::Attention, FlowCategory::Generation,
                                           FlowCategory::Output};
        QCOMPARE(view.boxes().size(), size_t(stages.size()));
        for (int i = 0; i < stages.size(); ++i) {
            const auto& b = view.boxes()[size_t(i)];
            QVERIFY2(b.text.startsWith(stages[i]), qPrintable(b.text));
            QCOMPARE(b.category, categories[i]);
            if (i > 0) QVERIFY(b.rect.top() > view.boxes()[size_t(i - 1)].rect.bottom());
        }
        QVERIFY(view.boxes()[2].text.contains("paraphrase(3, 15, 1, 5)"));
        QVERIFY(view.boxes()[5].text.contains("5 tokens from position 48"));
        view.setFlow(FlowchartView::Flow::Attention);
        QCOMPARE(view.boxes().size(), size_t(14));
        showPreset(view, "paraphrase-medium");  // an explicit choice is kept
        QCOMPARE(view.flow(), FlowchartView::Flow::Attention);
        view.setAutoFlow();
        QCOMPARE(view.flow(), FlowchartView::Flow::Paraphrase);
    }

    void clickActivatesStep() {
        FlowchartView view;
        view.resize(700, 900);
        showPreset(view, "local");
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy spy(&view, &FlowchartView::stepActivated);
        int clicked = 0;
        for (const auto& box : std::vector<FlowchartView::Box>(view.boxes())) {
            const QPoint at = view.figureToWidget().map(box.rect.center()).toPoint();
            QTest::mouseClick(&view, Qt::LeftButton, {}, at);
            QCOMPARE(spy.count(), ++clicked);
            QCOMPARE(spy.last().at(0).value<Step>(), *box.step);
            QCOMPARE(view.currentStep(), box.step);
        }
        QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(2, 2));  // outside every box
        QCOMPARE(spy.count(), clicked);
    }

    void currentStepIsHighlighted() {
        FlowchartView view;
        showPreset(view, "local");
        QSignalSpy drawn(&view, &FigureView::drawn);
        const QImage before = renderOnScreen(view);
        const QImage exportedBefore = render(view);
        view.setCurrentStep(Step::Probabilities);
        QCOMPARE(drawn.count(), 1);
        const QImage after = renderOnScreen(view);
        // The exported figure has no selection: the same before and after (issue 12).
        QCOMPARE(render(view), exportedBefore);
        int highlighted = 0;
        for (const auto& b : view.boxes()) {
            QCOMPARE(b.highlighted, b.step == Step::Probabilities);
            highlighted += b.highlighted;
            // The darkest pixel across the left edge (above the arrows that enter there): the thick
            // dark border only when highlighted.
            auto darkest = [&](const QImage& image) {
                int lightness = 255;
                for (int x = int(b.rect.left()) - 3; x <= int(b.rect.left()) + 3; ++x)
                    lightness = std::min(
                        lightness,
                        image.pixelColor(x, int(b.rect.top() + 0.3 * b.rect.height())).lightness());
                return lightness;
            };
            if (b.highlighted) {
                QVERIFY2(darkest(after) < 80, qPrintable(b.text));
                QVERIFY(darkest(before) > 110);
            } else {
                QVERIFY2(darkest(after) > 110, qPrintable(b.text));
            }
        }
        QCOMPARE(highlighted, 1);
    }

    void crossAttentionHasTwoInputs() {
        FlowchartView view;
        const TracePtr trace = showPreset(view, "translation");  // cross-attention
        QVERIFY(!trace->xKv.empty());
        QStringList inputs;
        for (const auto& b : view.boxes())
            if (b.category == FlowCategory::Input) inputs << b.text;
        QCOMPARE(inputs.size(), 2);
        QVERIFY(inputs[0].startsWith("Input (queries)") && inputs[0].contains(QString::fromStdString(shapeToString(trace->x.shape()))));
        QVERIFY(inputs[1].startsWith("Input (keys, values)") &&
                inputs[1].contains(QString::fromStdString(shapeToString(trace->xKv.shape()))));
        showPreset(view, "local");  // self-attention: one input
        int one = 0;
        for (const auto& b : view.boxes()) one += b.category == FlowCategory::Input;
        QCOMPARE(one, 1);
    }

    void geometryIsConfigurable() {
        FlowchartView view;
        showPreset(view, "paraphrase-small");
        const QSize before = view.figureSize();
        view.setFlowGeometry({360, 64, 40});
        QCOMPARE(view.flowGeometry(), (FlowchartGeometry{360, 64, 40}));
        const auto& boxes = view.boxes();
        for (size_t i = 0; i < boxes.size(); ++i) {
            QCOMPARE(boxes[i].rect.size(), QSizeF(360, 64));
            if (i > 0) QCOMPARE(boxes[i].rect.top() - boxes[i - 1].rect.bottom(), 40.0);
        }
        QVERIFY(view.figureSize().height() > before.height());
        QVERIFY(view.figureSize().width() > before.width() - 1);
        view.setBoxHeight(44);
        view.setSpacing(20);
        view.setBoxWidth(250);
        QCOMPARE(view.boxes()[1].rect.size(), QSizeF(250, 44));
        QCOMPARE(view.boxes()[1].rect.top() - view.boxes()[0].rect.bottom(), 20.0);
        // The Display dock edits the geometry through the view options (saved with a session).
        ViewOptions o;
        o.flowBoxWidth = 410;
        o.flowBoxHeight = 70;
        o.flowSpacing = 33;
        view.setOptions(o);
        QCOMPARE(view.boxes()[1].rect.size(), QSizeF(410, 70));
        QCOMPARE(view.boxes()[1].rect.top() - view.boxes()[0].rect.bottom(), 33.0);
        const ViewOptions back = ViewOptions::fromJson(o.toJson());
        QCOMPARE(back.flowBoxWidth, 410);
        QCOMPARE(back.flowSpacing, 33);
        o.flowBoxWidth = 5;  // too small for its text: clamped
        view.setOptions(o);
        QCOMPARE(view.boxes()[1].rect.width(), double(kMinFlowBoxWidth));
    }

    void emitsDrawn() {
        FlowchartView view;
        QSignalSpy spy(&view, &FigureView::drawn);
        view.setTrace(presetTrace("local"));
        view.setOptions(ViewOptions{});
        view.setFlow(FlowchartView::Flow::Paraphrase);
        QCOMPARE(spy.count(), 3);
        QCOMPARE(view.figureName(), QString("flowchart"));
    }

    void svgKeepsText() {
        FlowchartView view;
        showPreset(view, "local");
        QString svg = QString::fromUtf8(FigureExporter::renderSvg(view));
        QVERIFY(svg.contains("<text"));
        for (const QString& s : {QString("Attention Computation: local"), QString("Softmax"),
                                 "Q " + shape({1, 4, 13, 16}), QString("Concat heads")})
            QVERIFY2(svg.contains(s), qPrintable(s));
        showPreset(view, "paraphrase-small");
        svg = QString::fromUtf8(FigureExporter::renderSvg(view));
        for (const char* s : {"Paraphrase Pipeline", "Fusion generation loop", "Model patching"})
            QVERIFY2(svg.contains(s), s);
    }

    void pngAt300Dpi() {
        FlowchartView view;
        showPreset(view, "local");
        QTemporaryDir dir;
        const QString path = dir.filePath("flowchart.png");
        const Status st = FigureExporter::exportFigure(view, path, FigureFormat::Png, 300);
        QVERIFY2(st.ok(), st.error().c_str());
        const QImage image(path);
        QCOMPARE(image.size(), (QSizeF(view.figureSize()) * (300.0 / 96.0)).toSize());
        const QRectF r = view.boxes().front().rect;
        const QPointF inside = QPointF(r.left() + 5, r.center().y()) * (300.0 / 96.0);
        QCOMPARE(image.pixelColor(inside.toPoint()), flowCategoryColor(FlowCategory::Input));
    }
};

QTEST_MAIN(TestFlowchartView)
#include "tst_flowchartview.moc"
