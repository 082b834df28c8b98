// Tests of GgufFile and the ggml dequantizers against files written by gguf-py, llama.cpp's own
// Python package (scripts/make_gguf_fixtures.py): every tensor of every type equals gguf-py's
// numpy dequantization bit for bit, metadata of every value type reads back as written, and
// malformed files — hand-made ones, every truncation, bit flips in the header — give errors that
// name the byte offset, never crashes or absurd allocations.

#include <QRandomGenerator>
#include <QtTest>
#include <bit>
#include <cstring>
#include <set>

#include "TestSupport.h"
#include "core/io/GgufFile.h"
#include "core/io/GgufQuants.h"
#include "core/io/NpzArchive.h"
#include "core/io/TensorFile.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {

QString gguf(const QString& name) {
    return dataPath("gguf/" + name);
}

/// tests/data/gguf/index.json: what gguf-py wrote into each fixture.
QJsonObject ggufIndex() {
    QFile f(gguf("index.json"));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

/// Equal bit for bit; NaNs only need to be NaN on both sides.
QString compareBits(const Tensor& actual, const Tensor& expected) {
    if (actual.shape() != expected.shape())
        return QString::fromStdString(shapeToString(actual.shape()) +
                                      " != " + shapeToString(expected.shape()));
    for (int64_t i = 0; i < actual.size(); ++i) {
        const float a = actual[i], e = expected[i];
        if (std::isnan(a) && std::isnan(e)) continue;
        if (std::bit_cast<uint32_t>(a) != std::bit_cast<uint32_t>(e))
            return QString("element %1: %2 (0x%3) != %4 (0x%5)")
                .arg(i)
                .arg(double(a), 0, 'g', 9)
                .arg(std::bit_cast<uint32_t>(a), 8, 16, QChar('0'))
                .arg(double(e), 0, 'g', 9)
                .arg(std::bit_cast<uint32_t>(e), 8, 16, QChar('0'));
    }
    return {};
}

/// Opens `bytes` and reads every tensor: "" when all of it worked, else the first error.
std::string openAndReadAll(const QByteArray& bytes) {
    Result<GgufFile> file = GgufFile::fromBytes(bytes, "damaged.gguf");
    if (!file) return file.error();
    for (const GgufTensor& t : file->tensors()) {
        if (!ggmlTypeInfo(t.type).dequantizable) continue;
        Result<Tensor> r = file->read(t.name);
        if (!r) return r.error();
        if (r->shape() != t.shape) return "shape differs from the listing";
    }
    return {};
}

void putU64(QByteArray& bytes, int at, uint64_t v) {
    for (int i = 0; i < 8; ++i) bytes[at + i] = char((v >> (8 * i)) & 0xff);
}

/// The byte offset of the type field of tensor `name`'s listing entry in `bytes`.
int tensorTypeAt(const QByteArray& bytes, const GgufFile& file, const std::string& name) {
    const GgufTensor* t = file.find(name);
    QByteArray key(8, '\0');
    putU64(key, 0, name.size());
    const int at = bytes.indexOf(key + QByteArray::fromStdString(name));
    return at < 0 ? -1 : at + 8 + int(name.size()) + 4 + 8 * int(t->shape.size());
}

}  // namespace

class TestGguf : public QObject {
    Q_OBJECT

private slots:
    void readsEveryTensor_data();
    void readsEveryTensor();
    void metadataMatches_data();
    void metadataMatches();
    void valueHelpers();
    void listsThroughTensorFile();
    void refusesUnsupportedTypes();
    void checksRowLength();
    void rejectsMalformed_data();
    void rejectsMalformed();
    void rejectsPatchedHeaders_data();
    void rejectsPatchedHeaders();
    void survivesTruncation_data();
    void survivesTruncation();
    void survivesBitFlips_data();
    void survivesBitFlips();
    void survivesRandomDamage();
};

void TestGguf::readsEveryTensor_data() {
    QTest::addColumn<QString>("file");
    const QJsonObject files = ggufIndex().value("files").toObject();
    QVERIFY(files.size() >= 20);
    for (auto it = files.begin(); it != files.end(); ++it)
        if (it.key() != "unsupported.gguf") QTest::newRow(qPrintable(it.key())) << it.key();
}

void TestGguf::readsEveryTensor() {
    QFETCH(QString, file);
    const QJsonObject entry = ggufIndex().value("files").toObject().value(file).toObject();
    Result<GgufFile> opened = GgufFile::open(gguf(file));
    QVERIFY2(opened.ok(), opened.error().c_str());
    QCOMPARE(int(opened->version()), entry.value("version").toInt());
    QCOMPARE(opened->alignment(), entry.value("alignment").toInteger());
    QCOMPARE(opened->dataOffset() % opened->alignment(), int64_t{0});
    Result<NpzArchive> expected = NpzArchive::open(gguf(file + ".expected.npz"));
    QVERIFY2(expected.ok(), expected.error().c_str());
    const QJsonArray listing = entry.value("tensors").toArray();
    QCOMPARE(qsizetype(opened->tensors().size()), listing.size());
    for (qsizetype i = 0; i < listing.size(); ++i) {
        const QJsonObject e = listing[i].toObject();
        const GgufTensor& t = opened->tensors()[size_t(i)];
        QCOMPARE(QString::fromStdString(t.name), e.value("name").toString());  // file order
        QCOMPARE(QString(ggmlTypeInfo(t.type).name), e.value("type").toString());
        QCOMPARE(t.shape, jsonShape(e));
        QCOMPARE(t.offset % opened->alignment(), int64_t{0});
        Result<Tensor> values = opened->read(t.name);
        QVERIFY2(values.ok(), values.error().c_str());
        Result<Tensor> reference = expected->readFloat(t.name);
        QVERIFY2(reference.ok(), reference.error().c_str());
        const QString diff = compareBits(*values, *reference);
        QVERIFY2(diff.isEmpty(), qPrintable(QString::fromStdString(t.name) + ": " + diff));
    }
}

void TestGguf::metadataMatches_data() {
    readsEveryTensor_data();
    QTest::newRow("unsupported.gguf") << QString("unsupported.gguf");
}

void TestGguf::metadataMatches() {
    QFETCH(QString, file);
    const QJsonObject metadata =
        ggufIndex().value("files").toObject().value(file).toObject().value("metadata").toObject();
    Result<GgufFile> opened = GgufFile::open(gguf(file));
    QVERIFY2(opened.ok(), opened.error().c_str());
    QCOMPARE(qsizetype(opened->metadata().size()), metadata.size());
    for (auto it = metadata.begin(); it != metadata.end(); ++it) {
        const auto found = opened->metadata().find(it.key().toStdString());
        QVERIFY2(found != opened->metadata().end(), qPrintable("missing key " + it.key()));
        const GgufValue& v = found->second;
        const QJsonObject e = it.value().toObject();
        const QString type = e.value("type").toString();
        QCOMPARE(QString(ggufValueTypeName(v.type())), type);
        const QString elementType = type == "array" ? e.value("element_type").toString() : type;
        QCOMPARE(QString(ggufValueTypeName(v.elementType())), elementType);
        const QJsonArray values =
            type == "array" ? e.value("value").toArray() : QJsonArray{e.value("value")};
        QCOMPARE(v.size(), int64_t(values.size()));
        for (qsizetype i = 0; i < values.size(); ++i) {
            const QString where = it.key() + QString("[%1]").arg(i);
            if (elementType == "string") {
                QCOMPARE(QString::fromStdString(v.stringAt(i)), values[i].toString());
            } else if (elementType == "bool") {
                QCOMPARE(v.intAt(i).value_or(-1), values[i].toBool() ? 1 : 0);
            } else if (elementType == "f32" || elementType == "f64") {
                QVERIFY2(v.floatAt(i) == values[i].toDouble(), qPrintable(where));
            } else {  // integers: decimal strings in the index, exact in elementText
                QCOMPARE(QString::fromStdString(v.elementText(i)), values[i].toString());
            }
        }
    }
}

void TestGguf::valueHelpers() {
    Result<GgufFile> f = GgufFile::open(gguf("metadata_v3.gguf"));
    QVERIFY2(f.ok(), f.error().c_str());
    const auto& m = f->metadata();
    QCOMPARE(m.at("general.architecture").asString().value(), std::string("llama"));
    QCOMPARE(m.at("tiny.context_length").asInt().value(), int64_t{64});
    QCOMPARE(m.at("tiny.context_length").asFloat().value(), 64.0);
    QCOMPARE(m.at("tiny.rope.freq_base").asFloat().value(), 10000.0);
    QCOMPARE(m.at("test.i64").asInt().value(), std::numeric_limits<int64_t>::min());
    QVERIFY(!m.at("test.u64").asInt());  // 2^64 - 1 does not fit
    QCOMPARE(m.at("test.u64").toString(), std::string("18446744073709551615"));
    QCOMPARE(m.at("test.bool_true").asInt().value(), int64_t{1});
    QCOMPARE(m.at("test.bool_true").toString(), std::string("true"));
    QCOMPARE(m.at("test.f32").toString(), std::string("0.1"));
    QCOMPARE(m.at("test.string").toString(), std::string("\"héllo \\\"wörld\\\"\\n\\ttab\""));
    QVERIFY(!m.at("test.string").asInt());
    QVERIFY(!m.at("test.i32").asString());

    const GgufValue& tokens = m.at("tokenizer.ggml.tokens");
    QVERIFY(tokens.isArray());
    QCOMPARE(tokens.type(), GgufValueType::Array);
    QCOMPARE(tokens.elementType(), GgufValueType::String);
    QCOMPARE(tokens.asStringList()->size(), size_t(42));
    QCOMPARE(tokens.asStringList()->at(40), std::string("▁the"));
    QCOMPARE(tokens.toString(), std::string("[42 strings]"));
    QVERIFY(!tokens.asString() && !tokens.asIntList());
    QCOMPARE(m.at("tokenizer.ggml.token_type").toString(), std::string("[42 i32 values]"));
    QCOMPARE(m.at("tokenizer.ggml.token_type").asIntList()->at(3), int64_t{1});
    QCOMPARE(m.at("tokenizer.ggml.scores").asFloatList()->at(2), -0.5);
    QCOMPARE(m.at("test.arr_i8").toString(), std::string("[-128, 0, 127]"));
    QCOMPARE(m.at("test.arr_string").toString(), std::string("[\"a\", \"\", \"ünï\", \"x\\\"y\"]"));
    QCOMPARE(m.at("test.arr_f64").asFloatList().value(), (std::vector<double>{1.5, -2.25, 1e-300}));
    QVERIFY(!m.at("test.arr_u64").asIntList());  // holds 2^64 - 1
    QCOMPARE(m.at("test.arr_i64").asIntList()->front(), std::numeric_limits<int64_t>::min());
}

void TestGguf::listsThroughTensorFile() {
    Result<TensorFile> f = TensorFile::open(gguf("q4_k.gguf"));
    QVERIFY2(f.ok(), f.error().c_str());
    QCOMPARE(f->format(), TensorFileFormat::Gguf);
    QCOMPARE(QString(tensorFileFormatName(f->format())), QString("gguf"));
    const TensorInfo* t = f->find("blk.2.raw");
    QVERIFY(t);
    QCOMPARE(t->typeName, std::string("q4_k"));
    QCOMPARE(t->dtype, DType::F32);
    QCOMPARE(t->shape, (Shape{1, 2, 1, 1024}));
    QCOMPARE(t->bytes, int64_t{8 * 144});
    Result<Tensor> viaTensorFile = f->read("blk.2.raw");
    Result<GgufFile> g = GgufFile::open(gguf("q4_k.gguf"));
    QVERIFY(viaTensorFile.ok() && g.ok());
    QVERIFY(compareBits(*viaTensorFile, *g->read("blk.2.raw")).isEmpty());

    Result<TensorFile> f16 = TensorFile::open(gguf("f16.gguf"));
    QVERIFY2(f16.ok(), f16.error().c_str());
    QCOMPARE(f16->tensors().front().dtype, DType::F16);
    QCOMPARE(f16->tensors().front().typeName, std::string("f16"));
    Result<Tensor> missing = f16->read("nope");
    QVERIFY(!missing.ok() && QString::fromStdString(missing.error()).contains("blk.0.weight"));
}

void TestGguf::refusesUnsupportedTypes() {
    Result<GgufFile> f = GgufFile::open(gguf("unsupported.gguf"));
    QVERIFY2(f.ok(), f.error().c_str());
    const QJsonObject unsupported = ggufIndex().value("unsupported").toObject();
    QCOMPARE(qsizetype(f->tensors().size()), unsupported.size());
    for (auto it = unsupported.begin(); it != unsupported.end(); ++it) {
        const GgufTensor* t = f->find(it.key().toStdString());
        QVERIFY(t);
        QCOMPARE(QString(ggmlTypeInfo(t->type).name), it.value().toString());
        Result<Tensor> r = f->read(t->name);
        QVERIFY(!r.ok());
        QVERIFY2(QString::fromStdString(r.error()).contains(it.value().toString()),
                 r.error().c_str());
    }
}

void TestGguf::checksRowLength() {
    std::vector<char> block(34, 0);
    std::vector<float> out(64);
    Status s = dequantizeGgml(GgmlType::Q8_0, block.data(), 33, out.data());
    QVERIFY(!s.ok());
    QVERIFY2(QString::fromStdString(s.error()).contains("q8_0 blocks of 32"), s.error().c_str());
    s = dequantizeGgml(GgmlType::IQ2_XXS, block.data(), 256, out.data());
    QVERIFY(!s.ok() && QString::fromStdString(s.error()).contains("iq2_xxs"));
    QVERIFY(dequantizeGgml(GgmlType::Q8_0, block.data(), 32, out.data()).ok());
    QVERIFY(!ggmlTypeInfo(4u) && !ggmlTypeInfo(31u) && !ggmlTypeInfo(1000u));
}

void TestGguf::rejectsMalformed_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("word");
    const QJsonObject malformed = ggufIndex().value("malformed").toObject();
    QVERIFY(malformed.size() >= 25);
    for (auto it = malformed.begin(); it != malformed.end(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key() << it.value().toString();
}

void TestGguf::rejectsMalformed() {
    QFETCH(QString, file);
    QFETCH(QString, word);
    Result<GgufFile> f = GgufFile::open(gguf("malformed/" + file));
    QVERIFY2(!f.ok(), "a malformed file was accepted");
    const QString message = QString::fromStdString(f.error());
    QVERIFY2(message.contains(word), qPrintable(message));
    QVERIFY2(message.contains("byte offset"), qPrintable(message));
    QVERIFY2(message.contains(file), qPrintable(message));
    // TensorFile recognises the magic (or the extension) and passes the message on.
    Result<TensorFile> t = TensorFile::open(gguf("malformed/" + file));
    QVERIFY(!t.ok());
    QVERIFY2(QString::fromStdString(t.error()).contains(word), t.error().c_str());
}

void TestGguf::rejectsPatchedHeaders_data() {
    QTest::addColumn<QString>("patch");
    QTest::addColumn<QString>("word");
    QTest::newRow("magic") << "magic"
                           << "magic";
    QTest::newRow("version 1") << "version1"
                               << "version 1";
    QTest::newRow("tensor count 2^60") << "tensors"
                                       << "tensor count";
    QTest::newRow("metadata count 2^60") << "kvs"
                                         << "metadata count";
    QTest::newRow("key length 1 TB") << "keylength"
                                     << "length 1099511627776";
    QTest::newRow("unknown tensor type") << "type"
                                         << "unknown ggml tensor type 77";
    QTest::newRow("tensor offset past the end") << "offset"
                                                << "past the end";
    QTest::newRow("data cut by one byte") << "cut"
                                          << "past the end";
}

void TestGguf::rejectsPatchedHeaders() {
    QFETCH(QString, patch);
    QFETCH(QString, word);
    QByteArray bytes = fileBytes(gguf("metadata_v3.gguf"));
    Result<GgufFile> good = GgufFile::fromBytes(bytes, "good.gguf");
    QVERIFY2(good.ok(), good.error().c_str());
    const std::string last = good->tensors().back().name;
    const int typeAt = tensorTypeAt(bytes, *good, last);
    QVERIFY(typeAt > 0);
    if (patch == "magic") bytes[0] = 'g';
    if (patch == "version1") bytes[4] = 1;
    if (patch == "tensors") putU64(bytes, 8, uint64_t{1} << 60);
    if (patch == "kvs") putU64(bytes, 16, uint64_t{1} << 60);
    if (patch == "keylength") putU64(bytes, 24, uint64_t{1} << 40);
    if (patch == "type") bytes[typeAt] = 77;
    if (patch == "offset") putU64(bytes, typeAt + 4, 1 << 20);
    if (patch == "cut")
        bytes.chop(int(bytes.size() - good->dataOffset() - good->tensors().back().offset -
                       good->tensors().back().bytes) +
                   1);
    Result<GgufFile> f = GgufFile::fromBytes(bytes, "patched.gguf");
    QVERIFY2(!f.ok(), "the damage was not noticed");
    const QString message = QString::fromStdString(f.error());
    QVERIFY2(message.contains(word) && message.contains("byte offset"), qPrintable(message));
}

void TestGguf::survivesTruncation_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("step");
    QTest::newRow("metadata_v3.gguf") << "metadata_v3.gguf" << 1;
    QTest::newRow("metadata_v2.gguf") << "metadata_v2.gguf" << 7;
    QTest::newRow("align64.gguf") << "align64.gguf" << 7;
    QTest::newRow("q5_k.gguf") << "q5_k.gguf" << 3;
    QTest::newRow("q5_1.gguf") << "q5_1.gguf" << 1;
}

void TestGguf::survivesTruncation() {
    QFETCH(QString, file);
    QFETCH(int, step);
    const QByteArray bytes = fileBytes(gguf(file));
    Result<GgufFile> full = GgufFile::fromBytes(bytes, "full.gguf");
    QVERIFY2(full.ok(), full.error().c_str());
    int64_t needed = full->dataOffset();  // every tensor's data; the padding after may go
    for (const GgufTensor& t : full->tensors())
        needed = std::max(needed, full->dataOffset() + t.offset + t.bytes);
    QVERIFY(needed <= bytes.size());
    for (int cut = 0; cut < bytes.size(); cut += step) {
        const std::string error = openAndReadAll(bytes.left(cut));
        if (cut < needed) {
            QVERIFY2(!error.empty(), qPrintable(QString("cut at %1 was accepted").arg(cut)));
            QVERIFY2(QString::fromStdString(error).contains("byte offset"), error.c_str());
        } else {
            QVERIFY2(error.empty(), error.c_str());
        }
    }
}

void TestGguf::survivesBitFlips_data() {
    QTest::addColumn<QString>("file");
    QTest::newRow("metadata_v3.gguf") << "metadata_v3.gguf";
    QTest::newRow("q4_0.gguf") << "q4_0.gguf";
    QTest::newRow("q6_k.gguf") << "q6_k.gguf";
}

void TestGguf::survivesBitFlips() {
    QFETCH(QString, file);
    const QByteArray bytes = fileBytes(gguf(file));
    Result<GgufFile> good = GgufFile::fromBytes(bytes, "good.gguf");
    QVERIFY2(good.ok(), good.error().c_str());
    int refused = 0, flips = 0;
    for (qsizetype at = 0; at < qsizetype(good->dataOffset()); ++at) {
        for (int bit = 0; bit < 8; ++bit, ++flips) {
            QByteArray damaged = bytes;
            damaged[at] = char(damaged[at] ^ (1 << bit));
            const std::string error = openAndReadAll(damaged);
            if (error.empty()) continue;
            ++refused;
            QVERIFY2(QString::fromStdString(error).contains("byte offset"), error.c_str());
        }
    }
    // Most flips in the header land in strings (names, values) and are harmless.
    QVERIFY2(refused > flips / 20, qPrintable(QString("%1 of %2 refused").arg(refused).arg(flips)));
}

void TestGguf::survivesRandomDamage() {
    QRandomGenerator rng(1234);
    for (const char* file : {"metadata_v3.gguf", "q3_k.gguf", "q5_0.gguf"}) {
        const QByteArray bytes = fileBytes(gguf(file));
        Result<GgufFile> good = GgufFile::fromBytes(bytes, "good.gguf");
        QVERIFY(good.ok());
        for (int round = 0; round < 2000; ++round) {
            QByteArray damaged = bytes;
            const int n = 1 + int(rng.bounded(6));
            for (int k = 0; k < n; ++k) {
                // Mostly the header, where the structure is; 0xff runs make absurd numbers.
                const int at = int(rng.bounded(int(good->dataOffset())));
                damaged[at] = rng.bounded(3) == 0 ? char(0xff) : char(rng.bounded(256));
            }
            if (rng.bounded(4) == 0) damaged.truncate(int(rng.bounded(int(damaged.size()))));
            const std::string error = openAndReadAll(damaged);
            if (!error.empty())
                QVERIFY2(QString::fromStdString(error).contains("byte offset"), error.c_str());
        }
    }
}

QTEST_APPLESS_MAIN(TestGguf)
#include "tst_gguf.moc"
