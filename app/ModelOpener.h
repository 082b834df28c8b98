#pragma once
// ModelOpener: opens models for the main window (File → Open model…, drag and drop of a folder,
// `attnscope FOLDER`, recent models and the models found on this machine). The model is loaded on
// a worker thread — the window stays responsive — into the ModelCache, and handed back as the
// Scenario of a model source (its text, layer 0, its own mask); opening it is then one undoable
// edit of the document. A model that fails to open only reports why: nothing loaded changes.

#include <QObject>
#include <QStringList>
#include <atomic>
#include <memory>

#include "core/engine/Scenario.h"

class QWidget;

namespace attnscope {

class ModelOpener : public QObject {
    Q_OBJECT
public:
    explicit ModelOpener(QWidget* window);
    ~ModelOpener() override;

    /// A Hugging Face model folder (it holds a config.json) or a GGUF file.
    static bool isModel(const QString& path);
    /// The text a newly opened model starts with.
    static QString defaultText();
    /// Model folders on this machine: the demo models' folder ($ATTNSCOPE_MODELS_DIR or
    /// ~/.cache/attnscope/models) and the Hugging Face cache ($HF_HOME/hub or
    /// ~/.cache/huggingface/hub/models--*/snapshots/*).
    static QStringList modelsOnThisMachine();
    static QStringList recentModels();
    /// The demo model a first start opens (SmolLM2, from scripts/fetch-demo-models.sh), or empty.
    static QString demoModel();

    /// Starts loading `path`; opened() or failed() follows. A second request replaces the first.
    void open(const QString& path, const QString& text = defaultText());
    bool isLoading() const { return m_loading > 0; }
    /// Drops the model being loaded: nothing opens and the model loaded before stays (the file
    /// is still read to its end on the worker, off the UI thread). cancelled() follows at once.
    void cancel();

signals:
    void started(const QString& path);
    void cancelled();
    /// The model is loaded: the scenario that shows it.
    void opened(const attnscope::Scenario& scenario);
    void failed(const QString& message);

private:
    std::atomic<int> m_loading{0};
    std::shared_ptr<std::atomic<int>> m_generation = std::make_shared<std::atomic<int>>(0);
};

}  // namespace attnscope
