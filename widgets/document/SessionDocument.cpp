#include "widgets/document/SessionDocument.h"

#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QUndoCommand>
#include <QUndoStack>

namespace attnscope {

/// One scenario edit: the scenario before and after.
class ScenarioEditCommand : public QUndoCommand {
public:
    ScenarioEditCommand(SessionDocument* doc, Scenario before, Scenario after, const QString& text,
                        int mergeId)
        : QUndoCommand(text),
          m_doc(doc),
          m_before(std::move(before)),
          m_after(std::move(after)),
          m_id(mergeId) {}
    void undo() override { m_doc->applyScenario(m_before); }
    void redo() override { m_doc->applyScenario(m_after); }
    int id() const override { return m_id; }
    bool mergeWith(const QUndoCommand* other) override {
        if (other->id() != m_id || m_id < 0) return false;
        m_after = static_cast<const ScenarioEditCommand*>(other)->m_after;
        return true;
    }

private:
    SessionDocument* m_doc;
    Scenario m_before, m_after;
    int m_id;
};

SessionDocument::SessionDocument(QObject* parent) : QObject(parent), m_undo(new QUndoStack(this)) {}

void SessionDocument::applyScenario(const Scenario& scenario, bool everything) {
    ScenarioChanges changes = changesBetween(m_scenario, scenario);
    if (everything) changes = kAllScenarioChanges;
    m_scenario = scenario;
    emit scenarioChanged(m_scenario);
    if (changes) emit changed(changes);
}

void SessionDocument::editScenario(const Scenario& scenario, const QString& text, int mergeId) {
    if (scenario == m_scenario) return;
    m_undo->push(new ScenarioEditCommand(this, m_scenario, scenario, text, mergeId));
}

void SessionDocument::setOptions(const ViewOptions& options) {
    if (options == m_options) return;
    m_options = options;
    emit optionsChanged(m_options);
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
        return Error{path.toStdString() + ": cannot write: " + f.errorString().toStdString()};
    f.write(QJsonDocument(toJson()).toJson(QJsonDocument::Indented));
    if (!f.commit())
        return Error{path.toStdString() + ": write failed: " + f.errorString().toStdString()};
    m_path = path;
    m_undo->setClean();
    emit filePathChanged(m_path);
    return {};
}

Status SessionDocument::load(const QString& path) {
    auto scenario = Scenario::load(path);
    if (!scenario) return Error{scenario.error()};
    ViewOptions options;
    QFile f(path);
    if (f.open(QIODevice::ReadOnly))
        options = ViewOptions::fromSession(QJsonDocument::fromJson(f.readAll()).object());
    reset(scenario.value(), options, path);
    return {};
}

}  // namespace attnscope
