#include "app/MainWindow.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QIcon>
#include <QInputDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>

#include "app/BackendMenu.h"
#include "app/TensorImporter.h"
#include "core/backends/BackendRegistry.h"
#include "core/presets/Presets.h"
#include "widgets/document/SessionDocument.h"
#include "widgets/export/FigureExporter.h"
#include "widgets/inspector/StepInspectorView.h"
#include "widgets/panels/DisplayPanel.h"
#include "widgets/panels/MaskPanel.h"
#include "widgets/panels/ScenarioPanel.h"
#include "widgets/views/FigureView.h"
#include "widgets/views/ViewDeck.h"

// Outside any namespace, as Qt requires: the icons of the static attnscope_app library.
static void initResources() {
    Q_INIT_RESOURCE(attnscope);
}

namespace attnscope {

QIcon applicationIcon() {
    initResources();
    QIcon icon;
    for (int n : {16, 24, 32, 48, 64, 128, 256})
        icon.addFile(QString(":/icons/attnscope-%1.png").arg(n), QSize(n, n));
    return icon;
}

namespace {
constexpr int kMaxRecent = 8;
QString lastSessionPath() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           "/last.attnscope.json";
}
}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      // The CPU until the Backend menu has prepared the saved choice off the UI thread.
      m_session(new LiveSession(BackendRegistry::builtin().create({"cpu", -1, {}}).value().backend,
                                this)),
      m_document(m_session->document()),
      m_views(new ViewDeck(this)),
      m_backendLabel(new QLabel(this)),
      m_timingLabel(new QLabel(this)),
      m_busy(new QProgressBar(this)),
      m_cancel(new QToolButton(this)) {
    setWindowTitle("AttnScope");
    setObjectName("mainWindow");
    setWindowIcon(applicationIcon());  // dialogs parented to the window inherit it
    resize(1500, 950);
    setCentralWidget(m_views);

    createDocks();
    createActions();

    m_busy->setRange(0, 100);
    m_busy->setMaximumWidth(140);
    m_busy->hide();
    m_cancel->setText("Cancel");
    m_cancel->hide();
    connect(m_cancel, &QToolButton::clicked, m_session, &LiveSession::cancel);
    statusBar()->addPermanentWidget(m_busy);
    statusBar()->addPermanentWidget(m_cancel);
    statusBar()->addPermanentWidget(m_timingLabel);
    statusBar()->addPermanentWidget(m_backendLabel);

    connect(m_session, &LiveSession::optionsChanged, m_views, &ViewDeck::setOptions);
    connect(m_document, &SessionDocument::filePathChanged, this, [this](const QString& path) {
        setWindowTitle(path.isEmpty() ? "AttnScope" : QFileInfo(path).fileName() + " — AttnScope");
    });
    connect(m_session, &LiveSession::computeStarted, this, [this] {
        m_busy->setRange(0, 100);
        m_busy->setValue(0);
        m_busy->setFormat("computing %p%");
        m_busy->show();
        m_cancel->show();
    });
    connect(m_session, &LiveSession::progress, this, [this](int percent) {
        if (m_busy->maximum() > 0) m_busy->setValue(percent);
    });
    // After the engine, the visible view's data is prepared off the UI thread: say so.
    connect(m_views, &ViewDeck::preparingChanged, this, [this](bool preparing) {
        if (preparing) {
            m_busy->setRange(0, 0);
            m_busy->show();
        } else if (!m_session->engine().isBusy()) {
            m_busy->hide();
        }
    });
    connect(m_session, &LiveSession::traceChanged, this, &MainWindow::showTrace);
    connect(m_session, &LiveSession::failed, this, &MainWindow::showError);
    connect(m_session, &LiveSession::cancelled, this, [this] {
        m_busy->hide();
        m_cancel->hide();
        statusBar()->showMessage("Computation cancelled", 4000);
    });
    restoreSettings();
    createImport();
}

MainWindow::~MainWindow() = default;

void MainWindow::createImport() {
    m_importer = new TensorImporter(this);
    setAcceptDrops(true);
    statusBar()->addPermanentWidget(m_importer->layerSelector());
    connect(m_importer, &TensorImporter::mapsImported, this,
            [this](const Scenario& s, ValueKind kind) {
                ViewOptions options = m_document->options();
                options.valueKind = kind;
                m_document->setOptions(options);
                m_document->editScenario(s, "Open attention maps");
            });
    connect(m_importer, &TensorImporter::layerChosen, this, [this](int layer) {
        Scenario s = m_document->scenario();
        if (s.source != SourceKind::AttentionMaps || s.layer == layer) return;
        s.layer = layer;
        m_document->editScenario(s, "Layer " + QString::number(layer));
    });
    // The selector follows the document (undo, a preset, an opened session).
    connect(m_document, &SessionDocument::scenarioChanged, m_importer, &TensorImporter::showLayers);
    connect(m_importer, &TensorImporter::scenarioImported, this,
            [this](const Scenario& s) { m_document->editScenario(s, "Open Q/K/V"); });
    connect(m_importer, &TensorImporter::failed, this, [this](const QString& message) {
        statusBar()->showMessage("Not opened: " + message);
        auto* box = new QMessageBox(QMessageBox::Warning, "Open tensor file", message,
                                    QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

bool MainWindow::openFile(const QString& path) {
    if (TensorImporter::isTensorFile(path)) {
        const bool ok = m_importer->open(path);
        if (ok) addRecentFile(path);
        return ok;
    }
    return openSession(path);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (urls.size() != 1 || !urls.first().isLocalFile()) return;
    event->acceptProposedAction();
    // Not from inside the drop handler: the importer may open a dialog.
    const QString path = urls.first().toLocalFile();
    QTimer::singleShot(0, this, [this, path] { openFile(path); });
}

void MainWindow::createDocks() {
    auto dock = [this](const QString& title, const QString& name, QWidget* panel,
                       Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(panel);
        addDockWidget(area, d);
        return d;
    };
    dock("Scenario", "scenarioDock", new ScenarioPanel(m_document, this), Qt::LeftDockWidgetArea);
    auto* maskPanel = new MaskPanel(m_document, this);
    connect(maskPanel, &MaskPanel::presetRequested, this, &MainWindow::loadPreset);
    dock("Mask", "maskDock", maskPanel, Qt::LeftDockWidgetArea);
    dock("Display", "displayDock", new DisplayPanel(m_document, this), Qt::RightDockWidgetArea);
}

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu("&File");
    QToolBar* bar = addToolBar("Main");
    bar->setObjectName("mainToolbar");
    auto action = [this](QMenu* menu, const QString& text, QKeySequence key, auto slot) {
        QAction* a = menu->addAction(text);
        a->setShortcut(key);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    bar->addAction(action(file, "&Open session…", QKeySequence::Open, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, "Open session", {}, "AttnScope sessions (*.attnscope.json *.json)");
        if (!path.isEmpty()) openSession(path);
    }));
    bar->addAction(action(file, "&Save session", QKeySequence::Save, [this] {
        if (m_document->filePath().isEmpty())
            saveSessionAs();
        else if (Status st = m_document->save(m_document->filePath()); !st)
            showError(QString::fromStdString(st.error()));
    }));
    action(file, "Save session &as…", QKeySequence::SaveAs, [this] { saveSessionAs(); });
    action(file, "Open &tensor file…", QKeySequence("Ctrl+Shift+O"), [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, "Open tensor file", {},
            "Tensor files (*.npy *.npz *.safetensors *.pt *.pth *.bin *.ckpt);;All files (*)");
        if (!path.isEmpty()) openFile(path);
    });
    m_recentMenu = file->addMenu("Open &recent");
    file->addSeparator();
    bar->addAction(
        action(file, "&Export view…", QKeySequence("Ctrl+E"), [this] { exportCurrentView(); }));
    bar->addAction(
        action(file, "Export &all…", QKeySequence("Ctrl+Shift+E"), [this] { exportAllViews(); }));
    file->addSeparator();
    action(file, "&Quit", QKeySequence::Quit, [this] { close(); });

    QMenu* edit = menuBar()->addMenu("&Edit");
    QAction* undo = m_document->undoStack()->createUndoAction(this, "&Undo");
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_document->undoStack()->createRedoAction(this, "&Redo");
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    bar->addSeparator();
    bar->addAction(undo);
    bar->addAction(redo);

    QMenu* presets = menuBar()->addMenu("&Presets");
    for (const auto& p : allPresets()) {
        const QString name = QString::fromStdString(p.name);
        QAction* a = presets->addAction(name, this, [this, name] { loadPreset(name); });
        a->setToolTip(QString::fromStdString(p.summary));
    }

    QMenu* steps = menuBar()->addMenu("&Steps");
    bar->addSeparator();
    bar->addAction(action(steps, "&Previous step", QKeySequence("Alt+Left"), [this] {
        m_views->setCurrentWidget(m_views->inspector());
        m_views->inspector()->previousStep();
    }));
    bar->addAction(action(steps, "&Next step", QKeySequence("Alt+Right"), [this] {
        m_views->setCurrentWidget(m_views->inspector());
        m_views->inspector()->nextStep();
    }));
    QMenu* compute = menuBar()->addMenu("&Compute");
    action(compute, "&Recompute", QKeySequence::Refresh, [this] { m_session->recompute(); });
    action(compute, "&Cancel", QKeySequence::Cancel, [this] { m_session->cancel(); });
    auto* backends = new BackendMenu(m_session->engine(), this);
    menuBar()->addMenu(backends);
    m_backendLabel->setText(backends->label());
    connect(backends, &BackendMenu::preparing, this,
            [this](const QString& what) { statusBar()->showMessage("Preparing " + what + "…"); });
    connect(
        backends, &BackendMenu::changed, this, [this](const QString& label, const QString& notice) {
            statusBar()->clearMessage();
            m_backendLabel->setText(label);
            m_backendLabel->setToolTip(notice);  // a fallback stays explained after the recompute
            if (!notice.isEmpty()) statusBar()->showMessage(notice, 8000);
            m_session->recompute();
        });

    QMenu* help = menuBar()->addMenu("&Help");
    help->addAction("&About AttnScope", this, [this] {
        QMessageBox::about(this, "About AttnScope",
                           QString("AttnScope %1\nSee how transformer attention works and what it "
                                   "does.")
                               .arg(ATTNSCOPE_VERSION));
    });
}

void MainWindow::showTrace(TracePtr trace) {
    if (!m_views->isPreparing()) m_busy->hide();
    m_cancel->hide();
    statusBar()->clearMessage();
    m_backendLabel->setText(QString::fromStdString(trace->backend + " · " + trace->device));
    const StepTimings& t = trace->steps.timings;
    m_timingLabel->setText(QString("%1 ms (scores %2 · mask %3 · softmax %4 · context %5)")
                               .arg(t.total(), 0, 'f', 1)
                               .arg(t.scores, 0, 'f', 1)
                               .arg(t.mask, 0, 'f', 1)
                               .arg(t.softmax, 0, 'f', 1)
                               .arg(t.context, 0, 'f', 1));
    m_views->setTrace(std::move(trace));
}

void MainWindow::showError(const QString& message) {
    m_busy->hide();
    m_cancel->hide();
    statusBar()->showMessage("Not computed: " + message);
}

bool MainWindow::openSession(const QString& path) {
    if (Status st = m_document->load(path); !st) {
        QMessageBox::warning(this, "Open session", QString::fromStdString(st.error()));
        return false;
    }
    addRecentFile(path);
    return true;
}

void MainWindow::loadPreset(const QString& name) {
    if (auto s = presetScenario(name.toStdString())) {
        m_document->reset(*s, m_document->options().withPreset(*presetDisplay(name.toStdString())));
        statusBar()->showMessage("Preset " + name, 3000);
    }
}

bool MainWindow::saveSessionAs() {
    QString path = QFileDialog::getSaveFileName(this, "Save session", "session.attnscope.json",
                                                "AttnScope sessions (*.attnscope.json)");
    if (path.isEmpty()) return false;
    if (!path.endsWith(".json")) path += ".attnscope.json";
    if (Status st = m_document->save(path); !st) {
        showError(QString::fromStdString(st.error()));
        return false;
    }
    addRecentFile(path);
    return true;
}

void MainWindow::exportCurrentView() {
    FigureView* view = m_views->currentView();
    if (!view || !m_views->trace()) return;
    // 3D figures are raster only: PNG.
    const bool svg = view->supportsSvg();
    const QString path = QFileDialog::getSaveFileName(
        this, "Export view", view->figureName() + (svg ? ".svg" : ".png"),
        svg ? "SVG (*.svg);;PNG (*.png)" : "PNG (*.png)");
    if (path.isEmpty()) return;
    const FigureFormat format =
        path.endsWith(".png") || !svg ? FigureFormat::Png : FigureFormat::Svg;
    int dpi = 300;
    if (format == FigureFormat::Png) {
        bool ok = false;
        dpi = QInputDialog::getInt(this, "Export view", "PNG resolution (dpi):", 300, 10, 2400, 50,
                                   &ok);
        if (!ok) return;
    }
    if (Status st = FigureExporter::exportFigure(*view, path, format, dpi); !st)
        showError(QString::fromStdString(st.error()));
    else
        statusBar()->showMessage("Exported " + path, 4000);
}

void MainWindow::exportAllViews() {
    if (!m_views->trace()) return;
    const QString dir = QFileDialog::getExistingDirectory(this, "Export all figures into");
    if (dir.isEmpty()) return;
    for (FigureView* v : m_views->views()) {  // hidden tabs may hold an older trace
        v->setOptions(m_document->options());
        v->setTrace(m_views->trace());
    }
    QStringList written, skipped;
    if (Status st = FigureExporter::exportAll(m_views->views(), dir, {}, &written, &skipped); !st)
        showError(QString::fromStdString(st.error()));
    else
        statusBar()->showMessage(
            QString("Exported %1 files to %2%3")
                .arg(written.size())
                .arg(dir, skipped.isEmpty() ? QString() : " (skipped: " + skipped.join("; ") + ")"),
            8000);
}

void MainWindow::addRecentFile(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value("recentFiles").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    settings.setValue("recentFiles", recent.mid(0, kMaxRecent));
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    m_recentMenu->clear();
    for (const QString& path : QSettings().value("recentFiles").toStringList())
        m_recentMenu->addAction(path, this, [this, path] { openFile(path); });
    m_recentMenu->setEnabled(!m_recentMenu->isEmpty());
}

void MainWindow::restoreSettings() {
    QSettings settings;
    restoreGeometry(settings.value("geometry").toByteArray());
    restoreState(settings.value("windowState").toByteArray());
    rebuildRecentMenu();
    // The last session comes back; a broken one is ignored in favour of the default preset.
    if (QFileInfo::exists(lastSessionPath()) && m_document->load(lastSessionPath()).ok()) {
        m_document->reset(m_document->scenario(), m_document->options());  // not a user file
        return;
    }
    loadPreset(QString::fromStdString(defaultPresetName()));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue("geometry", saveGeometry());
    settings.setValue("windowState", saveState());
    QDir().mkpath(QFileInfo(lastSessionPath()).absolutePath());
    SessionDocument copy;
    copy.reset(m_document->scenario(), m_document->options());
    (void)copy.save(lastSessionPath());
    event->accept();
}

}  // namespace attnscope
