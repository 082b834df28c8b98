// Semantics of every mask atom and operator (SPEC §4) against a table computed by an independent
// Python transcription of the spec (values listed below, not taken from this code), plus row /
// element agreement on random expressions and thread safety of evalRow.

#include <QtTest>

#include <random>
#include <thread>

#include "TestSupport.h"
#include "core/masks/MaskExpr.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {

/// Random valid expression over `shape`, built from every kind of atom and operator.
std::string randomExpr(std::mt19937& rng, const MaskShape& shape, int depth) {
    auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    const int64_t lk = shape.kvTotal();
    if (depth > 0 && uni(0, 2) != 0) {
        const int op = uni(0, 2);
        if (op == 0) return "!(" + randomExpr(rng, shape, depth - 1) + ")";
        return "(" + randomExpr(rng, shape, depth - 1) + (op == 1 ? " & " : " | ") +
               randomExpr(rng, shape, depth - 1) + ")";
    }
    auto list = [&](int64_t count, auto value) {
        std::string s;
        for (int64_t i = 0; i < count; ++i) s += (i ? ", " : "") + std::to_string(value(i));
        return s;
    };
    switch (uni(0, 11)) {
        case 0:
            return "full";
        case 1:
            return "causal";
        case 2:
            return "window(" + std::to_string(uni(1, 6)) + ")";
        case 3:
            return "bwindow(" + std::to_string(uni(0, 4)) + ")";
        case 4:
            return "chunk(" + std::to_string(uni(1, 5)) + ", " + std::to_string(uni(-3, 5)) + ")";
        case 5:
            return "prefix(" + std::to_string(uni(0, 6)) + ")";
        case 6: {
            std::vector<int64_t> lens;
            for (int64_t left = lk; left > 0;) {
                lens.push_back(std::min<int64_t>(left, uni(1, 5)));
                left -= lens.back();
            }
            return "docs(" + list(lens.size(), [&](int64_t i) { return lens[i]; }) + ")";
        }
        case 7:
            return "blocks(" + list(lk, [&](int64_t) { return uni(-1, 2); }) + ")";
        case 8:
        case 9: {
            const int64_t count = uni(0, 1) ? 1 : shape.batch;
            return (uni(0, 1) ? "pad(" : "lpad(") +
                   list(count, [&](int64_t) { return uni(0, static_cast<int>(lk)); }) + ")";
        }
        case 10:
            return "dilated(" + std::to_string(uni(1, 3)) + ", " + std::to_string(uni(1, 3)) + ")";
        default: {
            const int n = uni(1, 3), t = uni(1, 3), s = uni(0, 2);
            const int64_t g = lk - n * (t + s);
            if (g < 0) return "causal";
            return "paraphrase(" +
                   list(4,
                        [&](int64_t i) {
                            return std::array<int64_t, 4>{n, t, s, g}[i];
                        }) +
                   ")";
        }
    }
}

}  // namespace

class TestMaskSemantics : public QObject {
    Q_OBJECT

private slots:
    void semantics_data();
    void semantics();
    void rowsAgreeWithElements();
    void evalRowIsThreadSafe();
    void largeMaskShape();
};

void TestMaskSemantics::semantics_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("qLen");
    QTest::addColumn<int>("kvLen");
    QTest::addColumn<int>("qOffset");
    QTest::addColumn<int>("kvOffset");
    QTest::addColumn<QString>("expected");
    // Produced by a direct Python transcription of the SPEC §4 table, evaluated per element with
    // Python's own `not` / `and` / `or` (same precedence as ! & |) and floor division `//`:
    //   causal = kv <= q; window(W): kv > q - W; bwindow(W): abs(q - kv) <= W;
    //   chunk(C, P=0): (q - P) // C == (kv - P) // C; prefix(P): kv < P;
    //   docs(*n): doc(q) >= 0 and doc(q) == doc(kv), doc(p) = -1 outside every document;
    //   blocks(*i): 0 <= q, kv < len(i) and i[q] >= 0 and i[q] == i[kv];
    //   pad(*n): kv < n[b or 0]; lpad(*n): kv >= kv_offset + kv_len - n[b or 0];
    //   dilated(W, D): 0 <= q - kv < W * D and (q - kv) % D == 0;
    //   paraphrase(n, t, s, g): kv <= q and (q >= n*(t+s) or seg(q) == seg(kv)),
    //     seg(p) = p // (t+s) if p < n*(t+s) else n;
    //   with q = q_index + q_offset and kv = kv_index + kv_offset.
    QTest::newRow("full [1,2,3]+0,0") << "full" << 1 << 2 << 3 << 0 << 0 << "111 111";
    QTest::newRow("causal [1,4,4]+0,0")
        << "causal" << 1 << 4 << 4 << 0 << 0 << "1000 1100 1110 1111";
    QTest::newRow("causal [1,2,5]+3,0") << "causal" << 1 << 2 << 5 << 3 << 0 << "11110 11111";
    QTest::newRow("causal [1,3,3]+3,2") << "causal" << 1 << 3 << 3 << 3 << 2 << "110 111 111";
    QTest::newRow("causal & window(2) [1,5,5]+0,0")
        << "causal & window(2)" << 1 << 5 << 5 << 0 << 0 << "10000 11000 01100 00110 00011";
    QTest::newRow("window(2) [1,4,4]+0,0")
        << "window(2)" << 1 << 4 << 4 << 0 << 0 << "1111 1111 0111 0011";
    QTest::newRow("bwindow(1) [1,5,5]+0,0")
        << "bwindow(1)" << 1 << 5 << 5 << 0 << 0 << "11000 11100 01110 00111 00011";
    QTest::newRow("bwindow(0) [1,3,3]+0,0")
        << "bwindow(0)" << 1 << 3 << 3 << 0 << 0 << "100 010 001";
    QTest::newRow("chunk(2) [1,5,5]+0,0")
        << "chunk(2)" << 1 << 5 << 5 << 0 << 0 << "11000 11000 00110 00110 00001";
    QTest::newRow("chunk(3, 1) [1,6,6]+0,0")
        << "chunk(3, 1)" << 1 << 6 << 6 << 0 << 0 << "100000 011100 011100 011100 000011 000011";
    QTest::newRow("chunk(3, 4) [1,6,6]+0,0")
        << "chunk(3, 4)" << 1 << 6 << 6 << 0 << 0 << "100000 011100 011100 011100 000011 000011";
    QTest::newRow("chunk(4, -1) [1,6,6]+0,0")
        << "chunk(4, -1)" << 1 << 6 << 6 << 0 << 0 << "111000 111000 111000 000111 000111 000111";
    QTest::newRow("prefix(2) [1,3,4]+0,0")
        << "prefix(2)" << 1 << 3 << 4 << 0 << 0 << "1100 1100 1100";
    QTest::newRow("causal | prefix(2) [1,5,5]+0,0")
        << "causal | prefix(2)" << 1 << 5 << 5 << 0 << 0 << "11000 11000 11100 11110 11111";
    QTest::newRow("causal & (window(2) | prefix(1)) [1,6,6]+0,0")
        << "causal & (window(2) | prefix(1))" << 1 << 6 << 6 << 0 << 0
        << "100000 110000 111000 101100 100110 100011";
    QTest::newRow("docs(2, 3) [1,5,5]+0,0")
        << "docs(2, 3)" << 1 << 5 << 5 << 0 << 0 << "11000 11000 00111 00111 00111";
    QTest::newRow("causal & docs(2, 3) [1,5,5]+0,0")
        << "causal & docs(2, 3)" << 1 << 5 << 5 << 0 << 0 << "10000 11000 00100 00110 00111";
    QTest::newRow("docs(2, 3) [1,3,5]+3,0")
        << "docs(2, 3)" << 1 << 3 << 5 << 3 << 0 << "00111 00111 00000";
    QTest::newRow("blocks(0, 0, -1, 1, 1) [1,5,5]+0,0")
        << "blocks(0, 0, -1, 1, 1)" << 1 << 5 << 5 << 0 << 0 << "11000 11000 00000 00011 00011";
    QTest::newRow("causal | blocks(-1, 2, 2, -1) [1,4,4]+0,0")
        << "causal | blocks(-1, 2, 2, -1)" << 1 << 4 << 4 << 0 << 0 << "1000 1110 1110 1111";
    QTest::newRow("pad(3) [1,2,4]+0,0") << "pad(3)" << 1 << 2 << 4 << 0 << 0 << "1110 1110";
    QTest::newRow("pad(2, 4) [2,2,4]+0,0")
        << "pad(2, 4)" << 2 << 2 << 4 << 0 << 0 << "1100 1100 ; 1111 1111";
    QTest::newRow("lpad(1, 3) [2,2,4]+0,0")
        << "lpad(1, 3)" << 2 << 2 << 4 << 0 << 0 << "0001 0001 ; 0111 0111";
    QTest::newRow("causal & lpad(3) [1,4,4]+0,0")
        << "causal & lpad(3)" << 1 << 4 << 4 << 0 << 0 << "0000 0100 0110 0111";
    QTest::newRow("dilated(2, 2) [1,6,6]+0,0")
        << "dilated(2, 2)" << 1 << 6 << 6 << 0 << 0 << "100000 010000 101000 010100 001010 000101";
    QTest::newRow("dilated(3, 1) [1,5,5]+0,0")
        << "dilated(3, 1)" << 1 << 5 << 5 << 0 << 0 << "10000 11000 11100 01110 00111";
    QTest::newRow("paraphrase(2, 2, 1, 2) [1,8,8]+0,0")
        << "paraphrase(2, 2, 1, 2)" << 1 << 8 << 8 << 0 << 0
        << "10000000 11000000 11100000 00010000 00011000 00011100 11111110 11111111";
    QTest::newRow("paraphrase(3, 1, 0, 1) [1,4,4]+0,0")
        << "paraphrase(3, 1, 0, 1)" << 1 << 4 << 4 << 0 << 0 << "1000 0100 0010 1111";
    QTest::newRow("paraphrase(2, 2, 1, 2) [1,2,8]+6,0")
        << "paraphrase(2, 2, 1, 2)" << 1 << 2 << 8 << 6 << 0 << "11111110 11111111";
    QTest::newRow("!causal [1,3,3]+0,0") << "!causal" << 1 << 3 << 3 << 0 << 0 << "011 001 000";
    QTest::newRow("!causal & full [1,3,3]+0,0")
        << "!causal & full" << 1 << 3 << 3 << 0 << 0 << "011 001 000";
    QTest::newRow("!(causal | prefix(1)) [1,3,3]+0,0")
        << "!(causal | prefix(1))" << 1 << 3 << 3 << 0 << 0 << "011 001 000";
    QTest::newRow("causal | prefix(1) & window(1) [1,4,4]+0,0")
        << "causal | prefix(1) & window(1)" << 1 << 4 << 4 << 0 << 0 << "1000 1100 1110 1111";
    QTest::newRow("(causal | prefix(1)) & window(1) [1,4,4]+0,0")
        << "(causal | prefix(1)) & window(1)" << 1 << 4 << 4 << 0 << 0 << "1000 0100 0010 0001";
    QTest::newRow("causal & window(3) [1,2,6]+4,0")
        << "causal & window(3)" << 1 << 2 << 6 << 4 << 0 << "001110 000111";
    QTest::newRow("causal & window(3) [1,2,4]+4,2")
        << "causal & window(3)" << 1 << 2 << 4 << 4 << 2 << "1110 0111";
}

void TestMaskSemantics::semantics() {
    QFETCH(QString, text);
    QFETCH(int, batch);
    QFETCH(int, qLen);
    QFETCH(int, kvLen);
    QFETCH(int, qOffset);
    QFETCH(int, kvOffset);
    QFETCH(QString, expected);
    const MaskExpr expr = parseOrFail(text);
    const MaskShape shape = makeShape(batch, qLen, kvLen, qOffset, kvOffset);
    const Status s = expr.validate(shape);
    QVERIFY2(s.ok(), s.error().c_str());
    const BoolArray dense = expr.materialize(shape);
    QCOMPARE(dense.shape(), (Shape{batch, qLen, kvLen}));
    QCOMPARE(denseToRows(dense), expected);

    // The element-wise predicate must tell the same story.
    BoolArray scalar({batch, qLen, kvLen});
    for (int b = 0; b < batch; ++b)
        for (int q = 0; q < qLen; ++q)
            for (int k = 0; k < kvLen; ++k) scalar.at({b, q, k}) = expr.allowed(b, q, k, shape);
    QCOMPARE(denseToRows(scalar), expected);
}

void TestMaskSemantics::rowsAgreeWithElements() {
    // evalRow (ranges and memsets) against allowed() (direct formulas) on random expressions,
    // shapes, offsets and sub-ranges of rows.
    std::mt19937 rng(1234);
    for (int iter = 0; iter < 400; ++iter) {
        auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
        const MaskShape shape = makeShape(uni(1, 3), uni(1, 12), uni(1, 14), uni(0, 6), uni(0, 4));
        const std::string text = randomExpr(rng, shape, 3);
        const MaskExpr expr = parseOrFail(QString::fromStdString(text));
        const Status s = expr.validate(shape);
        QVERIFY2(s.ok(), (text + ": " + s.error()).c_str());
        const MaskExpr reparsed = parseOrFail(QString::fromStdString(expr.canonical()));
        const BoolArray dense = expr.materialize(shape);
        QCOMPARE(denseToRows(reparsed.materialize(shape)), denseToRows(dense));

        std::vector<uint8_t> row(static_cast<size_t>(shape.kvLen));
        for (int64_t b = 0; b < shape.batch; ++b) {
            for (int64_t q = 0; q < shape.qLen; ++q) {
                const int64_t begin = uni(0, static_cast<int>(shape.kvLen) - 1);
                const int64_t n = uni(1, static_cast<int>(shape.kvLen - begin));
                expr.evalRow(b, q, begin, n, shape, row.data());
                for (int64_t k = 0; k < shape.kvLen; ++k) {
                    const bool want = expr.allowed(b, q, k, shape);
                    if (dense.at({b, q, k}) != want ||
                        (k >= begin && k < begin + n && row[k - begin] != want))
                        QFAIL(qPrintable(QString("%1 differs at b=%2 q=%3 kv=%4 (shape %5x%6, "
                                                 "offsets %7, %8)")
                                             .arg(QString::fromStdString(text))
                                             .arg(b)
                                             .arg(q)
                                             .arg(k)
                                             .arg(shape.qLen)
                                             .arg(shape.kvLen)
                                             .arg(shape.qOffset)
                                             .arg(shape.kvOffset)));
                }
            }
        }
    }
}

void TestMaskSemantics::evalRowIsThreadSafe() {
    const MaskExpr expr =
        parseOrFail("causal & (window(37) | prefix(4)) & !(docs(100, 157, 43) & chunk(16))");
    const MaskShape shape = makeShape(1, 300, 300);
    QVERIFY(expr.validate(shape).ok());
    const BoolArray reference = expr.materialize(shape);
    BoolArray parallel({1, 300, 300}, 7);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int rep = 0; rep < 20; ++rep)
                for (int64_t q = t; q < 300; q += 4)
                    expr.evalRow(0, q, 0, 300, shape, parallel.data() + q * 300);
        });
    for (auto& th : threads) th.join();
    QVERIFY(std::equal(reference.begin(), reference.end(), parallel.begin()));
}

void TestMaskSemantics::largeMaskShape() {
    // Shape and a few spot values of a 4096 x 4096 sliding-window mask with sinks.
    const MaskExpr expr = parseOrFail("causal & (window(1024) | prefix(4))");
    const MaskShape shape = makeShape(1, 4096, 4096);
    const BoolArray dense = expr.materialize(shape);
    QCOMPARE(dense.shape(), (Shape{1, 4096, 4096}));
    QCOMPARE(int(dense.at({0, 4095, 0})), 1);
    QCOMPARE(int(dense.at({0, 4095, 4})), 0);
    QCOMPARE(int(dense.at({0, 4095, 3072})), 1);
    QCOMPARE(int(dense.at({0, 4095, 3071})), 0);
    QCOMPARE(int(dense.at({0, 100, 101})), 0);
    int64_t ones = 0;
    for (uint8_t v : dense) ones += v;
    // Row q keeps min(q + 1, 1024) window keys plus the sinks not already in the window.
    int64_t expected = 0;
    for (int64_t q = 0; q < 4096; ++q)
        expected += std::min<int64_t>(q + 1, 1024) + std::clamp<int64_t>(q - 1023, 0, 4);
    QCOMPARE(ones, expected);
}

QTEST_GUILESS_MAIN(TestMaskSemantics)
#include "tst_masksemantics.moc"
