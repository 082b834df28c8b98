// LiveSession: which edits reach the backend. A fake backend counts its runs: display and label
// edits never run it (they relabel the trace, sharing its tensors); a mask edit runs it on the
// same, shared inputs; a seed edit generates new ones. Plus the typed change flags of each field.

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>

#include "core/backends/BackendRegistry.h"
#include "core/common/Text.h"
#include "core/engine/Backend.h"
#include "core/engine/TraceBuilder.h"
#include "core/presets/Presets.h"
#include "widgets/document/LiveSession.h"
#include "widgets/document/SessionDocument.h"

using namespace attnscope;

namespace {

/// Runs the real CPU backend and counts how often it is asked to.
class CountingBackend : public Backend {
public:
    explicit CountingBackend(std::atomic<int>& runs)
        : m_runs(runs),
          m_cpu(BackendRegistry::builtin().create({"cpu", -1, {1, {}}}).value().backend) {}
    std::string name() const override { return "counting"; }
    Message device() const override { return Text::literal("counts runs"); }
    int threads() const override { return 1; }
    Result<AttentionSteps> run(const AttentionInputs& in, const CancelCheck& cancel) override {
        ++m_runs;
        return m_cpu->run(in, cancel);
    }
    int64_t cancelPolls(const AttentionInputs& in) const override { return m_cpu->cancelPolls(in); }

private:
    std::atomic<int>& m_runs;
    std::unique_ptr<Backend> m_cpu;
};

}  // namespace

class TestLiveSession : public QObject {
    Q_OBJECT
private slots:
    void displayEditsNeverRecompute();
    void changeFlags_data();
    void changeFlags();
    void oldSessionsKeepTheirDisplay();
    void layerPicksTheMapsOfAMapSource();
};

void TestLiveSession::displayEditsNeverRecompute() {
    std::atomic<int> runs{0};
    LiveSession session(std::make_unique<CountingBackend>(runs));
    QSignalSpy traces(&session, &LiveSession::traceChanged);
    SessionDocument* doc = session.document();
    doc->reset(*presetScenario("local"));
    QTRY_COMPARE_WITH_TIMEOUT(traces.size(), 1, 30000);
    QCOMPARE(runs.load(), 1);
    const TracePtr first = session.trace();
    QVERIFY(first);

    // Display options: the views redraw, the backend is not asked.
    ViewOptions o = doc->options();
    o.valueKind = ValueKind::Probabilities;
    o.columns = 2;
    doc->setOptions(o);
    o.tokensPerFrame = 4;  // frames, query selection and sampling are view options
    o.querySelection = {1, 2};
    o.sampledDisplay = true;
    doc->setOptions(o);
    // The layer (a title) and labels of the scenario: a relabelled trace, the same tensors.
    auto edit = [&](auto change, const char* what) {
        Scenario s = doc->scenario();
        change(s);
        doc->editScenario(s, what);
    };
    edit([](Scenario& s) { s.layer = 7; }, "layer");
    edit([](Scenario& s) { s.name = "renamed"; }, "name");
    edit([](Scenario& s) { s.queryTokens.assign(size_t(s.qLen), "w"); }, "tokens");
    QTest::qWait(100);
    QCOMPARE(runs.load(), 1);
    QCOMPARE(session.computeRequests(), 1);
    const TracePtr relabelled = session.trace();
    QVERIFY(relabelled != first);
    QCOMPARE(relabelled->scenario.layer, 7);
    QCOMPARE(relabelled->queryTokens.front(), std::string("w"));
    QCOMPARE(relabelled->scenario.name, std::string("renamed"));
    QCOMPARE(relabelled->inputs.get(), first->inputs.get());            // shared, not copied
    QCOMPARE(relabelled->sharedSteps.get(), first->sharedSteps.get());  // no new computation
    // Undoing them is display too.
    for (int i = 0; i < 3; ++i) doc->undoStack()->undo();
    QTest::qWait(50);
    QCOMPARE(runs.load(), 1);
    QCOMPARE(session.trace()->scenario.layer, first->scenario.layer);

    // A mask edit runs the backend once, on the same inputs (shared).
    edit([](Scenario& s) { s.mask = "causal & window(3)"; }, "mask");
    QTRY_COMPARE_WITH_TIMEOUT(session.trace()->scenario.mask, std::string("causal & window(3)"),
                              30000);
    QCOMPARE(runs.load(), 2);
    QCOMPARE(session.trace()->inputs.get(), first->inputs.get());
    QVERIFY(session.trace()->sharedSteps.get() != first->sharedSteps.get());

    // A seed edit: new inputs.
    edit([](Scenario& s) { s.seed += 1; }, "seed");
    QTRY_COMPARE_WITH_TIMEOUT(session.trace()->scenario.seed, first->scenario.seed + 1, 30000);
    QCOMPARE(runs.load(), 3);
    QVERIFY(session.trace()->inputs.get() != first->inputs.get());
}

void TestLiveSession::changeFlags_data() {
    QTest::addColumn<int>("field");
    QTest::addColumn<int>("expected");
    const int inputs = int(ScenarioChange::Inputs), mask = int(ScenarioChange::Mask),
              attention = int(ScenarioChange::Attention), display = int(ScenarioChange::Display),
              labels = int(ScenarioChange::Labels);
    const std::vector<std::pair<const char*, int>> rows{
        {"seed", inputs},        {"pattern", inputs},
        {"heads", inputs},       {"qLen", inputs},
        {"bias", inputs},        {"source", inputs},
        {"mask", mask},          {"qOffset", mask},
        {"scale", attention},    {"outputProjection", attention},
        {"layer", display},      {"name", labels},
        {"queryTokens", labels}, {"description", labels}};
    for (int i = 0; i < int(rows.size()); ++i)
        QTest::newRow(rows[size_t(i)].first) << i << rows[size_t(i)].second;
}

void TestLiveSession::changeFlags() {
    QFETCH(int, field);
    QFETCH(int, expected);
    Scenario a = *presetScenario("local"), b = a;
    switch (field) {
        case 0:
            b.seed += 1;
            break;
        case 1:
            b.pattern = PatternKind::Global;
            break;
        case 2:
            b.heads += 1;
            break;
        case 3:
            b.qLen += 1;
            break;
        case 4:
            b.bias = !b.bias;
            break;
        case 5:
            b.source = SourceKind::Tensors;
            break;
        case 6:
            b.mask = "causal & window(2)";  // differs from every preset's mask
            break;
        case 7:
            b.qOffset += 1;
            break;
        case 8:
            b.scale = 0.5;
            break;
        case 9:
            b.outputProjection = !b.outputProjection;
            break;
        case 10:
            b.layer += 1;
            break;
        case 11:
            b.name += "x";
            break;
        case 12:
            b.queryTokens = {"a"};
            break;
        case 13:
            b.description += "x";
            break;
    }
    const ScenarioChanges c = changesBetween(a, b);
    QCOMPARE(int(c.toInt()), expected);
    QCOMPARE(needsCompute(c), expected <= int(ScenarioChange::Attention));
    QVERIFY(!changesBetween(a, a));
}

void TestLiveSession::oldSessionsKeepTheirDisplay() {
    // Version 1 kept frames, query selection and sampling in the scenario's "display" object;
    // they load into the view options (a view value of -1 meant "the scenario's").
    QJsonObject root = presetScenario("local")->toJson();
    root["version"] = 1;
    QJsonObject display = root["display"].toObject();
    display["tokens_per_frame"] = 16;
    display["query_selection"] = QJsonArray{16, 17, 18};
    display["sampled"] = true;
    display["max_display_positions"] = 17;
    root["display"] = display;
    root["view"] = QJsonObject{{"tokens_per_frame", -1}, {"columns", 3}};
    QTemporaryDir dir;
    const QString path = dir.filePath("v1.attnscope.json");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(root).toJson());
    f.close();
    SessionDocument doc;
    QVERIFY(doc.load(path).ok());
    const ViewOptions& o = doc.options();
    QCOMPARE(o.tokensPerFrame, int64_t(16));
    QCOMPARE(o.querySelection, (std::vector<int64_t>{16, 17, 18}));
    QVERIFY(o.sampledDisplay);
    QCOMPARE(o.maxDisplayPositions, int64_t(17));
    QCOMPARE(o.columns, 3);
    // Saved again, they are in the view options only.
    QVERIFY(doc.save(path).ok());
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject saved = QJsonDocument::fromJson(f.readAll()).object();
    QVERIFY(!saved["display"].toObject().contains("tokens_per_frame"));
    QCOMPARE(saved["view"].toObject()["tokens_per_frame"].toInt(), 16);
}

void TestLiveSession::layerPicksTheMapsOfAMapSource() {
    Scenario a = *presetScenario("local");
    a.source = SourceKind::AttentionMaps;
    a.mapsPath = "maps.npy";
    a.mapsLayers = 4;
    Scenario b = a;
    b.layer = 2;
    QVERIFY(changesBetween(a, b).testFlag(ScenarioChange::Inputs));  // other maps are read
}

QTEST_MAIN(TestLiveSession)
#include "tst_livesession.moc"
