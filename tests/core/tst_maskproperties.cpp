// Tests of what is derived from a dense mask (SPEC §4): properties (density, causal violations,
// cross-segment pairs, keys per query, empty rows), the block summary, additive values and the
// text form. Expected numbers are worked out by hand from the definitions.

#include <QtTest>

#include <bit>
#include <cmath>

#include "TestSupport.h"
#include "core/masks/BlockSummary.h"
#include "core/masks/MaskExport.h"
#include "core/masks/MaskExpr.h"
#include "core/masks/MaskProperties.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {

struct Materialised {
    BoolArray dense;
    MaskProperties props;
};

Materialised evaluate(const char* text, const MaskShape& shape) {
    auto expr = MaskExpr::parse(text);
    if (!expr) qFatal("parse failed: %s", expr.error().c_str());
    const Status s = expr->validate(shape);
    if (!s) qFatal("invalid: %s", s.error().c_str());
    Materialised m{expr->materialize(shape), {}};
    m.props = computeProperties(m.dense, shape, expr->segments());
    return m;
}

}  // namespace

class TestMaskProperties : public QObject {
    Q_OBJECT

private slots:
    void paraphraseWhileEncodingAndGenerating();
    void paraphraseDecodeStep();
    void crossSegmentPairsAreCounted();
    void causalViolationsAndDensity();
    void emptyRows();
    void blockSummary();
    void blockSummaryEdgeTiles();
    void blockSummaryText();
    void additiveValues_data();
    void additiveValues();
    void textFormat();
};

void TestMaskProperties::paraphraseWhileEncodingAndGenerating() {
    // 3 segments of 4 tokens + 1 separator (positions 0-4, 5-9, 10-14), then 5 generated tokens.
    const Materialised m = evaluate("paraphrase(3, 4, 1, 5)", makeShape(1, 20, 20));
    QCOMPARE(m.props.causalViolations, int64_t{0});
    QCOMPARE(m.props.crossSegmentPairs, int64_t{0});
    QVERIFY(m.props.emptyRows.empty());
    QCOMPARE(m.props.keysPerQuery.size(), size_t{20});
    QCOMPARE(m.props.keysPerQuery[0], int64_t{1});
    QCOMPARE(m.props.keysPerQuery[4], int64_t{5});  // separator sees its own segment
    QCOMPARE(m.props.keysPerQuery[5], int64_t{1});  // a new segment starts isolated
    QCOMPARE(m.props.keysPerQuery[14], int64_t{5});
    // The first generated token (position 15) sees every earlier position and itself.
    QCOMPARE(m.props.keysPerQuery[15], int64_t{16});
    for (int64_t k = 0; k <= 15; ++k) QCOMPARE(int(m.dense.at({0, 15, k})), 1);
    QCOMPARE(m.props.keysPerQuery[19], int64_t{20});
    // 3 segments of 1+..+5 = 15 pairs, then generated rows 16..20 keys.
    QCOMPARE(m.props.allowedPairs, int64_t{3 * 15 + 16 + 17 + 18 + 19 + 20});
    QCOMPARE(m.props.totalPairs, int64_t{400});
}

void TestMaskProperties::paraphraseDecodeStep() {
    // One query with a KV cache: Lq = 1, Lk = 20, q_offset = 19 → the last generated token.
    const Materialised m = evaluate("paraphrase(3, 4, 1, 5)", makeShape(1, 1, 20, 19));
    QCOMPARE(m.props.keysPerQuery, std::vector<int64_t>{20});
    QCOMPARE(m.props.causalViolations, int64_t{0});
    QCOMPARE(m.props.crossSegmentPairs, int64_t{0});
}

void TestMaskProperties::crossSegmentPairsAreCounted() {
    // Plain causal over the paraphrase layout: encoded query q in segment s sees s*5 keys of
    // earlier segments. Sum over q < 15 of 5 * floor(q / 5) = 5 * (0*5 + 1*5 + 2*5) = 75.
    auto expr = MaskExpr::parse("causal | paraphrase(3, 4, 1, 5)");
    QVERIFY(expr.ok());
    const MaskShape shape = makeShape(1, 20, 20);
    const BoolArray dense = expr->materialize(shape);
    const MaskProperties p = computeProperties(dense, shape, expr->segments());
    QCOMPARE(p.crossSegmentPairs, int64_t{75});
    QCOMPARE(p.causalViolations, int64_t{0});
    // Without segment information there is nothing to cross.
    QCOMPARE(computeProperties(dense, shape, std::nullopt).crossSegmentPairs, int64_t{0});

    // Documents have no generation part: every query counts. full over docs(2, 3): each
    // query of doc A (2 rows) sees 3 foreign keys, each of doc B (3 rows) sees 2 → 12.
    auto docs = MaskExpr::parse("full | docs(2, 3)");
    QVERIFY(docs.ok());
    const MaskShape five = makeShape(1, 5, 5);
    QCOMPARE(computeProperties(docs->materialize(five), five, docs->segments()).crossSegmentPairs,
             int64_t{12});
}

void TestMaskProperties::causalViolationsAndDensity() {
    const Materialised full = evaluate("full", makeShape(2, 4, 4));
    QCOMPARE(full.props.causalViolations, int64_t{2 * 6});
    QCOMPARE(full.props.density, 1.0);
    const Materialised causal = evaluate("causal", makeShape(1, 4, 4));
    QCOMPARE(causal.props.causalViolations, int64_t{0});
    QCOMPARE(causal.props.density, 10.0 / 16.0);
    // Offsets: queries at 5, 6 over keys at 2..7 — key 7 is in the future of both, key 6 of q 5.
    const Materialised shifted = evaluate("full", makeShape(1, 2, 6, 5, 2));
    QCOMPARE(shifted.props.causalViolations, int64_t{3});
    // bidirectional window: each of 4 rows sees up to 1 future key → 3 violations.
    QCOMPARE(evaluate("bwindow(1)", makeShape(1, 4, 4)).props.causalViolations, int64_t{3});
}

void TestMaskProperties::emptyRows() {
    // Keys start at absolute position 3; queries 0..2 come before every key.
    const Materialised m = evaluate("causal", makeShape(2, 5, 4, 0, 3));
    using Rows = std::vector<std::pair<int64_t, int64_t>>;
    QCOMPARE(m.props.emptyRows, (Rows{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}}));
    QCOMPARE(m.props.keysPerQuery, (std::vector<int64_t>{0, 0, 0, 1, 2, 0, 0, 0, 1, 2}));
    // Padding differs per batch element: batch 1 has no keys at all.
    const Materialised pad = evaluate("pad(2, 0)", makeShape(2, 2, 3));
    QCOMPARE(pad.props.emptyRows, (Rows{{1, 0}, {1, 1}}));
}

void TestMaskProperties::blockSummary() {
    // causal 384 x 384, blocks of 128: lower triangle full, diagonal partial, upper empty.
    const Materialised m = evaluate("causal", makeShape(1, 384, 384));
    const BlockSummary s = BlockSummary::fromDense(m.dense, 128);
    QCOMPARE(s.qBlocks, int64_t{3});
    QCOMPARE(s.kvBlocks, int64_t{3});
    for (int qb = 0; qb < 3; ++qb)
        for (int kb = 0; kb < 3; ++kb) {
            const auto want = kb < qb    ? BlockSummary::Full
                              : kb == qb ? BlockSummary::Partial
                                         : BlockSummary::Empty;
            QCOMPARE(s.at(0, qb, kb), want);
        }
    // A sliding window that covers whole tiles only partly: window(64) & causal.
    const BlockSummary w =
        BlockSummary::fromDense(evaluate("causal & window(64)", makeShape(1, 256, 256)).dense, 64);
    QCOMPARE(w.at(0, 1, 0), BlockSummary::Partial);
    QCOMPARE(w.at(0, 1, 1), BlockSummary::Partial);
    QCOMPARE(w.at(0, 2, 0), BlockSummary::Empty);
    QCOMPARE(w.count(BlockSummary::Full), int64_t{0});
}

void TestMaskProperties::blockSummaryEdgeTiles() {
    // 200 x 300 with blocks of 128: edge tiles are 72 rows / 44 columns and count only those.
    const Materialised m = evaluate("full", makeShape(2, 200, 300));
    const BlockSummary s = BlockSummary::fromDense(m.dense, 128);
    QCOMPARE(s.batch, int64_t{2});
    QCOMPARE(s.qBlocks, int64_t{2});
    QCOMPARE(s.kvBlocks, int64_t{3});
    QCOMPARE(s.count(BlockSummary::Full), int64_t{2 * 2 * 3});
    // pad(290): the last kv tile (256..299) has 34 of its 44 columns → partial; pad(256) → empty.
    const BlockSummary p =
        BlockSummary::fromDense(evaluate("pad(290, 256)", makeShape(2, 200, 300)).dense, 128);
    QCOMPARE(p.at(0, 1, 2), BlockSummary::Partial);
    QCOMPARE(p.at(1, 1, 2), BlockSummary::Empty);
    QCOMPARE(p.at(1, 1, 1), BlockSummary::Full);
}

void TestMaskProperties::blockSummaryText() {
    const BlockSummary s =
        BlockSummary::fromDense(evaluate("causal", makeShape(1, 384, 384)).dense, 128);
    const QString text = QString::fromStdString(s.toText());
    QVERIFY2(text.contains("block size 128"), qPrintable(text));
    QVERIFY2(text.contains("3 full, 3 partial, 3 empty"), qPrintable(text));
    QVERIFY2(text.contains("0 ▒··\n1 █▒·\n2 ██▒\n"), qPrintable(text));
}

void TestMaskProperties::additiveValues_data() {
    QTest::addColumn<int>("dtype");
    QTest::addColumn<float>("masked");
    // torch.finfo(dtype).min for float32, float16 and bfloat16.
    QTest::newRow("neg inf") << int(AdditiveDtype::NegInf) << -INFINITY;
    QTest::newRow("f32") << int(AdditiveDtype::F32) << -3.4028235e38f;
    QTest::newRow("f16") << int(AdditiveDtype::F16) << -65504.0f;
    QTest::newRow("bf16") << int(AdditiveDtype::BF16) << -3.3895314e38f;
}

void TestMaskProperties::additiveValues() {
    QFETCH(int, dtype);
    QFETCH(float, masked);
    const BoolArray dense = evaluate("causal", makeShape(1, 2, 2)).dense;
    const Tensor add = toAdditive(dense, static_cast<AdditiveDtype>(dtype));
    QCOMPARE(add.shape(), (Shape{1, 2, 2}));
    QCOMPARE(add.at({0, 0, 0}), 0.0f);
    QCOMPARE(add.at({0, 1, 0}), 0.0f);
    QCOMPARE(add.at({0, 1, 1}), 0.0f);
    // Exact bit patterns: the masked value is the dtype's lowest value, not an approximation.
    QCOMPARE(std::bit_cast<uint32_t>(add.at({0, 0, 1})), std::bit_cast<uint32_t>(masked));
    if (static_cast<AdditiveDtype>(dtype) == AdditiveDtype::BF16)
        QCOMPARE(std::bit_cast<uint32_t>(masked), 0xFF7F0000u);
}

void TestMaskProperties::textFormat() {
    const BoolArray causal = evaluate("causal", makeShape(1, 3, 3)).dense;
    QCOMPARE(QString::fromStdString(toText(causal)), QString("q\\kv 0 1 2\n"
                                                             "   0 ■ ⬚ ⬚\n"
                                                             "   1 ■ ■ ⬚\n"
                                                             "   2 ■ ■ ■\n"));
    // Two-digit key indices widen every column; batch 1 of a per-batch padding mask.
    const BoolArray pad = evaluate("pad(12, 2)", makeShape(2, 1, 12)).dense;
    QCOMPARE(QString::fromStdString(toText(pad, 1)),
             QString("q\\kv  0  1  2  3  4  5  6  7  8  9 10 11\n"
                     "   0  ■  ■  ⬚  ⬚  ⬚  ⬚  ⬚  ⬚  ⬚  ⬚  ⬚  ⬚\n"));
    QVERIFY(toText(pad, 2).empty());
}

QTEST_GUILESS_MAIN(TestMaskProperties)
#include "tst_maskproperties.moc"
