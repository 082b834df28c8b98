#pragma once
// MainWindow: docks and actions only. Owns the SessionDocument and the Engine; the panels edit
// the document, edits reach the engine after a short collapse timer, and traces go to the views.

#include <QMainWindow>

#include "engine/Engine.h"

class QLabel;
class QMenu;
class QProgressBar;
class QTimer;
class QToolButton;

namespace attnscope {

class SessionDocument;
class TensorImporter;
class ViewDeck;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    bool openSession(const QString& path);
    /// A session, or a tensor file (.npy, .npz, .safetensors, .pt, ...) through the importer.
    bool openFile(const QString& path);
    TensorImporter* importer() const { return m_importer; }
    void loadPreset(const QString& name);
    SessionDocument* document() const { return m_document; }
    ViewDeck* views() const { return m_views; }
    Engine& engine() { return m_engine; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createDocks();
    void createActions();
    void createImport();
    void scheduleCompute();
    void showTrace(TracePtr trace);
    void showError(const QString& message);
    bool saveSessionAs();
    void exportCurrentView();
    void exportAllViews();
    void addRecentFile(const QString& path);
    void rebuildRecentMenu();
    void restoreSettings();

    Engine m_engine;
    SessionDocument* m_document;
    ViewDeck* m_views;
    QTimer* m_collapse;  // bursts of edits become one computation per interval
    bool m_editPending = false;  // an edit arrived within the interval: compute at its end
    QMenu* m_recentMenu = nullptr;
    QLabel* m_backendLabel;
    QLabel* m_timingLabel;
    QProgressBar* m_busy;
    QToolButton* m_cancel;
    TensorImporter* m_importer = nullptr;
};

}  // namespace attnscope
