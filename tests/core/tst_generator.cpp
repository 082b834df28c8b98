// SyntheticGenerator: deterministic for a seed, and the planted patterns really show in the
// computed attention (local bumps, global columns, translation alignment, first-position sinks).

#include <QtTest>
#include <thread>

#include "core/analysis/AttentionStatistics.h"
#include "core/analysis/SinkScore.h"
#include "core/backends/cpu/CpuBackend.h"
#include "core/engine/SyntheticGenerator.h"
#include "core/engine/TraceBuilder.h"
#include "core/presets/Presets.h"

using namespace attnscope;

class TestGenerator : public QObject {
    Q_OBJECT
private slots:
    void deterministicPerSeed();
    void localPatternFavoursNeighbours();
    void globalPatternFavoursSalientKeys();
    void translationFollowsAlignment();
    void sinkHeadsSink();
    void groupedQueryShapes();
    void maskEditReusesInputs();
    void outputProjectedOnFirstUse();
    void parallelDrawsMatchOneStream();

private:
    static TracePtr run(const Scenario& s) {
        CpuBackend backend;
        auto t = TraceBuilder::build({s, {}, {}, {}}, backend);
        return t ? t.value() : nullptr;
    }
    /// argmax over keys of probs[b=0, h, q, :]
    static int64_t argmaxKey(const Trace& t, int64_t h, int64_t q) {
        const float* row = t.steps.probs.data() + (h * t.qLen() + q) * t.kvLen();
        return std::max_element(row, row + t.kvLen()) - row;
    }
};

void TestGenerator::deterministicPerSeed() {
    Scenario s;
    s.seed = 42;
    s.pattern = PatternKind::Local;
    const auto a = SyntheticGenerator::generate(s), b = SyntheticGenerator::generate(s);
    QVERIFY(std::equal(a.x.begin(), a.x.end(), b.x.begin()));
    QVERIFY(std::equal(a.wq.begin(), a.wq.end(), b.wq.begin()));
    s.seed = 43;
    const auto c = SyntheticGenerator::generate(s);
    QVERIFY(!std::equal(a.x.begin(), a.x.end(), c.x.begin()));
    Rng r1(7), r2(7);
    for (int i = 0; i < 100; ++i) QCOMPARE(r1.normal(), r2.normal());
}

void TestGenerator::localPatternFavoursNeighbours() {
    Scenario s = *presetScenario("local");
    s.qLen = s.kvLen = 48;
    s.queryTokens.clear();
    auto t = run(s);
    QVERIFY(t);
    int near = 0, total = 0;
    for (int64_t h = 0; h < t->heads(); ++h)
        for (int64_t q = 0; q < t->qLen(); ++q, ++total)
            near += std::abs(argmaxKey(*t, h, q) - q) <= 2;
    QVERIFY2(near >= total * 8 / 10,
             qPrintable(QString("%1 of %2 rows local").arg(near).arg(total)));
}

void TestGenerator::globalPatternFavoursSalientKeys() {
    Scenario s = *presetScenario("global");
    s.qLen = s.kvLen = 64;
    s.queryTokens.clear();
    auto t = run(s);
    QVERIFY(t);
    std::vector<int64_t> salient;
    for (int64_t k = 0; k < t->kvLen(); ++k)
        if (t->x.at({0, k, SyntheticGenerator::kSalienceFeature}) > 0.5f) salient.push_back(k);
    QVERIFY(!salient.empty() && salient.size() < size_t(t->kvLen() / 3));
    for (int64_t h = 0; h < t->heads(); ++h) {
        double mass = 0;
        for (int64_t q = 0; q < t->qLen(); ++q)
            for (int64_t k : salient) mass += t->steps.probs[(h * t->qLen() + q) * t->kvLen() + k];
        mass /= double(t->qLen());
        const double uniform = double(salient.size()) / double(t->kvLen());
        QVERIFY2(mass > 3 * uniform,
                 qPrintable(QString("head %1: %2 vs uniform %3").arg(h).arg(mass).arg(uniform)));
    }
}

void TestGenerator::translationFollowsAlignment() {
    Scenario s = *presetScenario("translation");
    s.qLen = 30;
    s.kvLen = 36;
    s.queryTokens.clear();
    s.keyTokens.clear();
    auto t = run(s);
    QVERIFY(t);
    const auto align = SyntheticGenerator::translationAlignment(s);
    int hits = 0, total = 0;
    for (int64_t h = 0; h < t->heads(); ++h)
        for (int64_t q = 0; q < t->qLen(); ++q, ++total)
            hits += std::abs(argmaxKey(*t, h, q) - align[q]) <= 1;
    QVERIFY2(hits >= total * 3 / 4, qPrintable(QString("%1 of %2 aligned").arg(hits).arg(total)));
}

void TestGenerator::sinkHeadsSink() {
    const Scenario s = *presetScenario("streaming-sinks");
    auto t = run(s);
    QVERIFY(t);
    const auto scores = sinkScores(headsOfBatch(t->steps.scores, 0),
                                   presetDisplay("streaming-sinks")->querySelection);
    for (int64_t h = 0; h < t->heads(); ++h) {
        const bool planted = std::count(s.sinkHeads.begin(), s.sinkHeads.end(), int(h)) > 0;
        if (planted)
            QVERIFY2(scores[h].sink > 2.0,
                     qPrintable(QString("head %1 sink %2").arg(h).arg(scores[h].sink)));
        else
            QVERIFY2(scores[h].sink < 1.0,
                     qPrintable(QString("head %1 sink %2").arg(h).arg(scores[h].sink)));
    }
}

void TestGenerator::groupedQueryShapes() {
    Scenario s;
    s.heads = 8;
    s.kvHeads = 2;
    s.batch = 3;
    s.bias = true;
    auto t = run(s);
    QVERIFY(t);
    QCOMPARE(t->q.shape(), (Shape{3, 8, 16, 16}));
    QCOMPARE(t->k.shape(), (Shape{3, 2, 16, 16}));
    QCOMPARE(t->output().shape(), (Shape{3, 16, 64}));
    QCOMPARE(t->steps.probs.shape(), (Shape{3, 8, 16, 16}));
}

void TestGenerator::maskEditReusesInputs() {
    // A trace rebuilt from a previous one with only the mask changed equals a fresh build.
    Scenario s = *presetScenario("hf-causal");
    CpuBackend backend;
    auto first = TraceBuilder::build({s, {}, {}, {}}, backend);
    QVERIFY(first);
    s.mask = "causal & window(2)";
    QVERIFY(TraceBuilder::sameInputs(first.value()->scenario, s));
    auto reused = TraceBuilder::build({s, {}, {}, {}}, backend, {}, first.value());
    auto fresh = TraceBuilder::build({s, {}, {}, {}}, backend);
    QVERIFY(reused && fresh);
    QVERIFY(
        std::equal(reused.value()->q.begin(), reused.value()->q.end(), fresh.value()->q.begin()));
    QVERIFY(std::equal(reused.value()->steps.probs.begin(), reused.value()->steps.probs.end(),
                       fresh.value()->steps.probs.begin()));
    // Figures of the inputs alone (the sink lens's value norms) are computed once for both.
    QVERIFY(reused.value()->inputs == first.value()->inputs);
    int computed = 0;
    auto norms = [&] {
        ++computed;
        return Tensor({2}, 1.5f);
    };
    const Tensor a = first.value()->inputs->derived("value norms", 0, norms);
    const Tensor b = reused.value()->inputs->derived("value norms", 0, norms);
    QCOMPARE(computed, 1);
    QCOMPARE(b[1], 1.5f);
    reused.value()->inputs->derived("value norms", 1, norms);  // another batch element
    QCOMPARE(computed, 2);
    fresh.value()->inputs->derived("value norms", 0, norms);  // other inputs: their own
    QCOMPARE(computed, 3);
    Q_UNUSED(a);
    Scenario other = s;
    other.seed += 1;
    QVERIFY(!TraceBuilder::sameInputs(s, other));
    other = s;
    other.qOffset = 3;  // positions feed the generator
    QVERIFY(!TraceBuilder::sameInputs(s, other));
}

void TestGenerator::outputProjectedOnFirstUse() {
    // The output projection is computed when first asked for, from any thread, once; it equals
    // concat_h(C_h)·W_o (checked against PyTorch in tst_enginegolden), and a copied trace whose
    // context was replaced projects its own.
    Scenario s;
    s.heads = 4;
    s.kvHeads = 2;
    s.batch = 2;
    auto t = run(s);
    QVERIFY(t && t->hasOutput());
    QCOMPARE(t->outputShape(), (Shape{2, 16, 64}));
    const Tensor expected = TraceBuilder::outputProjection(t->steps.context, t->wo);
    std::vector<const Tensor*> seen(4, nullptr);
    std::vector<std::thread> readers;
    for (int i = 0; i < 4; ++i) readers.emplace_back([&, i] { seen[i] = &t->output(); });
    for (auto& r : readers) r.join();
    for (const Tensor* o : seen) QCOMPARE(o, &t->output());
    QCOMPARE(t->tensor(Step::Output), &t->output());
    QVERIFY(std::equal(expected.begin(), expected.end(), t->output().begin()));

    auto zeroSteps = std::make_shared<AttentionSteps>(t->steps);
    std::fill(zeroSteps->context.begin(), zeroSteps->context.end(), 0.0f);
    Trace copy(t->inputs, zeroSteps);
    copy.scenario = t->scenario;
    QVERIFY(
        std::all_of(copy.output().begin(), copy.output().end(), [](float v) { return v == 0; }));
    QVERIFY(std::equal(expected.begin(), expected.end(), t->output().begin()));

    s.outputProjection = false;
    auto none = run(s);
    QVERIFY(none && !none->hasOutput());
    QVERIFY(none->output().empty());
    QCOMPARE(none->tensor(Step::Output), nullptr);
}

void TestGenerator::parallelDrawsMatchOneStream() {
    // skip(n) lands where n calls of next() land, and fillNormal takes normalDraws(n) calls.
    Rng a(42), b(42);
    for (int i = 0; i < 1000; ++i) a.next();
    b.skip(1000);
    QCOMPARE(a.next(), b.next());
    for (int64_t n : {1, 2, 7, 1024, 1025, 3001}) {
        Rng c(7), d(7);
        std::vector<float> out(n);
        c.fillNormal(out.data(), n, 1.0f);
        d.skip(Rng::normalDraws(n));
        QCOMPARE(c.next(), d.next());
    }
    // The pieces of the stream filled on several threads give what one thread gives, for
    // self- and cross-attention, with biases and batches, and with rows not a multiple of the
    // block of rows.
    Scenario self;
    self.qLen = self.kvLen = 600;
    self.batch = 2;
    self.bias = true;
    self.sinkHeads = {1};
    Scenario cross;
    cross.crossAttention = true;
    cross.qLen = 300;
    cross.kvLen = 517;
    cross.pattern = PatternKind::Translation;
    for (const Scenario& s : {self, cross}) {
        const SyntheticInputs one = SyntheticGenerator::generate(s, 1);
        const SyntheticInputs four = SyntheticGenerator::generate(s, 4);
        for (auto [x, y] : {std::pair{&one.x, &four.x},
                            {&one.xKv, &four.xKv},
                            {&one.wq, &four.wq},
                            {&one.wk, &four.wk},
                            {&one.wv, &four.wv},
                            {&one.wo, &four.wo},
                            {&one.bq, &four.bq},
                            {&one.bv, &four.bv}}) {
            QCOMPARE(x->shape(), y->shape());
            QVERIFY(std::equal(x->begin(), x->end(), y->begin()));
        }
    }
}

QTEST_GUILESS_MAIN(TestGenerator)
#include "tst_generator.moc"
