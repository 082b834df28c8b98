#pragma once
// TensorImportDialog: lists the tensors of an opened file (name, dtype, shape, size) and lets
// the user assign roles — attention maps (logits or probabilities, a batch element when there
// is a batch axis) with optional per-query-block vectors, vectors alone, or Q/K/V to compute
// from. Starts from TensorRoles::suggest; the roles are checked before the dialog accepts.

#include <QDialog>

#include "core/io/TensorFile.h"
#include "core/io/TensorRoles.h"

class QComboBox;
class QLabel;
class QRadioButton;
class QSpinBox;
class QTableWidget;

namespace attnscope {

class TensorImportDialog : public QDialog {
    Q_OBJECT
public:
    TensorImportDialog(const TensorFile& file, QWidget* parent = nullptr);

    TensorRoles roles() const;
    void setRoles(const TensorRoles& roles);
    QTableWidget* table() const { return m_table; }

    void accept() override;

private:
    void updateEnabled();

    const TensorFile& m_file;
    QTableWidget* m_table;
    QRadioButton* m_useMaps;
    QRadioButton* m_useVectors;
    QRadioButton* m_useQkv;
    QComboBox* m_maps;
    QComboBox* m_kind;
    QSpinBox* m_batch;
    QComboBox* m_vectors;
    QComboBox* m_q;
    QComboBox* m_k;
    QComboBox* m_v;
    QLabel* m_problem;
};

}  // namespace attnscope
