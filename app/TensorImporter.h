#pragma once
// TensorImporter: opens tensor files for the main window (File → Open tensor file, drag and
// drop, `attnscope FILE`). It lists the file, asks for roles unless they are obvious, and hands
// back either a Trace of imported attention maps (with a layer selector when the maps have a
// layer axis) or a Scenario computing from Q/K/V in the file. A file that fails to load only
// reports why: nothing already loaded changes.

#include <QObject>
#include <memory>
#include <optional>

#include "core/engine/ImportedAttention.h"
#include "core/engine/Scenario.h"
#include "widgets/views/ViewOptions.h"

class QSpinBox;
class QWidget;

namespace attnscope {

class TensorFile;

class TensorImporter : public QObject {
    Q_OBJECT
public:
    explicit TensorImporter(QWidget* window);

    /// True when `path` names a file the importer reads (by extension), for drops and FILE.
    static bool isTensorFile(const QString& path);

    /// Opens `path`; false when it failed (failed() says why) or the user cancelled.
    bool open(const QString& path);
    /// Without dialogs: the suggested roles are taken as they are (tests, scripting).
    void setInteractive(bool interactive) { m_interactive = interactive; }

    /// "Layer" spin box for the imported maps; visible only while they have several layers.
    QWidget* layerSelector() const { return m_layerBox; }
    int64_t layer() const { return m_layer; }
    void setLayer(int64_t layer);
    /// Forgets the imported maps (a computed trace replaced them) and hides the layer selector.
    void clear();

signals:
    void attentionImported(attnscope::TracePtr trace, attnscope::ValueKind kind);
    /// Another layer of the same maps was chosen.
    void traceChanged(attnscope::TracePtr trace);
    void scenarioImported(const attnscope::Scenario& scenario);
    void failed(const QString& message);

private:
    bool apply(const TensorFile& file, const TensorRoles& roles);

    QWidget* m_window;
    bool m_interactive = true;
    std::optional<ImportedAttention> m_imported;
    int64_t m_layer = 0;
    QWidget* m_layerBox;
    QSpinBox* m_layerSpin;
};

}  // namespace attnscope
