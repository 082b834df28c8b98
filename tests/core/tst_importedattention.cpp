// ImportedAttention and TensorRoles: attention maps read from files written by safetensors /
// PyTorch (scripts/make_tensorfile_fixtures.py) become traces the views can show — values kept,
// probabilities of logits maps equal to NumPy's softmax, layer and batch axes, vectors.

#include <QtTest>

#include "TestSupport.h"
#include "core/engine/ImportedAttention.h"
#include "core/io/NpyFormat.h"
#include "core/io/TensorFile.h"
#include "core/io/TensorRoles.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {
TensorFile openOrFail(const QString& name) {
    Result<TensorFile> f = TensorFile::open(tf(name));
    if (!f) qFatal("%s", f.error().c_str());
    return std::move(f).value();
}
/// Elements [first, first + n) of `a` as a [n] tensor.
Tensor range(const Tensor& a, int64_t first, int64_t n) {
    Tensor out({n});
    std::copy(a.data() + first, a.data() + first + n, out.data());
    return out;
}
Tensor flat(const Tensor& a) {
    return range(a, 0, a.size());
}
}  // namespace

class TestImportedAttention : public QObject {
    Q_OBJECT
private slots:
    void framesFileOpensStraightIntoMaps();
    void layerAxisAndTokens();
    void batchAxis();
    void rolesSuggested();
    void badShapesRefused();
};

void TestImportedAttention::framesFileOpensStraightIntoMaps() {
    const TensorFile file = openOrFail("frames.safetensors");
    const auto roles = TensorRoles::obvious(file);
    QVERIFY(roles);
    QCOMPARE(roles->maps, std::string("full_frame_attention"));
    QCOMPARE(roles->vectors, std::string("last_block_frame_attention"));
    QVERIFY(roles->check(file).ok());
    Tensor maps = *file.read(roles->maps), vectors = *file.read(roles->vectors);
    auto imported = ImportedAttention::create(maps, MapKind::Logits, vectors, "frames", true);
    QVERIFY2(imported.ok(), imported.error().c_str());
    QCOMPARE(imported->layers(), int64_t{1});
    Result<TracePtr> trace = imported->trace(0);
    QVERIFY2(trace.ok(), trace.error().c_str());
    const Trace& t = **trace;
    QCOMPARE(t.heads(), int64_t{12});
    QCOMPARE(t.qLen(), int64_t{19});
    QCOMPARE(t.kvLen(), int64_t{19});
    QVERIFY(t.scenario.mapsFrames);  // positions are frames: the views label them so
    QCOMPARE(compareArrays(flat(t.steps.scores), flat(maps), 0, 0), QString());
    QCOMPARE(compareArrays(flat(t.steps.maskedScores), flat(maps), 0, 0), QString());
    QCOMPARE(compareArrays(flat(t.queryVectors), flat(vectors), 0, 0), QString());
    Result<Tensor> softmax = readNpy(tf("frames_softmax.npy"));
    QVERIFY(softmax.ok());
    QCOMPARE(compareArrays(flat(t.steps.probs), flat(*softmax), 1e-5, 1e-6), QString());
    QVERIFY(!imported->trace(1).ok());
}

void TestImportedAttention::layerAxisAndTokens() {
    const TensorFile file = openOrFail("layers.safetensors");
    QVERIFY(!TensorRoles::obvious(file));
    const TensorRoles roles = TensorRoles::suggest(file);
    QCOMPARE(roles.use, TensorRoles::Use::Maps);
    QCOMPARE(roles.maps, std::string("attentions"));
    QCOMPARE(roles.kind, MapKind::Probabilities);
    const Tensor maps = *file.read("attentions");  // [3, 2, 5, 5]
    auto imported = ImportedAttention::create(maps, roles.kind, {}, "layers", false);
    QVERIFY2(imported.ok(), imported.error().c_str());
    imported->setTokens({"a", "b", "c", "d", "e"});
    QCOMPARE(imported->layers(), int64_t{3});
    for (int64_t layer = 0; layer < 3; ++layer) {
        const TracePtr t = *imported->trace(layer);
        QCOMPARE(t->scenario.layer, int(layer));
        QCOMPARE(compareArrays(flat(t->steps.probs), range(maps, layer * 50, 50), 0, 0), QString());
        QCOMPARE(t->scenario.keyTokens.size(), std::size_t{5});
        QCOMPARE(t->scenario.queryTokens.size(), std::size_t{5});
        QVERIFY(t->queryVectors.empty());
    }
}

void TestImportedAttention::batchAxis() {
    const TensorFile file = openOrFail("batched_attn.pt");
    const TensorRoles roles = TensorRoles::suggest(file);
    QCOMPARE(roles.maps, std::string("attn_probs"));
    QCOMPARE(roles.kind, MapKind::Probabilities);
    const Tensor maps = *file.read("attn_probs");  // [2, 3, 2, 4, 6]
    auto imported = ImportedAttention::create(maps, roles.kind, {}, "b", false, 1);
    QVERIFY2(imported.ok(), imported.error().c_str());
    QCOMPARE(imported->layers(), int64_t{3});
    const TracePtr t = *imported->trace(2);
    QCOMPARE(t->qLen(), int64_t{4});
    QCOMPARE(t->kvLen(), int64_t{6});
    const int64_t perLayer = 2 * 4 * 6;
    QCOMPARE(compareArrays(flat(t->steps.probs), range(maps, (3 + 2) * perLayer, perLayer), 0, 0),
             QString());
    QVERIFY(!ImportedAttention::create(maps, roles.kind, {}, "b", false, 2).ok());
}

void TestImportedAttention::rolesSuggested() {
    TensorRoles r = TensorRoles::suggest(openOrFail("qkv.safetensors"));
    QCOMPARE(r.use, TensorRoles::Use::Qkv);
    QCOMPARE(r.q + r.k + r.v, std::string("qkv"));
    r = TensorRoles::suggest(openOrFail("qkv.pt"));
    QCOMPARE(r.use, TensorRoles::Use::Qkv);
    QCOMPARE(r.q, std::string("attn.q"));
    const TensorFile encoder = openOrFail("encoder_layer.pt");
    TensorRoles bad;
    bad.maps = "self_attn.in_proj_weight";  // [48, 16]: not a map
    QVERIFY(QString::fromStdString(bad.check(encoder).error()).contains("2 axes"));
    bad.maps = "nope";
    QVERIFY(QString::fromStdString(bad.check(encoder).error()).contains("choose a tensor"));
}

void TestImportedAttention::badShapesRefused() {
    QVERIFY(!ImportedAttention::create(Tensor({4, 4}), MapKind::Logits, {}, "x", false).ok());
    QVERIFY(
        !ImportedAttention::create(Tensor({2, 3, 3}), MapKind::Logits, Tensor({3, 3}), "x", false)
             .ok());
    QVERIFY(!ImportedAttention::create({}, MapKind::Logits, {}, "x", false).ok());
    auto vectorsOnly =
        ImportedAttention::create({}, MapKind::Logits, Tensor({2, 7}, 0.5f), "x", false);
    QVERIFY2(vectorsOnly.ok(), vectorsOnly.error().c_str());
    QCOMPARE((*vectorsOnly->trace(0))->qLen(), int64_t{1});
    QCOMPARE((*vectorsOnly->trace(0))->kvLen(), int64_t{7});
}

QTEST_GUILESS_MAIN(TestImportedAttention)
#include "tst_importedattention.moc"
