#include "app/BackendMenu.h"

#include <QRegularExpression>
#include <QSettings>

#include "widgets/i18n/CoreMessages.h"

namespace attnscope {

namespace {
constexpr const char* kBackendKey = "compute/backend";
constexpr const char* kDeviceKey = "compute/device";
}  // namespace

BackendMenu::BackendMenu(Engine& engine, QWidget* parent)
    : QMenu(tr("&Backend"), parent), m_engine(engine), m_group(new QActionGroup(this)) {
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
    add(tr("&Automatic (a GPU if there is one, else the CPU)"), {"auto", -1, {}});
    addSeparator();
    std::vector<Message> problems;
    const BackendRegistry& registry = BackendRegistry::builtin();
    for (const BackendDevice& d : registry.devices(&problems))
        add(coreMessage(d.label), {d.id, -1, {}});
    for (const Message& problem : problems) {
        QAction* none = addAction(tr("No devices: %1").arg(coreMessage(problem)));
        none->setEnabled(false);
    }

    // Settings of earlier versions stored a family and a device index; both still load.
    QSettings settings;
    BackendRequest saved{settings.value(kBackendKey, "auto").toString().toStdString(),
                         settings.value(kDeviceKey, -1).toInt(),
                         {}};
    if (saved.device >= 0 && saved.backend.find(':') == std::string::npos)
        saved.backend += ":" + std::to_string(saved.device);
    saved.device = -1;
    choose(saved);
}

std::shared_ptr<BackendMenu::Prepared> BackendMenu::prepare(const BackendRequest& request) {
    auto p = std::make_shared<Prepared>();
    p->request = request;
    const BackendRegistry& registry = BackendRegistry::builtin();
    p->choice = registry.create(request);
    if (!p->choice) {  // a saved device that is gone: take Automatic instead
        p->notice = coreMessage(p->choice);
        p->request = BackendRequest{};
        p->choice = registry.create(p->request);
    } else {
        p->notice = coreMessage(p->choice->notice);
    }
    return p;
}

void BackendMenu::check(const BackendRequest& request) {
    const QStringList key{QString::fromStdString(request.backend), QString::number(request.device)};
    for (QAction* a : m_group->actions()) a->setChecked(a->data().toStringList() == key);
}

void BackendMenu::choose(const BackendRequest& request) {
    m_current = request;
    check(request);  // the menu shows the choice at once
    m_preparing = true;
    QString what = tr("Automatic");
    // Without the mnemonic, also in the "(&A)" form translations put after the text.
    static const QRegularExpression mnemonic(R"(\(&\w\)|&(?=\w))");
    for (QAction* a : m_group->actions())
        if (a->isChecked()) what = a->text().remove(mnemonic);
    emit preparing(what);
    // Compiled on the shared worker pool; a later choice overtakes this one.
    m_preparation.run<std::shared_ptr<Prepared>>(
        [request] { return prepare(request); },
        [this](Result<std::shared_ptr<Prepared>> prepared) {
            m_preparing = false;
            if (prepared) apply(**prepared);
        });
}

void BackendMenu::apply(Prepared& prepared) {
    if (!prepared.choice) return;  // not even the CPU backend: keep the engine's
    m_current = prepared.request;
    check(m_current);
    QSettings settings;
    settings.setValue(kBackendKey, QString::fromStdString(m_current.backend));
    settings.remove(kDeviceKey);  // the id says the device
    BackendChoice& choice = prepared.choice.value();
    m_label = QString::fromStdString(choice.backend->name()) + QStringLiteral(" · ") +
              coreMessage(choice.backend->device());
    m_engine.setBackend(std::move(choice.backend));
    emit changed(m_label, prepared.notice);
}

}  // namespace attnscope
