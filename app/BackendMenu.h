#pragma once
// BackendMenu: the "Backend" menu of the main window — Automatic and every device of every family
// in the BackendRegistry — which hands the chosen backend to the Engine and remembers
// the choice in the settings. Creating an OpenCL backend compiles its kernels (a second with a
// warm PoCL cache, more with a cold one), so a choice from the menu is prepared on a worker
// thread while the window stays responsive.

#include <QActionGroup>
#include <QMenu>
#include <memory>

#include "core/backends/BackendRegistry.h"
#include "core/common/LatestResult.h"
#include "core/engine/Engine.h"

namespace attnscope {

class BackendMenu : public QMenu {
    Q_OBJECT
public:
    /// Prepares the saved choice (Automatic when none) for `engine` off the UI thread, as a
    /// choice from the menu is: the engine computes with the CPU until it is ready.
    explicit BackendMenu(Engine& engine, QWidget* parent = nullptr);

    /// Makes `request` the engine's backend once it is created off the UI thread (`preparing`,
    /// then `changed`); the notice (a fallback) goes out with `changed`. A later choice made
    /// while one is being prepared wins.
    void choose(const BackendRequest& request);
    bool isPreparing() const { return m_preparing; }
    const BackendRequest& current() const { return m_current; }
    /// "opencl · NVIDIA H100 … (NVIDIA CUDA, GPU)": the backend the engine now has.
    const QString& label() const { return m_label; }

signals:
    /// `request` is being created (kernels compiled) off the UI thread.
    void preparing(const QString& what);
    /// A new backend is set (`label` names it); the next computation uses it. `notice` says
    /// why it is not what was asked for, when it is not.
    void changed(const QString& label, const QString& notice);

private:
    struct Prepared {
        BackendRequest request;  // what the engine gets (Automatic after a fallback)
        Result<BackendChoice> choice = Error{"not prepared"};
        QString notice;
    };
    static std::shared_ptr<Prepared> prepare(const BackendRequest& request);
    void apply(Prepared& prepared);
    void check(const BackendRequest& request);

    Engine& m_engine;
    bool m_preparing = false;
    QActionGroup* m_group;
    BackendRequest m_current;
    QString m_label;
    LatestResult m_preparation{this};  // the latest choice wins
};

}  // namespace attnscope
