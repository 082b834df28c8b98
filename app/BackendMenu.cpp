#include "BackendMenu.h"

#include <QSettings>

namespace attnscope {

namespace {
constexpr const char* kBackendKey = "compute/backend";
constexpr const char* kDeviceKey = "compute/device";
}  // namespace

BackendMenu::BackendMenu(Engine& engine, QWidget* parent)
    : QMenu("&Backend", parent), m_engine(engine), m_group(new QActionGroup(this)) {
    setObjectName("backendMenu");
    auto add = [this](const QString& text, const BackendRequest& request) {
        QAction* a = addAction(text);
        a->setCheckable(true);
        a->setData(
            QStringList{QString::fromStdString(request.backend), QString::number(request.device)});
        m_group->addAction(a);
        connect(a, &QAction::triggered, this, [this, request] { choose(request); });
        return a;
    };
    add("&Automatic (a GPU if there is one, else the CPU)", {"auto", -1});
    addSeparator();
    std::string problem;
    for (const BackendOption& o : BackendRegistry::options(&problem))
        add(QString::fromStdString(o.label), {o.backend, o.device});
    if (!problem.empty()) {
        QAction* none = addAction("OpenCL: " + QString::fromStdString(problem));
        none->setEnabled(false);
    }

    QSettings settings;
    BackendRequest saved{settings.value(kBackendKey, "auto").toString().toStdString(),
                         settings.value(kDeviceKey, -1).toInt()};
    choose(saved);
}

void BackendMenu::choose(const BackendRequest& request) {
    auto choice = BackendRegistry::create(request);
    QString notice;
    if (!choice) {  // a saved device that is gone: take Automatic instead
        notice = QString::fromStdString(choice.error());
        m_current = BackendRequest{};
        choice = BackendRegistry::create(m_current);
        if (!choice) return;
    } else {
        m_current = request;
        notice = QString::fromStdString(choice->notice);
    }
    const QStringList key{QString::fromStdString(m_current.backend),
                          QString::number(m_current.device)};
    for (QAction* a : m_group->actions()) a->setChecked(a->data().toStringList() == key);
    QSettings settings;
    settings.setValue(kBackendKey, key[0]);
    settings.setValue(kDeviceKey, m_current.device);
    m_label = QString::fromStdString(choice->backend->name() + " · " + choice->backend->device());
    m_engine.setBackend(std::move(choice->backend));
    emit changed(m_label, notice);
}

}  // namespace attnscope
