// ViewDeck: view data is prepared off the UI thread and presented when ready; a preparation
// overtaken by a newer trace is dropped; the asynchronous path shows exactly what the synchronous
// one (setTrace on a lone view) shows.

#include <QSignalSpy>
#include <QScrollArea>
#include <QScrollBar>
#include <QThread>

#include "ViewTestSupport.h"
#include "widgets/heatmap/HeatmapGridView.h"
#include "widgets/sinks/SinkGridView.h"
#include "widgets/stats/StatisticsView.h"
#include "widgets/three_d/ThreeDView.h"
#include "widgets/three_d/VectorView3D.h"
#include "widgets/three_d/WeightsView3D.h"
#include "widgets/tokens/TokenView.h"
#include "widgets/views/ViewDeck.h"

using namespace attnscope;
using namespace attnscope::test;

class TestViewDeck : public QObject {
    Q_OBJECT
private slots:
    void preparesOffTheUiThread();
    void overtakenPreparationIsDropped();
    void asyncMatchesSynchronous_data();
    void asyncMatchesSynchronous();
    void optionsAViewDoesNotDrawFromKeepItsData();
    void tokenLinesAreDrawnOffTheUiThread();
};

namespace {
TracePtr traceWithHeads(int heads, uint64_t seed) {
    Scenario s = presetScenario("hf-causal").value();
    s.heads = s.kvHeads = heads;
    s.seed = seed;
    return buildTrace(s);
}

template <class View>
View* findView(ViewDeck& deck) {
    for (FigureView* v : deck.views())
        if (auto* view = qobject_cast<View*>(v)) return view;
    return nullptr;
}

/// A view that records the thread its preparation ran on.
class ProbeView : public FigureView {
public:
    QString viewTitle() const override { return "Probe"; }
    QString figureName() const override { return "probe"; }
    void renderFigure(QPaintDevice&, const QSize&, double) override {}
    ViewPreparer preparer(const TracePtr&, const ViewOptions&) const override {
        return [this]() -> ViewDataPtr {
            preparedOn = QThread::currentThread();
            return std::make_shared<ViewData>();
        };
    }
    void redraw() override {
        presentedOn = QThread::currentThread();
        gotData = prepared<ViewData>() != nullptr;
        emit drawn();
    }
    mutable QThread* preparedOn = nullptr;
    QThread* presentedOn = nullptr;
    bool gotData = false;
};
}  // namespace

void TestViewDeck::preparesOffTheUiThread() {
    ViewDeck deck;
    auto* probe = new ProbeView;
    deck.addView(probe);
    deck.setCurrentWidget(probe);
    QSignalSpy drawn(&deck, &ViewDeck::visibleViewsDrawn);
    deck.setTrace(traceWithHeads(2, 1));
    QTRY_COMPARE_WITH_TIMEOUT(drawn.count(), 1, 20000);
    QVERIFY(probe->preparedOn != nullptr);
    QVERIFY(probe->preparedOn != QThread::currentThread());
    QCOMPARE(probe->presentedOn, QThread::currentThread());
    QVERIFY(probe->gotData);
}

void TestViewDeck::overtakenPreparationIsDropped() {
    ViewDeck deck;
    auto* heads = findView<HeatmapGridView>(deck);
    QVERIFY(heads);
    deck.setCurrentWidget(heads);
    QSignalSpy headsDrawn(heads, &FigureView::drawn);
    QSignalSpy preparing(&deck, &ViewDeck::preparingChanged);
    const TracePtr first = traceWithHeads(4, 11), second = traceWithHeads(6, 12);
    deck.setTrace(first);
    deck.setTrace(second);            // before the first preparation can have been presented
    QCOMPARE(headsDrawn.count(), 0);  // nothing is drawn on the UI thread synchronously
    QVERIFY(deck.isPreparing());
    QTRY_VERIFY_WITH_TIMEOUT(headsDrawn.count() >= 1, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!deck.isPreparing(), 20000);
    QTest::qWait(50);
    QCOMPARE(headsDrawn.count(), 1);  // the first trace's grid never reached the screen
    QCOMPARE(heads->matrices().heads(), 6);
    QCOMPARE(heads->headTitles().size(), 6);
    QCOMPARE(preparing.count(), 2);  // started once, ended once
    QCOMPARE(preparing.at(0).at(0).toBool(), true);
    QCOMPARE(preparing.at(1).at(0).toBool(), false);
}

void TestViewDeck::asyncMatchesSynchronous_data() {
    QTest::addColumn<QString>("view");
    QTest::newRow("heads") << "Heads";
    QTest::newRow("sinks") << "Sinks";
    QTest::newRow("statistics") << "Statistics";
    QTest::newRow("3d") << "3D";
}

void TestViewDeck::asyncMatchesSynchronous() {
    QFETCH(QString, view);
    const TracePtr trace = presetTrace("video-frames");
    ViewDeck deck;
    FigureView* shown = nullptr;
    for (FigureView* v : deck.views())
        if (v->viewTitle() == view) shown = v;
    QVERIFY(shown);
    deck.setCurrentWidget(shown);
    QSignalSpy drawn(shown, &FigureView::drawn);
    deck.setOptions(presetOptions("video-frames"));
    deck.setTrace(trace);
    QTRY_VERIFY_WITH_TIMEOUT(drawn.count() == 1, 20000);

    if (view == "Heads") {
        HeatmapGridView lone;
        lone.setOptions(presetOptions("video-frames"));
        lone.setTrace(trace);
        const auto& a = static_cast<HeatmapGridView*>(shown)->matrices();
        const auto& b = lone.matrices();
        QCOMPARE(a.values.shape(), b.values.shape());
        QVERIFY(std::equal(a.values.begin(), a.values.end(), b.values.begin()));
        QCOMPARE(a.vmin, b.vmin);
        QCOMPARE(a.vmax, b.vmax);
        QCOMPARE(static_cast<HeatmapGridView*>(shown)->headTitles(), lone.headTitles());
    } else if (view == "Sinks") {
        SinkGridView lone;
        lone.setOptions(presetOptions("video-frames"));
        lone.setTrace(trace);
        auto* s = static_cast<SinkGridView*>(shown);
        QCOMPARE(s->headTitles(), lone.headTitles());
        QVERIFY(!s->headTitles().isEmpty());
        for (int h = 0; h < s->headTitles().size(); ++h)
            QCOMPARE(s->barValues(h), lone.barValues(h));
    } else if (view == "3D") {
        ThreeDView lone;
        lone.setOptions(presetOptions("video-frames"));
        lone.setTrace(trace);
        auto* s = static_cast<ThreeDView*>(shown);
        const VectorScene& a = s->vectors()->scene();
        const VectorScene& b = lone.vectors()->scene();
        QCOMPARE(a.role(VectorRole::Key).size(), size_t(trace->kvLen()));
        for (int r = 0; r < 3; ++r)
            for (size_t i = 0; i < a.points[r].size(); ++i)
                QCOMPARE(a.points[r][i].position, b.points[r][i].position);
        QCOMPARE(a.segments.size(), b.segments.size());
        QCOMPARE(s->weights()->cellValues(), lone.weights()->cellValues());
        QCOMPARE(s->weights()->vmax(), lone.weights()->vmax());
    } else {
        StatisticsView lone;
        lone.setOptions(presetOptions("video-frames"));
        lone.setTrace(trace);
        auto* s = static_cast<StatisticsView*>(shown);
        QCOMPARE(s->csv(), lone.csv());
        QVERIFY(!s->csv().isEmpty());
        QCOMPARE(s->cellTexts(), lone.cellTexts());
    }
}

void TestViewDeck::optionsAViewDoesNotDrawFromKeepItsData() {
    // The token lines are probabilities whatever the display shows: switching it to logits
    // draws at once from the data the view has, with no preparation; the heads prepare again.
    ViewDeck deck;
    deck.resize(900, 700);
    auto* tokens = findView<TokenView>(deck);
    QVERIFY(tokens);
    deck.setCurrentWidget(tokens);
    QSignalSpy drawn(&deck, &ViewDeck::visibleViewsDrawn);
    deck.setTrace(traceWithHeads(2, 3));
    QTRY_VERIFY_WITH_TIMEOUT(drawn.count() >= 1 && !deck.isPreparing(), 20000);
    const auto lines = tokens->visibleLines();
    ViewOptions o = tokens->options();
    o.valueKind = o.valueKind == ValueKind::Logits ? ValueKind::Probabilities : ValueKind::Logits;
    const int before = drawn.count();
    deck.setOptions(o);
    QVERIFY(!deck.isPreparing());
    QCOMPARE(drawn.count(), before + 1);  // drawn inside setOptions
    QCOMPARE(tokens->options().valueKind, o.valueKind);
    QCOMPARE(tokens->visibleLines().size(), lines.size());
    auto* heads = findView<HeatmapGridView>(deck);
    deck.setCurrentWidget(heads);
    QTRY_VERIFY_WITH_TIMEOUT(!deck.isPreparing(), 20000);
    o.valueKind = o.valueKind == ValueKind::Logits ? ValueKind::Probabilities : ValueKind::Logits;
    deck.setOptions(o);
    QVERIFY(deck.isPreparing());  // the heads draw the values shown: prepared again
    QTRY_VERIFY_WITH_TIMEOUT(!deck.isPreparing(), 20000);
}

void TestViewDeck::tokenLinesAreDrawnOffTheUiThread() {
    // Thousands of lines on screen go to the lines layer: drawn() waits for it, and what the
    // screen shows then has the lines (head colours between the two columns) where the rows are.
    ViewDeck deck;
    deck.resize(900, 700);
    deck.show();
    QVERIFY(QTest::qWaitForWindowExposed(&deck));
    auto* tokens = findView<TokenView>(deck);
    deck.setCurrentWidget(tokens);
    QSignalSpy drawn(tokens, &FigureView::drawn);
    const TracePtr trace = presetTrace("video-frames");  // 304 tokens, 12 heads
    deck.setTrace(trace);
    QTRY_VERIFY_WITH_TIMEOUT(drawn.count() >= 1, 20000);
    QVERIFY(tokens->visibleLines().size() > 400);
    QVERIFY(tokens->linesDrawnAside());
    QVERIFY(tokens->linesLayerCurrent());  // drawn() came with the layer of this trace
    const QImage shot = tokens->grab().toImage();
    int coloured = 0;
    for (int y = shot.height() / 4; y < shot.height() * 3 / 4; ++y)
        for (int x = shot.width() * 4 / 10; x < shot.width() * 6 / 10; ++x) {
            const QColor c = shot.pixelColor(x, y);
            coloured += c.saturation() > 20;
        }
    QVERIFY2(coloured > 1000, qPrintable(QString::number(coloured)));
    // A focused token's few lines are drawn in place, at once.
    tokens->setFocus(10, true);
    QVERIFY(!tokens->linesDrawnAside());
    tokens->setFocus(-1, true);
    QTRY_VERIFY_WITH_TIMEOUT(tokens->linesLayerCurrent(), 20000);
    // Scrolled far down: the layer is drawn again around the new rows.
    auto* bar = tokens->findChild<QScrollArea*>()->verticalScrollBar();
    bar->setValue(bar->maximum());
    QTRY_VERIFY_WITH_TIMEOUT(tokens->linesLayerCurrent(), 20000);
}

QTEST_MAIN(TestViewDeck)
#include "tst_viewdeck.moc"
