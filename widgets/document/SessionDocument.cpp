#include "widgets/document/SessionDocument.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QUndoCommand>
#include <QUndoStack>

namespace attnscope {

/// One edit of the session: the scenario and the view options before and after (a preset
/// changes both, a display option only the options).
class SessionEditCommand : public QUndoCommand {
public:
    SessionEditCommand(SessionDocument* doc, SessionDocument::State before,
                       SessionDocument::State after, const QString& text, int mergeId)
        : QUndoCommand(text),
          m_doc(doc),
          m_before(std::move(before)),
          m_after(std::move(after)),
          m_id(mergeId) {}
    void undo() override { m_doc->apply(m_before); }
    void redo() override { m_doc->apply(m_after); }
    int id() const override { return m_id; }
    bool mergeWith(const QUndoCommand* other) override {
        if (other->id() != m_id || m_id < 0) return false;
        m_after = static_cast<const SessionEditCommand*>(other)->m_after;
        return true;
    }

private:
    SessionDocument* m_doc;
    SessionDocument::State m_before, m_after;
    int m_id;
};

SessionDocument::SessionDocument(QObject* parent) : QObject(parent), m_undo(new QUndoStack(this)) {
    connect(m_undo, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit modifiedChanged(!clean); });
}

bool SessionDocument::isModified() const {
    return !m_undo->isClean();
}

void SessionDocument::apply(const State& state) {
    if (!(state.options == m_options)) {
        m_options = state.options;
        emit optionsChanged(m_options);
    }
    if (!(state.scenario == m_scenario)) applyScenario(state.scenario);
}

void SessionDocument::applyScenario(const Scenario& scenario, bool everything) {
    ScenarioChanges changes = changesBetween(m_scenario, scenario);
    if (everything) changes = kAllScenarioChanges;
    m_scenario = scenario;
    emit scenarioChanged(m_scenario);
    if (changes) emit changed(changes);
}

void SessionDocument::edit(const Scenario& scenario, const ViewOptions& options,
                           const QString& text, int mergeId) {
    if (scenario == m_scenario && options == m_options) return;
    m_undo->push(
        new SessionEditCommand(this, {m_scenario, m_options}, {scenario, options}, text, mergeId));
}

void SessionDocument::editScenario(const Scenario& scenario, const QString& text, int mergeId) {
    edit(scenario, m_options, text, mergeId);
}

void SessionDocument::setOptions(const ViewOptions& options, const QString& text, int mergeId) {
    edit(m_scenario, options, text.isEmpty() ? tr("Display") : text, mergeId);
}

void SessionDocument::reset(const Scenario& scenario, const ViewOptions& options,
                            const QString& path) {
    m_undo->clear();
    m_path = path;
    emit filePathChanged(m_path);
    m_options = options;
    emit optionsChanged(m_options);
    applyScenario(scenario, true);  // a new session: computed afresh
    m_undo->setClean();
}

QJsonObject SessionDocument::toJson() const {
    QJsonObject o = m_scenario.toJson();
    o["view"] = m_options.toJson();
    return o;
}

Status SessionDocument::save(const QString& path) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return Error{tr("%1: cannot write: %2").arg(path, f.errorString()).toStdString()};
    f.write(QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
    if (!f.commit())
        return Error{tr("%1: write failed: %2").arg(path, f.errorString()).toStdString()};
    m_path = path;
    m_undo->setClean();
    emit filePathChanged(m_path);
    return {};
}

Status SessionDocument::load(const QString& path) {
    auto scenario = Scenario::load(path);
    if (!scenario) return scenario.failure();
    ViewOptions options;
    QFile f(path);
    if (f.open(QIODevice::ReadOnly))
        options = ViewOptions::fromSession(QJsonDocument::fromJson(f.readAll()).object());
    reset(scenario.value(), options, path);
    return {};
}

}  // namespace attnscope
