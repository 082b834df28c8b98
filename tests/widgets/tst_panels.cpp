// The dock panels edit the SessionDocument both ways: controls → undoable scenario edits / view
// options, document changes (reset, undo) → controls without echoing edits back.

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QUndoStack>
#include <QtTest>

#include "TestSupport.h"
#include "core/presets/Presets.h"
#include "widgets/document/SessionDocument.h"
#include "widgets/panels/DisplayPanel.h"
#include "widgets/panels/MaskPanel.h"
#include "core/model/ModelCache.h"
#include "widgets/panels/ScenarioPanel.h"

using namespace attnscope;

Q_DECLARE_METATYPE(attnscope::Scenario)
Q_DECLARE_METATYPE(attnscope::ViewOptions)

namespace {

Scenario lastScenario(const QSignalSpy& spy) {
    return spy.last().at(0).value<attnscope::Scenario>();
}
ViewOptions lastOptions(const QSignalSpy& spy) {
    return spy.last().at(0).value<attnscope::ViewOptions>();
}
template <class T>
T* child(QWidget& panel, const char* name) {
    T* w = panel.findChild<T*>(name);
    if (!w) qFatal("no child %s", name);
    return w;
}

}  // namespace

class TestPanels : public QObject {
    Q_OBJECT
private slots:
    void init();
    void everyControlHasNameAndTooltip();
    void scenarioControlsReachDocument();
    void scenarioFollowsDocument();
    void spinBoxDragIsOneUndoStep();
    void invalidHeadsArePushedNot();
    void keyLengthFollowsQueryLength();
    void sinkHeads();
    void aSessionsModelShowsItsTokensOnceLoaded();
    void autoScale();
    void invalidMaskPushesNothing();
    void longMaskErrorWrapsWithinThePanel();
    void validMaskPushes();
    void maskFollowsUndoAndMarksShapeErrors();
    void atomButtonsInsertAtCursor();
    void presetCombo();
    void displayControlsReachDocument();
    void displayFollowsDocument();
    void valueKindSwitchesColormap();
    void querySelection_data();
    void querySelection();

private:
    Scenario m_base;
    std::unique_ptr<SessionDocument> m_doc;
};

void TestPanels::init() {
    qRegisterMetaType<attnscope::Scenario>();
    qRegisterMetaType<attnscope::ViewOptions>();
    m_base = *presetScenario("decoder-masked-self");
    QCOMPARE(m_base.mask, std::string("causal"));
    m_doc = std::make_unique<SessionDocument>();
    m_doc->reset(m_base);
}

void TestPanels::everyControlHasNameAndTooltip() {
    ScenarioPanel sp(m_doc.get());
    MaskPanel mp(m_doc.get());
    DisplayPanel dp(m_doc.get());
    int controls = 0;
    for (QWidget* panel :
         {static_cast<QWidget*>(&sp), static_cast<QWidget*>(&mp), static_cast<QWidget*>(&dp)})
        for (QWidget* w : panel->findChildren<QWidget*>()) {
            const bool control = qobject_cast<QAbstractSpinBox*>(w) ||
                                 qobject_cast<QComboBox*>(w) || qobject_cast<QAbstractButton*>(w) ||
                                 (qobject_cast<QLineEdit*>(w) &&
                                  !qobject_cast<QAbstractSpinBox*>(w->parentWidget()) &&
                                  !qobject_cast<QComboBox*>(w->parentWidget()));
            if (!control) continue;
            ++controls;
            QVERIFY2(!w->objectName().isEmpty(), w->metaObject()->className());
            QVERIFY2(!w->toolTip().isEmpty(), qPrintable(w->objectName()));
        }
    // Scenario 16 (frames moved to the Display dock), mask 18, display 16 (sampled display).
    QCOMPARE(controls, 16 + 18 + 16);
}

void TestPanels::scenarioControlsReachDocument() {
    ScenarioPanel panel(m_doc.get());
    QSignalSpy spy(m_doc.get(), &SessionDocument::scenarioChanged);

    child<QSpinBox>(panel, "headsSpin")->setValue(8);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(lastScenario(spy).heads, 8);
    QCOMPARE(m_doc->scenario().heads, 8);

    child<QComboBox>(panel, "patternCombo")->setCurrentIndex(3);
    QVERIFY(lastScenario(spy).pattern == PatternKind::Translation);
    child<QSpinBox>(panel, "seedSpin")->setValue(1234);
    QCOMPARE(lastScenario(spy).seed, uint64_t(1234));
    child<QSpinBox>(panel, "dHeadSpin")->setValue(32);
    QCOMPARE(lastScenario(spy).dHead, 32);
    child<QSpinBox>(panel, "qOffsetSpin")->setValue(5);
    QCOMPARE(lastScenario(spy).qOffset, 5);
    child<QSpinBox>(panel, "layerSpin")->setValue(3);
    QCOMPARE(lastScenario(spy).layer, 3);
    QCOMPARE(spy.count(), 6);
    // Everything else is what it was.
    Scenario expected = m_base;
    expected.heads = 8;
    expected.pattern = PatternKind::Translation;
    expected.seed = 1234;
    expected.dHead = 32;
    expected.qOffset = 5;
    expected.layer = 3;
    QCOMPARE(m_doc->scenario() == expected, true);
    QVERIFY(panel.errorText().isEmpty());
}

void TestPanels::scenarioFollowsDocument() {
    ScenarioPanel panel(m_doc.get());
    QSignalSpy spy(m_doc.get(), &SessionDocument::scenarioChanged);
    Scenario other = *presetScenario("decoder-cross");
    m_doc->reset(other);
    QCOMPARE(spy.count(), 1);  // the reset only: the panel echoes nothing back
    QCOMPARE(child<QSpinBox>(panel, "qLenSpin")->value(), int(other.qLen));
    QCOMPARE(child<QSpinBox>(panel, "kvLenSpin")->value(), int(other.kvLen));
    QCOMPARE(child<QCheckBox>(panel, "crossAttentionCheck")->isChecked(), other.crossAttention);
    QCOMPARE(child<QSpinBox>(panel, "kvLenSpin")->isEnabled(), other.crossAttention);
    QCOMPARE(child<QSpinBox>(panel, "headsSpin")->value(), int(other.heads));
    QCOMPARE(m_doc->undoStack()->count(), 0);

    child<QSpinBox>(panel, "batchSpin")->setValue(3);
    QCOMPARE(m_doc->scenario().batch, 3);
    spy.clear();
    m_doc->undoStack()->undo();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(child<QSpinBox>(panel, "batchSpin")->value(), int(other.batch));
    QCOMPARE(m_doc->undoStack()->count(), 1);  // undo pushed no new edit
    QCOMPARE(m_doc->undoStack()->index(), 0);
}

void TestPanels::spinBoxDragIsOneUndoStep() {
    ScenarioPanel panel(m_doc.get());
    auto* spin = child<QSpinBox>(panel, "qLenSpin");
    const int start = spin->value();
    for (int i = 1; i <= 5; ++i) spin->setValue(start + i);
    QCOMPARE(m_doc->scenario().qLen, start + 5);
    QCOMPARE(m_doc->undoStack()->count(), 1);
    // Another control is another step.
    child<QSpinBox>(panel, "dModelSpin")->setValue(128);
    QCOMPARE(m_doc->undoStack()->count(), 2);
    m_doc->undoStack()->undo();
    m_doc->undoStack()->undo();
    QCOMPARE(m_doc->scenario() == m_base, true);
    QCOMPARE(spin->value(), start);
}

void TestPanels::invalidHeadsArePushedNot() {
    ScenarioPanel panel(m_doc.get());
    child<QSpinBox>(panel, "headsSpin")->setValue(4);
    child<QSpinBox>(panel, "kvHeadsSpin")->setValue(4);
    const Scenario valid = m_doc->scenario();
    QSignalSpy spy(m_doc.get(), &SessionDocument::scenarioChanged);
    child<QSpinBox>(panel, "headsSpin")->setValue(6);
    QCOMPARE(spy.count(), 0);
    QCOMPARE(m_doc->scenario() == valid, true);
    auto* error = child<QLabel>(panel, "scenarioError");
    QVERIFY2(error->text().contains("multiple of kv heads"), qPrintable(error->text()));
    QVERIFY(!error->isHidden());
    QCOMPARE(panel.draft().heads, 6);
    // Fixing the other field pushes both.
    child<QSpinBox>(panel, "kvHeadsSpin")->setValue(3);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(m_doc->scenario().heads, 6);
    QCOMPARE(m_doc->scenario().kvHeads, 3);
    QVERIFY(error->isHidden());
}

void TestPanels::keyLengthFollowsQueryLength() {
    ScenarioPanel panel(m_doc.get());
    auto* kv = child<QSpinBox>(panel, "kvLenSpin");
    QVERIFY(!m_doc->scenario().crossAttention);
    QVERIFY(!kv->isEnabled());
    child<QSpinBox>(panel, "qLenSpin")->setValue(int(m_base.qLen) + 7);
    QCOMPARE(m_doc->scenario().kvLen, m_base.qLen + 7);
    QCOMPARE(kv->value(), int(m_base.qLen) + 7);
    child<QCheckBox>(panel, "crossAttentionCheck")->setChecked(true);
    QVERIFY(kv->isEnabled());
    kv->setValue(7);
    QCOMPARE(m_doc->scenario().kvLen, 7);
    QCOMPARE(m_doc->scenario().qLen, m_base.qLen + 7);
    child<QCheckBox>(panel, "crossAttentionCheck")->setChecked(false);
    QCOMPARE(m_doc->scenario().kvLen, m_base.qLen + 7);
    QVERIFY(!kv->isEnabled());
}

void TestPanels::aSessionsModelShowsItsTokensOnceLoaded() {
    // A session opened at start names its model, which its first computation loads: the panel
    // then shows the model's summary and the text's tokens, and the note on the source has its
    // height (a word-wrapped label in a form row was laid out to nothing before the window showed).
    Scenario s;
    s.source = SourceKind::Model;
    s.modelPath = test::dataPath("models/llama").toStdString();
    s.modelText = "Attention sinks hold the first token.";
    ModelCache::shared().clear();
    m_doc->reset(s);
    ScenarioPanel panel(m_doc.get());
    auto* count = child<QLabel>(panel, "tokenCount");
    QVERIFY(count->text().contains("once the model is loaded"));
    QVERIFY(child<QLabel>(panel, "modelSummary")->text().isEmpty());
    panel.resize(380, 900);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto* note = child<QLabel>(panel, "sourceNote");
    QVERIFY(note->text().contains("Set by the model"));
    QVERIFY(note->height() >= note->fontMetrics().height());
    QVERIFY(ModelCache::shared().get(s.modelPath, s.modelText, {}, 1));  // a computation ran it
    panel.modelLoaded();
    QVERIFY2(count->text().contains("tokens of the model"), qPrintable(count->text()));
    QVERIFY(child<QLabel>(panel, "modelSummary")->text().contains("llama"));
    QVERIFY(!child<QLabel>(panel, "tokenChips")->text().isEmpty());
}

void TestPanels::sinkHeads() {
    ScenarioPanel panel(m_doc.get());
    child<QSpinBox>(panel, "headsSpin")->setValue(8);
    auto* edit = child<QLineEdit>(panel, "sinkHeadsEdit");
    edit->clear();
    QTest::keyClicks(edit, "0, 4, 6");
    QCOMPARE(m_doc->scenario().sinkHeads, (std::vector<int>{0, 4, 6}));
    QCOMPARE(edit->text(), QString("0, 4, 6"));
    QTest::keyClicks(edit, "x");
    QCOMPARE(m_doc->scenario().sinkHeads, (std::vector<int>{0, 4, 6}));
    QVERIFY(!panel.errorText().isEmpty());
    edit->clear();
    QTest::keyClicks(edit, "9");  // heads is 8
    QCOMPARE(m_doc->scenario().sinkHeads, (std::vector<int>{0, 4, 6}));
    QVERIFY2(panel.errorText().contains("sink head 9"), qPrintable(panel.errorText()));
}

void TestPanels::autoScale() {
    ScenarioPanel panel(m_doc.get());
    auto* check = child<QCheckBox>(panel, "autoScaleCheck");
    auto* spin = child<QDoubleSpinBox>(panel, "scaleSpin");
    QVERIFY(check->isChecked());
    QVERIFY(!spin->isEnabled());
    QCOMPARE(spin->value(), std::round(10000.0 / std::sqrt(double(m_base.dHead))) / 10000.0);
    check->setChecked(false);
    QVERIFY(spin->isEnabled());
    spin->setValue(0.5);
    QVERIFY(m_doc->scenario().scale.has_value());
    QCOMPARE(*m_doc->scenario().scale, 0.5);
    check->setChecked(true);
    QVERIFY(!m_doc->scenario().scale.has_value());
}

void TestPanels::invalidMaskPushesNothing() {
    MaskPanel panel(m_doc.get());
    QSignalSpy spy(m_doc.get(), &SessionDocument::scenarioChanged);
    auto* edit = child<QLineEdit>(panel, "maskEdit");
    edit->setText("causal & (window(3)");
    QCOMPARE(spy.count(), 0);
    QCOMPARE(m_doc->scenario().mask, m_base.mask);
    QVERIFY(!panel.isValid());
    QVERIFY2(panel.statusText().contains("column"), qPrintable(panel.statusText()));
    QVERIFY(panel.errorRange().second > 0);
    QVERIFY(panel.errorRange().first < edit->text().size());
    // An unknown atom is marked where it stands.
    edit->setText("causal & windw(3)");
    QCOMPARE(spy.count(), 0);
    QCOMPARE(panel.errorRange(), std::make_pair(9, 5));
}

void TestPanels::longMaskErrorWrapsWithinThePanel() {
    MaskPanel panel(m_doc.get());
    panel.resize(380, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const int before = panel.minimumSizeHint().width();
    const QRect button = child<QPushButton>(panel, "atom_causal")->geometry();
    // A long message (an unknown atom in a long expression): it wraps, the panel keeps its width
    // and the atom buttons their size.
    auto* edit = child<QLineEdit>(panel, "maskEdit");
    edit->setText("causal & (" + QString("window(4) | ").repeated(12) + "wndow(3))");
    QVERIFY(!panel.isValid());
    QVERIFY(panel.statusText().size() > 60);
    QCOMPARE(panel.minimumSizeHint().width(), before);
    QCoreApplication::processEvents();
    QCOMPARE(child<QPushButton>(panel, "atom_causal")->geometry().width(), button.width());
    auto* status = child<QLabel>(panel, "maskStatus");
    QVERIFY(status->width() <= panel.width());
}

void TestPanels::validMaskPushes() {
    MaskPanel panel(m_doc.get());
    QSignalSpy spy(m_doc.get(), &SessionDocument::scenarioChanged);
    auto* edit = child<QLineEdit>(panel, "maskEdit");
    edit->clear();  // invalid (empty), nothing pushed
    QCOMPARE(spy.count(), 0);
    QTest::keyClicks(edit, "full");  // f, fu, ful invalid; full valid
    QCOMPARE(spy.count(), 1);
    QCOMPARE(lastScenario(spy).mask, std::string("full"));
    QVERIFY(panel.statusText().contains("density 1.00"));
    edit->setText("causal");
    QCOMPARE(lastScenario(spy).mask, std::string("causal"));
    const double n = double(m_base.qLen);
    const QString density = QString::number((n + 1) / (2 * n), 'f', 2);
    QVERIFY2(panel.statusText().contains("✓ valid — density " + density),
             qPrintable(panel.statusText()));
    QCOMPARE(panel.errorRange().second, 0);
    // Typing is one undo step: back to the preset's mask.
    m_doc->undoStack()->undo();
    QCOMPARE(m_doc->scenario().mask, m_base.mask);
    QCOMPARE(edit->text(), QString::fromStdString(m_base.mask));
}

void TestPanels::maskFollowsUndoAndMarksShapeErrors() {
    MaskPanel panel(m_doc.get());
    auto* edit = child<QLineEdit>(panel, "maskEdit");
    Scenario s = m_base;
    const QString docs = QString("docs(%1, 8)").arg(s.kvLen - 8);
    s.mask = docs.toStdString();
    m_doc->editScenario(s, "mask");
    QCOMPARE(edit->text(), docs);
    QVERIFY(panel.isValid());
    // The shape changes under the mask: it no longer fits, and the panel says so.
    QSignalSpy spy(m_doc.get(), &SessionDocument::scenarioChanged);
    s.qLen = s.kvLen = s.kvLen + 3;
    m_doc->editScenario(s, "length");
    QCOMPARE(spy.count(), 1);
    QVERIFY(!panel.isValid());
    QVERIFY2(panel.statusText().contains("column 1"), qPrintable(panel.statusText()));
    QCOMPARE(panel.errorRange(), std::make_pair(0, int(docs.size())));
    m_doc->undoStack()->undo();
    QVERIFY(panel.isValid());
    QCOMPARE(spy.count(), 2);
}

void TestPanels::atomButtonsInsertAtCursor() {
    MaskPanel panel(m_doc.get());
    auto* edit = child<QLineEdit>(panel, "maskEdit");
    edit->setText("causal");
    edit->setCursorPosition(6);
    child<QPushButton>(panel, "atom_and")->click();
    child<QPushButton>(panel, "atom_group")->click();
    child<QPushButton>(panel, "atom_window")->click();
    QCOMPARE(edit->text(), QString("causal & (window(4))"));
    QCOMPARE(m_doc->scenario().mask, std::string("causal & (window(4))"));
    edit->setText("");
    child<QPushButton>(panel, "atom_docs")->click();
    QVERIFY(panel.isValid());  // lengths that fit the shape
    QCOMPARE(edit->text(),
             QString("docs(%1, %2)").arg(m_base.kvLen / 2).arg(m_base.kvLen - m_base.kvLen / 2));
    edit->setText("");
    child<QPushButton>(panel, "atom_blocks")->click();
    QVERIFY2(panel.isValid(), qPrintable(panel.statusText()));
}

void TestPanels::presetCombo() {
    MaskPanel panel(m_doc.get());
    auto* combo = child<QComboBox>(panel, "presetCombo");
    QCOMPARE(combo->count(), int(allPresets().size()));
    QCOMPARE(combo->currentText(), QString::fromStdString(m_base.name));
    QSignalSpy spy(&panel, &MaskPanel::presetRequested);
    const int i = combo->findText("video-frames");
    QVERIFY(i >= 0);
    combo->setCurrentIndex(i);
    emit combo->activated(i);  // what a user's choice emits
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.last().at(0).toString(), QString("video-frames"));
    m_doc->reset(*presetScenario("global"));
    QCOMPARE(combo->currentText(), QString("global"));
    QCOMPARE(spy.count(), 1);
}

void TestPanels::displayControlsReachDocument() {
    DisplayPanel panel(m_doc.get());
    QSignalSpy spy(m_doc.get(), &SessionDocument::optionsChanged);
    QSignalSpy scenarioSpy(m_doc.get(), &SessionDocument::scenarioChanged);
    child<QComboBox>(panel, "colormapCombo")->setCurrentIndex(1);
    QCOMPARE(lastOptions(spy).colormap, Colormap::Palette9);
    child<QCheckBox>(panel, "symmetricCheck")->setChecked(false);
    QCOMPARE(lastOptions(spy).symmetricRange, false);
    child<QCheckBox>(panel, "originLowerCheck")->setChecked(false);
    QCOMPARE(lastOptions(spy).originLower, false);
    child<QSpinBox>(panel, "tokensPerFrameSpin")->setValue(4);
    QCOMPARE(lastOptions(spy).tokensPerFrame, 4);
    child<QComboBox>(panel, "framePoolingCombo")->setCurrentIndex(2);
    QVERIFY(lastOptions(spy).framePooling == PoolMode::Sum);
    QVERIFY(m_doc->options().detailPooling == PoolMode::Mean);  // the default for logits
    child<QComboBox>(panel, "detailPoolingCombo")->setCurrentIndex(0);
    QVERIFY(lastOptions(spy).detailPooling == PoolMode::Max);
    child<QSpinBox>(panel, "headSpin")->setValue(2);
    QCOMPARE(lastOptions(spy).head, 2);
    child<QSpinBox>(panel, "columnsSpin")->setValue(2);
    QCOMPARE(lastOptions(spy).columns, 2);
    child<QSpinBox>(panel, "flowBoxWidthSpin")->setValue(420);
    QCOMPARE(lastOptions(spy).flowBoxWidth, 420);
    child<QSpinBox>(panel, "flowBoxHeightSpin")->setValue(64);
    QCOMPARE(lastOptions(spy).flowBoxHeight, 64);
    child<QSpinBox>(panel, "flowSpacingSpin")->setValue(40);
    QCOMPARE(lastOptions(spy).flowSpacing, 40);
    child<QCheckBox>(panel, "sampledDisplayCheck")->setChecked(true);
    QVERIFY(lastOptions(spy).sampledDisplay);
    child<QSpinBox>(panel, "maxDisplayPositionsSpin")->setValue(40);
    QCOMPARE(lastOptions(spy).maxDisplayPositions, 40);
    QCOMPARE(spy.count(), 13);
    QCOMPARE(scenarioSpy.count(), 0);
    // Display options are undoable edits of the session, one step each; undo brings them back
    // without touching the scenario.
    QCOMPARE(m_doc->undoStack()->count(), 13);
    m_doc->undoStack()->undo();
    QCOMPARE(m_doc->options().maxDisplayPositions, ViewOptions{}.maxDisplayPositions);
    QVERIFY(m_doc->options().sampledDisplay);
    QCOMPARE(scenarioSpy.count(), 0);
    m_doc->undoStack()->redo();
    QCOMPARE(m_doc->options().maxDisplayPositions, 40);
    // The head cannot go beyond the scenario's heads.
    child<QSpinBox>(panel, "headSpin")->setValue(99);
    QCOMPARE(m_doc->options().head, int(m_base.heads) - 1);
    auto* tpf = child<QSpinBox>(panel, "tokensPerFrameSpin");
    tpf->setValue(0);
    QCOMPARE(tpf->text(), QString("tokens"));
    QCOMPARE(m_doc->options().tokensPerFrame, 0);
}

void TestPanels::displayFollowsDocument() {
    DisplayPanel panel(m_doc.get());
    QSignalSpy spy(m_doc.get(), &SessionDocument::optionsChanged);
    ViewOptions o;
    o.valueKind = ValueKind::MaskedLogits;
    o.colormap = Colormap::Palette9;
    o.originLower = false;
    o.querySelection = {3, 5};
    o.head = 1;
    o.columns = 3;
    o.framePooling = PoolMode::Max;
    m_doc->setOptions(o);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(child<QComboBox>(panel, "valueKindCombo")->currentIndex(), 2);
    QCOMPARE(child<QComboBox>(panel, "colormapCombo")->currentIndex(), 1);
    QCOMPARE(child<QCheckBox>(panel, "originLowerCheck")->isChecked(), false);
    QCOMPARE(child<QLineEdit>(panel, "querySelectionEdit")->text(), QString("3, 5"));
    QCOMPARE(child<QSpinBox>(panel, "headSpin")->value(), 1);
    QCOMPARE(child<QSpinBox>(panel, "columnsSpin")->value(), 3);
    QCOMPARE(child<QComboBox>(panel, "framePoolingCombo")->currentIndex(), 1);
    // Probabilities shown with a diverging map: the document's choice, not the panel's switch.
    o.valueKind = ValueKind::Probabilities;
    o.colormap = Colormap::RdBuR;
    m_doc->setOptions(o);
    QCOMPARE(spy.count(), 2);
    QCOMPARE(m_doc->options().colormap, Colormap::RdBuR);
    QCOMPARE(child<QComboBox>(panel, "colormapCombo")->currentIndex(), 0);
    m_doc->reset(m_base);  // default options again
    QCOMPARE(spy.count(), 3);
    QCOMPARE(child<QComboBox>(panel, "valueKindCombo")->currentIndex(), 0);
    QCOMPARE(child<QLineEdit>(panel, "querySelectionEdit")->text(), QString());
    QCOMPARE(m_doc->options() == ViewOptions{}, true);
}

void TestPanels::valueKindSwitchesColormap() {
    DisplayPanel panel(m_doc.get());
    auto* kind = child<QComboBox>(panel, "valueKindCombo");
    auto* cmap = child<QComboBox>(panel, "colormapCombo");
    kind->setCurrentIndex(1);
    QCOMPARE(m_doc->options().valueKind, ValueKind::Probabilities);
    QCOMPARE(m_doc->options().colormap, Colormap::Sequential);
    QCOMPARE(cmap->currentIndex(), 2);
    kind->setCurrentIndex(0);
    QCOMPARE(m_doc->options().colormap, Colormap::RdBuR);
    QCOMPARE(cmap->currentIndex(), 0);
    cmap->setCurrentIndex(1);  // the user's palette stays
    kind->setCurrentIndex(1);
    QCOMPARE(m_doc->options().colormap, Colormap::Palette9);
    kind->setCurrentIndex(2);
    QCOMPARE(m_doc->options().valueKind, ValueKind::MaskedLogits);
    QCOMPARE(m_doc->options().colormap, Colormap::Palette9);
}

void TestPanels::querySelection_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QList<qint64>>("expected");
    QTest::newRow("range") << "16-18" << true << QList<qint64>{16, 17, 18};
    QTest::newRow("list") << "16, 17, 18" << true << QList<qint64>{16, 17, 18};
    QTest::newRow("mixed") << "0-1, 7" << true << QList<qint64>{0, 1, 7};
    QTest::newRow("empty") << "" << true << QList<qint64>{};
    QTest::newRow("open range") << "16-" << false << QList<qint64>{};
    QTest::newRow("descending") << "18-16" << false << QList<qint64>{};
    QTest::newRow("word") << "all" << false << QList<qint64>{};
    QTest::newRow("negative") << "-3" << false << QList<qint64>{};
}

void TestPanels::querySelection() {
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QList<qint64>, expected);
    DisplayPanel panel(m_doc.get());
    ViewOptions start;
    start.querySelection = {1};
    m_doc->setOptions(start);
    QSignalSpy spy(m_doc.get(), &SessionDocument::optionsChanged);
    auto* edit = child<QLineEdit>(panel, "querySelectionEdit");
    edit->selectAll();
    if (text.isEmpty())
        QTest::keyClick(edit, Qt::Key_Delete);
    else
        QTest::keyClicks(edit, text);
    const std::vector<int64_t> want(expected.begin(), expected.end());
    if (valid) {
        QVERIFY(spy.count() >= 1);
        QCOMPARE(m_doc->options().querySelection, want);
        QCOMPARE(DisplayPanel::parseSelection(DisplayPanel::formatSelection(want)),
                 std::optional(want));
        QCOMPARE(edit->text(), text);  // what the user typed stays
    } else {
        QVERIFY(!DisplayPanel::parseSelection(text));
        QVERIFY(edit->styleSheet().contains("border"));
    }
}

QTEST_MAIN(TestPanels)
#include "tst_panels.moc"
