#include "widgets/panels/MaskPanel.h"
#include "widgets/panels/PanelFields.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QGridLayout>
#include <QInputMethodEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTextCharFormat>
#include <QVBoxLayout>
#include <vector>

#include "core/masks/MaskExpr.h"
#include "core/presets/Presets.h"
#include "widgets/document/SessionDocument.h"
#include "widgets/i18n/CoreMessages.h"
#include "widgets/views/CoreTexts.h"

namespace attnscope {

namespace {

constexpr int kMaskTyping = 2000;  // merge id: typing an expression is one undo step
// Density is computed on at most this many cells (rows evenly spaced); beyond, it is estimated.
constexpr int64_t kDensityCells = 1 << 22;

/// The operators next to the atoms of the catalogue (MaskAtom::specs()).
struct OperatorButton {
    const char* label;
    const char* name;
    const char* tip;
};
const OperatorButton kOperators[] = {
    {"&", "and", QT_TRANSLATE_NOOP("attnscope::MaskPanel", "Both masks allow the pair (and)")},
    {"|", "or", QT_TRANSLATE_NOOP("attnscope::MaskPanel", "Either mask allows the pair (or)")},
    {"!", "not", QT_TRANSLATE_NOOP("attnscope::MaskPanel", "Not: the pairs the mask forbids")},
    {"( )", "group", QT_TRANSLATE_NOOP("attnscope::MaskPanel", "Group a sub-expression")},
};

MaskShape shapeOf(const Scenario& s) {
    return {s.batch, s.qLen, s.kvLen, s.qOffset, s.kvOffset};
}

/// Fraction of allowed pairs; exact on small shapes, sampled on evenly spaced rows otherwise.
std::pair<double, bool> density(const MaskExpr& expr, const MaskShape& shape) {
    const int64_t rowsTotal = shape.batch * shape.qLen;
    const int64_t rows =
        std::clamp<int64_t>(kDensityCells / std::max<int64_t>(shape.kvLen, 1), 1, rowsTotal);
    std::vector<uint8_t> row(size_t(shape.kvLen));
    int64_t allowed = 0;
    for (int64_t i = 0; i < rows; ++i) {
        const int64_t r = rows == rowsTotal ? i : i * rowsTotal / rows;
        expr.evalRow(r / shape.qLen, r % shape.qLen, 0, shape.kvLen, shape, row.data());
        for (uint8_t v : row) allowed += v;
    }
    return {double(allowed) / (double(rows) * double(shape.kvLen)), rows < rowsTotal};
}

}  // namespace

MaskPanel::MaskPanel(SessionDocument* doc, QWidget* parent) : QWidget(parent), m_doc(doc) {
    buildUi();
    commitSpinBoxesOnEnter(this);
    showScenario(m_doc->scenario());
    connect(m_doc, &SessionDocument::scenarioChanged, this, &MaskPanel::showScenario);
}

void MaskPanel::buildUi() {
    m_edit = new QLineEdit(this);
    m_edit->setObjectName("maskEdit");
    m_edit->setToolTip(
        tr("Mask expression: atoms combined with & (and), | (or), ! (not) and "
           "parentheses, e.g. causal & (window(4) | prefix(2))"));
    m_edit->setClearButtonEnabled(false);
    QFont mono("Monospace");
    mono.setStyleHint(QFont::TypeWriter);
    m_edit->setFont(mono);
    connect(m_edit, &QLineEdit::textChanged, this, &MaskPanel::onTextChanged);

    m_status = new QLabel(this);
    m_status->setObjectName("maskStatus");
    m_status->setToolTip(tr("Whether the expression is valid for the scenario's shape"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long message wraps within the panel's width instead of widening it (and squashing the
    // atom buttons): the label takes the width it is given.
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_status->setMinimumWidth(50);

    auto* buttons = new QGridLayout;
    buttons->setSpacing(3);
    int i = 0;
    auto addButton = [&](const QString& label, const QString& name, const QString& tip) {
        // A lone '&' would be taken as a mnemonic marker and vanish from the button; a long
        // example is shown as "name(…)" (the button still inserts the whole example).
        const QString shown = label.size() > 14 ? name + "(…)" : label;
        auto* b = new QPushButton(QString(shown).replace("&", "&&"), this);
        b->setObjectName("atom_" + name);
        b->setToolTip(tip);
        b->setFocusPolicy(Qt::NoFocus);  // the cursor stays in the expression
        connect(b, &QPushButton::clicked, this, [this, label] { insertAtom(label); });
        buttons->addWidget(b, i / 4, i % 4);
        ++i;
    };
    // The atoms come from the one catalogue the parser and the usage text read.
    for (const AtomSpec& spec : MaskAtom::specs()) {
        QString help = maskAtomHelp(spec);
        help[0] = help[0].toUpper();
        addButton(QString::fromUtf8(spec.example), QString::fromUtf8(spec.name),
                  QString::fromUtf8(spec.signature) + ": " + help);
    }
    for (const OperatorButton& op : kOperators)
        addButton(QString::fromUtf8(op.label), QString::fromUtf8(op.name), tr(op.tip));

    m_presets = new QComboBox(this);
    m_presets->setObjectName("presetCombo");
    m_presets->setToolTip(
        tr("Start from a preset scenario (an edit: Undo brings back what was there)"));
    m_presets->setPlaceholderText(tr("Load a preset…"));
    for (const Preset& p : allPresets()) {
        m_presets->addItem(QString::fromStdString(p.name));
        m_presets->setItemData(m_presets->count() - 1, presetSummary(p), Qt::ToolTipRole);
    }
    connect(m_presets, &QComboBox::activated, this,
            [this](int index) { emit presetRequested(m_presets->itemText(index)); });

    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    form->addRow(tr("Preset"), m_presets);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Mask expression"), this));
    layout->addWidget(m_edit);
    layout->addWidget(m_status);
    layout->addLayout(buttons);
    layout->addStretch(1);
}

bool MaskPanel::check(const QString& text) {
    if (text.trimmed().isEmpty() && m_doc->scenario().source == SourceKind::Model) {
        // A model source with no mask of the user's applies the model's own, layer by layer.
        m_valid = true;
        m_status->setText(tr("✓ the model's own mask, per layer; type one to replace it"));
        m_status->setStyleSheet("color: #2e7d32;");
        m_edit->setStyleSheet({});
        markError(0, 0);
        emit draftInvalid({});
        return true;
    }
    const std::string source = text.toStdString();
    auto expr = MaskExpr::parse(source);
    Status status = expr ? expr->validate(shapeOf(m_doc->scenario())) : Status(expr.failure());
    if (!status) {
        m_valid = false;
        const QString message = coreMessage(status);
        m_status->setText(tr("✗ %1").arg(message));
        m_status->setStyleSheet("color: #c62828;");
        m_edit->setStyleSheet("QLineEdit { border: 1px solid #c62828; }");
        // Where the error is comes with it (parser: the token; validation: the whole atom).
        const Error& where = expr ? status.failure() : expr.failure();
        int start = where.column > 0 ? where.column - 1 : 0;
        int length = std::max(1, where.length);
        if (start >= text.size()) start = std::max<int>(0, int(text.size()) - 1);
        length = std::min<int>(length, int(text.size()) - start);
        markError(text.isEmpty() ? 0 : start, text.isEmpty() ? 0 : length);
        emit draftInvalid(message);
        return false;
    }
    m_valid = true;
    const auto [d, estimated] = density(*expr, shapeOf(m_doc->scenario()));
    m_status->setText(tr("✓ valid — density %1%2")
                          .arg(estimated ? QStringLiteral("≈ ") : QString())
                          .arg(QString::number(d, 'f', 2)));
    m_status->setStyleSheet("color: #2e7d32;");
    m_edit->setStyleSheet({});
    markError(0, 0);
    emit draftInvalid({});
    return true;
}

void MaskPanel::markError(int start, int length) {
    m_errorRange = {start, length};
    // Character formats reach a QLineEdit through an input-method event; positions are relative
    // to the cursor. Unlike a selection, this does not disturb typing.
    QList<QInputMethodEvent::Attribute> attributes;
    if (length > 0) {
        QTextCharFormat format;
        format.setBackground(QColor(255, 205, 210));
        format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        format.setUnderlineColor(QColor(198, 40, 40));
        attributes << QInputMethodEvent::Attribute(
            QInputMethodEvent::TextFormat, start - m_edit->cursorPosition(), length, format);
    }
    QInputMethodEvent event(QString(), attributes);
    QCoreApplication::sendEvent(m_edit, &event);
}

void MaskPanel::onTextChanged(const QString& text) {
    if (!check(text)) return;
    const std::string mask = text.trimmed().toStdString();
    if (mask == m_doc->scenario().mask) return;
    Scenario s = m_doc->scenario();
    s.mask = mask;
    m_doc->editScenario(s, tr("Edit mask"), kMaskTyping);
}

void MaskPanel::showScenario(const Scenario& s) {
    {
        const QSignalBlocker blocker(m_presets);
        m_presets->setCurrentIndex(m_presets->findText(QString::fromStdString(s.name)));
    }
    const QString mask = QString::fromStdString(s.mask);
    m_edit->setPlaceholderText(s.source == SourceKind::Model
                                   ? tr("the model's own mask (e.g. causal & window(4096))")
                                   : QString());
    if (m_edit->text().trimmed() != mask) {
        const QSignalBlocker blocker(m_edit);
        m_edit->setText(mask);
    }
    check(m_edit->text());  // the shape may have changed what is valid
}

QString MaskPanel::atomText(const QString& label) const {
    const Scenario& s = m_doc->scenario();
    const int64_t lk = s.kvOffset + s.kvLen;
    if (label == "docs(…)")
        return lk >= 2 ? QString("docs(%1, %2)").arg(lk / 2).arg(lk - lk / 2)
                       : QString("docs(%1)").arg(lk);
    if (label == "blocks(…)") {
        if (lk > 64) return "blocks(";
        QStringList ids;
        for (int64_t p = 0; p < lk; ++p) ids << QString::number(p * 2 / std::max<int64_t>(lk, 1));
        return "blocks(" + ids.join(", ") + ")";
    }
    if (label == "pad(…)") return QString("pad(%1)").arg(lk - lk / 4);
    if (label == "lpad(…)") return QString("lpad(%1)").arg(lk - lk / 4);
    if (label == "&" || label == "|") return " " + label + " ";
    return label;
}

void MaskPanel::insertAtom(const QString& label) {
    if (label == "( )") {
        // Wrap the selection, or open an empty pair with the cursor inside.
        const QString selected = m_edit->selectedText();
        m_edit->insert("(" + selected + ")");
        if (selected.isEmpty()) m_edit->cursorBackward(false);
    } else {
        m_edit->insert(atomText(label));
    }
    m_edit->setFocus();
}

QString MaskPanel::statusText() const {
    return m_status->text();
}

}  // namespace attnscope
