#pragma once
// BackendMenu: the "Backend" menu of the main window — Automatic, the CPU backend and every
// OpenCL device of BackendRegistry — which hands the chosen backend to the Engine and remembers
// the choice in the settings.

#include <QActionGroup>
#include <QMenu>

#include "engine/BackendRegistry.h"
#include "engine/Engine.h"

namespace attnscope {

class BackendMenu : public QMenu {
    Q_OBJECT
public:
    /// Applies the saved choice (Automatic when none) to `engine` at once.
    explicit BackendMenu(Engine& engine, QWidget* parent = nullptr);

    /// Makes `request` the engine's backend; the notice (a fallback) goes out with `changed`.
    void choose(const BackendRequest& request);
    const BackendRequest& current() const { return m_current; }
    /// "opencl · NVIDIA H100 … (NVIDIA CUDA, GPU)": the backend the engine now has.
    const QString& label() const { return m_label; }

signals:
    /// A new backend is set (`label` names it); the next computation uses it. `notice` says
    /// why it is not what was asked for, when it is not.
    void changed(const QString& label, const QString& notice);

private:
    Engine& m_engine;
    QActionGroup* m_group;
    BackendRequest m_current;
    QString m_label;
};

}  // namespace attnscope
