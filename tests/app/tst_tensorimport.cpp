// Opening tensor files in the real main window (offscreen): the SPEC §8 frame-attention file goes
// straight to the heads and sinks views, the layer selector follows a layer axis, Q/K/V become a
// scenario the engine computes, and a broken file changes nothing already shown.

#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QtTest>
#include <functional>

#include "TestSupport.h"
#include "app/MainWindow.h"
#include "app/TensorImporter.h"
#include "core/io/TensorFile.h"
#include "widgets/document/SessionDocument.h"
#include "widgets/io/TensorImportDialog.h"
#include "widgets/sinks/SinkGridView.h"
#include "widgets/views/FigureView.h"
#include "widgets/views/ViewDeck.h"

using namespace attnscope;
using namespace attnscope::test;

class TestTensorImport : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void framesFileOpensIntoHeadsAndSinks();
    void layerSelector();
    void mapsAreASourceKind();
    void qkvBecomesScenario();
    void brokenFileKeepsSession();
    void askingForRoles();

private:
    MainWindow* m_window = nullptr;
};

void TestTensorImport::init() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName("AttnScopeTest");
    m_window = new MainWindow;
    m_window->resize(1400, 900);
    m_window->show();
    m_window->importer()->setInteractive(false);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() != nullptr, 30000);
}

void TestTensorImport::cleanup() {
    delete m_window;
    m_window = nullptr;
}

void TestTensorImport::framesFileOpensIntoHeadsAndSinks() {
    const QString path = fixture("tensorfiles/frames.safetensors");
    QVERIFY(m_window->openFile(path));
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->views()->trace()->scenario.source == SourceKind::AttentionMaps, 30000);
    const TracePtr t = m_window->views()->trace();
    QCOMPARE(t->heads(), int64_t{12});
    QCOMPARE(t->kvLen(), int64_t{19});
    auto* sinks = m_window->findChild<SinkGridView*>();
    QVERIFY(sinks);
    sinks->setTrace(t);  // hidden tabs draw when shown; draw it now
    QVERIFY(sinks->importedVectors());
    const Tensor vectors = *TensorFile::open(path)->read("last_block_frame_attention");
    const std::vector<double> bars = sinks->barValues(3);
    QCOMPARE(bars.size(), std::size_t{19});
    for (int k = 0; k < 19; ++k) QCOMPARE(float(bars[k]), vectors.at({3, k}));
    QVERIFY(!m_window->importer()->layerSelector()->isVisible());
    // Every view (Q/K/V of the imported trace are zeros of width 1) draws it without trouble.
    for (FigureView* view : m_window->views()->views()) {
        view->setTrace(t);
        QVERIFY(!view->figureName().isEmpty());
    }
}

void TestTensorImport::layerSelector() {
    QVERIFY(m_window->openFile(fixture("tensorfiles/layers.safetensors")));
    QVERIFY(m_window->importer()->layerSelector()->isVisible());
    QCOMPARE(m_window->document()->options().valueKind, ValueKind::Probabilities);
    auto* spin = m_window->findChild<QSpinBox*>("importLayer");
    QVERIFY(spin);
    QCOMPARE(spin->maximum(), 2);
    spin->setValue(2);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->views()->trace()->scenario.layer, 2, 30000);
    const Tensor maps =
        *TensorFile::open(fixture("tensorfiles/layers.safetensors"))->read("attentions");
    QCOMPARE(m_window->views()->trace()->steps.probs[0], maps[2 * 50]);
}

void TestTensorImport::mapsAreASourceKind() {
    // Opening maps is an undoable edit, the layer too; a session saves and reopens them.
    SessionDocument* doc = m_window->document();
    const Scenario before = doc->scenario();
    const QString path = fixture("tensorfiles/layers.safetensors");
    QVERIFY(m_window->openFile(path));
    QVERIFY(doc->scenario().source == SourceKind::AttentionMaps);
    QCOMPARE(QString::fromStdString(doc->scenario().mapsPath), path + ":attentions");
    QCOMPARE(doc->scenario().mapsLayers, int64_t{3});
    // The Scenario dock shows the maps' shapes, and what the file decides cannot be edited: a
    // seed edit cannot throw the maps away.
    const Tensor fileMaps = *TensorFile::open(path)->read("attentions");  // [layers, H, L, L]
    auto* heads = m_window->findChild<QSpinBox*>("headsSpin");
    auto* qLen = m_window->findChild<QSpinBox*>("qLenSpin");
    auto* seed = m_window->findChild<QSpinBox*>("seedSpin");
    QCOMPARE(int64_t(heads->value()), fileMaps.dim(1));
    QCOMPARE(int64_t(qLen->value()), fileMaps.dim(2));
    QVERIFY(!seed->isEnabled() && !heads->isEnabled() && !qLen->isEnabled());
    QVERIFY(m_window->findChild<QLabel*>("sourceNote")->text().contains("layers.safetensors"));
    doc->undoStack()->undo();  // the maps go, the previous scenario and its editable fields return
    QCOMPARE(doc->scenario().toJson(), before.toJson());
    QVERIFY(seed->isEnabled());
    QCOMPARE(int64_t(heads->value()), before.heads);
    doc->undoStack()->redo();  // and come back
    QVERIFY(doc->scenario().source == SourceKind::AttentionMaps);
    QCOMPARE(int64_t(heads->value()), fileMaps.dim(1));
    m_window->findChild<QSpinBox*>("importLayer")->setValue(1);
    QCOMPARE(doc->scenario().layer, 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->views()->trace()->scenario.layer, 1, 30000);
    QCOMPARE(m_window->views()->trace()->backend, std::string("import"));  // nothing computed

    QTemporaryDir dir;
    const QString session = dir.filePath("maps.attnscope.json");
    QVERIFY(doc->save(session).ok());
    doc->undoStack()->undo();  // the layer
    QCOMPARE(doc->scenario().layer, 0);
    doc->undoStack()->undo();  // the maps
    QCOMPARE(doc->scenario().toJson(), before.toJson());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace()->scenario.source == before.source, 30000);
    QVERIFY(!m_window->importer()->layerSelector()->isVisible());

    // Undone edits are unsaved changes: opening the session asks first; Discard goes on.
    QVERIFY(doc->isModified());
    QVERIFY(m_window->isWindowModified());
    bool asked = false;
    QTimer::singleShot(0, this, [&] {
        auto* box = m_window->findChild<QMessageBox*>("unsavedChangesBox");
        asked = box != nullptr;
        if (box) box->button(QMessageBox::Discard)->click();
    });
    QVERIFY(m_window->openFile(session));
    QVERIFY(asked);
    QVERIFY(!m_window->isWindowModified());
    QVERIFY(doc->scenario().source == SourceKind::AttentionMaps);
    QCOMPARE(doc->scenario().layer, 1);
    QVERIFY(m_window->importer()->layerSelector()->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->views()->trace()->scenario.layer, 1, 30000);
    const Tensor maps = *TensorFile::open(path)->read("attentions");
    QCOMPARE(m_window->views()->trace()->steps.probs[0], maps[1 * 50]);
}

void TestTensorImport::qkvBecomesScenario() {
    const QString path = fixture("tensorfiles/qkv.safetensors");
    QSignalSpy spy(&m_window->engine(), &Engine::traceReady);
    QVERIFY(m_window->openFile(path));
    const Scenario& s = m_window->document()->scenario();
    QVERIFY(s.source == SourceKind::Tensors);
    QCOMPARE(QString::fromStdString(s.qPath), path + ":q");
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace()->scenario.qPath == s.qPath, 30000);
    QCOMPARE(m_window->views()->trace()->heads(), int64_t{2});
}

void TestTensorImport::brokenFileKeepsSession() {
    const TracePtr before = m_window->views()->trace();
    const Scenario scenario = m_window->document()->scenario();
    QSignalSpy failed(m_window->importer(), &TensorImporter::failed);
    for (const char* name :
         {"hostile/zip_os_system.pt", "torchscript.pt", "hostile/legacy_builtins_eval.pt"}) {
        QVERIFY(!m_window->openFile(fixture(QString("tensorfiles/") + name)));
        QCOMPARE(m_window->views()->trace(), before);
        QCOMPARE(m_window->document()->scenario().toJson(), scenario.toJson());
    }
    QCOMPARE(failed.count(), 3);
    QVERIFY(failed.first().at(0).toString().contains("os.system"));
}

void TestTensorImport::askingForRoles() {
    // A file whose roles are not obvious opens the mapping dialog when interactive: cancelling it
    // changes nothing; choosing Q, K and V computes from them.
    m_window->importer()->setInteractive(true);
    const QString path = fixture("tensorfiles/qkv.safetensors");
    const Scenario before = m_window->document()->scenario();
    auto answerDialog = [](std::function<void(TensorImportDialog*)> answer) {
        auto* poll = new QTimer;
        QObject::connect(poll, &QTimer::timeout, poll, [poll, answer] {
            if (auto* d = qobject_cast<TensorImportDialog*>(QApplication::activeModalWidget())) {
                poll->stop();
                poll->deleteLater();
                answer(d);
            }
        });
        poll->start(20);
    };
    bool asked = false;
    answerDialog([&](TensorImportDialog* d) {
        asked = true;
        d->reject();
    });
    QVERIFY(!m_window->openFile(path));
    QVERIFY(asked);
    QCOMPARE(m_window->document()->scenario().toJson(), before.toJson());

    asked = false;
    answerDialog([&](TensorImportDialog* d) {
        asked = true;
        TensorRoles r;
        r.use = TensorRoles::Use::Qkv;
        r.q = "k", r.k = "q", r.v = "v";  // not the suggestion: the choice must be the one used
        d->setRoles(r);
        d->accept();
    });
    QVERIFY(m_window->openFile(path));
    QVERIFY(asked);
    QCOMPARE(QString::fromStdString(m_window->document()->scenario().qPath), path + ":k");
    QCOMPARE(QString::fromStdString(m_window->document()->scenario().kPath), path + ":q");
    m_window->importer()->setInteractive(false);
}

QTEST_MAIN(TestTensorImport)
#include "tst_tensorimport.moc"
