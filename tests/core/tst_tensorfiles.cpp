// Tests of TensorFile and its readers (safetensors, PyTorch zip and legacy, npz, npy) against
// files written by PyTorch, safetensors and NumPy (scripts/make_tensorfile_fixtures.py): names,
// dtypes, shapes and values; hostile pickles and TorchScript refused; every truncation of a
// small file of each format, bit flips and absurd headers give errors, never crashes.

#include <QTemporaryDir>
#include <QtTest>
#include <cstring>
#include <set>

#include "TestSupport.h"
#include "core/io/NpzArchive.h"
#include "core/io/PickleMachine.h"
#include "core/io/SafetensorsFile.h"
#include "core/io/TensorArgument.h"
#include "core/io/TensorFile.h"
#include "core/io/TorchArchive.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {

/// Equal element by element, bit for bit (NaN equal to NaN).
QString compareExact(const Tensor& actual, const Tensor& expected) {
    if (actual.shape() != expected.shape())
        return QString::fromStdString(shapeToString(actual.shape()) +
                                      " != " + shapeToString(expected.shape()));
    for (int64_t i = 0; i < actual.size(); ++i) {
        const float a = actual[i], e = expected[i];
        if (!(a == e || (std::isnan(a) && std::isnan(e))))
            return QString("element %1: %2 != %3").arg(i).arg(double(a)).arg(double(e));
    }
    return {};
}

QByteArray makeSafetensors(const QByteArray& json, int dataBytes) {
    QByteArray bytes(8, '\0');
    qint64 n = json.size();
    for (int i = 0; i < 8; ++i) bytes[i] = char((n >> (8 * i)) & 0xff);
    return bytes + json + QByteArray(dataBytes, '\x01');
}

QByteArray withLength(uint64_t n, const QByteArray& rest) {
    QByteArray bytes(8, '\0');
    for (int i = 0; i < 8; ++i) bytes[i] = char((n >> (8 * i)) & 0xff);
    return bytes + rest;
}

/// Opens `bytes` written to a file of `name` and reads every tensor; the first error, or "".
std::string openAndReadAll(const QString& dir, const QString& name, const QByteArray& bytes) {
    const QString path = dir + "/" + name;
    QFile f(path);
    f.open(QIODevice::WriteOnly | QIODevice::Truncate);
    f.write(bytes);
    f.close();
    Result<TensorFile> file = TensorFile::open(path);
    if (!file) return file.error();
    for (const TensorInfo& t : file->tensors()) {
        Result<Tensor> r = file->read(t.name);
        if (!r) return r.error();
        if (r->shape() != t.shape) return "shape differs from the listing";
    }
    return {};
}

}  // namespace

class TestTensorFiles : public QObject {
    Q_OBJECT

private slots:
    void listsAndReads_data();
    void listsAndReads();
    void sharesStorages();
    void refusesTorchScript();
    void refusesHostile_data();
    void refusesHostile();
    void survivesTruncation_data();
    void survivesTruncation();
    void survivesBitFlips_data();
    void survivesBitFlips();
    void rejectsBadSafetensors_data();
    void rejectsBadSafetensors();
    void safetensorsMetadata();
    void roundTrips();
    void tensorArguments();
    void pickleLimits();
    void pickleProtocolZero();
};

void TestTensorFiles::listsAndReads_data() {
    QTest::addColumn<QString>("file");
    const QJsonObject files = index().value("files").toObject();
    QVERIFY(files.size() >= 20);
    for (auto it = files.begin(); it != files.end(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key();
}

void TestTensorFiles::listsAndReads() {
    QFETCH(QString, file);
    const QJsonArray listing = index().value("files").toObject().value(file).toArray();
    Result<TensorFile> opened = TensorFile::open(tf(file));
    QVERIFY2(opened.ok(), opened.error().c_str());
    std::set<std::string> expectedNames, actualNames;
    for (const TensorInfo& t : opened->tensors()) actualNames.insert(t.name);
    QCOMPARE(actualNames.size(), opened->tensors().size());  // names are unique
    Result<NpzArchive> expected = NpzArchive::open(tf(file + ".expected.npz"));
    QVERIFY2(expected.ok(), expected.error().c_str());
    for (const QJsonValue& v : listing) {
        const QJsonObject e = v.toObject();
        const std::string name = e.value("name").toString().toStdString();
        expectedNames.insert(name);
        const TensorInfo* info = opened->find(name);
        QVERIFY2(info, ("missing tensor " + name).c_str());
        QCOMPARE(QString(dtypeName(info->dtype)), e.value("dtype").toString());
        QCOMPARE(info->shape, jsonShape(e));
        QCOMPARE(info->bytes, shapeSize(info->shape) * dtypeSize(info->dtype));
        Result<Tensor> values = opened->read(name);
        QVERIFY2(values.ok(), values.error().c_str());
        Result<Tensor> reference = expected->readFloat(name.empty() ? "__root__" : name);
        QVERIFY2(reference.ok(), reference.error().c_str());
        const QString diff = compareExact(*values, *reference);
        QVERIFY2(diff.isEmpty(), qPrintable(QString::fromStdString(name) + ": " + diff));
    }
    QCOMPARE(actualNames, expectedNames);
}

void TestTensorFiles::sharesStorages() {
    for (const char* name : {"views_zip.pt", "views_legacy.pt"}) {
        Result<TorchArchive> a = TorchArchive::open(tf(name));
        QVERIFY2(a.ok(), a.error().c_str());
        const TorchTensor* base = a->find("base");
        const TorchTensor* slice = a->find("slice");
        const TorchTensor* offsetView = a->find("offset_view");
        QVERIFY(base && slice && offsetView);
        QCOMPARE(slice->storage, base->storage);
        QCOMPARE(offsetView->offset, int64_t{13});
        QCOMPARE(slice->stride, (std::vector<int64_t>{10, 2}));
        QCOMPARE(a->isLegacy(), std::strcmp(name, "views_legacy.pt") == 0);
    }
}

void TestTensorFiles::refusesTorchScript() {
    Result<TensorFile> f = TensorFile::open(tf("torchscript.pt"));
    QVERIFY(!f.ok());
    QVERIFY2(QString::fromStdString(f.error()).contains("TorchScript"), f.error().c_str());
}

void TestTensorFiles::refusesHostile_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("word");
    const QJsonObject hostile = index().value("hostile").toObject();
    QVERIFY(hostile.size() >= 15);
    for (auto it = hostile.begin(); it != hostile.end(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key() << it.value().toString();
}

void TestTensorFiles::refusesHostile() {
    QFETCH(QString, file);
    QFETCH(QString, word);
    Result<TensorFile> f = TensorFile::open(tf("hostile/" + file));
    QVERIFY2(!f.ok(), "a hostile file was accepted");
    const QString message = QString::fromStdString(f.error());
    QVERIFY2(message.contains(word), qPrintable(message));
    QVERIFY2(message.contains(file), qPrintable(message));
}

void TestTensorFiles::survivesTruncation_data() {
    QTest::addColumn<QString>("file");
    for (const char* f :
         {"tensorfiles/small_zip.pt", "tensorfiles/small_legacy.pt",
          "tensorfiles/small.safetensors", "small.npz", "small_compressed.npz", "u16.npy"})
        QTest::newRow(f) << QString(f);
}

void TestTensorFiles::survivesTruncation() {
    QFETCH(QString, file);
    const QByteArray bytes = fileBytes(fixture(file));
    QVERIFY(bytes.size() > 50);
    QTemporaryDir dir;
    const QString name = QFileInfo(file).fileName();
    QCOMPARE(openAndReadAll(dir.path(), name, bytes), std::string());
    for (int cut = 0; cut < bytes.size(); ++cut) {
        const std::string error = openAndReadAll(dir.path(), name, bytes.left(cut));
        QVERIFY2(!error.empty(), qPrintable(QString("cut at %1 was accepted").arg(cut)));
        QVERIFY2(QString::fromStdString(error).contains(name), error.c_str());
    }
}

void TestTensorFiles::survivesBitFlips_data() {
    survivesTruncation_data();
}

void TestTensorFiles::survivesBitFlips() {
    QFETCH(QString, file);
    const QByteArray bytes = fileBytes(fixture(file));
    QTemporaryDir dir;
    const QString name = QFileInfo(file).fileName();
    int refused = 0;
    for (int pos = 0; pos < bytes.size(); ++pos) {
        for (const char mask : {'\x01', '\x80'}) {
            QByteArray flipped = bytes;
            flipped[pos] = char(flipped[pos] ^ mask);
            const std::string error = openAndReadAll(dir.path(), name, flipped);
            if (!error.empty()) {
                ++refused;
                QVERIFY2(QString::fromStdString(error).contains(name), error.c_str());
            }
        }
    }
    // Corrupt headers are noticed: at least the flips of the first bytes are refused.
    QVERIFY2(refused >= 8, qPrintable(QString("only %1 flips refused").arg(refused)));
}

void TestTensorFiles::rejectsBadSafetensors_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");
    const QByteArray one = R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})";
    QTest::newRow("valid") << makeSafetensors(one, 4) << "";
    QTest::newRow("empty file") << QByteArray() << "shorter than the 8-byte";
    QTest::newRow("huge header") << withLength(uint64_t{1} << 63, one) << "100 MB limit";
    QTest::newRow("header just over limit") << withLength(100'000'001, one) << "100 MB limit";
    QTest::newRow("header past end") << withLength(4096, one) << "runs past the end";
    QTest::newRow("invalid utf-8")
        << makeSafetensors("{\"a\xff\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                           4)
        << "UTF-8";
    QTest::newRow("overlong utf-8") << makeSafetensors("{\"\xc0\xaf\":1}", 0) << "UTF-8";
    QTest::newRow("surrogate utf-8") << makeSafetensors("{\"\xed\xa0\x80\":1}", 0) << "UTF-8";
    QTest::newRow("not json") << makeSafetensors("{not json}", 0) << "not valid JSON";
    QTest::newRow("array") << makeSafetensors("[1, 2]", 0) << "start with '{'";
    QTest::newRow("leading space") << makeSafetensors(" {}", 0) << "start with '{'";
    QTest::newRow("metadata not strings")
        << makeSafetensors(R"({"__metadata__":{"a":1}})", 0) << "__metadata__";
    QTest::newRow("unknown dtype")
        << makeSafetensors(R"({"a":{"dtype":"X9","shape":[1],"data_offsets":[0,4]}})", 4)
        << "unsupported dtype 'X9'";
    QTest::newRow("negative dim")
        << makeSafetensors(R"({"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", 4)
        << "non-negative integers";
    QTest::newRow("fractional dim")
        << makeSafetensors(R"({"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}})", 4)
        << "non-negative integers";
    QTest::newRow("absurd shape")
        << makeSafetensors(
               R"({"a":{"dtype":"F32","shape":[1099511627776,1099511627776],"data_offsets":[0,4]}})",
               4)
        << "overflows";
    QTest::newRow("size mismatch")
        << makeSafetensors(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})", 4)
        << "do not hold";
    QTest::newRow("end before begin")
        << makeSafetensors(R"({"a":{"dtype":"U8","shape":[0],"data_offsets":[4,0]}})", 4)
        << "end before";
    QTest::newRow("hole") << makeSafetensors(
                                 R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},
                                      "b":{"dtype":"U8","shape":[2],"data_offsets":[3,5]}})",
                                 5)
                          << "(hole)";
    QTest::newRow("overlap") << makeSafetensors(
                                    R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},
                                         "b":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}})",
                                    3)
                             << "(overlap)";
    QTest::newRow("not from zero")
        << makeSafetensors(R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}})", 2)
        << "(hole)";
    QTest::newRow("trailing bytes") << makeSafetensors(one, 5) << "file has";
    QTest::newRow("short data") << makeSafetensors(one, 3) << "truncated";
    QTest::newRow("missing offsets")
        << makeSafetensors(R"({"a":{"dtype":"F32","shape":[1]}})", 4) << "data_offsets";
    QTest::newRow("entry not object") << makeSafetensors(R"({"a":3})", 0) << "not an object";
}

void TestTensorFiles::rejectsBadSafetensors() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    Result<SafetensorsFile> f = SafetensorsFile::fromBytes(bytes, "t.safetensors");
    if (message.isEmpty()) {
        QVERIFY2(f.ok(), f.error().c_str());
        return;
    }
    QVERIFY2(!f.ok(), "accepted");
    QVERIFY2(QString::fromStdString(f.error()).contains(message), f.error().c_str());
    QVERIFY(QString::fromStdString(f.error()).startsWith("t.safetensors: "));
}

void TestTensorFiles::safetensorsMetadata() {
    Result<SafetensorsFile> f = SafetensorsFile::open(tf("dtypes.safetensors"));
    QVERIFY2(f.ok(), f.error().c_str());
    QCOMPARE(f->metadata().at("format"), std::string("np"));
    QCOMPARE(QString::fromStdString(f->metadata().at("note")), QString::fromUtf8("é"));
}

void TestTensorFiles::roundTrips() {
    QTemporaryDir dir;
    Tensor a = Tensor::fromVector({2, 3}, {1, -2, 3.5f, 0, 1e-3f, 7});
    Tensor b = Tensor::fromVector({4}, {0.25f, -0.5f, 8, 1e30f});
    const QString st = dir.filePath("rt.safetensors");
    QVERIFY(writeSafetensors(st, {{"a", &a}, {"b.c", &b}}, {{"k", "v"}}).ok());
    Result<TensorFile> f = TensorFile::open(st);
    QVERIFY2(f.ok(), f.error().c_str());
    QCOMPARE(f->format(), TensorFileFormat::Safetensors);
    QCOMPARE(compareExact(*f->read("a"), a), QString());
    QCOMPARE(compareExact(*f->read("b.c"), b), QString());
    QVERIFY(!writeSafetensors(st, {{"a", &a}, {"a", &b}}).ok());
    QCOMPARE(compareExact(*f->read("a"), a), QString());  // the failed write left the file

    NpzWriter npz;
    npz.add("x", a);
    npz.add("y", b);
    QVERIFY(npz.write(dir.filePath("rt.npz")).ok());
    Result<TensorFile> g = TensorFile::open(dir.filePath("rt.npz"));
    QVERIFY2(g.ok(), g.error().c_str());
    QCOMPARE(g->format(), TensorFileFormat::Npz);
    QCOMPARE(compareExact(*g->read("y"), b), QString());
    QVERIFY(!g->read("z").ok());
    QVERIFY(!g->readOnly().ok());
}

void TestTensorFiles::tensorArguments() {
    auto p = TensorArgument::parse("/x/model.pt:encoder.layers.0.weight");
    QCOMPARE(p.path, std::string("/x/model.pt"));
    QCOMPARE(p.member, std::string("encoder.layers.0.weight"));
    p = TensorArgument::parse("a.safetensors:q:0");
    QCOMPARE(p.member, std::string("q:0"));
    p = TensorArgument::parse(tf("qkv.safetensors").toStdString());
    QVERIFY(p.member.empty());
    Result<Tensor> q = loadTensorArgument(tf("qkv.pt").toStdString() + ":attn.q");
    QVERIFY2(q.ok(), q.error().c_str());
    Result<Tensor> q2 = loadTensorArgument(tf("qkv_legacy.pt").toStdString() + ":attn.0");
    QVERIFY2(q2.ok(), q2.error().c_str());
    QCOMPARE(compareExact(*q, *q2), QString());
    Result<Tensor> whole = loadTensorArgument(tf("tensor.pt").toStdString());
    QVERIFY2(whole.ok(), whole.error().c_str());
    Result<Tensor> several = loadTensorArgument(tf("qkv.safetensors").toStdString());
    QVERIFY(!several.ok());
    QVERIFY2(QString::fromStdString(several.error()).contains("name one"), several.error().c_str());
    Result<Tensor> missing = loadTensorArgument(tf("qkv.pt").toStdString() + ":attn.x");
    QVERIFY(QString::fromStdString(missing.error()).contains("attn.q"));
}

void TestTensorFiles::pickleLimits() {
    auto refuse = [](PickleMachine&, const std::string& m,
                     const std::string& n) -> Result<PickleValue*> {
        return Error{"no global " + m + "." + n};
    };
    auto noCall = [](PickleMachine&, PickleValue*, PickleValue*) -> Result<PickleValue*> {
        return Error{"no calls"};
    };
    auto noPid = [](PickleMachine&, PickleValue*) -> Result<PickleValue*> {
        return Error{"no persistent ids"};
    };
    PickleLimits limits;
    limits.maxMemo = 4;
    limits.maxStack = 8;
    limits.maxString = 16;
    PickleMachine m(refuse, noCall, noPid, limits);
    int64_t end = 0;
    auto run = [&](const QByteArray& p) { return m.run(p.constData(), p.size(), 0, &end); };
    QVERIFY(run(QByteArray("\x80\x02K\x05.", 5)).ok());
    auto expectError = [&](const QByteArray& p, const char* word) {
        Result<PickleValue*> r = run(p);
        QVERIFY2(!r.ok(), word);
        QVERIFY2(QString::fromStdString(r.error()).contains(word), r.error().c_str());
    };
    expectError(QByteArray("K\x01q\x00q\x01q\x02q\x03q\x04.", 13), "memo entries");
    expectError(QByteArray(10, 'N') + ".", "stack deeper");
    expectError(QByteArray("X\x20\x00\x00\x00", 5) + QByteArray(32, 'a') + ".", "runs past");
    expectError(QByteArray("\x8a\xff", 2), "runs past");
    expectError(QByteArray("\x80\x06.", 3), "protocol 6");
    expectError(QByteArray("\x82\x01.", 3), "EXT");
    expectError(QByteArray("N\x97.", 3), "out-of-band");
    expectError(QByteArray("NN.", 3), "STOP with 2");
    expectError(QByteArray("N", 1), "without a STOP");
    expectError(QByteArray("a.", 2), "underflow");
    expectError(QByteArray("cos\nsystem\n.", 12), "no global os.system");
    expectError(QByteArray("X\x02\x00\x00\x00osX\x06\x00\x00\x00system\x93.", 20),
                "no global os.system");
    expectError(QByteArray("X\x01\x00\x00\x00xQ.", 8), "no persistent ids");
    // A negative LONG1 and a big integer.
    Result<PickleValue*> r = run(QByteArray("\x8a\x02\x00\xff.", 5));
    QVERIFY(r.ok());
    QCOMPARE((*r)->integer, int64_t{-256});
    r = run(QByteArray("\x8a\x09\x01\x00\x00\x00\x00\x00\x00\x00\x01.", 13));
    QVERIFY(r.ok());
    QCOMPARE((*r)->kind, PickleValue::Kind::BigInt);
}

void TestTensorFiles::pickleProtocolZero() {
    auto refuse = [](PickleMachine&, const std::string&,
                     const std::string&) -> Result<PickleValue*> { return Error{"no"}; };
    auto noCall = [](PickleMachine&, PickleValue*, PickleValue*) -> Result<PickleValue*> {
        return Error{"no"};
    };
    auto noPid = [](PickleMachine&, PickleValue*) -> Result<PickleValue*> { return Error{"no"}; };
    PickleMachine m(refuse, noCall, noPid);
    // pickle.dumps({'a': [1, -2, 3.5, 'x', True], 'b': (None, 12345678901)}, protocol=0)
    const QByteArray p =
        "(dp0\nVa\np1\n(lp2\nI1\naI-2\naF3.5\naVx\np3\naI01\nasVb\np4\n(NL12345678901L\n"
        "tp5\ns.";
    int64_t end = 0;
    Result<PickleValue*> r = m.run(p.constData(), p.size(), 0, &end);
    QVERIFY2(r.ok(), r.error().c_str());
    QCOMPARE(end, int64_t(p.size()));
    const PickleValue* dict = *r;
    QCOMPARE(dict->kind, PickleValue::Kind::Dict);
    QCOMPARE(dict->entries.size(), std::size_t{2});
    const PickleValue* list = dict->entries[0].second;
    QCOMPARE(list->items.size(), std::size_t{5});
    QCOMPARE(list->items[1]->integer, int64_t{-2});
    QCOMPARE(list->items[2]->number, 3.5);
    QCOMPARE(list->items[3]->text, std::string("x"));
    QCOMPARE(list->items[4]->kind, PickleValue::Kind::Bool);
    QCOMPARE(dict->entries[1].second->items[1]->integer, int64_t{12345678901});
}

QTEST_GUILESS_MAIN(TestTensorFiles)
#include "tst_tensorfiles.moc"
