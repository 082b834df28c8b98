#pragma once
// DisplayPanel: the dock that edits the SessionDocument's ViewOptions (SPEC §6) — value kind and
// colormap, range and origin, frames and query selection, pooling, batch / head / grid columns.

#include <QWidget>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "widgets/views/ViewOptions.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace attnscope {

class SessionDocument;
struct Scenario;

class DisplayPanel : public QWidget {
    Q_OBJECT
public:
    explicit DisplayPanel(SessionDocument* doc, QWidget* parent = nullptr);

    /// "16-18", "16, 17, 18" or "0-2, 7" → the indices in order; empty text → {}; nullopt when
    /// the text is not a list of non-negative indices and ascending ranges.
    static std::optional<std::vector<int64_t>> parseSelection(const QString& text);
    /// The shortest form parseSelection reads back: runs of three or more become "a-b".
    static QString formatSelection(const std::vector<int64_t>& selection);

private:
    void buildUi();
    QComboBox* makeCombo(const QString& name, const QString& tip, const QStringList& items);
    QSpinBox* makeSpin(const QString& name, const QString& tip, int min, int max);
    void edit(const std::function<void(ViewOptions&)>& change, int mergeId = -1);
    static constexpr int kSelectionEdit = 2001;  // merge id: typing a query selection
    void showOptions(const ViewOptions& options);
    void showScenario(const Scenario& scenario);

    SessionDocument* m_doc;
    QComboBox* m_valueKind = nullptr;
    QComboBox* m_colormap = nullptr;
    QCheckBox* m_symmetric = nullptr;
    QCheckBox* m_originLower = nullptr;
    QSpinBox* m_tokensPerFrame = nullptr;
    QCheckBox* m_sampled = nullptr;
    QSpinBox* m_maxPositions = nullptr;
    QLineEdit* m_selection = nullptr;
    QComboBox* m_framePooling = nullptr;
    QComboBox* m_detailPooling = nullptr;
    QSpinBox* m_batch = nullptr;
    QSpinBox* m_head = nullptr;
    QSpinBox* m_columns = nullptr;
    QSpinBox *m_boxWidth = nullptr, *m_boxHeight = nullptr, *m_spacing = nullptr;
};

}  // namespace attnscope
