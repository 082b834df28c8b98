// Tokenizers reproduce Hugging Face `tokenizers` (SPEC §11): for every fixture model's tokenizer
// (WordPiece with the BERT normalizer and Chinese characters, GPT-2 byte-level, Llama-3 regex +
// byte-level, SentencePiece-style BPE with byte fallback, Gemma's, Qwen2's; tokenizer.json,
// vocab.txt alone, vocab.json + merges.txt) the ids, token strings and offsets AutoTokenizer
// gave for a multilingual corpus (scripts/make_model_fixtures.py), and readable labels.

#include <QDir>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include "TestSupport.h"
#include "core/tokenizer/Tokenizer.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {

QString models(const QString& relative = {}) {
    return dataPath("models/" + relative);
}

QJsonObject readObject(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

}  // namespace

class TestTokenizer : public QObject {
    Q_OBJECT
private slots:
    void matchesAutoTokenizer_data();
    void matchesAutoTokenizer();
    void theSameFromItsOtherFiles_data();
    void theSameFromItsOtherFiles();
    void labelsAreReadable();
    void refusesWhatItCannotRead();
    void survivesDamageAndAnyText();
};

void TestTokenizer::matchesAutoTokenizer_data() {
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QJsonObject>("golden");
    const QJsonArray cases = readObject(models("index.json"))["cases"].toArray();
    QVERIFY(cases.size() >= 8);
    for (const auto& c : cases) {
        const QString folder = c.toObject()["folder"].toString();
        const QJsonObject tokens = readObject(models(folder + "/golden/tokens.json"));
        for (const auto& t : tokens["texts"].toArray())
            QTest::newRow(qPrintable(folder + "/" + t.toObject()["name"].toString()))
                << folder << t.toObject();
    }
}

void TestTokenizer::matchesAutoTokenizer() {
    QFETCH(QString, folder);
    QFETCH(QJsonObject, golden);
    auto tok = Tokenizer::load(models(folder));
    QVERIFY2(tok, tok ? "" : tok.error().c_str());
    const Encoding e = (*tok)->encode(golden["text"].toString().toStdString());
    QStringList ids, expected;
    for (int64_t id : e.ids) ids << QString::number(id);
    for (const auto& id : golden["ids"].toArray()) expected << QString::number(id.toInteger());
    QCOMPARE(ids.join(' '), expected.join(' '));
    QStringList tokens, expectedTokens;
    for (const auto& t : e.tokens) tokens << QString::fromStdString(t);
    for (const auto& t : golden["tokens"].toArray()) expectedTokens << t.toString();
    QCOMPARE(tokens, expectedTokens);
    if (golden.contains("offsets")) {
        QStringList offsets, expectedOffsets;
        for (const auto& [b, end] : e.offsets) offsets << QString("%1-%2").arg(b).arg(end);
        for (const auto& o : golden["offsets"].toArray())
            expectedOffsets
                << QString("%1-%2").arg(o.toArray()[0].toInt()).arg(o.toArray()[1].toInt());
        QCOMPARE(offsets.join(' '), expectedOffsets.join(' '));
    }
}

void TestTokenizer::theSameFromItsOtherFiles_data() {
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QStringList>("keep");  // the files the copy keeps
    QTest::newRow("bert: vocab.txt only")
        << "bert" << QStringList{"vocab.txt", "tokenizer_config.json", "special_tokens_map.json"};
    QTest::newRow("gpt2: vocab.json + merges.txt")
        << "gpt2" << QStringList{"vocab.json", "merges.txt", "tokenizer_config.json"};
}

void TestTokenizer::theSameFromItsOtherFiles() {
    QFETCH(QString, folder);
    QFETCH(QStringList, keep);
    QTemporaryDir tmp;
    for (const QString& f : keep) QFile::copy(models(folder + "/" + f), tmp.filePath(f));
    auto tok = Tokenizer::load(tmp.path());
    QVERIFY2(tok, tok ? "" : tok.error().c_str());
    const QJsonObject tokens = readObject(models(folder + "/golden/tokens.json"));
    for (const auto& t : tokens["texts"].toArray()) {
        const Encoding e = (*tok)->encode(t.toObject()["text"].toString().toStdString());
        QStringList ids, expected;
        for (int64_t id : e.ids) ids << QString::number(id);
        for (const auto& id : t.toObject()["ids"].toArray())
            expected << QString::number(id.toInteger());
        QCOMPARE(ids.join(' '), expected.join(' '));
    }
}

void TestTokenizer::labelsAreReadable() {
    for (const QString folder : {"gpt2", "llama", "qwen2", "llama_sp", "gemma2", "bert"}) {
        auto tok = Tokenizer::load(models(folder));
        QVERIFY(tok);
        const std::string text = "Ærøskøbing: 注意力 🤖 don't   stop\n";
        const Encoding e = (*tok)->encode(text);
        QString joined;
        for (size_t i = 0; i < e.labels.size(); ++i) {
            const QString l = QString::fromStdString(e.labels[i]);
            QVERIFY2(!l.contains(QChar(0x120)) && !l.contains(QChar(0x2581)) &&
                         !l.contains(QChar(0x10A)),
                     qPrintable(folder + ": label '" + l + "'"));
            joined += l;
        }
        // Byte-level pieces of a split character show as bytes; whole characters as text.
        if (folder == "gpt2" || folder == "llama" || folder == "qwen2")
            QVERIFY2(joined.contains("don't") && joined.contains("stop"), qPrintable(joined));
    }
    auto gpt2 = Tokenizer::load(models("gpt2"));
    QVERIFY(gpt2);
    // A token that holds the first byte of 🤖 alone reads <0xF0>.
    for (int64_t id = 0; id < (*gpt2)->vocabSize(); ++id)
        if ((*gpt2)->tokenString(id) == "ð")  // byte 0xF0 in GPT-2's byte-to-character table
            QCOMPARE(QString::fromStdString((*gpt2)->label(id)), QString("<0xF0>"));
}

void TestTokenizer::refusesWhatItCannotRead() {
    QTemporaryDir tmp;
    auto none = Tokenizer::load(tmp.path());
    QVERIFY(!none);
    QVERIFY2(QString::fromStdString(none.error()).contains("expected tokenizer.json"),
             none.error().c_str());
    QFile f(tmp.filePath("tokenizer.json"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"normalizer": {"type": "Precompiled"}, "pre_tokenizer": null,
               "model": {"type": "BPE", "vocab": {}, "merges": []}})");
    f.close();
    auto unsupported = Tokenizer::load(tmp.path());
    QVERIFY(!unsupported);
    QVERIFY2(QString::fromStdString(unsupported.error()).contains("normalizer 'Precompiled'"),
             unsupported.error().c_str());
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(R"({"model": {"type": "Unigram", "vocab": []}})");
    f.close();
    auto unigram = Tokenizer::load(tmp.path());
    QVERIFY(!unigram && QString::fromStdString(unigram.error()).contains("'Unigram'"));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(R"({"model": {"type": "BPE", "vocab": {"a": 0, "b": 99999999}, "merges": []}})");
    f.close();
    auto sparse = Tokenizer::load(tmp.path());  // refused before a 10^8-entry table is made
    QVERIFY(!sparse && QString::fromStdString(sparse.error()).contains("not a dense id"));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("{\"model\": ");
    f.close();
    auto broken = Tokenizer::load(tmp.path());
    QVERIFY(!broken && QString::fromStdString(broken.error()).contains("not a JSON object"));
}

void TestTokenizer::survivesDamageAndAnyText() {
    // A damaged tokenizer.json is refused or read, never a crash; any bytes as text (invalid
    // UTF-8, NUL, control characters, a 20,000-character word) tokenize with offsets in range.
    QTemporaryDir tmp;
    QRandomGenerator rng(1234);
    for (const QString folder : {"bert", "gpt2", "llama", "llama_sp", "qwen2", "gemma2"}) {
        const QByteArray good = fileBytes(models(folder + "/tokenizer.json"));
        QVERIFY(!good.isEmpty());
        for (int round = 0; round < 40; ++round) {
            QByteArray bad = good;
            if (round % 2)
                bad.truncate(int(rng.bounded(quint32(good.size()))));
            else
                for (int k = 0; k < 8; ++k)
                    bad[int(rng.bounded(quint32(bad.size())))] = char(rng.bounded(256));
            auto t = Tokenizer::fromJson(bad, {});
            if (t) (*t)->encode("a quick test, 注意力 🤖");
        }
        auto tok = Tokenizer::load(models(folder));
        QVERIFY(tok);
        std::string noise;
        for (int i = 0; i < 3000; ++i) noise += char(rng.bounded(256));
        noise += std::string(20000, 'x') + "\0\x01\xff\xfe " + std::string(300, ' ');
        const std::u32string points = utf8ToCodePoints(noise);
        const Encoding e = (*tok)->encode(noise);
        QVERIFY(!e.ids.empty());
        for (const auto& [b, end] : e.offsets)
            QVERIFY(b >= 0 && b <= end && end <= int64_t(points.size()));
        for (int64_t id : e.ids) QVERIFY(id >= 0 && id < (*tok)->vocabSize());
    }
}

QTEST_GUILESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
