#include "widgets/panels/ScenarioPanel.h"
#include "widgets/panels/PanelFields.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>
#include <climits>
#include <cmath>

#include "widgets/document/SessionDocument.h"

namespace attnscope {

namespace {

// One merge id per control: consecutive edits of the same control are one undo step.
enum MergeId {
    kPattern = 1000,
    kSeed,
    kSinkHeads,
    kBatch,
    kHeads,
    kKvHeads,
    kQLen,
    kKvLen,
    kDModel,
    kDHead,
    kCross,
    kAutoScale,
    kScale,
    kQOffset,
    kKvOffset,
    kLayer,
};

const PatternKind kPatterns[] = {PatternKind::Random, PatternKind::Local, PatternKind::Global,
                                 PatternKind::Translation};

int clampInt(int64_t v) {
    return int(std::clamp<int64_t>(v, 0, INT_MAX));
}

}  // namespace

ScenarioPanel::ScenarioPanel(SessionDocument* doc, QWidget* parent)
    : QWidget(parent), m_doc(doc), m_draft(doc->scenario()) {
    buildUi();
    commitSpinBoxesOnEnter(this);
    showScenario(m_doc->scenario());
    connect(m_doc, &SessionDocument::scenarioChanged, this, &ScenarioPanel::showScenario);
}

QSpinBox* ScenarioPanel::makeSpin(const QString& name, const QString& tip, int min, int max,
                                  int mergeId, const QString& what,
                                  std::function<void(Scenario&, int)> apply) {
    auto* spin = new QSpinBox(this);
    spin->setObjectName(name);
    spin->setToolTip(tip);
    spin->setRange(min, max);
    connect(spin, &QSpinBox::valueChanged, this, [this, mergeId, what, apply](int v) {
        edit(mergeId, what, [&](Scenario& s) { apply(s, v); });
    });
    return spin;
}

void ScenarioPanel::buildUi() {
    auto* source = new QGroupBox(tr("Source"), this);
    auto* sourceForm = new QFormLayout(source);
    m_pattern = new QComboBox(this);
    m_pattern->setObjectName("patternCombo");
    m_pattern->setToolTip(tr("Pattern the synthetic generator plants in W_q / W_k"));
    for (PatternKind k : kPatterns) m_pattern->addItem(QString::fromStdString(toString(k)));
    connect(m_pattern, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i < 0) return;
        edit(kPattern, tr("pattern"), [&](Scenario& s) { s.pattern = kPatterns[i]; });
    });
    m_sourceNote = new QLabel(this);
    m_sourceNote->setObjectName("sourceNote");
    m_sourceNote->setWordWrap(true);
    m_sourceNote->hide();
    sourceForm->addRow(m_sourceNote);
    sourceForm->addRow(tr("Pattern"), m_pattern);
    m_seed = makeSpin("seedSpin", tr("Random seed of the synthetic Q/K/V"), 0, INT_MAX, kSeed,
                      tr("seed"), [](Scenario& s, int v) { s.seed = uint64_t(v); });
    sourceForm->addRow(tr("Seed"), m_seed);
    m_sinkHeads = new QLineEdit(this);
    m_sinkHeads->setObjectName("sinkHeadsEdit");
    m_sinkHeads->setPlaceholderText(tr("none"));
    m_sinkHeads->setToolTip(
        tr("Query heads with a planted attention sink on the first position, e.g. \"0, 4, 6\""));
    connect(m_sinkHeads, &QLineEdit::textEdited, this, [this](const QString& text) {
        const auto heads = parseHeadList(text);
        if (!heads) {
            setError(tr("sink heads: write head indices separated by commas, e.g. 0, 4, 6"));
            return;
        }
        edit(kSinkHeads, tr("sink heads"), [&](Scenario& s) { s.sinkHeads = *heads; });
    });
    sourceForm->addRow(tr("Sink heads"), m_sinkHeads);

    auto* shape = new QGroupBox(tr("Shape"), this);
    auto* shapeForm = new QFormLayout(shape);
    m_batch = makeSpin("batchSpin", tr("Batch size B"), 1, 4096, kBatch, tr("batch"),
                       [](Scenario& s, int v) { s.batch = v; });
    m_heads = makeSpin("headsSpin", tr("Query heads H (a multiple of the kv heads)"), 1, 1024,
                       kHeads, tr("heads"), [](Scenario& s, int v) { s.heads = v; });
    m_kvHeads = makeSpin("kvHeadsSpin",
                         tr("Key/value heads (grouped-query attention when fewer than heads)"), 1,
                         1024, kKvHeads, tr("kv heads"), [](Scenario& s, int v) { s.kvHeads = v; });
    m_qLen = makeSpin("qLenSpin", tr("Query length Lq"), 1, 1 << 20, kQLen, tr("query length"),
                      [](Scenario& s, int v) { s.qLen = v; });
    m_kvLen =
        makeSpin("kvLenSpin", tr("Key length Lk (follows Lq unless cross-attention is on)"), 1,
                 1 << 20, kKvLen, tr("key length"), [](Scenario& s, int v) { s.kvLen = v; });
    m_dModel = makeSpin("dModelSpin", tr("Model width d_model"), 1, 65536, kDModel, tr("d_model"),
                        [](Scenario& s, int v) { s.dModel = v; });
    m_dHead = makeSpin("dHeadSpin", tr("Head width d_head"), 1, 4096, kDHead, tr("d_head"),
                       [](Scenario& s, int v) { s.dHead = v; });
    m_cross = new QCheckBox(tr("Cross-attention"), this);
    m_cross->setObjectName("crossAttentionCheck");
    m_cross->setToolTip(tr("Queries come from a second sequence, so Lq may differ from Lk"));
    connect(m_cross, &QCheckBox::toggled, this, [this](bool on) {
        edit(kCross, tr("cross-attention"), [&](Scenario& s) { s.crossAttention = on; });
    });
    shapeForm->addRow(tr("Batch"), m_batch);
    shapeForm->addRow(tr("Heads"), m_heads);
    shapeForm->addRow(tr("KV heads"), m_kvHeads);
    shapeForm->addRow(tr("Query length"), m_qLen);
    shapeForm->addRow(m_cross);
    shapeForm->addRow(tr("Key length"), m_kvLen);
    shapeForm->addRow(tr("d_model"), m_dModel);
    shapeForm->addRow(tr("d_head"), m_dHead);

    auto* attention = new QGroupBox(tr("Attention"), this);
    auto* attForm = new QFormLayout(attention);
    m_autoScale = new QCheckBox(tr("auto (1/√d)"), this);
    m_autoScale->setObjectName("autoScaleCheck");
    m_autoScale->setToolTip(tr("Scale the scores by 1/√d_head"));
    m_scale = new QDoubleSpinBox(this);
    m_scale->setObjectName("scaleSpin");
    m_scale->setToolTip(tr("Factor the scores Q·Kᵀ are multiplied by"));
    m_scale->setDecimals(4);
    m_scale->setRange(0.0001, 1000.0);
    m_scale->setSingleStep(0.01);
    connect(m_autoScale, &QCheckBox::toggled, this, [this](bool on) {
        m_scale->setEnabled(!on);
        const double value = m_scale->value();
        edit(kAutoScale, tr("scale"),
             [&](Scenario& s) { s.scale = on ? std::nullopt : std::optional<double>(value); });
    });
    connect(m_scale, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        if (m_autoScale->isChecked()) return;
        edit(kScale, tr("scale"), [&](Scenario& s) { s.scale = v; });
    });
    auto* scaleRow = new QHBoxLayout;
    scaleRow->addWidget(m_autoScale);
    scaleRow->addWidget(m_scale, 1);
    attForm->addRow(tr("Scale"), scaleRow);
    m_qOffset =
        makeSpin("qOffsetSpin", tr("Absolute position of query 0 (a KV cache's length)"), 0,
                 INT_MAX, kQOffset, tr("q_offset"), [](Scenario& s, int v) { s.qOffset = v; });
    m_kvOffset = makeSpin("kvOffsetSpin", tr("Absolute position of key 0"), 0, INT_MAX, kKvOffset,
                          tr("kv_offset"), [](Scenario& s, int v) { s.kvOffset = v; });
    attForm->addRow(tr("q_offset"), m_qOffset);
    attForm->addRow(tr("kv_offset"), m_kvOffset);

    auto* display = new QGroupBox(tr("Display"), this);
    auto* displayForm = new QFormLayout(display);
    m_layer = makeSpin("layerSpin", tr("Layer index shown in the figure titles"), 0, 1000, kLayer,
                       tr("layer"), [](Scenario& s, int v) { s.layer = v; });
    displayForm->addRow(tr("Layer"), m_layer);

    m_error = new QLabel(this);
    m_error->setObjectName("scenarioError");
    m_error->setToolTip(tr("Why the last change was not applied"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet("color: #c62828;");
    m_error->hide();

    auto* layout = new QVBoxLayout(this);
    for (QWidget* w : {static_cast<QWidget*>(source), static_cast<QWidget*>(shape),
                       static_cast<QWidget*>(attention), static_cast<QWidget*>(display),
                       static_cast<QWidget*>(m_error)})
        layout->addWidget(w);
    layout->addStretch(1);
}

void ScenarioPanel::edit(int mergeId, const QString& what,
                         const std::function<void(Scenario&)>& change) {
    change(m_draft);
    if (!m_draft.crossAttention) m_draft.kvLen = m_draft.qLen;
    Status status = m_draft.validate();
    if (status) {
        for (int h : m_draft.sinkHeads)
            if (h >= m_draft.heads) {
                status = Error{"sink head " + std::to_string(h) +
                               " does not exist (heads: " + std::to_string(m_draft.heads) + ")"};
                break;
            }
    }
    {
        // Key length and the automatic scale follow other fields; show them at once.
        const QSignalBlocker b1(m_kvLen), b2(m_scale);
        m_kvLen->setEnabled(m_draft.crossAttention);
        m_kvLen->setValue(clampInt(m_draft.kvLen));
        if (!m_draft.scale) m_scale->setValue(m_draft.effectiveScale());
    }
    if (!status) {
        setError(QString::fromStdString(status.error()));
        return;
    }
    setError({});
    m_doc->editScenario(m_draft, tr("Change %1").arg(what), mergeId);
}

void ScenarioPanel::showScenario(const Scenario& s) {
    m_draft = s;
    setError({});
    const QSignalBlocker b0(m_pattern), b1(m_seed), b2(m_sinkHeads), b3(m_batch), b4(m_heads),
        b5(m_kvHeads), b6(m_qLen), b7(m_kvLen), b8(m_dModel), b9(m_dHead), b10(m_cross),
        b11(m_autoScale), b12(m_scale), b13(m_qOffset), b14(m_kvOffset), b16(m_layer);
    m_pattern->setCurrentIndex(int(
        std::find(std::begin(kPatterns), std::end(kPatterns), s.pattern) - std::begin(kPatterns)));
    m_seed->setValue(clampInt(int64_t(std::min<uint64_t>(s.seed, INT_MAX))));
    // Keep what the user is typing ("0, 4, ") when it already means the document's list.
    if (parseHeadList(m_sinkHeads->text()) != std::optional(s.sinkHeads))
        m_sinkHeads->setText(formatHeadList(s.sinkHeads));
    m_batch->setValue(clampInt(s.batch));
    m_heads->setValue(clampInt(s.heads));
    m_kvHeads->setValue(clampInt(s.kvHeads));
    m_qLen->setValue(clampInt(s.qLen));
    m_kvLen->setValue(clampInt(s.kvLen));
    m_kvLen->setEnabled(s.crossAttention);
    m_dModel->setValue(clampInt(s.dModel));
    m_dHead->setValue(clampInt(s.dHead));
    m_cross->setChecked(s.crossAttention);
    m_autoScale->setChecked(!s.scale);
    m_scale->setEnabled(bool(s.scale));
    m_scale->setValue(s.effectiveScale());
    m_qOffset->setValue(clampInt(s.qOffset));
    m_kvOffset->setValue(clampInt(s.kvOffset));
    m_layer->setValue(s.layer);
    // What a file decides is shown, not edited: a map or tensor source has no generator, and its
    // shapes are the file's.
    const bool synthetic = s.source == SourceKind::Synthetic;
    for (QWidget* w : std::initializer_list<QWidget*>{m_pattern, m_seed, m_sinkHeads, m_batch,
                                                      m_heads, m_kvHeads, m_qLen, m_kvLen,
                                                      m_dModel, m_dHead, m_cross})
        w->setEnabled(synthetic && (w != m_kvLen || s.crossAttention));
    const QString why = synthetic ? QString()
                                  : tr("Set by the file %1").arg(QString::fromStdString(
                                        s.source != SourceKind::AttentionMaps ? s.qPath
                                        : s.mapsPath.empty()                  ? s.vectorsPath
                                                                              : s.mapsPath));
    m_sourceNote->setText(why);
    m_sourceNote->setVisible(!synthetic);
}

void ScenarioPanel::setError(const QString& message) {
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

QString ScenarioPanel::errorText() const {
    return m_error->text();
}

std::optional<std::vector<int>> ScenarioPanel::parseHeadList(const QString& text) {
    std::vector<int> heads;
    for (const QString& part : text.split(',', Qt::SkipEmptyParts)) {
        bool ok = false;
        const int h = part.trimmed().toInt(&ok);
        if (part.trimmed().isEmpty()) continue;
        if (!ok || h < 0) return std::nullopt;
        heads.push_back(h);
    }
    return heads;
}

QString ScenarioPanel::formatHeadList(const std::vector<int>& heads) {
    QStringList parts;
    for (int h : heads) parts << QString::number(h);
    return parts.join(", ");
}

}  // namespace attnscope
