// attnscope_latency_bench: drives a LiveSession and the real view deck offscreen, without a main
// window, and reports, per sequence length and per view tab, the time from a scenario edit to the
// visible view having drawn the new trace, and the longest the UI thread went without processing
// events, next to the engine's work for the edit and the OpenBLAS time of the edit's GEMMs
// (issue 12: visible ≤ engine + 30 ms, engine ≤ 1.5 × sgemm, UI never blocked > 50 ms).

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "bench_reference.h"
#include "core/backends/BackendRegistry.h"
#include "core/common/Gemm.h"
#include "core/engine/TraceBuilder.h"
#include "widgets/document/LiveSession.h"
#include "widgets/document/SessionDocument.h"
#include "widgets/heatmap/HeatmapGridView.h"
#include "widgets/views/FigureView.h"
#include "widgets/views/ViewDeck.h"
#include "widgets/views/ViewOptions.h"

using namespace attnscope;

namespace {

using attnscope::bench::median;

/// The OpenBLAS sgemm time of an edit's GEMMs at length L (H = 12, d = 64, d_model = 768, the
/// bench's 2 threads): Q·Kᵀ and P·V per head for every edit that recomputes attention, and the
/// three projections as well when the inputs change.
struct GemmReference {
    double attentionMs = 0, projectionsMs = 0;
};

GemmReference measureGemms(int64_t L, int threads) {
    Tensor q({1, 12, L, 64}), k({1, 12, L, 64}), v({1, 12, L, 64});
    uint32_t state = 12345;
    for (Tensor* t : {&q, &k, &v})
        for (float& x : *t) {
            state = state * 1664525u + 1013904223u;
            x = float(int(state >> 9) % 2001 - 1000) / 1000.0f;
        }
    attnscope::bench::SgemmReference ref(q, k, v, 0.125f, threads);
    std::vector<double> blas, heads;
    for (int r = 0; r < 3; ++r) {
        blas.push_back(ref.runBlasThreaded());
        heads.push_back(ref.runHeadThreaded());
    }
    GemmReference g;
    g.attentionMs = std::min(median(blas), median(heads));
    g.projectionsMs = attnscope::bench::sgemmProjectionsMs(L, 768, 768, 768, threads, 3);
    return g;
}

/// Counts the deck's visibleViewsDrawn signals: a view that needs no preparation draws inside
/// the edit's own call, before anyone could start waiting.
struct DrawCounter {
    int count = 0;
    QEventLoop* waiting = nullptr;
};

/// Waits (in an event loop, so that the UI thread sleeps and leaves the cores to the engine)
/// until the visible view has drawn more often than `since` times, at most `ms`; returns false
/// on timeout.
bool waitDrawn(DrawCounter& drawn, int since, int ms) {
    if (drawn.count > since) return true;
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, [&] { loop.exit(1); });
    timeout.start(ms);
    drawn.waiting = &loop;
    int rc = 0;
    while (drawn.count <= since && rc == 0) rc = loop.exec();
    drawn.waiting = nullptr;
    return drawn.count > since;
}

}  // namespace

int main(int argc, char* argv[]) {
    // The kernels the app uses: it runs again with OPENBLAS_CORETYPE set where OpenBLAS took an
    // AVX-512 or AVX2 machine for a generic one (this VM: Prescott kernels, 4.6× slower).
    gemm::reexecWithBetterBlas(argv);
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName("AttnScopeBench");  // keep the user's settings apart
    int repeats = 7;
    int64_t gridLength = 4096;
    std::vector<int64_t> lengths{256, 1024, 4096};
    QStringList onlyViews;  // --views Sinks,Statistics: only these tabs
    for (int i = 1; i + 1 < argc; ++i)
        if (QString(argv[i]) == "--repeats") {
            repeats = std::max(1, atoi(argv[i + 1]));
        } else if (QString(argv[i]) == "--grid-length") {
            gridLength = std::max<int64_t>(16, atoll(argv[i + 1]));
        } else if (QString(argv[i]) == "--views") {
            onlyViews = QString(argv[i + 1]).split(',');
        } else if (QString(argv[i]) == "--lengths") {
            lengths.clear();
            for (const QString& l : QString(argv[i + 1]).split(','))
                lengths.push_back(l.toLongLong());
        }

    const BackendRegistry& registry = BackendRegistry::builtin();
    LiveSession session(registry.create({"cpu", -1, {}}).value().backend);
    ViewDeck deckWidget;
    deckWidget.resize(1200, 900);  // the central area of the 1500 × 950 window
    deckWidget.show();
    ViewDeck* deck = &deckWidget;
    QObject::connect(&session, &LiveSession::traceChanged, deck, &ViewDeck::setTrace);
    QObject::connect(&session, &LiveSession::optionsChanged, deck, &ViewDeck::setOptions);
    // As in the window: long traces are computed pooled while the tab on screen can show them.
    QObject::connect(deck, &ViewDeck::pooledViewsOnlyChanged, &session,
                     &LiveSession::setPooledViewsOnly);
    DrawCounter drawn;
    QObject::connect(deck, &ViewDeck::visibleViewsDrawn, [&drawn] {
        ++drawn.count;
        if (drawn.waiting) drawn.waiting->exit(0);
    });
    SessionDocument* doc = session.document();

    // The engine's work for an edit: from the computation's start to its trace.
    QElapsedTimer engineClock;
    bool engineRunning = false;
    double engineMs = 0;
    QObject::connect(&session, &LiveSession::computeStarted, [&] {
        engineClock.start();
        engineRunning = true;
    });
    QObject::connect(&session, &LiveSession::traceChanged, [&] {
        if (engineRunning) engineMs = double(engineClock.nsecsElapsed()) / 1e6;
        engineRunning = false;
    });

    // The UI thread's longest gap between 5 ms ticks while edits are processed.
    QElapsedTimer tick;
    double maxGap = 0;
    QTimer heartbeat;
    heartbeat.setInterval(5);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        maxGap = std::max(maxGap, double(tick.nsecsElapsed()) / 1e6);
        tick.restart();
    });

    std::printf(
        "edit → visible view drawn (median of %d edits; H=12, d=64, d_model=768, causal, %s)\n"
        "engine: the engine's work for the edit (compute started → trace); sgemm: OpenBLAS time "
        "of the edit's GEMMs\n(Q·Kᵀ and P·V per head; + the three projections for a seed edit), "
        "measured in this run right before and after the edits (mean). Targets:\n(a) visible ≤ "
        "engine + 30 ms, (b) engine ≤ 1.5 × sgemm, "
        "(c) UI stall ≤ 50 ms, at L = 1024 and 4096\n\n",
        repeats, (std::string("CPU backend, OpenBLAS ") + gemm::blasCoreName()).c_str());
    std::printf("%6s | %-10s | %-4s | %8s | %8s | %8s | %8s | %6s | %8s | %s\n", "L", "view",
                "edit", "visible", "max", "engine", "sgemm", "eng/sg", "UI stall", "a b c");
    std::printf("%s\n", std::string(100, '-').c_str());
    bool allPass = true;
    for (int64_t L : lengths) {
        Scenario s;
        s.name = "latency";
        s.heads = s.kvHeads = 12;
        s.dHead = 64;
        s.dModel = 768;
        s.qLen = s.kvLen = L;
        s.mask = "causal";
        for (int tab = 0; tab < deck->count(); ++tab) {
            if (!onlyViews.isEmpty() &&
                !onlyViews.contains(deck->tabText(tab), Qt::CaseInsensitive))
                continue;
            deck->setCurrentIndex(tab);
            session.setPooledViewsOnly(deck->currentShowsPooled());
            // The reference is measured next to the edits it is set against: this VM's speed
            // drifts by 1.5× over minutes (a neighbour's load), which a reference measured once
            // per length turned into ratios of 0.6 or 1.8 for the same engine. Right before and
            // right after each kind's edits, the two averaged (one reference per tab still gave
            // 120 and 204 ms for the same GEMMs at L = 1024 in one run).
            // Three kinds of edit: the mask (attention recomputed on the same Q/K/V), the seed
            // (new X and W, so the projections run again), and a display option (the values
            // shown, logits or probabilities: no recomputation, the view prepares and draws).
            for (const char* kind : {"mask", "seed", "view"}) {
                auto apply = [&](int r) {
                    if (kind[0] == 'v') {
                        ViewOptions o = doc->options();
                        o.valueKind = o.valueKind == ValueKind::Logits ? ValueKind::Probabilities
                                                                       : ValueKind::Logits;
                        doc->setOptions(o);
                        return;
                    }
                    Scenario edited = doc->scenario();
                    if (kind[0] == 's')
                        edited.seed = edited.seed + 1;  // what the seed spin box does
                    else
                        edited.mask =
                            r % 2 ? "causal"
                                  : "causal & window(" + std::to_string(L / (r < 0 ? 4 : 2)) + ")";
                    doc->editScenario(edited, kind, 1);
                };
                doc->reset(s);
                // Wait for the trace of this scenario (a trace still on its way from before the
                // reset also reports drawn), then one untimed edit of this kind: the first traces
                // at a new length fault in fresh memory (~250 ms for 150 MB on this VM), which
                // later edits reuse.
                auto settle = [&] {
                    for (int i = 0; i < 20; ++i) {
                        const TracePtr t = deck->trace();
                        if (t && t->scenario == doc->scenario() && !session.engine().isBusy())
                            break;
                        if (!waitDrawn(drawn, drawn.count, 60000))
                            std::printf("  (trace timed out)\n");
                    }
                };
                settle();
                const int before = drawn.count;
                // Measured before the warm-up edit: OpenBLAS's threads spin (sched_yield) for a
                // while after a threaded GEMM, which the warm-up edit absorbs, not a timed one.
                const GemmReference gemms = kind[0] == 'v' ? GemmReference{} : measureGemms(L, 2);
                apply(-2);  // the untimed warm-up edit
                waitDrawn(drawn, before, 60000);
                settle();
                std::vector<double> ms, engine;
                maxGap = 0;
                for (int r = 0; r < repeats; ++r) {
                    tick.start();
                    heartbeat.start();
                    QElapsedTimer t;
                    t.start();
                    const int since = drawn.count;
                    engineMs = 0;
                    apply(r);
                    const bool ok = waitDrawn(drawn, since, 60000);
                    ms.push_back(ok ? double(t.nsecsElapsed()) / 1e6 : 60000.0);
                    engine.push_back(engineMs);
                    heartbeat.stop();
                }
                double sgemm = 0;
                if (kind[0] != 'v') {
                    const GemmReference after = measureGemms(L, 2);
                    const double attention = 0.5 * (gemms.attentionMs + after.attentionMs);
                    const double projections = 0.5 * (gemms.projectionsMs + after.projectionsMs);
                    sgemm = kind[0] == 's' ? attention + projections : attention;
                }
                const double med = median(ms), eng = median(engine);
                const bool targetApplies = L == 1024 || L == 4096;
                const bool a = med <= eng + 30, b = sgemm == 0 || eng <= 1.5 * sgemm,
                           c = maxGap <= 50;
                if (targetApplies) allPass = allPass && a && b && c;
                auto mark = [&](bool ok) { return targetApplies ? (ok ? "✓" : "✗") : "-"; };
                std::printf(
                    "%6lld | %-10s | %-4s | %8.1f | %8.1f | %8.1f | %8.1f | %6s | %8.1f | %s %s "
                    "%s\n",
                    (long long)L, qPrintable(deck->tabText(tab)), kind, med,
                    *std::max_element(ms.begin(), ms.end()), eng, sgemm,
                    sgemm > 0 ? qPrintable(QString::number(eng / sgemm, 'f', 2)) : "-", maxGap,
                    mark(a), mark(b), mark(c));
            }
        }
    }
    std::printf(
        "\nan edit after a quiet spell computes at once (bursts collapse per 10 ms); targets "
        "(a) (b) (c) at L = 1024 and 4096 => %s\n",
        allPass ? "all PASS" : "MISS");

    // The heatmap grid of 12 heads at long L (SPEC §10: first paint ≤ 200 ms, pan/zoom ≤ 16 ms):
    // first paint is trace in hand → grid drawn (pooling on the deck's pool + plot build and
    // paint); a pan or zoom frame is one replot of the maps already pooled, while the re-pooling
    // of the visible region runs off the UI thread once the motion pauses.
    Scenario g;
    g.heads = g.kvHeads = 12;
    g.dHead = 64;
    g.dModel = 768;
    g.qLen = g.kvLen = gridLength;
    g.mask = "causal";
    auto backend = registry.create({"cpu", -1, {}}).value().backend;
    const TracePtr trace = TraceBuilder::build(TraceRequest{g, {}, {}, {}}, *backend).value();
    HeatmapGridView* heads = nullptr;
    for (FigureView* v : deck->views())
        if (auto* h = qobject_cast<HeatmapGridView*>(v)) heads = h;
    deck->setCurrentWidget(heads);
    std::vector<double> paint;
    for (int r = 0; r < repeats; ++r) {
        QElapsedTimer t;
        t.start();
        const int since = drawn.count;
        deck->setTrace(trace);
        waitDrawn(drawn, since, 60000);
        heads->repaint();  // the paint event itself
        paint.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::vector<double> pan, zoom;
    const double L = double(gridLength);
    for (int i = 0; i < 30; ++i) {
        QElapsedTimer t;
        t.start();
        // Zoomed to half the map, drag to the right by 1 % of L per frame (the view keeps the
        // region inside the data).
        const double shift = L * 0.01 * (i + 1);
        heads->setVisibleRegion(shift, L / 2 + shift, 0, L / 2);
        heads->repaint();
        pan.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    for (int i = 0; i < 30; ++i) {
        QElapsedTimer t;
        t.start();
        const double half = 0.5 * L * std::pow(0.9, i + 1);  // wheel zoom towards the centre
        heads->setVisibleRegion(L / 2 - half, L / 2 + half, L / 2 - half, L / 2 + half);
        heads->repaint();
        zoom.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    QElapsedTimer refine;
    refine.start();
    QEventLoop settle;
    QObject::connect(heads, &HeatmapGridView::regionPooled, &settle, &QEventLoop::quit);
    QTimer::singleShot(20000, &settle, &QEventLoop::quit);
    settle.exec();
    const double refineMs = double(refine.nsecsElapsed()) / 1e6;
    const double paintMed = median(paint);
    const double frameMax = std::max(median(pan), median(zoom));
    std::printf(
        "\nheatmap grid, 12 heads, L = %lld (median of %d paints, 30 pan and 30 zoom "
        "frames)\n\n",
        (long long)gridLength, repeats);
    std::printf("%-34s | %10s | %10s | %s\n", "what", "median ms", "max ms", "target");
    std::printf("%s\n", std::string(70, '-').c_str());
    std::printf("%-34s | %10.1f | %10.1f | ≤ 200 %s\n", "first paint (trace -> grid drawn)",
                paintMed, *std::max_element(paint.begin(), paint.end()),
                paintMed <= 200 ? "PASS" : "MISS");
    std::printf("%-34s | %10.1f | %10.1f | ≤ 16 %s\n", "pan frame (replot)", median(pan),
                *std::max_element(pan.begin(), pan.end()), median(pan) <= 16 ? "PASS" : "MISS");
    std::printf("%-34s | %10.1f | %10.1f | ≤ 16 %s\n", "zoom frame (replot)", median(zoom),
                *std::max_element(zoom.begin(), zoom.end()), median(zoom) <= 16 ? "PASS" : "MISS");
    std::printf("%-34s | %10.1f | %10s | (off the UI thread)\n", "re-pool after the motion pauses",
                refineMs, "");
    Q_UNUSED(frameMax);
    return 0;
}
