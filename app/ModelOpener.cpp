#include "app/ModelOpener.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QSettings>
#include <QWidget>
#include <thread>

#include "core/model/GgufModel.h"
#include "core/model/ModelCache.h"
#include "widgets/i18n/CoreMessages.h"

namespace attnscope {

namespace {
constexpr int kMaxRecentModels = 8;

QString cacheHome() {
    return qEnvironmentVariableIsSet("XDG_CACHE_HOME") ? qEnvironmentVariable("XDG_CACHE_HOME")
                                                       : QDir::homePath() + "/.cache";
}
}  // namespace

ModelOpener::ModelOpener(QWidget* window) : QObject(window) {}

ModelOpener::~ModelOpener() {
    ++*m_generation;
}  // a load still running reports to no one

bool ModelOpener::isModel(const QString& path) {
    const QFileInfo info(path);
    if (info.isFile()) return GgufModel::isGguf(path);
    return info.isDir() && QFileInfo(QDir(path).filePath("config.json")).isFile();
}

QString ModelOpener::defaultText() {
    return QStringLiteral(
        "The quick brown fox jumps over the lazy dog. Attention heads often park their "
        "probability on the first token, an attention sink, when nothing else in the text "
        "needs it.");
}

QStringList ModelOpener::modelsOnThisMachine() {
    QStringList out;
    const QString demo = qEnvironmentVariableIsSet("ATTNSCOPE_MODELS_DIR")
                             ? qEnvironmentVariable("ATTNSCOPE_MODELS_DIR")
                             : cacheHome() + "/attnscope/models";
    for (const QString& name :
         QDir(demo).entryList(QDir::Dirs | QDir::Files | QDir::NoDotAndDotDot))
        if (isModel(demo + "/" + name)) out << QDir(demo).filePath(name);
    const QString hub = qEnvironmentVariableIsSet("HF_HOME")
                            ? qEnvironmentVariable("HF_HOME") + "/hub"
                            : cacheHome() + "/huggingface/hub";
    for (const QString& repo : QDir(hub).entryList({"models--*"}, QDir::Dirs)) {
        const QDir snaps(hub + "/" + repo + "/snapshots");
        for (const QString& snap : snaps.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            if (isModel(snaps.filePath(snap))) out << snaps.filePath(snap);
            const QDir files(snaps.filePath(snap));
            for (const QString& f : files.entryList({"*.gguf"}, QDir::Files))
                out << files.filePath(f);
        }
    }
    return out;
}

QString ModelOpener::demoModel() {
    const QString demo = qEnvironmentVariableIsSet("ATTNSCOPE_MODELS_DIR")
                             ? qEnvironmentVariable("ATTNSCOPE_MODELS_DIR")
                             : cacheHome() + "/attnscope/models";
    const QString smol = demo + "/SmolLM2-135M-Instruct.Q4_1.gguf";
    return isModel(smol) ? smol : QString();
}

QStringList ModelOpener::recentModels() {
    return QSettings().value("recentModels").toStringList();
}

void ModelOpener::cancel() {
    if (m_loading == 0) return;
    ++*m_generation;
    emit cancelled();
}

void ModelOpener::open(const QString& path, const QString& text) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const int generation = ++*m_generation;
    ++m_loading;
    emit started(absolute);
    QPointer<ModelOpener> self(this);
    auto current = m_generation;
    std::thread([self, current, generation, absolute, text] {
        // Loading converts every weight to float32: seconds for a large model, off the UI thread.
        auto model = ModelCache::shared().model(absolute.toStdString(), [current, generation] {
            return current->load() != generation;  // cancelled or replaced by a newer request
        });
        QMetaObject::invokeMethod(
            qApp,
            [self, current, generation, absolute, text, model]() {
                if (!self) return;
                --self->m_loading;
                if (current->load() != generation) return;  // a newer request replaced it
                if (!model) {
                    emit self->failed(coreMessage(model));
                    return;
                }
                const ModelConfig& c = model.value()->config();
                Scenario s;
                s.source = SourceKind::Model;
                s.name = QFileInfo(absolute).isFile()
                             ? QFileInfo(absolute).completeBaseName().toStdString()
                             : QFileInfo(absolute).fileName().toStdString();
                if (s.name == "model" || s.name.size() == 40)  // a pip package's or a snapshot's
                    s.name = QFileInfo(QFileInfo(absolute).path()).fileName().toStdString();
                s.description = model.value()->summary();
                s.modelPath = absolute.toStdString();
                s.modelText = text.toStdString();
                s.mask.clear();
                s.layer = 0;
                s.mapsLayers = c.layers;
                s.heads = c.heads;
                s.kvHeads = c.kvHeads;
                s.dHead = c.dHead;
                s.dModel = c.hidden;
                s.outputProjection = false;
                QSettings settings;
                QStringList recent = settings.value("recentModels").toStringList();
                recent.removeAll(absolute);
                recent.prepend(absolute);
                settings.setValue("recentModels", recent.mid(0, kMaxRecentModels));
                emit self->opened(s);
            },
            Qt::QueuedConnection);
    }).detach();
}

}  // namespace attnscope
