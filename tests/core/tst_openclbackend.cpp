// The OpenCL backend against the CPU backend on the same inputs (ggml test-backend-ops style):
// every golden scenario plus generated ones with empty tiles, ragged lengths, GQA and batches;
// probabilities within 1e-6, context NMSE ≤ 1e-9, identical masks. Device pooling against the
// CPU analysis functions. Skips when the machine has no OpenCL platform (CI installs PoCL).

#include <QJsonObject>
#include <QtTest>
#include <cmath>

#include "TestSupport.h"
#include "core/analysis/AttentionStatistics.h"
#include "core/analysis/FramePooling.h"
#include "core/analysis/SinkScore.h"
#include "core/analysis/ViewportPooling.h"
#include "core/backends/BackendRegistry.h"
#include "core/backends/cpu/CpuBackend.h"
#include "core/engine/SyntheticGenerator.h"
#include "core/engine/TraceBuilder.h"
#include "core/io/NpyFormat.h"
#ifdef ATTNSCOPE_HAVE_OPENCL
#include "core/backends/opencl/OpenClBackend.h"
#include "core/backends/opencl/OpenClGemm.h"
#endif

using namespace attnscope;
using namespace attnscope::test;

namespace {
// The helpers are unused in a build without OpenCL, where every test case skips.

struct Case {
    Tensor q, k, v;
    std::string mask;
    double scale = 0;  // 0: 1/sqrt(d)
    double softCap = 0;
    int64_t qOffset = 0, kvOffset = 0;
};

[[maybe_unused]] Tensor randomTensor(std::vector<int64_t> shape, uint64_t seed,
                                     float stddev = 1.0f) {
    Tensor t(std::move(shape));
    Rng rng(seed);
    rng.fillNormal(t.data(), t.size(), stddev);
    return t;
}

[[maybe_unused]] Case generated(int64_t B, int64_t H, int64_t Hkv, int64_t Lq, int64_t Lk,
                                int64_t d, std::string mask, uint64_t seed) {
    return {randomTensor({B, H, Lq, d}, seed), randomTensor({B, Hkv, Lk, d}, seed + 1),
            randomTensor({B, Hkv, Lk, d}, seed + 2), std::move(mask)};
}

[[maybe_unused]] TracePtr build(const Case& c, Backend& backend) {
    TraceRequest req;
    req.scenario.source = SourceKind::Tensors;
    req.scenario.mask = c.mask;
    req.scenario.scale = c.scale;
    req.scenario.softCap = c.softCap;
    req.scenario.qOffset = c.qOffset;
    req.scenario.kvOffset = c.kvOffset;
    req.q = c.q;
    req.k = c.k;
    req.v = c.v;
    auto t = TraceBuilder::build(req, backend);
    if (!t) qWarning("%s", t.error().c_str());
    return t ? t.value() : TracePtr();
}

[[maybe_unused]] double nmse(const Tensor& a, const Tensor& ref) {
    double num = 0, den = 0;
    for (int64_t i = 0; i < a.size(); ++i) {
        num += (double(a[i]) - ref[i]) * (double(a[i]) - ref[i]);
        den += double(ref[i]) * ref[i];
    }
    return den > 0 ? num / den : num;
}

/// NaN must meet NaN; otherwise |a − e| ≤ atol + rtol·|e|.
[[maybe_unused]] QString comparePooled(const Tensor& a, const Tensor& e, double rtol, double atol) {
    if (a.shape() != e.shape()) return "shape differs";
    for (int64_t i = 0; i < a.size(); ++i) {
        if (std::isnan(e[i]) && std::isnan(a[i])) continue;
        if (!(std::abs(double(a[i]) - e[i]) <= atol + rtol * std::abs(double(e[i]))))
            return QString("element %1: %2 vs %3").arg(i).arg(a[i], 0, 'g', 9).arg(e[i], 0, 'g', 9);
    }
    return {};
}

}  // namespace

class TestOpenClBackend : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void agreesWithCpu_data();
    void agreesWithCpu();
    void devicePoolingMatchesAnalysis();
    void pooledPassAgreesWithCpu_data();
    void pooledPassAgreesWithCpu();
    void poolingRejectsBadRequests();
    void registryChoosesAndFallsBack();
    void countsItsCancelPolls();
    void clblastOnlyWhereItsIndicesReach();

private:
#ifdef ATTNSCOPE_HAVE_OPENCL
    std::unique_ptr<OpenClBackend> m_ocl;  // Gemm::Auto
    std::unique_ptr<OpenClBackend> m_tiled, m_clblast;
#endif
};

void TestOpenClBackend::initTestCase() {
#ifndef ATTNSCOPE_HAVE_OPENCL
    QSKIP("this build has no OpenCL backend");
#else
    auto devices = listOpenClDevices();
    if (!devices) QSKIP(qPrintable("no OpenCL here: " + QString::fromStdString(devices.error())));
    // Prefer a CPU device (PoCL, as in CI) for reproducible figures; any device must pass.
    int index = 0;
    for (const auto& d : *devices)
        if (!d.gpu) index = d.index;
    auto backend = OpenClBackend::create(index);
    QVERIFY2(backend, backend ? "" : backend.error().c_str());
    m_ocl = std::move(backend).value();
    qInfo("OpenCL device: %s, CLBlast: %s", m_ocl->device().message.c_str(),
          OpenClBackend::hasClBlast() ? "yes" : "no");
    auto tiled = OpenClBackend::create(index, OpenClBackend::Gemm::Tiled);
    QVERIFY(tiled);
    m_tiled = std::move(tiled).value();
    auto blas = OpenClBackend::create(index, OpenClBackend::Gemm::ClBlast);
    QCOMPARE(bool(blas), OpenClBackend::hasClBlast());
    if (blas) m_clblast = std::move(blas).value();
#endif
}

void TestOpenClBackend::agreesWithCpu_data() {
    QTest::addColumn<QString>("golden");  // a golden engine case directory, or empty
    QTest::addColumn<int>("generatedIndex");
    QTest::addColumn<QString>("gemm");  // auto (CLBlast and tiled P·V by sparsity), tiled, clblast
    for (const auto& v : readJsonArray(dataPath("golden/engine/index.json"))) {
        const QJsonObject c = v.toObject();
        for (const char* gemm : {"auto", "tiled"})
            QTest::newRow(qPrintable("golden/" + c["name"].toString() + "/" + gemm))
                << c["dir"].toString() << -1 << QString(gemm);
    }
    const char* names[] = {"ragged_causal_window_empty_tiles",
                           "cross_chunk_ragged",
                           "gqa_batch_pad_d40",
                           "mqa_lpad_offsets_d80",
                           "docs_scale_batch",
                           "all_masked_tiles",
                           "gemma2_softcap_gqa_window"};
    for (int i = 0; i < 7; ++i)
        for (const char* gemm : {"auto", "tiled", "clblast"})
            QTest::newRow(qPrintable(QString(names[i]) + "/" + gemm))
                << QString() << i << QString(gemm);
}

void TestOpenClBackend::agreesWithCpu() {
#ifdef ATTNSCOPE_HAVE_OPENCL
    QFETCH(QString, golden);
    QFETCH(int, generatedIndex);
    QFETCH(QString, gemm);
    OpenClBackend* ocl = gemm == "auto"    ? m_ocl.get()
                         : gemm == "tiled" ? m_tiled.get()
                                           : m_clblast.get();
    if (!ocl) QSKIP("this build has no CLBlast");
    Case c;
    if (!golden.isEmpty()) {
        const QString dir = dataPath("golden/engine/" + golden + "/");
        for (const auto& v : readJsonArray(dataPath("golden/engine/index.json")))
            if (v.toObject()["dir"].toString() == golden) {
                const QJsonObject o = v.toObject();
                c.mask = o["expr"].toString().toStdString();
                c.scale = o["scale"].toDouble();
                c.qOffset = o["q_offset"].toInteger();
                c.kvOffset = o["kv_offset"].toInteger();
            }
        auto q = readNpy(dir + "q.npy"), k = readNpy(dir + "k.npy"), v = readNpy(dir + "v.npy");
        QVERIFY(q && k && v);
        c.q = q.value(), c.k = k.value(), c.v = v.value();
    } else {
        switch (generatedIndex) {
            case 0:  // 300 = 2 full tiles + 44: most tiles below the window are empty
                c = generated(1, 3, 3, 300, 300, 32, "causal & window(40)", 11);
                break;
            case 1:  // cross-attention, both lengths ragged, chunked
                c = generated(1, 2, 2, 130, 390, 16, "chunk(100)", 12);
                break;
            case 2:  // GQA 6/2, right padding per batch element, d not a multiple of 16
                c = generated(2, 6, 2, 200, 200, 40, "causal & pad(200, 77)", 13);
                break;
            case 3:  // MQA, left padding, offsets (a later decoding window), d over one tile
                c = generated(2, 4, 1, 96, 260, 80, "causal & lpad(260, 150)", 14);
                c.qOffset = 164;
                break;
            case 4:  // packed documents, custom scale, large logits
                c = generated(2, 2, 2, 257, 257, 24, "causal & docs(100, 57, 100)", 15);
                c.scale = 0.9;
                break;
            case 6:  // Gemma 2: logits soft-capped at 5 (large scale, so the cap bites), GQA
                c = generated(1, 4, 2, 200, 200, 32, "causal & window(50)", 17);
                c.scale = 2.0;
                c.softCap = 5.0;
                break;
            case 5:  // rows 0–199 see nothing, tiles 0 and 1 of every row block partly empty
                c = generated(1, 2, 1, 260, 260, 8, "causal & !window(200)", 16);
                break;
        }
    }

    CpuBackend cpu({2, CpuBackend::Gemm::OpenBlas});
    TracePtr a = build(c, cpu), b = build(c, *ocl);
    QVERIFY(a && b);
    const AttentionSteps &x = a->steps, &y = b->steps;
    QCOMPARE(b->backend, std::string("opencl"));
    QVERIFY(x.mask.shape() == y.mask.shape());
    QVERIFY2(std::equal(x.mask.begin(), x.mask.end(), y.mask.begin()), "masks differ");
    QVERIFY(x.blocks.states == y.blocks.states);
    QVERIFY(x.emptyRows == y.emptyRows);

    if (c.softCap > 0) {  // capped, and the cap bites
        float most = 0;
        for (float v : x.scores) most = std::max(most, std::abs(v));
        QVERIFY(most <= c.softCap && most > 0.9 * c.softCap);
    }
    QString diff = compareArrays(y.scores, x.scores, 1e-5, 1e-5);
    QVERIFY2(diff.isEmpty(), qPrintable("scores: " + diff));
    diff = compareArrays(y.maskedScores, x.maskedScores, 1e-5, 1e-5);
    QVERIFY2(diff.isEmpty(), qPrintable("masked scores: " + diff));
    diff = compareArrays(y.probs, x.probs, 0, 1e-6);
    QVERIFY2(diff.isEmpty(), qPrintable("probs: " + diff));
    const double e = nmse(y.context, x.context);
    QVERIFY2(e <= 1e-9, qPrintable(QString("context NMSE %1").arg(e)));
    for (float p : y.probs) QVERIFY(std::isfinite(p));
    for (float v : y.context) QVERIFY(std::isfinite(v));
    for (const auto& [bb, r] : y.emptyRows)  // empty rows are zeros in every head
        for (int64_t h = 0; h < b->heads(); ++h) {
            const float* p = y.probs.data() + ((bb * b->heads() + h) * b->qLen() + r) * b->kvLen();
            QVERIFY(std::all_of(p, p + b->kvLen(), [](float v) { return v == 0.0f; }));
        }
    QVERIFY(y.timings.total() > 0);
#else
    QSKIP("no OpenCL");
#endif
}

void TestOpenClBackend::pooledPassAgreesWithCpu_data() {
    QTest::addColumn<int>("index");
    QTest::newRow("causal window, GQA, two chunks, frames, max viewport, logits") << 0;
    QTest::newRow("cross-attention, offsets, soft-cap, batch, mean viewport of a region") << 1;
    QTest::newRow("empty rows (lpad), chunks | prefix, batch of 2, GQA") << 2;
}

void TestOpenClBackend::pooledPassAgreesWithCpu() {
#ifdef ATTNSCOPE_HAVE_OPENCL
    // The device's pooled pass (chunks of rows, each reduced on the device) against the CPU's
    // (pooledAttention, itself checked against NumPy and the materialised trace).
    QFETCH(int, index);
    Case c;
    PooledRequest r;
    r.frameMax = true;
    r.viewport = true;
    r.logits = true;
    r.slices = 3;
    if (index == 0) {
        c = generated(1, 4, 2, 1500, 1500, 32, "causal & window(300)", 31);
        r.frames = 16;
        r.region = {0, 1500, 0, 1500};
        r.width = r.height = 200;
        r.mode = PoolMode::Max;
        QVERIFY(m_ocl->pooledChunkRows(4, 1500) < 1500);  // more than one chunk
    } else if (index == 1) {
        c = generated(2, 3, 3, 300, 500, 16, "causal & window(100)", 41);
        c.qOffset = 200;
        c.softCap = 5;
        r.frames = 7;
        r.region = {40, 250, 10, 480};
        r.width = 23;
        r.height = 37;
        r.mode = PoolMode::Mean;
    } else {
        c = generated(2, 2, 1, 300, 270, 16, "(chunk(100) | prefix(4)) & causal & lpad(270, 200)",
                      51);
        r.frames = 64;
        r.region = {0, 300, 0, 270};
        r.width = r.height = 64;
    }
    for (Tensor* t : {&c.q, &c.k})  // sharper than 1/√d: some keys take most of a row
        for (float& x : *t) x *= 1.7f;
    auto parsed = MaskExpr::parse(c.mask);
    QVERIFY(parsed);
    const MaskShape shape{c.q.dim(0), c.q.dim(2), c.k.dim(2), c.qOffset, c.kvOffset};
    const float scale = 1.0f / std::sqrt(float(c.q.dim(3)));
    std::vector<double> fractions;
    r.snapshot = [&](PooledAttention&& partial, double f) {
        fractions.push_back(f);
        QCOMPARE(partial.received.shape(), (Shape{c.q.dim(0), c.q.dim(1), c.k.dim(2)}));
    };
    auto dev = m_ocl->pooledPass(c.q, c.k, *parsed, shape, scale, float(c.softCap), r);
    QVERIFY2(dev, dev ? "" : dev.error().c_str());
    if (index == 0) QVERIFY(!fractions.empty() && fractions.back() < 1.0);  // two chunks
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
    r.snapshot = {};
    auto cpu = pooledAttention(c.q, c.k, *parsed, shape, scale, float(c.softCap), r, 2);
    QVERIFY(cpu);
    const std::pair<const char*, std::pair<const Tensor*, const Tensor*>> results[] = {
        {"frameProbs", {&dev->frameProbs, &cpu->frameProbs}},
        {"frameMax", {&dev->frameMax, &cpu->frameMax}},
        {"received", {&dev->received, &cpu->received}},
        {"entropy", {&dev->entropy, &cpu->entropy}},
        {"rowShift", {&dev->rowShift, &cpu->rowShift}},
        {"sink", {&dev->sink, &cpu->sink}},
        {"keyMean", {&dev->keyMean, &cpu->keyMean}},
        {"seen", {&dev->seen, &cpu->seen}},
        {"viewport", {&dev->viewport, &cpu->viewport}},
        {"viewportAllowed", {&dev->viewportAllowed, &cpu->viewportAllowed}},
        {"viewportCount", {&dev->viewportCount, &cpu->viewportCount}},
        {"viewportPairs", {&dev->viewportPairs, &cpu->viewportPairs}}};
    QStringList differ;
    for (const auto& [name, pair] : results) {
        QVERIFY2(!pair.second->empty(), name);
        const QString diff = comparePooled(*pair.first, *pair.second, 2e-5, 2e-5);
        if (!diff.isEmpty()) differ << QString(name) + ": " + diff;
    }
    QVERIFY2(differ.isEmpty(), qPrintable(differ.join("; ")));
    // Sums of many scores: relative to their size.
    for (const auto& [name, pair] :
         {std::pair{"viewportLogitSum", std::pair{&dev->viewportLogitSum, &cpu->viewportLogitSum}},
          std::pair{"viewportScoreSum",
                    std::pair{&dev->viewportScoreSum, &cpu->viewportScoreSum}}}) {
        const QString diff = comparePooled(*pair.first, *pair.second, 1e-4, 1e-3);
        QVERIFY2(diff.isEmpty(), qPrintable(QString(name) + ": " + diff));
    }
    double top = 0;
    for (float x : cpu->frameMax) top = std::max(top, double(x));
    QVERIFY(top > (c.softCap > 0 ? 0.2 : 0.5));  // far from uniform
    if (index == 2) {  // rows with no allowed key: entropy 0, shift NaN, on both
        int empty = 0;
        for (int64_t i = 0; i < dev->rowShift.size(); ++i) empty += std::isnan(dev->rowShift[i]);
        QVERIFY(empty > 0);
    }
    // The device's pass goes through the trace builder when the engine gives it the backend.
    Scenario s;
    s.source = SourceKind::Tensors;
    s.mask = c.mask;
    s.qOffset = c.qOffset;
    s.softCap = c.softCap;
    TraceRequest req{s, c.q, c.k, c.v};
    auto prepared = TraceBuilder::prepare(req, 2);
    QVERIFY(prepared);
    auto trace = TraceBuilder::pool(std::move(prepared).value(), 2, {}, {}, {}, 256, 1, true, 0,
                                    m_ocl.get());
    QVERIFY2(trace, trace ? "" : trace.error().c_str());
    QCOMPARE((*trace)->backend, std::string("pooled (opencl)"));
    QCOMPARE((*trace)->device.message, m_ocl->device().message);
#else
    QSKIP("this build has no OpenCL backend");
#endif
}

void TestOpenClBackend::devicePoolingMatchesAnalysis() {
#ifdef ATTNSCOPE_HAVE_OPENCL
    Case c = generated(2, 3, 3, 300, 270, 16, "causal & window(100) & pad(270, 200)", 21);
    TracePtr t = build(c, *m_ocl);  // the device keeps this run's matrices
    QVERIFY(t);
    using M = OpenClBackend::Matrix;
    const std::pair<M, const Tensor*> matrices[] = {{M::Scores, &t->steps.scores},
                                                    {M::MaskedScores, &t->steps.maskedScores},
                                                    {M::Probs, &t->steps.probs}};
    const FrameSpec fixed = FrameSpec::fixed(16), starts = FrameSpec::fromStarts({0, 5, 100, 290});
    const FrameSpec keyStarts = FrameSpec::fromStarts({0, 1, 64, 200, 260});
    for (int64_t b = 0; b < 2; ++b)
        for (const auto& [which, host] : matrices) {
            for (PoolMode mode : {PoolMode::Mean, PoolMode::Max, PoolMode::Sum}) {
                for (const auto& [qf, kf] :
                     {std::pair{fixed, fixed}, std::pair{starts, keyStarts}}) {
                    auto dev = m_ocl->poolFrames(which, b, qf, kf, mode);
                    QVERIFY2(dev, dev ? "" : dev.error().c_str());
                    const Tensor ref = poolFramesPerHead(*host, b, qf, kf, mode);
                    const QString diff = comparePooled(dev.value(), ref, 2e-5, 1e-6);
                    QVERIFY2(diff.isEmpty(), qPrintable("frames: " + diff));
                }
                // Viewport: the whole matrix to 37 × 23 (uneven bins) and a zoomed region.
                for (MatrixRegion g : {MatrixRegion{0, 300, 0, 270}, MatrixRegion{40, 170, 3, 99}})
                    for (auto [mr, mc] : {std::pair<int64_t, int64_t>{37, 23}, {500, 500}}) {
                        auto dev = m_ocl->poolToViewport(which, b, g, mr, mc, mode);
                        QVERIFY2(dev, dev ? "" : dev.error().c_str());
                        const int64_t H = 3, n = 300 * 270;
                        for (int64_t h = 0; h < H; ++h) {
                            const Tensor ref = poolToViewport(host->data() + (b * H + h) * n, 270,
                                                              g, mr, mc, mode);
                            Tensor one({ref.dim(0), ref.dim(1)});
                            QCOMPARE(dev->dim(1) * dev->dim(2), one.size());
                            std::copy(dev->data() + h * one.size(),
                                      dev->data() + (h + 1) * one.size(), one.data());
                            const QString diff = comparePooled(one, ref, 2e-5, 1e-6);
                            QVERIFY2(diff.isEmpty(), qPrintable("viewport: " + diff));
                        }
                    }
            }
            // Sink scores over a query selection (frames 16–18 of 16 tokens) and over all rows.
            for (const auto& rows : {rowsOfFrames(fixed, 300, {16, 17, 18}), std::vector<int64_t>{},
                                     std::vector<int64_t>{5, 5, 299, 400}}) {
                auto dev = m_ocl->sinkScores(which, b, rows);
                QVERIFY2(dev, dev ? "" : dev.error().c_str());
                const Tensor heads = headsOfBatch(*host, b);
                const auto ref = sinkScores(heads, rows);
                QCOMPARE(dev->size(), ref.size());
                for (size_t h = 0; h < ref.size(); ++h)
                    for (auto [d, r] : {std::pair{(*dev)[h].first, ref[h].first},
                                        {(*dev)[h].mid, ref[h].mid},
                                        {(*dev)[h].sink, ref[h].sink}}) {
                        if (std::isnan(r)) {
                            QVERIFY(std::isnan(d));
                            continue;
                        }
                        QVERIFY2(std::abs(d - r) <= 1e-6 + 2e-5 * std::abs(r),
                                 qPrintable(QString("sink %1 vs %2").arg(d).arg(r)));
                    }
            }
        }
#else
    QSKIP("no OpenCL");
#endif
}

void TestOpenClBackend::poolingRejectsBadRequests() {
#ifdef ATTNSCOPE_HAVE_OPENCL
    auto fresh = OpenClBackend::create(m_ocl->deviceInfo().index);
    QVERIFY(fresh);
    using M = OpenClBackend::Matrix;
    QVERIFY(!(*fresh)->meanOfRows(M::Probs, 0, {}));  // nothing computed yet
    Case c = generated(1, 1, 1, 20, 20, 4, "causal", 31);
    QVERIFY(build(c, *fresh.value()));
    QVERIFY(!(*fresh)->poolFrames(M::Probs, 1, FrameSpec::fixed(4), FrameSpec::fixed(4),
                                  PoolMode::Mean));
    QVERIFY(!(*fresh)->poolFrames(M::Probs, 0, FrameSpec::fromStarts({3, 8}), FrameSpec::fixed(4),
                                  PoolMode::Mean));
    QVERIFY(!(*fresh)->poolToViewport(M::Probs, 0, {0, 21, 0, 20}, 4, 4, PoolMode::Max));
    QVERIFY(!OpenClBackend::create(1 << 20));
    // Matrices larger than the device: a message, before any mask is evaluated.
    const int64_t L = 1000000;
    const Tensor big({1, 1, L, 1});
    const MaskExpr causal = parseOrFail("causal");
    MaskPlan plan;  // never built: the size check comes first
    plan.shape = makeShape(1, L, L);
    (void)causal;
    AttentionInputs in{&big, &big, &big, &plan, 1.0f};
    auto tooBig = (*fresh)->run(in, {});
    QVERIFY(!tooBig);
    QVERIFY2(QString::fromStdString(tooBig.error()).contains("GiB"), tooBig.error().c_str());
#else
    QSKIP("no OpenCL");
#endif
}

void TestOpenClBackend::registryChoosesAndFallsBack() {
    const BackendRegistry& registry = BackendRegistry::builtin();
    BackendSettings one{1, gemm::GemmImpl::OpenBlas};
    QVERIFY(!registry.create({"cuda", -1, one}));
    QVERIFY(!registry.create({"opencl:x", -1, one}));
    auto cpu = registry.create({"cpu", -1, one});
    QVERIFY(cpu && cpu->backend->name() == "cpu" && cpu->notice.message.empty() &&
            cpu->id == "cpu");
    const auto devices = registry.devices();
    QCOMPARE(devices.front().id, std::string("cpu"));
    bool anyGpu = false;
    for (const auto& d : devices) anyGpu = anyGpu || d.gpu();
    auto autoChoice = registry.create({"auto", -1, one});
    QVERIFY(autoChoice);
    // A CPU OpenCL device (PoCL) never wins `auto` over the CPU backend: the kind decides, then
    // the family's priority, never the name.
    QCOMPARE(autoChoice->backend->name(), std::string(anyGpu ? "opencl" : "cpu"));
    QCOMPARE(autoChoice->id, registry.best().id);
    auto ocl = registry.create({"opencl", -1, one});
    QVERIFY(ocl);
    if (devices.size() > 1) {
        QCOMPARE(ocl->backend->name(), std::string("opencl"));
        QVERIFY(ocl->notice.message.empty());
        QVERIFY(!registry.create({"opencl", int(devices.size()), {}}));
        // A device id names the same device as a family and an index.
        auto byId = registry.create({devices[1].id, -1, one});
        QVERIFY(byId && byId->id == devices[1].id);
    } else {  // no OpenCL here: the CPU with a notice saying why
        QCOMPARE(ocl->backend->name(), std::string("cpu"));
        QVERIFY(!ocl->notice.message.empty());
    }
}

void TestOpenClBackend::countsItsCancelPolls() {
    // The engine shows progress by counting cancel polls against cancelPolls(): each backend
    // must poll exactly that often when it runs to the end.
    const Case c = generated(2, 6, 2, 300, 300, 40, "causal & pad(300, 77)", 21);
    auto mask = MaskExpr::parse(c.mask);
    QVERIFY(mask);
    AttentionInputs in;
    in.q = &c.q;
    in.k = &c.k;
    in.v = &c.v;
    auto plan = MaskPlan::build(*mask, MaskShape{2, 300, 300, 0, 0}, 2);
    QVERIFY(plan);
    in.mask = &plan.value();
    in.scale = 0.125f;
    std::vector<Backend*> backends;
    CpuBackend cpu({2, CpuBackend::Gemm::OpenBlas});
    backends.push_back(&cpu);
#ifdef ATTNSCOPE_HAVE_OPENCL
    if (m_ocl) backends.push_back(m_ocl.get());
#endif
    for (Backend* b : backends) {
        std::atomic<int64_t> polls{0};
        auto steps = b->run(in, [&] {
            ++polls;
            return false;
        });
        QVERIFY(steps);
        QCOMPARE(polls.load(), b->cancelPolls(in));
    }
    QCOMPARE(cpu.cancelPolls(in), int64_t(2 * 3 * 6));  // batch × blocks × heads
}

QTEST_GUILESS_MAIN(TestOpenClBackend)
void TestOpenClBackend::clblastOnlyWhereItsIndicesReach() {
#ifdef ATTNSCOPE_HAVE_OPENCL
    // CLBlast's batched kernels index with 32-bit ints: 12 heads at L = 16384 (3.2·10⁹ scores)
    // faulted an H200 (clFinish: -36); such shapes go to the tiled kernels.
    using opencl::clblastFits;
    QVERIFY(clblastFits({1, 12, 12, 8192, 8192, 64}));      // 8.1·10⁸ scores
    QVERIFY(!clblastFits({1, 12, 12, 16384, 16384, 64}));   // 3.2·10⁹
    QVERIFY(!clblastFits({2, 6, 6, 16384, 16384, 64}));     // the batch counts too
    QVERIFY(clblastFits({1, 7, 7, 16384, 16384, 64}));      // 1.9·10⁹
    QVERIFY(!clblastFits({1, 1, 1, 1 << 26, 64, 64}));      // Q alone: 4.3·10⁹
#else
    QSKIP("built without OpenCL");
#endif
}

#include "tst_openclbackend.moc"
