// Scenario: versioned JSON round trip, validation of absurd input, malformed session files; the
// presets all load and compute.

#include <QTemporaryDir>
#include <QtTest>

#include "core/backends/cpu/CpuBackend.h"
#include "core/engine/TraceBuilder.h"
#include "core/presets/Presets.h"

using namespace attnscope;

class TestScenario : public QObject {
    Q_OBJECT
private slots:
    void jsonRoundTrip();
    void fileRoundTrip();
    void rejectsBadSessions_data();
    void rejectsBadSessions();
    void validationNamesTheField_data();
    void validationNamesTheField();
    void presetsCompute_data();
    void presetsCompute();
    void paraphrasePresetShapes();
};

static Scenario sample() {
    Scenario s;
    s.name = "sample";
    s.description = "GQA with a sink";
    s.seed = 0xFFFFFFFFFFFFFFF1ull;  // beyond double precision: must survive JSON
    s.pattern = PatternKind::Global;
    s.sinkHeads = {0, 3};
    s.heads = 8;
    s.kvHeads = 2;
    s.qLen = 10;
    s.kvLen = 12;
    s.crossAttention = true;
    s.mask = "causal & window(3)";
    s.scale = 0.25;
    s.qOffset = 2;
    s.queryTokens = {"a", "b"};
    s.layer = 5;
    return s;
}

void TestScenario::jsonRoundTrip() {
    const Scenario s = sample();
    auto back = Scenario::fromJson(s.toJson());
    QVERIFY2(back, back.ok() ? "" : back.error().c_str());
    QVERIFY(back.value() == s);
    QCOMPARE(s.toJson()["version"].toInt(), Scenario::kVersion);

    // An attention-map source keeps every field of its own.
    Scenario maps = sample();
    maps.source = SourceKind::AttentionMaps;
    maps.mapsPath = "/data/run.safetensors:attentions";
    maps.vectorsPath = "/data/run.safetensors:last_block";
    maps.mapsAreProbabilities = true;
    maps.mapsBatch = 1;
    maps.mapsFrames = true;
    maps.mapsLayers = 12;
    auto mapsBack = Scenario::fromJson(maps.toJson());
    QVERIFY2(mapsBack, mapsBack.ok() ? "" : mapsBack.error().c_str());
    QVERIFY(mapsBack.value() == maps);
    maps.layer = 12;  // past the file's layers
    QVERIFY(!maps.validate());
    // A version-1 session (no map fields) still loads, as the synthetic source it was.
    QJsonObject v1 = sample().toJson();
    v1["version"] = 1;
    auto old = Scenario::fromJson(v1);
    QVERIFY(old && old->source == SourceKind::Synthetic && old.value() == sample());
}

void TestScenario::fileRoundTrip() {
    QTemporaryDir dir;
    const QString path = dir.filePath("a.attnscope.json");
    QVERIFY(sample().save(path).ok());
    auto back = Scenario::load(path);
    QVERIFY(back);
    QVERIFY(back.value() == sample());
}

void TestScenario::rejectsBadSessions_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    QTest::newRow("not json") << QByteArray("{oops") << "invalid JSON at offset";
    QTest::newRow("array") << QByteArray("[1,2]") << "a session is a JSON object";
    QTest::newRow("no format") << QByteArray("{\"version\":1}") << "not an AttnScope session";
    QTest::newRow("future version") << QByteArray(R"({"format":"attnscope-session","version":99})")
                                    << "unsupported session version 99";
    QTest::newRow("bad pattern")
        << QByteArray(R"({"format":"attnscope-session","version":1,"source":{"pattern":"zigzag"}})")
        << "unknown pattern";
    QTest::newRow("absurd size")
        << QByteArray(
               R"({"format":"attnscope-session","version":1,"shape":{"heads":64,"q_len":1000000,"kv_len":1000000}})")
        << "too large";
    QTest::newRow("gqa")
        << QByteArray(
               R"({"format":"attnscope-session","version":1,"shape":{"heads":6,"kv_heads":4}})")
        << "must be a multiple of kv heads";
}

void TestScenario::rejectsBadSessions() {
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = dir.filePath("bad.attnscope.json");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();
    auto s = Scenario::load(path);
    QVERIFY(!s);
    QVERIFY2(QString::fromStdString(s.error()).contains(message), s.error().c_str());
    QVERIFY(QString::fromStdString(s.error()).startsWith(path));
}

void TestScenario::validationNamesTheField_data() {
    QTest::addColumn<int>("field");
    QTest::addColumn<QString>("message");
    QTest::newRow("batch") << 0 << "batch";
    QTest::newRow("kv heads") << 1 << "kv heads";
    QTest::newRow("length") << 2 << "lengths";
    QTest::newRow("self lq!=lk") << 3 << "cross-attention";
    QTest::newRow("d_head") << 4 << "d_head";
    QTest::newRow("empty mask") << 5 << "mask";
}

void TestScenario::validationNamesTheField() {
    QFETCH(int, field);
    QFETCH(QString, message);
    Scenario s;
    switch (field) {
        case 0:
            s.batch = 0;
            break;
        case 1:
            s.kvHeads = 8;
            break;
        case 2:
            s.qLen = 0;
            break;
        case 3:
            s.kvLen = 20;
            break;
        case 4:
            s.dHead = 0;
            break;
        case 5:
            s.mask.clear();
            break;
    }
    const Status st = s.validate();
    QVERIFY(!st.ok());
    QVERIFY2(QString::fromStdString(st.error()).contains(message), st.error().c_str());
}

void TestScenario::presetsCompute_data() {
    QTest::addColumn<QString>("name");
    for (const auto& p : allPresets())
        QTest::newRow(p.name.c_str()) << QString::fromStdString(p.name);
}

void TestScenario::presetsCompute() {
    QFETCH(QString, name);
    auto s = presetScenario(name.toStdString());
    QVERIFY(s);
    QVERIFY(s->validate().ok());
    QVERIFY(Scenario::fromJson(s->toJson()).value() == *s);
    CpuBackend backend;
    auto trace = TraceBuilder::build({*s, {}, {}, {}}, backend);
    QVERIFY2(trace, trace.ok() ? "" : trace.error().c_str());
    const Trace& t = *trace.value();
    QCOMPARE(t.qLen(), s->qLen);
    QCOMPARE(int64_t(t.queryTokens.size()), s->qLen);
    QCOMPARE(int64_t(t.keyTokens.size()), s->kvLen);
    for (float p : t.steps.probs) QVERIFY(std::isfinite(p) && p >= 0 && p <= 1.0f + 1e-6f);
    QVERIFY(t.steps.emptyRows.empty());
}

void TestScenario::paraphrasePresetShapes() {
    const auto small = presetScenario("paraphrase-small");
    const auto medium = presetScenario("paraphrase-medium");
    const auto large = presetScenario("paraphrase-large");
    QVERIFY(small && medium && large);
    QCOMPARE(small->mask, std::string("paraphrase(3, 15, 1, 5)"));
    // How they are looked at is the presets' display, not their scenarios.
    QVERIFY(!presetDisplay("paraphrase-small")->sampledDisplay);
    QVERIFY(presetDisplay("paraphrase-medium")->sampledDisplay &&
            presetDisplay("paraphrase-medium")->maxDisplayPositions == 30);
    QVERIFY(presetDisplay("paraphrase-large")->sampledDisplay &&
            presetDisplay("paraphrase-large")->maxDisplayPositions == 40);
    const auto video = presetScenario("video-frames");
    const auto videoDisplay = presetDisplay("video-frames");
    QCOMPARE(video->heads, 12);
    QCOMPARE(video->qLen, 19 * videoDisplay->tokensPerFrame);
    QCOMPARE(videoDisplay->querySelection, (std::vector<int64_t>{16, 17, 18}));
    QVERIFY(video->sinkHeads.size() >= 3);
    QCOMPARE(presetScenario("hf-sliding")->mask, std::string("causal & window(3)"));
}

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
