#pragma once
// ScenarioPanel: the dock that edits the Scenario's source (a model's text, with its tokens as
// chips), shapes and attention parameters of a SessionDocument. Keeps a draft of what the controls show; pushes it as an undoable edit only
// when it validates, otherwise shows the reason and leaves the document's last valid scenario.

#include <QWidget>
#include <functional>
#include <optional>
#include <vector>

#include "core/engine/Scenario.h"

class QCheckBox;
class QComboBox;
class QFormLayout;
class QDoubleSpinBox;
class QLabel;
class QGroupBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTimer;

namespace attnscope {

class SessionDocument;

class ScenarioPanel : public QWidget {
    Q_OBJECT
public:
    explicit ScenarioPanel(SessionDocument* doc, QWidget* parent = nullptr);

    /// What the controls show; differs from the document's scenario while it does not validate.
    const Scenario& draft() const { return m_draft; }
    /// Why the draft was not pushed; empty when it was.
    QString errorText() const;

    /// The model of the scenario is loaded (a computation ran it): its tokens and summary show.
    void modelLoaded();

    /// "0, 4, 6" → {0, 4, 6}; nullopt when an entry is not a non-negative integer.
    static std::optional<std::vector<int>> parseHeadList(const QString& text);
    static QString formatHeadList(const std::vector<int>& heads);

private:
    void buildUi();
    QSpinBox* makeSpin(const QString& name, const QString& tip, int min, int max, int mergeId,
                       const QString& what, std::function<void(Scenario&, int)> apply);
    void edit(int mergeId, const QString& what, const std::function<void(Scenario&)>& change);
    void showScenario(const Scenario& scenario);
    void setError(const QString& message);
    /// The token chips and count of the text in the model's text box (its tokenizer, live).
    void showTokens();
    void showTokenTip(const QString& link);

    SessionDocument* m_doc;
    Scenario m_draft;

    QComboBox* m_pattern = nullptr;
    QSpinBox* m_seed = nullptr;
    QLineEdit* m_sinkHeads = nullptr;
    QSpinBox* m_batch = nullptr;
    QSpinBox* m_heads = nullptr;
    QSpinBox* m_kvHeads = nullptr;
    QSpinBox* m_qLen = nullptr;
    QSpinBox* m_kvLen = nullptr;
    QSpinBox* m_dModel = nullptr;
    QSpinBox* m_dHead = nullptr;
    QCheckBox* m_cross = nullptr;
    QCheckBox* m_autoScale = nullptr;
    QDoubleSpinBox* m_scale = nullptr;
    QSpinBox* m_qOffset = nullptr;
    QSpinBox* m_kvOffset = nullptr;
    QSpinBox* m_layer = nullptr;
    QLabel* m_error = nullptr;
    QLabel* m_sourceNote = nullptr;  // what a file source decides
    // A model source: its summary, its text (committed after a pause in typing) and its tokens.
    QGroupBox* m_modelGroup = nullptr;
    QLabel* m_modelSummary = nullptr;
    QPlainTextEdit* m_modelText = nullptr;
    QLabel* m_tokenCount = nullptr;
    QLabel* m_tokenChips = nullptr;
    QFormLayout* m_sourceForm = nullptr;  // pattern, seed, sink heads
    QTimer* m_textCommit = nullptr;
    std::vector<std::pair<int64_t, std::pair<int64_t, int64_t>>> m_chipInfo;  // id, byte range
};

}  // namespace attnscope
