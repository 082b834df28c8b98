#include "widgets/io/TensorImportDialog.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "widgets/i18n/CoreMessages.h"

namespace attnscope {

namespace {

// tr() of TensorImportDialog for the helpers outside the class.
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(attnscope::TensorImportDialog)
};

QString sizeText(int64_t bytes) {
    if (bytes < 1024) return Tr::tr("%1 B").arg(bytes);
    if (bytes < (int64_t{1} << 20)) return Tr::tr("%1 KiB").arg(double(bytes) / 1024, 0, 'f', 1);
    return Tr::tr("%1 MiB").arg(double(bytes) / (1 << 20), 0, 'f', 1);
}

QString wholeFile() {
    return Tr::tr("(whole file)");
}

/// A combo of the file's tensors whose rank is in [lo, hi] ("(none)" first when optional).
QComboBox* tensorCombo(const TensorFile& file, int lo, int hi, bool optional, QWidget* parent) {
    auto* combo = new QComboBox(parent);
    if (optional) combo->addItem(Tr::tr("(none)"), QString());
    for (const TensorInfo& t : file.tensors()) {
        const int r = int(t.shape.size());
        if (r < lo || r > hi) continue;
        const QString name = QString::fromStdString(t.name);
        combo->addItem(QString("%1  %2").arg(name.isEmpty() ? wholeFile() : name,
                                             QString::fromStdString(shapeToString(t.shape))),
                       name);
    }
    return combo;
}

void select(QComboBox* combo, const std::string& name) {
    const int i = combo->findData(QString::fromStdString(name));
    if (i >= 0) combo->setCurrentIndex(i);
}

std::string chosen(const QComboBox* combo) {
    return combo->currentData().toString().toStdString();
}

}  // namespace

TensorImportDialog::TensorImportDialog(const TensorFile& file, QWidget* parent)
    : QDialog(parent), m_file(file) {
    setWindowTitle(tr("Open %1").arg(QFileInfo(file.path()).fileName()));
    setObjectName("tensorImportDialog");
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(
        new QLabel(tr("%1 — %2, %3 tensors")
                       .arg(QFileInfo(file.path()).fileName(), tensorFileFormatName(file.format()))
                       .arg(file.tensors().size()),
                   this));
    m_table = new QTableWidget(int(file.tensors().size()), 4, this);
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("dtype"), tr("Shape"), tr("Size")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    for (int row = 0; row < int(file.tensors().size()); ++row) {
        const TensorInfo& t = file.tensors()[row];
        const QStringList cells{t.name.empty() ? wholeFile() : QString::fromStdString(t.name),
                                dtypeName(t.dtype), QString::fromStdString(shapeToString(t.shape)),
                                sizeText(t.bytes)};
        for (int c = 0; c < 4; ++c) m_table->setItem(row, c, new QTableWidgetItem(cells[c]));
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 1);

    auto* roles = new QGroupBox(tr("Use the tensors as"), this);
    auto* form = new QFormLayout(roles);
    auto* group = new QButtonGroup(this);
    m_useMaps = new QRadioButton(tr("Attention maps [H, Lq, Lk], [layers, H, Lq, Lk] or "
                                    "[B, layers, H, Lq, Lk]"),
                                 roles);
    m_useVectors =
        new QRadioButton(tr("Per-query-block vectors only [H, Lk] or [layers, H, Lk]"), roles);
    m_useQkv = new QRadioButton(
        tr("Q, K and V to compute attention from [H, L, d] or [B, H, L, d]"), roles);
    for (QRadioButton* b : {m_useMaps, m_useVectors, m_useQkv}) group->addButton(b);
    m_maps = tensorCombo(file, 3, 5, false, roles);
    m_kind = new QComboBox(roles);
    m_kind->addItem(tr("Logits"), int(MapKind::Logits));
    m_kind->addItem(tr("Probabilities"), int(MapKind::Probabilities));
    m_batch = new QSpinBox(roles);
    m_batch->setRange(0, 1 << 20);
    m_vectors = tensorCombo(file, 2, 3, true, roles);
    m_q = tensorCombo(file, 3, 4, false, roles);
    m_k = tensorCombo(file, 3, 4, false, roles);
    m_v = tensorCombo(file, 3, 4, false, roles);
    form->addRow(m_useMaps);
    form->addRow(tr("Maps"), m_maps);
    form->addRow(tr("Values are"), m_kind);
    form->addRow(tr("Batch element"), m_batch);
    form->addRow(tr("Query-block vectors"), m_vectors);
    form->addRow(m_useVectors);
    form->addRow(m_useQkv);
    form->addRow("Q", m_q);
    form->addRow("K", m_k);
    form->addRow("V", m_v);
    layout->addWidget(roles);
    m_problem = new QLabel(this);
    m_problem->setStyleSheet("color: #b00020");
    m_problem->setWordWrap(true);
    layout->addWidget(m_problem);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &TensorImportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    for (QRadioButton* b : {m_useMaps, m_useVectors, m_useQkv})
        connect(b, &QRadioButton::toggled, this, &TensorImportDialog::updateEnabled);
    connect(m_maps, &QComboBox::currentIndexChanged, this, &TensorImportDialog::updateEnabled);
    setRoles(TensorRoles::suggest(file));
    resize(640, 560);
}

TensorRoles TensorImportDialog::roles() const {
    TensorRoles r;
    r.use = m_useQkv->isChecked()       ? TensorRoles::Use::Qkv
            : m_useVectors->isChecked() ? TensorRoles::Use::Vectors
                                        : TensorRoles::Use::Maps;
    r.maps = r.use == TensorRoles::Use::Maps ? chosen(m_maps) : std::string();
    r.vectors = chosen(m_vectors);
    r.kind = MapKind(m_kind->currentData().toInt());
    r.batch = m_batch->value();
    r.q = chosen(m_q), r.k = chosen(m_k), r.v = chosen(m_v);
    return r;
}

void TensorImportDialog::setRoles(const TensorRoles& r) {
    (r.use == TensorRoles::Use::Qkv       ? m_useQkv
     : r.use == TensorRoles::Use::Vectors ? m_useVectors
                                          : m_useMaps)
        ->setChecked(true);
    select(m_maps, r.maps);
    select(m_vectors, r.vectors);
    select(m_q, r.q), select(m_k, r.k), select(m_v, r.v);
    m_kind->setCurrentIndex(m_kind->findData(int(r.kind)));
    m_batch->setValue(int(r.batch));
    m_useMaps->setEnabled(m_maps->count() > 0);
    m_useQkv->setEnabled(m_q->count() > 0);
    m_useVectors->setEnabled(m_vectors->count() > 1);
    updateEnabled();
}

void TensorImportDialog::updateEnabled() {
    const bool maps = m_useMaps->isChecked(), qkv = m_useQkv->isChecked();
    m_maps->setEnabled(maps);
    m_kind->setEnabled(!qkv);
    const TensorInfo* t = m_file.find(chosen(m_maps));
    m_batch->setEnabled(maps && t && t->shape.size() == 5);
    if (t && t->shape.size() == 5) m_batch->setMaximum(int(std::max<int64_t>(t->shape[0] - 1, 0)));
    m_vectors->setEnabled(!qkv);
    for (QComboBox* c : {m_q, m_k, m_v}) c->setEnabled(qkv);
    m_problem->clear();
}

void TensorImportDialog::accept() {
    if (Status s = roles().check(m_file); !s) {
        m_problem->setText(coreMessage(s));
        return;
    }
    QDialog::accept();
}

}  // namespace attnscope
