#include "widgets/panels/ScenarioPanel.h"
#include "widgets/panels/PanelFields.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCursor>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <climits>
#include <cmath>

#include "core/model/ModelCache.h"
#include "widgets/document/SessionDocument.h"
#include "widgets/i18n/CoreMessages.h"
#include "widgets/views/CoreTexts.h"

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
    kModelText,
};

// Chips beyond this many are summarised: a long text is read in the views, not here.
constexpr int kMaxChips = 1500;
constexpr int kTextCommitMs = 600;

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
    // The note above the form, in a box layout: a word-wrapped label in a form row got no
    // height when the panel was laid out before the window showed (a session opened at start).
    auto* sourceBox = new QVBoxLayout(source);
    auto* sourceForm = new QFormLayout;
    m_sourceForm = sourceForm;
    m_pattern = new QComboBox(this);
    m_pattern->setObjectName("patternCombo");
    m_pattern->setToolTip(tr("Pattern the synthetic generator plants in W_q / W_k"));
    for (PatternKind k : kPatterns) m_pattern->addItem(patternTitle(k));
    connect(m_pattern, &QComboBox::currentIndexChanged, this, [this](int i) {
        if (i < 0) return;
        edit(kPattern, tr("pattern"), [&](Scenario& s) { s.pattern = kPatterns[i]; });
    });
    m_sourceNote = new QLabel(this);
    m_sourceNote->setObjectName("sourceNote");
    m_sourceNote->setWordWrap(true);
    m_sourceNote->hide();
    sourceBox->addWidget(m_sourceNote);
    sourceBox->addLayout(sourceForm);
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

    m_modelGroup = new QGroupBox(tr("Model"), this);
    m_modelGroup->setObjectName("modelGroup");
    auto* modelLayout = new QVBoxLayout(m_modelGroup);
    m_modelSummary = new QLabel(this);
    m_modelSummary->setObjectName("modelSummary");
    m_modelSummary->setWordWrap(true);
    m_modelText = new QPlainTextEdit(this);
    m_modelText->setObjectName("modelText");
    m_modelText->setToolTip(tr("The text the model runs on; it runs again when you stop typing"));
    m_modelText->setMinimumHeight(80);
    m_modelText->setMaximumHeight(160);
    m_tokenCount = new QLabel(this);
    m_tokenCount->setObjectName("tokenCount");
    m_tokenChips = new QLabel(this);
    m_tokenChips->setObjectName("tokenChips");
    m_tokenChips->setWordWrap(true);
    m_tokenChips->setTextFormat(Qt::RichText);
    m_tokenChips->setTextInteractionFlags(Qt::LinksAccessibleByMouse);
    connect(m_tokenChips, &QLabel::linkHovered, this, &ScenarioPanel::showTokenTip);
    modelLayout->addWidget(m_modelSummary);
    modelLayout->addWidget(m_modelText);
    modelLayout->addWidget(m_tokenCount);
    modelLayout->addWidget(m_tokenChips);
    m_textCommit = new QTimer(this);
    m_textCommit->setSingleShot(true);
    m_textCommit->setInterval(kTextCommitMs);
    connect(m_modelText, &QPlainTextEdit::textChanged, this, [this] {
        showTokens();
        m_textCommit->start();
    });
    connect(m_textCommit, &QTimer::timeout, this, [this] {
        const std::string text = m_modelText->toPlainText().toStdString();
        if (text == m_draft.modelText) return;
        if (text.empty()) {
            setError(tr("the text is empty: the model needs at least one token"));
            return;
        }
        edit(kModelText, tr("text"), [&](Scenario& s) {
            s.modelText = text;
            s.modelIds.clear();
        });
    });

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
    for (QWidget* w : {static_cast<QWidget*>(source), static_cast<QWidget*>(m_modelGroup),
                       static_cast<QWidget*>(shape), static_cast<QWidget*>(attention),
                       static_cast<QWidget*>(display), static_cast<QWidget*>(m_error)})
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
                status = Error{tr("sink head %1 does not exist (heads: %2)")
                                   .arg(h)
                                   .arg(m_draft.heads)
                                   .toStdString()};
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
        setError(coreMessage(status));
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
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_pattern, m_seed, m_sinkHeads, m_batch, m_heads,
                                         m_kvHeads, m_qLen, m_kvLen, m_dModel, m_dHead, m_cross})
        w->setEnabled(synthetic && (w != m_kvLen || s.crossAttention));
    const QString why =
        synthetic ? QString()
                  : tr("Set by the file %1")
                        .arg(QString::fromStdString(s.source != SourceKind::AttentionMaps ? s.qPath
                                                    : s.mapsPath.empty() ? s.vectorsPath
                                                                         : s.mapsPath));
    m_sourceNote->setText(why);
    m_sourceNote->setVisible(!synthetic);

    const bool model = s.source == SourceKind::Model;
    m_modelGroup->setVisible(model);
    // A model has no generator: its rows are not shown at all.
    if (QFormLayout* form = m_sourceForm)
        for (QWidget* w : {static_cast<QWidget*>(m_pattern), static_cast<QWidget*>(m_seed),
                           static_cast<QWidget*>(m_sinkHeads)})
            form->setRowVisible(w, !model);
    m_layer->setToolTip(model ? tr("Layer of the model shown in every view (PgUp / PgDn)")
                              : tr("Layer index shown in the figure titles"));
    m_layer->setRange(0, model && s.mapsLayers > 0 ? int(s.mapsLayers - 1) : 1000);
    m_layer->setValue(s.layer);
    if (model) {
        m_sourceNote->setText(tr("Set by the model %1").arg(QString::fromStdString(s.modelPath)));
        m_modelSummary->setText(QString::fromStdString(s.description));
        const QString text = QString::fromStdString(s.modelText);
        if (m_modelText->toPlainText() != text) {
            const QSignalBlocker block(m_modelText);
            m_modelText->setPlainText(text);
        }
        showTokens();
    }
}

void ScenarioPanel::modelLoaded() {
    if (m_draft.source != SourceKind::Model) return;
    const ModelPtr model = ModelCache::shared().loaded(m_draft.modelPath);
    if (!model) return;
    // A session names the model without its summary line: the model says it.
    if (m_modelSummary->text().isEmpty())
        m_modelSummary->setText(QString::fromStdString(model->summary()));
    if (m_tokenChips->text().isEmpty()) showTokens();
}

void ScenarioPanel::showTokens() {
    m_chipInfo.clear();
    const ModelPtr model = ModelCache::shared().loaded(m_draft.modelPath);
    if (!model || !model->tokenizer()) {
        m_tokenCount->setText(
            model ? tr("no tokenizer: %1").arg(coreMessage(model->tokenizerFailure()))
                  : tr("tokens appear once the model is loaded"));
        m_tokenChips->clear();
        return;
    }
    const std::string text = m_modelText->toPlainText().toStdString();
    const Encoding e = model->tokenizer()->encode(text);
    const int64_t max = model->config().maxPositions;
    const int64_t n = int64_t(e.ids.size());
    m_tokenCount->setText(n > max ? tr("<span style='color:#c62828'>%1 tokens: more than the "
                                       "model's %2 positions</span>")
                                        .arg(n)
                                        .arg(max)
                                  : tr("%1 tokens of the model's %2").arg(n).arg(max));
    // Byte offsets of each code point, for the hover text.
    const std::u32string cps = utf8ToCodePoints(text);
    std::vector<int64_t> bytes(cps.size() + 1, 0);
    for (size_t i = 0; i < cps.size(); ++i)
        bytes[i + 1] = bytes[i] + int64_t(codePointToUtf8(cps[i]).size());
    auto byteAt = [&](int64_t cp) {
        return bytes[size_t(std::clamp<int64_t>(cp, 0, int64_t(cps.size())))];
    };
    QString html;
    for (int64_t i = 0; i < std::min<int64_t>(n, kMaxChips); ++i) {
        QString label = QString::fromStdString(e.labels[size_t(i)]).toHtmlEscaped();
        label.replace(' ', QChar(0x00B7)).replace('\n', QChar(0x21B5)).replace('\t', QChar(0x2192));
        const bool special = e.offsets[size_t(i)].first == e.offsets[size_t(i)].second;
        const char* bg = special ? "#fde7c8" : (i % 2 ? "#dbe8f6" : "#e9f1fa");
        html += QString(
                    "<a href='%1' style='text-decoration:none; color:#1b1b1b; "
                    "background-color:%2'>&#8201;%3&#8201;</a> ")
                    .arg(i)
                    .arg(bg, label);
        m_chipInfo.push_back(
            {e.ids[size_t(i)],
             {byteAt(e.offsets[size_t(i)].first), byteAt(e.offsets[size_t(i)].second)}});
    }
    if (n > kMaxChips) html += tr("… and %1 more").arg(n - kMaxChips);
    m_tokenChips->setText(html);
}

void ScenarioPanel::showTokenTip(const QString& link) {
    bool ok = false;
    const int i = link.toInt(&ok);
    if (!ok || i < 0 || i >= int(m_chipInfo.size())) {
        QToolTip::hideText();
        return;
    }
    const auto& [id, range] = m_chipInfo[size_t(i)];
    QToolTip::showText(QCursor::pos(),
                       range.first == range.second
                           ? tr("token %1 · id %2 · added by the tokenizer").arg(i).arg(id)
                           : tr("token %1 · id %2 · bytes %3–%4")
                                 .arg(i)
                                 .arg(id)
                                 .arg(range.first)
                                 .arg(range.second),
                       m_tokenChips);
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
