// A model in the real main window, offscreen (issue 14): open a model folder (the Gemma 2 fixture
// of scripts/make_model_fixtures.py) off the UI thread, see its real tokens on the axes and as
// chips, walk its layers without running it again, type a new text (one run, one undo step), and
// a folder that is not a model changes nothing.

#include <QGroupBox>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>
#include <chrono>

#include "app/MainWindow.h"
#include "app/ModelOpener.h"
#include "core/model/ModelCache.h"
#include "core/tokenizer/Tokenizer.h"
#include "widgets/atlas/AtlasView.h"
#include "widgets/document/SessionDocument.h"
#include "widgets/views/ViewDeck.h"

using namespace attnscope;

namespace {
QString models(const QString& name) {
    return QStringLiteral(ATTNSCOPE_TEST_DATA "/models/") + name;
}
}  // namespace

class TestModelWindow : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void opensAModelAndWalksItsLayers();
    void typingANewTextRunsItOnce();
    void aFolderThatIsNotAModelChangesNothing();
    void cancellingALoadChangesNothing();
    void theAtlasOpensTheHeadClicked();

private:
    MainWindow* m_window = nullptr;
};

void TestModelWindow::init() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName("AttnScopeTest");
    m_window = new MainWindow;
    m_window->setAskBeforeDiscarding(false);
    m_window->resize(1280, 800);
    m_window->show();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() != nullptr, 30000);
}

void TestModelWindow::cleanup() {
    delete m_window;
    m_window = nullptr;
}

void TestModelWindow::opensAModelAndWalksItsLayers() {
    ModelCache::shared().clear();
    // Through the same path as a drop or `attnscope FOLDER`.
    QVERIFY(m_window->openFile(models("gemma2")));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() &&
                                 m_window->views()->trace()->scenario.source == SourceKind::Model,
                             30000);
    TracePtr t = m_window->views()->trace();
    QCOMPARE(t->heads(), int64_t(4));
    QCOMPARE(t->kvHeads(), int64_t(2));
    QCOMPARE(t->queryTokens.front(), std::string("<bos>"));  // the real tokens, on every axis
    QCOMPARE(t->scenario.mask, std::string("causal & window(6)"));
    QCOMPARE(m_window->document()->scenario().mapsLayers, int64_t(4));

    auto* group = m_window->findChild<QGroupBox*>("modelGroup");
    QVERIFY(group && group->isVisible());
    QVERIFY(m_window->findChild<QLabel*>("modelSummary")->text().contains("gemma2 · 4 layers"));
    QTRY_VERIFY(m_window->findChild<QLabel*>("tokenCount")
                    ->text()
                    .contains(QString("%1 tokens of the model's 512").arg(t->qLen())));
    const QString chips = m_window->findChild<QLabel*>("tokenChips")->text();
    QCOMPARE(chips.count("<a href="), int(t->qLen()));

    // Layers: PgDn / the layer spin box; the captured Q/K/V are traced again, the model does not
    // run again.
    const int runs = ModelCache::shared().runs();
    for (int layer = 1; layer < 4; ++layer) {
        const auto start = std::chrono::steady_clock::now();
        m_window->stepLayer(+1);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace()->scenario.layer == layer, 30000);
        qInfo("layer %d shown after %.1f ms", layer,
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                  .count());
        QCOMPARE(m_window->views()->trace()->scenario.mask,
                 std::string(layer % 2 ? "causal" : "causal & window(6)"));
    }
    m_window->stepLayer(+1);  // past the last layer: nothing
    QCOMPARE(m_window->document()->scenario().layer, 3);
    QCOMPARE(m_window->findChild<QSpinBox*>("layerSpin")->maximum(), 3);
    QCOMPARE(ModelCache::shared().runs(), runs);
}

void TestModelWindow::typingANewTextRunsItOnce() {
    QVERIFY(m_window->openFile(models("llama")));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() &&
                                 m_window->views()->trace()->scenario.source == SourceKind::Model,
                             30000);
    const int runs = ModelCache::shared().runs();
    const Scenario before = m_window->document()->scenario();
    auto* text = m_window->findChild<QPlainTextEdit*>("modelText");
    QVERIFY(text);
    // Typing: chips follow every keystroke; the model runs once, after the pause.
    for (const char* typed : {"注", "注意", "注意力 is all", "注意力 is all you need"}) {
        text->setPlainText(QString::fromUtf8(typed));
        QTest::qWait(50);
    }
    const ModelPtr model = ModelCache::shared().loaded(before.modelPath);
    QVERIFY(model && model->tokenizer());
    const size_t tokens = model->tokenizer()->encode("注意力 is all you need").ids.size();
    QCOMPARE(size_t(m_window->findChild<QLabel*>("tokenChips")->text().count("<a href=")), tokens);
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->views()->trace()->scenario.modelText == "注意力 is all you need", 30000);
    QCOMPARE(ModelCache::shared().runs(), runs + 1);
    QCOMPARE(m_window->views()->trace()->queryTokens.front(), std::string("<|begin_of_text|>"));
    // One undo step brings the text (and its tokens) back.
    m_window->document()->undoStack()->undo();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->views()->trace()->scenario.modelText, before.modelText,
                              30000);
    QCOMPARE(text->toPlainText().toStdString(), before.modelText);
}

void TestModelWindow::aFolderThatIsNotAModelChangesNothing() {
    const Scenario before = m_window->document()->scenario();
    QSignalSpy failed(m_window->modelOpener(), &ModelOpener::failed);
    m_window->modelOpener()->open(models("unknown_arch"));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
    QVERIFY(failed.first().first().toString().contains("unsupported architecture 'mamba'"));
    QTRY_VERIFY(m_window->findChild<QMessageBox*>("openModelFailedBox") != nullptr);
    QVERIFY(m_window->document()->scenario() == before);
    QVERIFY(!ModelOpener::isModel(QStringLiteral(ATTNSCOPE_TEST_DATA "/golden")));
}

void TestModelWindow::cancellingALoadChangesNothing() {
    ModelCache::shared().clear();
    const Scenario before = m_window->document()->scenario();
    QSignalSpy opened(m_window->modelOpener(), &ModelOpener::opened);
    QSignalSpy cancelled(m_window->modelOpener(), &ModelOpener::cancelled);
    m_window->modelOpener()->open(models("gemma2"));
    QVERIFY(m_window->modelOpener()->isLoading());
    auto* cancel = m_window->findChild<QAction*>("cancelAction");
    QVERIFY(cancel);
    cancel->trigger();  // what Escape or the status bar's Cancel does
    QCOMPARE(cancelled.count(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->modelOpener()->isLoading(), 30000);
    QTest::qWait(50);
    QCOMPARE(opened.count(), 0);
    QVERIFY(m_window->document()->scenario() == before);
    // The cancelled model was not kept: the cache holds nothing new.
    QVERIFY(
        !ModelCache::shared().loaded(QFileInfo(models("gemma2")).absoluteFilePath().toStdString()));
}

void TestModelWindow::theAtlasOpensTheHeadClicked() {
    // Gemma 2: 4 layers × 4 heads, alternating sliding and global layers, each under its own mask.
    QVERIFY(m_window->openFile(models("gemma2")));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->views()->trace() &&
                                 m_window->views()->trace()->scenario.source == SourceKind::Model,
                             30000);
    AtlasView* atlas = nullptr;
    for (FigureView* v : m_window->views()->views())
        if (auto* a = qobject_cast<AtlasView*>(v)) atlas = a;
    QVERIFY(atlas);
    const int runs = ModelCache::shared().runs();
    m_window->views()->setCurrentWidget(atlas);
    QTRY_VERIFY_WITH_TIMEOUT(atlas->atlas() && atlas->atlas()->layers == 4, 30000);
    QCOMPARE(atlas->atlas()->heads, int64_t(4));
    QCOMPARE(int(atlas->cells().size()), 16);
    // Each layer under its own mask: the windowed layers' maps are empty beyond the window
    // (far below the diagonal), the global ones are not.
    const auto& cell0 = atlas->atlas()->at(0, 0);
    const auto& cell1 = atlas->atlas()->at(1, 0);
    const int64_t n = cell0.map.dim(0);
    QVERIFY(n >= 8);
    QCOMPARE(cell0.map[(n - 1) * n + 0], 0.0f);  // last queries, first keys: outside window(6)
    QVERIFY(cell1.map[(n - 1) * n + 0] > 0.0f);
    atlas->activate(2, 3);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->views()->trace()->scenario.layer, 2, 30000);
    QCOMPARE(m_window->document()->options().head, 3);
    QVERIFY(m_window->views()->currentView()->figureName().endsWith("_2d_heatmap"));
    QCOMPARE(ModelCache::shared().runs(), runs);  // the atlas and the layer never run the model
    // One undo step back to layer 0, head 0.
    m_window->document()->undoStack()->undo();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->views()->trace()->scenario.layer, 0, 30000);
    QCOMPARE(m_window->document()->options().head, 0);
}

QTEST_MAIN(TestModelWindow)
#include "tst_modelwindow.moc"
