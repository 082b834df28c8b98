#pragma once
// TensorImporter: opens tensor files for the main window (File → Open tensor file, drag and
// drop, `attnscope FILE`). It lists the file, asks for roles unless they are obvious, and hands
// back a Scenario: an attention-map source (with a layer selector when the maps have a layer
// axis) or a tensor source computing from Q/K/V in the file. Either is an undoable edit of the
// document, saved in session files. A file that fails to load only reports why: nothing already
// loaded changes.

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

    /// "Layer" spin box for attention maps; visible only while the scenario is a map source with
    /// several layers.
    QWidget* layerSelector() const { return m_layerBox; }
    /// Shows the layer selector for `scenario` (hidden unless it is a map source with layers).
    void showLayers(const Scenario& scenario);

signals:
    /// Attention maps opened: the scenario of a map source, and how its values are to be shown.
    void mapsImported(const attnscope::Scenario& scenario, attnscope::ValueKind kind);
    /// The layer selector chose another layer of the maps.
    void layerChosen(int layer);
    void scenarioImported(const attnscope::Scenario& scenario);
    void failed(const QString& message);

private:
    bool apply(const TensorFile& file, const TensorRoles& roles);

    QWidget* m_window;
    bool m_interactive = true;
    QWidget* m_layerBox;
    QSpinBox* m_layerSpin;
};

}  // namespace attnscope
