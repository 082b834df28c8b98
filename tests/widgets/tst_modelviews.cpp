// The views of a whole model (issue 15) on the Llama fixture of scripts/make_model_fixtures.py,
// run on the ids of scripts/make_lens_golden.py: what the atlas, token, neuron and sink-lens views
// drew, checked against transformers (first-token mass, value norms ‖v_j W_O^h‖, the sink metric)
// or against the trace's own probabilities recomputed with plain loops; and their exports (SVG
// text, CSV).

#include <QtTest>

#include "TestSupport.h"
#include "core/io/NpzArchive.h"
#include "core/model/ModelCache.h"
#include "widgets/atlas/AtlasView.h"
#include "widgets/atlas/ModelAtlas.h"
#include "widgets/export/FigureExporter.h"
#include "widgets/flow/FlowchartView.h"
#include "widgets/lens/SinkLensView.h"
#include "widgets/neuron/NeuronView.h"
#include "widgets/tokens/TokenView.h"
#include "widgets/views/PositionTicker.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {

struct Golden {
    std::vector<int64_t> ids;
    Tensor valueNorms, alpha0;  // [layers, H, L], [layers, H]
};

Golden golden() {
    auto z = NpzArchive::open(QStringLiteral(ATTNSCOPE_TEST_DATA "/golden/lens/model_llama.npz"));
    if (!z) qFatal("%s", z.error().c_str());
    Golden g;
    const auto ids = z->readDouble("ids");
    for (double id : *ids) g.ids.push_back(int64_t(id));
    g.valueNorms = *z->readFloat("value_norms");
    g.alpha0 = *z->readFloat("alpha0");
    return g;
}

TracePtr llamaTrace(const std::vector<int64_t>& ids, int layer) {
    Scenario s;
    s.source = SourceKind::Model;
    s.name = "llama";
    s.modelPath = QStringLiteral(ATTNSCOPE_TEST_DATA "/models/llama").toStdString();
    s.modelIds = ids;
    s.mask.clear();
    s.layer = layer;
    return buildTrace(s);
}

ViewOptions probabilities(int head = 0) {
    ViewOptions o = ViewOptions{}.withValueKind(ValueKind::Probabilities);
    o.head = head;
    return o;
}

}  // namespace

class TestModelViews : public QObject {
    Q_OBJECT
private slots:
    void atlasBadgesAreTransformersFirstTokenMass() {
        const Golden g = golden();
        const TracePtr trace = llamaTrace(g.ids, 1);
        AtlasView view;
        view.resize(900, 700);
        view.setOptions(probabilities());
        view.setTrace(trace);
        QVERIFY(view.atlas());
        QCOMPARE(view.atlas()->layers, int64_t(3));
        QCOMPARE(view.atlas()->heads, int64_t(4));
        view.setMetric(HeadMetric::FirstMass);
        const auto cells = view.cells();
        QCOMPARE(int(cells.size()), 12);
        const int64_t H = 4;
        for (const auto& c : cells) {
            // Every query sees key 0 under the causal mask: the first-token mass is α_0.
            QVERIFY2(std::abs(c.value - g.alpha0[c.layer * H + c.head]) < 1e-4,
                     qPrintable(QString("L%1 H%2: %3 vs %4")
                                    .arg(c.layer)
                                    .arg(c.head)
                                    .arg(c.value)
                                    .arg(g.alpha0[c.layer * H + c.head])));
            QVERIFY(!c.dimmed);
        }
        // Layers × heads: row = layer, column = head, in order.
        QVERIFY(cells[0].rect.top() < cells[4].rect.top());
        QVERIFY(cells[0].rect.left() < cells[1].rect.left());
        // Ranked: the largest first; fading hides nothing but marks what is below.
        view.setOrder(AtlasView::Order::Ranked);
        const auto ranked = view.cells();
        for (size_t i = 1; i < ranked.size(); ++i) QVERIFY(ranked[i - 1].value >= ranked[i].value);
        view.setMinimum(ranked[5].value);
        int dimmed = 0;
        for (const auto& c : view.cells()) dimmed += c.dimmed;
        QCOMPARE(dimmed, 6);
        // Hover reads a head's metrics out; a click asks for that layer and head.
        const QString readout = view.readoutAt(ranked[0].rect.center());
        QVERIFY2(readout.startsWith(
                     QString("Layer %1 · Head %2").arg(ranked[0].layer).arg(ranked[0].head)),
                 qPrintable(readout));
        QVERIFY(readout.contains("first-token mass"));
        QSignalSpy clicked(&view, &AtlasView::headActivated);
        view.activate(2, 3);
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.first().at(0).toInt(), 2);
        QCOMPARE(clicked.first().at(1).toInt(), 3);

        const QByteArray svg = FigureExporter::renderSvg(view);
        QVERIFY(svg.contains("Atlas: llama"));
        QVERIFY(svg.contains(">L2<") || svg.contains("L2 H"));
        const auto csv = view.extraExports();
        QCOMPARE(csv.size(), 1);
        QCOMPARE(csv.first().first, QString("atlas.csv"));
        QCOMPARE(csv.first().second.count('\n'), 13);  // header + 12 heads
    }

    void tokenLinesAreTheProbabilitiesAndHideSpecials() {
        const Golden g = golden();
        std::vector<int64_t> ids = g.ids;
        const TracePtr trace = llamaTrace(ids, 2);
        const Tensor& p = trace->steps.probs;
        const int64_t H = p.dim(1), L = p.dim(2);
        TokenView view;
        view.resize(900, 700);
        view.setOptions(probabilities());
        view.setThreshold(0.2);
        view.setTrace(trace);
        QCOMPARE(view.queryLabels().size(), L);
        // Every pair at or above the threshold and no other, with its weight.
        int64_t expected = 0;
        for (int64_t i = 0; i < H * L * L; ++i) expected += p[i] >= 0.2f;
        const auto lines = view.visibleLines();
        QCOMPARE(int64_t(lines.size()), expected);
        for (const auto& l : lines) QCOMPARE(l.weight, p[((l.head) * L + l.query) * L + l.key]);
        // Strongest lines are painted last (on top).
        for (size_t i = 1; i < lines.size(); ++i) QVERIFY(lines[i - 1].weight <= lines[i].weight);
        view.setHeads({1});
        for (const auto& l : view.visibleLines()) QCOMPARE(l.head, 1);
        view.setHeads({});
        view.setFocus(5, true);
        QVERIFY(!view.visibleLines().empty());
        for (const auto& l : view.visibleLines()) QCOMPARE(l.query, 5);
        view.setFocus(-1, true);
        const QByteArray svg = FigureExporter::renderSvg(view);
        QVERIFY(svg.contains("Layer 2: Token Attention"));
        QVERIFY(svg.contains("Query Token"));
    }

    void aOneLayerMetricMapIsDrawn() {
        // A one-layer trace's "α of key 0 per layer × head" map has a single row, which
        // QCustomPlot drew with no height (an empty strip in every exported sink lens).
        const TracePtr trace = buildTrace(presetScenario("hf-causal").value());
        SinkLensView view;
        view.resize(1200, 900);
        view.setOptions(probabilities(0));
        view.setTrace(trace);
        QVERIFY(view.panels() && view.panels()->metric.alpha.dim(0) == 1);
        QCPColorMap* metric = nullptr;
        for (int i = 0; i < view.plot()->plottableCount(); ++i)
            if (auto* m = qobject_cast<QCPColorMap*>(view.plot()->plottable(i));
                m && m->name().startsWith("α of key"))
                metric = m;
        QVERIFY(metric);
        QCOMPARE(metric->data()->valueSize(), 2);  // the one row as two halves of its cell
        // Heads are counted in whole numbers.
        const QVector<double> ticks = metric->keyAxis()->tickVector();
        QVERIFY(!ticks.isEmpty());
        for (double t : ticks) QCOMPARE(t, std::round(t));
        QCOMPARE(metric->data()->valueRange().lower, -0.25);
        QCOMPARE(metric->data()->valueRange().upper, 0.25);
        const QImage image = view.plot()->toPixmap().toImage();
        // Every head's cell is painted: not the white background at the row's centre.
        const int y = int(metric->valueAxis()->coordToPixel(0.0));
        for (int h = 0; h < int(view.panels()->metric.alpha.dim(1)); ++h) {
            const QColor c = image.pixelColor(int(metric->keyAxis()->coordToPixel(h)), y);
            QVERIFY2(c.lightness() < 240, qPrintable(QString("head %1: %2").arg(h).arg(c.name())));
        }
    }

    void theFlowchartOfAnUnnamedModelSessionSaysTheLayer() {
        // A model session without a name was titled "Attention Computation: , layer 0".
        TracePtr named = llamaTrace({1, 5, 9, 2}, 1);
        FlowchartView view;
        view.setTrace(named);
        QCOMPARE(view.figureTitle(), QString("Attention Computation: llama, layer 1"));
        auto unnamed = std::make_shared<Trace>(*named);
        unnamed->scenario.name.clear();
        view.setTrace(unnamed);
        QCOMPARE(view.figureTitle(), QString("Attention Computation: layer 1"));
    }

    void hidingSpecialTokensRenormalisesTheRows() {
        // A text through the tokenizer: the Llama fixture adds <|begin_of_text|>, a special token.
        Scenario s;
        s.source = SourceKind::Model;
        s.modelPath = QStringLiteral(ATTNSCOPE_TEST_DATA "/models/llama").toStdString();
        s.modelText = "Attention sinks take what nobody else wants.";
        s.mask.clear();
        s.layer = 1;
        const TracePtr trace = buildTrace(s);
        QCOMPARE(trace->keyTokens.front(), std::string("<|begin_of_text|>"));
        const Tensor& p = trace->steps.probs;
        const int64_t L = p.dim(2);
        TokenView view;
        view.setOptions(probabilities());
        view.setThreshold(0.0);
        view.setTrace(trace);
        view.setHideSpecial(true);
        QCOMPARE(view.keyLabels().size(), L - 1);
        QVERIFY(!view.keyLabels().contains("<|begin_of_text|>"));
        // Row i (shown) of head h is p[i+1, j+1] / Σ_{j'≥1} p[i+1, j'].
        for (const auto& l : view.visibleLines()) {
            const float* row = p.data() + (int64_t(l.head) * L + l.query + 1) * L;
            double rest = 0;
            for (int64_t j = 1; j < L; ++j) rest += row[j];
            QVERIFY(std::abs(l.weight - row[l.key + 1] / rest) < 1e-5);
        }
        std::vector<double> sums(size_t(4 * (L - 1)), 0.0);
        for (const auto& l : view.visibleLines())
            sums[size_t(l.head * (L - 1) + l.query)] += l.weight;
        for (size_t i = 0; i < sums.size(); ++i)
            if (sums[i] > 0) QVERIFY(std::abs(sums[i] - 1.0) < 1e-4);
        const QByteArray svg = FigureExporter::renderSvg(view);
        QVERIFY(svg.contains("1 special tokens hidden") || svg.contains("special tokens hidden"));
    }

    void neuronViewShowsTheChainToTheWeight() {
        const Golden g = golden();
        const TracePtr trace = llamaTrace(g.ids, 0);
        const Trace& t = *trace;
        NeuronView view;
        view.resize(900, 700);
        view.setOptions(probabilities(3));
        view.setTrace(trace);
        view.setPair(20, 7);
        const auto& c = view.chain();
        const int64_t H = t.heads(), Hkv = t.kvHeads(), L = t.qLen(), d = t.dHead();
        QCOMPARE(c.head, 3);
        QCOMPARE(c.kvHead, int(3 / (H / Hkv)));
        QCOMPARE(int64_t(c.q.size()), d);
        double dot = 0;
        for (int64_t e = 0; e < d; ++e) {
            QCOMPARE(c.q[size_t(e)], double(t.q[((3) * L + 20) * d + e]));
            QCOMPARE(c.k[size_t(e)], double(t.k[((c.kvHead) * L + 7) * d + e]));
            QCOMPARE(c.product[size_t(e)], c.q[size_t(e)] * c.k[size_t(e)]);
            dot += c.product[size_t(e)];
        }
        QVERIFY(std::abs(c.dot - dot) < 1e-9);
        // The scaled score is the engine's score; the weight its probability.
        QVERIFY(std::abs(c.scaled - t.steps.scores[(3 * L + 20) * L + 7]) < 1e-4);
        QCOMPARE(float(c.weight), t.steps.probs[(3 * L + 20) * L + 7]);
        QVERIFY(c.allowed && c.weight > 0);
        QVERIFY(view.chainText().contains("softmax weight"));
        view.setPair(3, 9);  // a future key: masked
        QVERIFY(!view.chain().allowed);
        QCOMPARE(view.chain().weight, 0.0);
        QVERIFY(view.chainText().contains("masked"));
        const QByteArray svg = FigureExporter::renderSvg(view);
        QVERIFY(svg.contains("q ⊙ k") || svg.contains("q &#x2299; k") ||
                svg.contains("k (key vector)"));
    }

    void sinkLensAgainstTransformers() {
        const Golden g = golden();
        const int64_t H = 4, L = int64_t(g.ids.size());
        for (int layer = 0; layer < 3; ++layer) {
            const TracePtr trace = llamaTrace(g.ids, layer);
            SinkLensView view;
            view.resize(1200, 900);
            view.setOptions(probabilities(2));
            view.setTrace(trace);
            const auto* p = view.panels();
            QVERIFY(p);
            QCOMPARE(p->head, 2);
            QVERIFY(!p->pooled && p->withOutput);
            const float* alpha = trace->steps.probs.data() + 2 * L * L;
            for (int64_t i = 0; i < L; ++i) {
                double rest = 0;
                for (int64_t j = 1; j < L; ++j) rest += alpha[i * L + j];
                for (int64_t j = 0; j < L; ++j) {
                    QCOMPARE(p->attention[i * L + j], alpha[i * L + j]);
                    // ‖α_ij v_j W_O‖ with transformers' own v_proj output and o_proj weight.
                    const double norm = g.valueNorms[(layer * H + 2) * L + j];
                    QVERIFY(std::abs(p->valueWeighted[i * L + j] - alpha[i * L + j] * norm) <
                            1e-4 * (1 + norm));
                    if (j > 0)
                        QVERIFY(std::abs(p->withoutSinks[i * (L - 1) + j - 1] -
                                         (rest > 0 ? alpha[i * L + j] / rest : 0.0)) < 1e-5);
                }
            }
            // The metric over one text: α_0 of every layer and head as transformers has it.
            QCOMPARE(p->metric.alpha.dim(0), int64_t(3));
            int above = 0;
            for (int64_t i = 0; i < 3 * H; ++i) {
                QVERIFY(std::abs(p->metric.alpha[i] - g.alpha0[i]) < 1e-4);
                above += g.alpha0[i] > 0.3f;
            }
            QVERIFY(std::abs(p->metric.rate - above / double(3 * H)) < 1e-9);
            QCOMPARE(p->hiddenNorms.dim(0), int64_t(3));
            QCOMPARE(p->hiddenNorms.dim(1), L);
        }
        SinkLensView view;
        view.setOptions(probabilities(0));
        view.setTrace(llamaTrace(g.ids, 1));
        view.setSinkColumns({0, 1});
        QCOMPARE(view.panels()->withoutSinks.dim(1), L - 2);
        // Averaging over more texts runs the model on each.
        const int runs = ModelCache::shared().runs();
        view.setTexts({"first extra text", "a second, longer extra text for the metric"});
        QCOMPARE(view.panels()->metric.texts, int64_t(3));
        QVERIFY(view.metricLine().contains("over 3 texts"));
        QCOMPARE(ModelCache::shared().runs(), runs);  // the extra texts leave the cache alone
        const QByteArray svg = FigureExporter::renderSvg(view);
        QVERIFY(svg.contains("Sink Lens"));
        QVERIFY(svg.contains("Value-weighted"));
        const auto files = view.extraExports();
        QCOMPARE(files.size(), 2);
        QCOMPARE(files[0].first, QString("sink_metric.csv"));
        QCOMPARE(files[0].second.count('\n'), 2 + 3 * int(H));
        QCOMPARE(files[1].first, QString("hidden_norms.csv"));
    }

    void sinkLensMetricOfOneLayerIsTheAtlas() {
        // A one-layer trace takes α_k from its probabilities; the atlas computes it again on the
        // pooled path (Q and K, the mask's allowed pairs): both the same, for a key that only
        // some queries may see.
        Scenario s = presetScenario("hf-causal").value();
        s.heads = s.kvHeads = 6;
        s.qLen = s.kvLen = 96;
        s.mask = "causal & (window(24) | prefix(2))";
        const TracePtr trace = buildTrace(s);
        for (const int64_t key : {int64_t(0), int64_t(40)}) {
            SinkLensView view;
            view.setOptions(probabilities(1));
            view.setMetricKey(key, 0.3);
            view.setTrace(trace);
            const auto* p = view.panels();
            QVERIFY(p);
            QCOMPARE(p->metric.alpha.dim(0), int64_t(1));
            QCOMPARE(p->metric.alpha.dim(1), int64_t(6));
            const ModelAtlasPtr atlas = modelAtlas(*trace, 0);
            QVERIFY(atlas && atlas->error.message.empty());
            for (int64_t h = 0; h < 6; ++h) {
                const double expected = atlas->at(0, h).received[size_t(key)];
                QVERIFY2(std::abs(p->metric.alpha[h] - expected) < 1e-5,
                         qPrintable(QString("key %1 head %2: %3 vs %4")
                                        .arg(key)
                                        .arg(h)
                                        .arg(p->metric.alpha[h])
                                        .arg(expected)));
            }
        }
    }

    void sinkLensPooledMapsKeepTokenPositions() {
        // 900 tokens are pooled to 256 cells a side: the axes still count tokens (0 … 899, the
        // sink-less map one key fewer), each cell placed at its tokens, with round position
        // ticks that do not crowd (they counted cells before, labelled "Query Token").
        Scenario s = presetScenario("hf-causal").value();
        s.heads = s.kvHeads = 2;
        s.qLen = s.kvLen = 900;
        s.mask = "causal";
        const TracePtr trace = buildTrace(s);
        SinkLensView view;
        view.resize(1200, 900);
        view.setOptions(probabilities(0));
        view.setTrace(trace);
        QVERIFY(view.panels() && view.panels()->pooled);
        int maps = 0;
        for (int i = 0; i < view.plot()->plottableCount(); ++i) {
            auto* map = qobject_cast<QCPColorMap*>(view.plot()->plottable(i));
            if (!map || map->data()->keySize() != SinkLensView::kMaxCells) continue;
            ++maps;
            const double keys = map->name() == "Sinks removed" ? 899 : 900;
            QCOMPARE(map->keyAxis()->range().upper, keys - 0.5);
            QCOMPARE(map->valueAxis()->range().upper, 899.5);
            // Cell centres: the first at half a cell's tokens, the last half a cell from the end.
            const double cells = 2.0 * SinkLensView::kMaxCells;
            QVERIFY(std::abs(map->data()->keyRange().upper - (keys - 0.5 - keys / cells)) < 1e-9);
            QVERIFY(std::abs(map->data()->valueRange().lower - (900.0 / cells - 0.5)) < 1e-9);
            QVERIFY(dynamic_cast<PositionTicker*>(map->keyAxis()->ticker().data()));
        }
        QCOMPARE(maps, 3);
    }
};

QTEST_MAIN(TestModelViews)
#include "tst_modelviews.moc"
