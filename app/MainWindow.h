#pragma once
// MainWindow: docks and actions only. The LiveSession owns the document, the engine, the edit
// throttle and the current trace; the window wires the panels to its document and its traces and
// options to the views.

#include <QMainWindow>

#include "core/engine/Engine.h"
#include "widgets/document/LiveSession.h"

class QAction;
class QIcon;
class QLabel;
class QMenu;
class QProgressBar;
class QTimer;
class QToolButton;

namespace attnscope {

class SessionDocument;
class TensorImporter;
class ModelOpener;
class ViewDeck;

/// The application icon (every PNG size of resources/icons), for the window and QApplication.
QIcon applicationIcon();

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    bool openSession(const QString& path);
    /// A session, or a tensor file (.npy, .npz, .safetensors, .pt, ...) through the importer.
    bool openFile(const QString& path);
    TensorImporter* importer() const { return m_importer; }
    ModelOpener* modelOpener() const { return m_opener; }
    /// On the very first start (no last session, never done before), opens the demo model when
    /// it is on this machine; true when it does.
    bool openDemoOnFirstStart();
    /// The layer shown of a layered source (a model or maps with layers), one step up or down.
    void stepLayer(int delta);
    void loadPreset(const QString& name);
    SessionDocument* document() const { return m_document; }
    ViewDeck* views() const { return m_views; }
    Engine& engine() { return m_session->engine(); }
    LiveSession* session() const { return m_session; }

    /// Whether quitting or opening another session asks about unsaved edits (tests turn it off).
    void setAskBeforeDiscarding(bool ask) { m_askBeforeDiscarding = ask; }
    /// Asks to save unsaved edits before `action` ("Quit", "Open session"); false: cancelled.
    bool maybeDiscardChanges(const QString& action);
    void showMaskLanguage();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createDocks();
    void createActions();
    void createImport();
    void createModelOpener();
    /// View → Language: English and Simplified Chinese; a choice applies at the next start.
    void createLanguageMenu(QMenu* view);
    /// Shows `layer` (of a model or of loaded maps) and `head` in Heads and the inspector.
    void showLayerHead(int layer, int head);
    void showHeadsTab();
    /// Cancel: the model being opened and the computation running.
    void cancelWork();
    void showTrace(TracePtr trace);
    void showError(const QString& message);
    void setBackendText(const QString& text, const QString& notice = {});
    bool saveSessionAs();
    void exportCurrentView();
    void exportAllViews();
    void addRecentFile(const QString& path);
    void rebuildRecentMenu();
    void restoreSettings();
    /// Resizes to `wanted`, or to what the screen has room for.
    void fitToScreen(QSize wanted);
    QString lastFolder(const QString& kind) const;
    void rememberFolder(const QString& kind, const QString& path);

    LiveSession* m_session;
    SessionDocument* m_document;  // the session's
    ViewDeck* m_views;
    class ScenarioPanel* m_scenarioPanel = nullptr;
    QMenu* m_recentMenu = nullptr;
    QLabel* m_backendLabel;
    QLabel* m_timingLabel;
    QProgressBar* m_busy;
    QToolButton* m_cancel;
    TensorImporter* m_importer = nullptr;
    ModelOpener* m_opener = nullptr;
    QAction* m_undo = nullptr;
    QAction* m_redo = nullptr;
    bool m_askBeforeDiscarding = true;
    bool m_restoredSession = false;
};

}  // namespace attnscope
