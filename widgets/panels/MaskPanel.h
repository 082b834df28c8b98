#pragma once
// MaskPanel: the dock that edits the Scenario's mask expression (SPEC §4). Parses and validates
// as the user types; a valid expression is pushed to the SessionDocument, an invalid one is
// marked where it fails and kept out of the document. Also offers atom buttons and the presets.

#include <QWidget>
#include <utility>

class QComboBox;
class QLabel;
class QLineEdit;

namespace attnscope {

class SessionDocument;
struct Scenario;

class MaskPanel : public QWidget {
    Q_OBJECT
public:
    explicit MaskPanel(SessionDocument* doc, QWidget* parent = nullptr);

    QString statusText() const;
    bool isValid() const { return m_valid; }
    /// The characters marked as wrong: [start, start + length) of the text; length 0 when valid.
    std::pair<int, int> errorRange() const { return m_errorRange; }

signals:
    /// The user chose a preset; the main window resets the document to it.
    void presetRequested(const QString& name);
    /// The mask field's text is invalid (why), or valid again (empty): while it is invalid the
    /// views go on showing the last valid mask, and say so.
    void draftInvalid(const QString& problem);

private:
    void buildUi();
    /// Checks the text against the document's shape; returns whether it is valid.
    bool check(const QString& text);
    void onTextChanged(const QString& text);
    void showScenario(const Scenario& scenario);
    void insertAtom(const QString& atom);
    QString atomText(const QString& name) const;
    void markError(int start, int length);

    SessionDocument* m_doc;
    QLineEdit* m_edit = nullptr;
    QLabel* m_status = nullptr;
    QComboBox* m_presets = nullptr;
    bool m_valid = true;
    std::pair<int, int> m_errorRange{0, 0};
};

}  // namespace attnscope
