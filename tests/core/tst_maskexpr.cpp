// Tests of the mask expression language (SPEC §4): parsing, precedence, error messages with
// columns, validation, canonical round trip, segments. Semantics are in tst_masksemantics.

#include <QtTest>

#include "TestSupport.h"
#include "core/masks/MaskExpr.h"

using namespace attnscope;
using namespace attnscope::test;

class TestMaskExpr : public QObject {
    Q_OBJECT

private slots:
    void canonicalForm_data();
    void canonicalForm();
    void precedence();
    void parseErrors_data();
    void parseErrors();
    void errorPositionsCoverTheFaultyText();
    void catalogueFeedsParserAndUsage();
    void unknownAtomListsValidOnes();
    void deepNestingIsAnError();
    void validation_data();
    void validation();
    void segmentsFromFirstStructuredAtom();
    void dependsOnBatch();
};

void TestMaskExpr::canonicalForm_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("atom") << "causal"
                          << "causal";
    QTest::newRow("whitespace") << "  causal&window( 4 )  "
                                << "causal & window(4)";
    QTest::newRow("empty parens") << "causal()"
                                  << "causal";
    QTest::newRow("and binds tighter") << "causal | prefix(2) & window(3)"
                                       << "causal | prefix(2) & window(3)";
    QTest::newRow("parenthesised or") << "(causal | prefix(2)) & window(3)"
                                      << "(causal | prefix(2)) & window(3)";
    QTest::newRow("not binds tightest") << "!causal & full"
                                        << "!causal & full";
    QTest::newRow("not of group") << "!(causal & full)"
                                  << "!(causal & full)";
    QTest::newRow("double not") << "!!causal"
                                << "!!causal";
    QTest::newRow("flattened and") << "causal & (window(4) & prefix(1))"
                                   << "causal & window(4) & prefix(1)";
    QTest::newRow("redundant parens") << "((causal))"
                                      << "causal";
    QTest::newRow("negative args") << "chunk(4,-2)"
                                   << "chunk(4, -2)";
    QTest::newRow("plus sign") << "chunk(4,+2)"
                               << "chunk(4, 2)";
    QTest::newRow("lists") << "blocks(0,0,-1,1)|docs(1,3)"
                           << "blocks(0, 0, -1, 1) | docs(1, 3)";
    QTest::newRow("sinks") << "causal&(window(4)|prefix(2))"
                           << "causal & (window(4) | prefix(2))";
    QTest::newRow("paraphrase") << "paraphrase(3,4,1,5)"
                                << "paraphrase(3, 4, 1, 5)";
}

void TestMaskExpr::canonicalForm() {
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    auto r = MaskExpr::parse(text.toStdString());
    QVERIFY2(r.ok(), r.error().c_str());
    QCOMPARE(QString::fromStdString(r->text()), text);
    QCOMPARE(QString::fromStdString(r->canonical()), canonical);
    // Round trip: the canonical text parses to itself and to the same mask.
    auto again = MaskExpr::parse(r->canonical());
    QVERIFY2(again.ok(), again.error().c_str());
    QCOMPARE(QString::fromStdString(again->canonical()), canonical);
    const MaskShape shape = makeShape(1, 6, 6);
    if (r->validate(shape).ok())
        QCOMPARE(denseToRows(again->materialize(shape)), denseToRows(r->materialize(shape)));
}

void TestMaskExpr::precedence() {
    // ! > & > |: "causal | prefix(1) & window(1)" is causal | (prefix(1) & window(1)), which
    // differs from (causal | prefix(1)) & window(1) on this shape.
    const MaskShape shape = makeShape(1, 4, 4);
    const QString implicit =
        denseToRows(parseOrFail("causal | prefix(1) & window(1)").materialize(shape));
    QCOMPARE(implicit,
             denseToRows(parseOrFail("causal | (prefix(1) & window(1))").materialize(shape)));
    QVERIFY(implicit !=
            denseToRows(parseOrFail("(causal | prefix(1)) & window(1)").materialize(shape)));
    QCOMPARE(denseToRows(parseOrFail("!causal & causal").materialize(shape)),
             QString("0000 0000 0000 0000"));
    QCOMPARE(denseToRows(parseOrFail("!(causal & !causal)").materialize(shape)),
             QString("1111 1111 1111 1111"));
}

void TestMaskExpr::parseErrors_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("unclosed args")
        << "causal & window(3"
        << "column 18: expected ')' after arguments of window, found end of expression";
    QTest::newRow("missing operand")
        << "causal &"
        << "column 9: expected an atom, '!' or '(', found end of expression";
    QTest::newRow("doubled operator") << "causal && full"
                                      << "column 9: expected an atom, '!' or '(', found '&'";
    QTest::newRow("unclosed group")
        << "(causal | full"
        << "column 15: expected ')' to close '(' at column 1, found end of expression";
    QTest::newRow("stray paren") << "causal)"
                                 << "column 7: expected '&', '|' or end of expression, found ')'";
    QTest::newRow("stray char") << "causal $ full"
                                << "column 8: expected '&', '|' or end of expression, found '$'";
    QTest::newRow("juxtaposed atoms")
        << "causal full"
        << "column 8: expected '&', '|' or end of expression, found 'full'";
    QTest::newRow("name as argument")
        << "causal & window(x)"
        << "column 17: expected an integer argument of window, found 'x'";
    QTest::newRow("trailing comma")
        << "window(3,)"
        << "column 10: expected an integer argument of window, found ')'";
    QTest::newRow("fraction") << "window(3.5)"
                              << "column 9: expected ')' after arguments of window, found '.'";
    QTest::newRow("number as atom") << "3 & causal"
                                    << "column 1: expected an atom, '!' or '(', found number 3";
    QTest::newRow("unicode column")
        << "causal ≤ full"
        << "column 8: expected '&', '|' or end of expression, found '≤'";
    QTest::newRow("too many args") << "window(1, 2)"
                                   << "column 1: window takes 1 argument (W), got 2";
    QTest::newRow("missing args") << "full & window"
                                  << "column 8: window takes 1 argument (W), write it as window(W)";
    QTest::newRow("empty args") << "chunk()"
                                << "column 1: chunk takes 1 or 2 arguments (C[, P]), got 0";
    QTest::newRow("paraphrase args")
        << "paraphrase(1,2,3)"
        << "column 1: paraphrase takes 4 arguments (n, t, s, g), got 3";
    QTest::newRow("args to causal") << "causal(1)"
                                    << "column 1: causal takes no arguments, got 1";
    QTest::newRow("docs without lengths")
        << "docs()"
        << "column 1: docs takes one or more arguments (n1, n2, ...), got 0";
    QTest::newRow("huge number")
        << "window(99999999999999999999)"
        << "column 8: number 99999999999999999999 is too large (at most 10^15)";
}

void TestMaskExpr::parseErrors() {
    QFETCH(QString, text);
    QFETCH(QString, message);
    auto r = MaskExpr::parse(text.toStdString());
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error()), message);
    // The position is structured, not only in the words: the column the message names, and a
    // length that stays inside the text (one past its end for "found end of expression").
    const Error& e = r.failure();
    QCOMPARE(e.column, message.mid(7, message.indexOf(':') - 7).toInt());
    QVERIFY(e.length >= 1);
    QVERIFY(e.column - 1 + e.length <= std::max<int>(1, int(text.size())) ||
            message.contains("end of expression"));
}

void TestMaskExpr::errorPositionsCoverTheFaultyText() {
    // A wrong argument count marks the whole atom with its arguments.
    auto count = MaskExpr::parse("causal & window(2, 3) | full");
    QVERIFY(!count);
    QCOMPARE(count.failure().column, 10);
    QCOMPARE(count.failure().length, int(std::string("window(2, 3)").size()));
    // A validation error (the shape does not fit the atom) marks the atom too.
    auto docs = MaskExpr::parse("full & docs(3,  4)");
    QVERIFY(docs);
    const Status st = docs->validate(makeShape(1, 8, 8, 0, 0));
    QVERIFY(!st);
    QCOMPARE(st.failure().column, 8);
    QCOMPARE(st.failure().length, int(std::string("docs(3,  4)").size()));
    // Characters, not bytes: '≤' is one column.
    auto uni = MaskExpr::parse("≤ causal");
    QVERIFY(!uni);
    QCOMPARE(uni.failure().column, 1);
    QCOMPARE(uni.failure().length, 1);
}

void TestMaskExpr::catalogueFeedsParserAndUsage() {
    const std::string usage = MaskAtom::usageText();
    for (const AtomSpec& spec : MaskAtom::specs()) {
        QVERIFY(MaskAtom::findSpec(spec.name) == &spec);
        QVERIFY2(std::string(spec.help).size() > 10, spec.name);
        QVERIFY2(usage.find(spec.signature) != std::string::npos, spec.name);
        QVERIFY2(usage.find(spec.help) != std::string::npos, spec.name);
        // Every example a button inserts parses (the "…" ones are filled in by the panel).
        if (std::string(spec.example).find("…") == std::string::npos)
            QVERIFY2(MaskExpr::parse(spec.example).ok(), spec.example);
    }
}

void TestMaskExpr::unknownAtomListsValidOnes() {
    auto r = MaskExpr::parse("causal & swa(4)");
    QVERIFY(!r.ok());
    const QString msg = QString::fromStdString(r.error());
    QVERIFY2(msg.startsWith("column 10: unknown atom 'swa'; valid atoms are: "), qPrintable(msg));
    for (const char* atom :
         {"full", "causal", "window(W)", "bwindow(W)", "chunk(C[, P])", "prefix(P)", "docs(",
          "blocks(", "pad(", "lpad(", "dilated(W, D)", "paraphrase(n, t, s, g)"})
        QVERIFY2(msg.contains(atom), atom);

    for (const char* empty : {"", "   "}) {
        auto e = MaskExpr::parse(empty);
        QVERIFY(!e.ok());
        QVERIFY2(QString::fromStdString(e.error()).startsWith("column 1: empty expression"),
                 e.error().c_str());
    }
}

void TestMaskExpr::deepNestingIsAnError() {
    const std::string deep = std::string(1000, '(') + "causal" + std::string(1000, ')');
    auto r = MaskExpr::parse(deep);
    QVERIFY(!r.ok());
    QVERIFY2(QString::fromStdString(r.error()).contains("nested too deeply"), r.error().c_str());
    QVERIFY(MaskExpr::parse(std::string(50, '(') + "causal" + std::string(50, ')')).ok());
}

void TestMaskExpr::validation_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("kvLen");
    QTest::addColumn<int>("kvOffset");
    QTest::addColumn<QString>("error");  // empty: valid
    QTest::newRow("window 0") << "window(0)" << 1 << 8 << 0
                              << "window(0) at column 1: W must be >= 1, got 0";
    QTest::newRow("window column") << "causal & window(-2)" << 1 << 8 << 0
                                   << "window(-2) at column 10: W must be >= 1, got -2";
    QTest::newRow("bwindow 0 ok") << "bwindow(0)" << 1 << 8 << 0 << "";
    QTest::newRow("bwindow -1") << "bwindow(-1)" << 1 << 8 << 0 << "W must be >= 0, got -1";
    QTest::newRow("chunk 0") << "chunk(0)" << 1 << 8 << 0 << "chunk size C must be >= 1, got 0";
    QTest::newRow("chunk neg P ok") << "chunk(3, -2)" << 1 << 8 << 0 << "";
    QTest::newRow("prefix -1") << "prefix(-1)" << 1 << 8 << 0 << "prefix length P must be >= 0";
    QTest::newRow("docs sum")
        << "docs(10, 20)" << 1 << 32 << 0
        << "docs(10, 20) at column 1: document lengths sum to 30 but Lk (kv_offset + kv_len) is 32";
    QTest::newRow("docs ok") << "docs(16, 16)" << 1 << 32 << 0 << "";
    QTest::newRow("docs with offset") << "docs(16, 6)" << 1 << 12 << 10 << "";
    QTest::newRow("docs zero length")
        << "docs(4, 0, 4)" << 1 << 8 << 0 << "document 2 has length 0, lengths must be >= 1";
    QTest::newRow("blocks count")
        << "blocks(0, 0, 1)" << 1 << 4 << 0
        << "needs one block id per position: got 3 ids but Lk (kv_offset + kv_len) is 4";
    QTest::newRow("blocks ok") << "blocks(0, -1, 1, 1)" << 1 << 4 << 0 << "";
    QTest::newRow("pad count") << "pad(3, 4)" << 3 << 8 << 0
                               << "needs 1 length or one per batch element: got 2 lengths but "
                                  "batch is 3";
    QTest::newRow("pad per batch") << "pad(3, 4, 5)" << 3 << 8 << 0 << "";
    QTest::newRow("pad broadcast") << "pad(3)" << 3 << 8 << 0 << "";
    QTest::newRow("pad too long") << "lpad(9)" << 1 << 8 << 0
                                  << "length 9 of batch element 0 is outside [0, Lk = 8]";
    QTest::newRow("dilated D") << "dilated(2, 0)" << 1 << 8 << 0 << "dilation D must be >= 1";
    QTest::newRow("dilated W") << "dilated(0, 2)" << 1 << 8 << 0 << "W must be >= 1";
    QTest::newRow("paraphrase ok") << "paraphrase(2, 3, 1, 2)" << 1 << 10 << 0 << "";
    QTest::newRow("paraphrase sum") << "paraphrase(2, 3, 1, 2)" << 1 << 11 << 0
                                    << "n*(t+s)+g = 10 but Lk (kv_offset + kv_len) is 11";
    QTest::newRow("paraphrase n") << "paraphrase(0, 3, 1, 11)" << 1 << 11 << 0
                                  << "n must be >= 1, got 0";
    QTest::newRow("paraphrase t") << "paraphrase(2, 0, 1, 9)" << 1 << 11 << 0
                                  << "t must be >= 1, got 0";
    QTest::newRow("paraphrase s") << "paraphrase(2, 2, -1, 9)" << 1 << 11 << 0
                                  << "s must be >= 0, got -1";
    QTest::newRow("batch 0") << "causal" << 0 << 8 << 0 << "batch must be >= 1, got 0";
    QTest::newRow("negative offset") << "causal" << 1 << 8 << -1 << "offsets must be >= 0";
}

void TestMaskExpr::validation() {
    QFETCH(QString, text);
    QFETCH(int, batch);
    QFETCH(int, kvLen);
    QFETCH(int, kvOffset);
    QFETCH(QString, error);
    const MaskExpr expr = parseOrFail(text);
    const Status s = expr.validate(makeShape(batch, 4, kvLen, 0, kvOffset));
    if (error.isEmpty()) {
        QVERIFY2(s.ok(), s.error().c_str());
    } else {
        QVERIFY(!s.ok());
        QVERIFY2(QString::fromStdString(s.error()).contains(error), s.error().c_str());
    }
}

void TestMaskExpr::segmentsFromFirstStructuredAtom() {
    QVERIFY(!parseOrFail("causal & window(3)").segments().has_value());

    const auto para = parseOrFail("paraphrase(2, 3, 1, 2)").segments();
    QVERIFY(para.has_value());
    using Segs = std::vector<std::pair<int64_t, int64_t>>;
    QCOMPARE(para->segments, (Segs{{0, 4}, {4, 8}}));
    QCOMPARE(para->generationStart, int64_t{8});

    const auto docs = parseOrFail("causal & (docs(3, 5) | paraphrase(1, 7, 1, 0))").segments();
    QVERIFY(docs.has_value());
    QCOMPARE(docs->segments, (Segs{{0, 3}, {3, 8}}));
    QCOMPARE(docs->generationStart, int64_t{-1});
    QCOMPARE(docs->segmentOf(2), int64_t{0});
    QCOMPARE(docs->segmentOf(3), int64_t{1});
    QCOMPARE(docs->segmentOf(8), int64_t{-1});
}

void TestMaskExpr::dependsOnBatch() {
    QVERIFY(!parseOrFail("causal & pad(3)").dependsOnBatch());
    QVERIFY(parseOrFail("causal & pad(3, 4)").dependsOnBatch());
    QVERIFY(parseOrFail("full | !lpad(1, 2)").dependsOnBatch());
}

QTEST_GUILESS_MAIN(TestMaskExpr)
#include "tst_maskexpr.moc"
