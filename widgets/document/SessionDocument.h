#pragma once
// SessionDocument: the open session — the Scenario (edited through undoable commands) and the
// ViewOptions. A scenario edit says what kind of field changed (ScenarioChanges), so that the
// LiveSession computes only when it must. Panels edit it. Owns the QUndoStack.

#include <QObject>
#include <QString>

#include "core/common/Result.h"
#include "core/engine/Scenario.h"
#include "widgets/views/ViewOptions.h"

class QUndoStack;

namespace attnscope {

class SessionDocument : public QObject {
    Q_OBJECT
public:
    explicit SessionDocument(QObject* parent = nullptr);

    const Scenario& scenario() const { return m_scenario; }
    const ViewOptions& options() const { return m_options; }
    QUndoStack* undoStack() const { return m_undo; }
    QString filePath() const { return m_path; }

    /// What one undo step restores.
    struct State {
        Scenario scenario;
        ViewOptions options;
    };

    /// Replaces the scenario and the options as one undoable edit (a preset); consecutive edits
    /// with the same mergeId (a spin box being stepped, a field being typed) collapse into one
    /// undo step.
    void edit(const Scenario& scenario, const ViewOptions& options, const QString& text,
              int mergeId = -1);
    /// The scenario alone, as one undoable edit.
    void editScenario(const Scenario& scenario, const QString& text, int mergeId = -1);
    /// The view options alone, as one undoable edit (named "Display" when `text` is empty).
    void setOptions(const ViewOptions& options, const QString& text = {}, int mergeId = -1);
    /// Whether there are edits since the last save or open.
    bool isModified() const;
    /// Starts over from `scenario` (preset, opened file): clears the undo history.
    void reset(const Scenario& scenario, const ViewOptions& options = {}, const QString& path = {});

    QJsonObject toJson() const;
    Status save(const QString& path);  // atomic
    /// Loads a session file; on failure nothing changes and the message says why.
    Status load(const QString& path);

signals:
    /// The scenario changed; `changes` says which kinds of field (a reset says all of them).
    void changed(attnscope::ScenarioChanges changes);
    void scenarioChanged(const attnscope::Scenario& scenario);
    void optionsChanged(const attnscope::ViewOptions& options);
    void filePathChanged(const QString& path);
    /// Edits since the last save or open appeared, or were undone or saved.
    void modifiedChanged(bool modified);

private:
    friend class SessionEditCommand;
    void apply(const State& state);
    void applyScenario(const Scenario& scenario, bool everything = false);

    Scenario m_scenario;
    ViewOptions m_options;
    QUndoStack* m_undo;
    QString m_path;
};

}  // namespace attnscope
