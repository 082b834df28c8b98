#include "app/MainWindow.h"

#include "core/analysis/PooledAttention.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QIcon>
#include <QInputDialog>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>

#include "app/BackendMenu.h"
#include "app/ModelOpener.h"
#include "app/TensorImporter.h"
#include "core/backends/BackendRegistry.h"
#include "core/masks/MaskAtom.h"
#include "core/presets/Presets.h"
#include "widgets/document/SessionDocument.h"
#include "widgets/export/FigureExporter.h"
#include "widgets/i18n/CoreMessages.h"
#include "widgets/i18n/InterfaceLanguage.h"
#include "widgets/inspector/StepInspectorView.h"
#include "widgets/panels/DisplayPanel.h"
#include "widgets/panels/MaskPanel.h"
#include "widgets/panels/ScenarioPanel.h"
#include "widgets/views/CoreTexts.h"
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
    setWindowTitle("AttnScope[*]");
    setObjectName("mainWindow");
    setWindowIcon(applicationIcon());  // dialogs parented to the window inherit it
    setCentralWidget(m_views);
    fitToScreen(QSize(1500, 950));

    createDocks();
    createActions();

    m_busy->setRange(0, 100);
    m_busy->setMaximumWidth(140);
    m_busy->hide();
    m_cancel->setText(tr("Cancel"));
    m_cancel->hide();
    connect(m_cancel, &QToolButton::clicked, this, &MainWindow::cancelWork);
    statusBar()->addPermanentWidget(m_busy);
    statusBar()->addPermanentWidget(m_cancel);
    statusBar()->addPermanentWidget(m_timingLabel);
    statusBar()->addPermanentWidget(m_backendLabel);

    connect(m_session, &LiveSession::optionsChanged, m_views, &ViewDeck::setOptions);
    connect(m_views, &ViewDeck::layerHeadRequested, this, &MainWindow::showLayerHead);
    // Long traces are computed pooled while the view on screen can show them.
    connect(m_views, &ViewDeck::pooledViewsOnlyChanged, m_session,
            &LiveSession::setPooledViewsOnly);
    m_session->setPooledViewsOnly(m_views->currentShowsPooled());
    // "[*]" becomes the modified marker while there are unsaved edits.
    connect(m_document, &SessionDocument::filePathChanged, this, [this](const QString& path) {
        setWindowTitle(path.isEmpty() ? QString("AttnScope[*]")
                                      : tr("%1[*] — AttnScope").arg(QFileInfo(path).fileName()));
    });
    connect(m_document, &SessionDocument::modifiedChanged, this, &QWidget::setWindowModified);
    // Undo and redo work whatever has the focus: a field or a spin box would otherwise take
    // Ctrl+Z for its own text, and after an edit one always has the focus.
    qApp->installEventFilter(this);
    connect(m_session, &LiveSession::computeStarted, this, [this] {
        m_busy->setRange(0, 100);
        m_busy->setValue(0);
        //: %p% is the percentage QProgressBar fills in: keep it.
        m_busy->setFormat(tr("computing %p%"));
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
        statusBar()->showMessage(tr("Computation cancelled"), 4000);
    });
    restoreSettings();
    createImport();
    createModelOpener();
}

MainWindow::~MainWindow() = default;

void MainWindow::createImport() {
    m_importer = new TensorImporter(this);
    setAcceptDrops(true);
    statusBar()->addPermanentWidget(m_importer->layerSelector());
    connect(m_importer, &TensorImporter::mapsImported, this,
            [this](const Scenario& s, ValueKind kind) {
                m_document->edit(s, m_document->options().withValueKind(kind),
                                 tr("Open attention maps"));  // one undo step
            });
    connect(m_importer, &TensorImporter::layerChosen, this, [this](int layer) {
        Scenario s = m_document->scenario();
        if ((s.source != SourceKind::AttentionMaps && s.source != SourceKind::Model) ||
            s.layer == layer)
            return;
        s.layer = layer;
        m_document->editScenario(s, tr("Layer %1").arg(layer));
    });
    // The selector follows the document (undo, a preset, an opened session).
    connect(m_document, &SessionDocument::scenarioChanged, m_importer, &TensorImporter::showLayers);
    connect(m_importer, &TensorImporter::scenarioImported, this,
            [this](const Scenario& s) { m_document->editScenario(s, tr("Open Q/K/V")); });
    connect(m_importer, &TensorImporter::failed, this, [this](const QString& message) {
        statusBar()->showMessage(tr("Not opened: %1").arg(message));
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Open tensor file"), message,
                                    QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

void MainWindow::createModelOpener() {
    m_opener = new ModelOpener(this);
    connect(m_opener, &ModelOpener::started, this, [this](const QString& path) {
        statusBar()->showMessage(tr("Loading the model %1…").arg(QFileInfo(path).fileName()));
        m_busy->setRange(0, 0);
        m_busy->show();
        m_cancel->show();
    });
    connect(m_opener, &ModelOpener::cancelled, this, [this] {
        if (!m_session->engine().isBusy()) {
            m_busy->hide();
            m_cancel->hide();
        }
        statusBar()->showMessage(tr("Opening the model cancelled: nothing changed"), 4000);
    });
    connect(m_opener, &ModelOpener::opened, this, [this](const Scenario& s) {
        statusBar()->showMessage(tr("Running %1…").arg(QString::fromStdString(s.name)), 4000);
        // Tokens, not frames, and probabilities, as a model's attention is read; one undo step.
        ViewOptions options = m_document->options().withValueKind(ValueKind::Probabilities);
        options.tokensPerFrame = 0;
        options.querySelection.clear();
        m_document->edit(s, options, tr("Open model %1").arg(QString::fromStdString(s.name)));
    });
    connect(m_opener, &ModelOpener::failed, this, [this](const QString& message) {
        if (!m_session->engine().isBusy()) {
            m_busy->hide();
            m_cancel->hide();
        }
        statusBar()->showMessage(tr("Not opened: %1").arg(message));
        auto* box =
            new QMessageBox(QMessageBox::Warning, tr("Open model"), message, QMessageBox::Ok, this);
        box->setObjectName("openModelFailedBox");
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

void MainWindow::cancelWork() {
    if (m_opener->isLoading()) m_opener->cancel();
    m_session->cancel();
}

bool MainWindow::openDemoOnFirstStart() {
    QSettings settings;
    if (m_restoredSession || settings.value("demoOpened").toBool()) return false;
    const QString demo = ModelOpener::demoModel();
    if (demo.isEmpty()) return false;
    settings.setValue("demoOpened", true);
    m_opener->open(demo);
    showHeadsTab();  // a newcomer sees the real model's heads, sinks and all
    return true;
}

void MainWindow::stepLayer(int delta) {
    Scenario s = m_document->scenario();
    const bool layered = s.source == SourceKind::Model || s.source == SourceKind::AttentionMaps;
    const int layer =
        std::clamp<int>(s.layer + delta, 0, int(std::max<int64_t>(1, s.mapsLayers)) - 1);
    if (!layered || layer == s.layer) return;
    s.layer = layer;
    m_document->editScenario(s, tr("Layer %1").arg(layer));
}

void MainWindow::showLayerHead(int layer, int head) {
    Scenario s = m_document->scenario();
    ViewOptions options = m_document->options();
    const bool layered = s.source == SourceKind::Model || s.source == SourceKind::AttentionMaps;
    if (layered) s.layer = layer;
    options.head = head;
    if (!(s == m_document->scenario()) || !(options == m_document->options()))
        m_document->edit(s, options, tr("Layer %1 · Head %2").arg(layer).arg(head));
    showHeadsTab();
}

void MainWindow::showHeadsTab() {
    for (FigureView* v : m_views->views())
        if (v->figureName().endsWith("_2d_heatmap")) m_views->setCurrentWidget(v);
}

bool MainWindow::openFile(const QString& path) {
    if (ModelOpener::isModel(path)) {
        m_opener->open(path);
        return true;
    }
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
        // A panel taller than its dock scrolls instead of being squashed under its neighbour.
        auto* scroll = new QScrollArea(d);
        scroll->setObjectName(name + "Scroll");
        scroll->setWidget(panel);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        // Only vertically: the dock is as wide as the panel needs, and its height is what
        // scrolls when the window is small.
        scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        scroll->setMinimumWidth(panel->minimumSizeHint().width() +
                                scroll->verticalScrollBar()->sizeHint().width() + 2);
        panel->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
        d->setWidget(scroll);
        addDockWidget(area, d);
        return d;
    };
    m_scenarioPanel = new ScenarioPanel(m_document, this);
    dock(tr("Scenario"), "scenarioDock", m_scenarioPanel, Qt::LeftDockWidgetArea);
    auto* maskPanel = new MaskPanel(m_document, this);
    connect(maskPanel, &MaskPanel::presetRequested, this, &MainWindow::loadPreset);
    connect(maskPanel, &MaskPanel::draftInvalid, m_views, &ViewDeck::setDraftProblem);
    dock(tr("Mask"), "maskDock", maskPanel, Qt::LeftDockWidgetArea);
    dock(tr("Display"), "displayDock", new DisplayPanel(m_document, this), Qt::RightDockWidgetArea);
}

void MainWindow::createActions() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName("mainToolbar");
    auto action = [this](QMenu* menu, const QString& text, QKeySequence key, auto slot) {
        QAction* a = menu->addAction(text);
        a->setShortcut(key);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    bar->addAction(action(file, tr("&Open session…"), QKeySequence::Open, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open session"), lastFolder("sessions"),
                                         tr("AttnScope sessions (*.attnscope.json *.json)"));
        if (path.isEmpty()) return;
        rememberFolder("sessions", path);
        openSession(path);
    }));
    bar->addAction(action(file, tr("&Save session"), QKeySequence::Save, [this] {
        if (m_document->filePath().isEmpty())
            saveSessionAs();
        else if (Status st = m_document->save(m_document->filePath()); !st)
            showError(coreMessage(st));
    }));
    action(file, tr("Save session &as…"), QKeySequence::SaveAs, [this] { saveSessionAs(); });
    action(file, tr("Open &tensor file…"), QKeySequence("Ctrl+Shift+O"), [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open tensor file"), lastFolder("tensors"),
            tr("Tensor files (*.npy *.npz *.safetensors *.pt *.pth *.bin *.ckpt);;All files (*)"));
        if (path.isEmpty()) return;
        rememberFolder("tensors", path);
        openFile(path);
    });
    action(file, tr("Open &model…"), QKeySequence("Ctrl+M"), [this] {
        // A folder (config.json and weights) or a .gguf file: one dialog for both, so that a
        // folder can be chosen as well as a file.
        QFileDialog dialog(this, tr("Open model: a Hugging Face folder or a .gguf file"),
                           lastFolder("models"), tr("GGUF models (*.gguf);;All files (*)"));
        dialog.setFileMode(QFileDialog::AnyFile);
        dialog.setOption(QFileDialog::DontUseNativeDialog);
        dialog.setLabelText(QFileDialog::Accept, tr("Open"));
        if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) return;
        const QString path = dialog.selectedFiles().first();
        rememberFolder("models", path);
        if (!ModelOpener::isModel(path)) {
            showError(tr("%1 is not a model: a Hugging Face folder with config.json, or a "
                         ".gguf file")
                          .arg(path));
            return;
        }
        m_opener->open(path);
    });
    QMenu* models = file->addMenu(tr("Models on this &machine"));
    models->setObjectName("modelsMenu");
    connect(models, &QMenu::aboutToShow, this, [this, models] {
        models->clear();
        auto add = [this, models](const QString& path) {
            models->addAction(path, this, [this, path] { m_opener->open(path); });
        };
        for (const QString& p : ModelOpener::recentModels())
            if (ModelOpener::isModel(p)) add(p);
        if (!models->isEmpty()) models->addSeparator();
        const QStringList found = ModelOpener::modelsOnThisMachine();
        for (const QString& p : found)
            if (!ModelOpener::recentModels().contains(p)) add(p);
        if (models->isEmpty())
            models
                ->addAction(tr("None found (scripts/fetch-demo-models.sh fetches the demo models)"))
                ->setEnabled(false);
    });
    m_recentMenu = file->addMenu(tr("Open &recent"));
    file->addSeparator();
    bar->addAction(
        action(file, tr("&Export view…"), QKeySequence("Ctrl+E"), [this] { exportCurrentView(); }));
    bar->addAction(action(file, tr("Export &all…"), QKeySequence("Ctrl+Shift+E"),
                          [this] { exportAllViews(); }));
    file->addSeparator();
    action(file, tr("&Quit"), QKeySequence::Quit, [this] { close(); });

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    // Fixed texts, so that the toolbar buttons keep their width; what would be undone is in the
    // tooltip and the status tip.
    QUndoStack* stack = m_document->undoStack();
    m_undo = new QAction(QIcon::fromTheme("edit-undo"), tr("&Undo"), this);
    m_undo->setObjectName("undoAction");
    m_undo->setShortcuts(QKeySequence::Undo);
    m_redo = new QAction(QIcon::fromTheme("edit-redo"), tr("&Redo"), this);
    m_redo->setObjectName("redoAction");
    QList<QKeySequence> redoKeys = QKeySequence::keyBindings(QKeySequence::Redo);
    for (const QKeySequence& k : {QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")})
        if (!redoKeys.contains(k)) redoKeys << k;
    m_redo->setShortcuts(redoKeys);
    connect(m_undo, &QAction::triggered, stack, &QUndoStack::undo);
    connect(m_redo, &QAction::triggered, stack, &QUndoStack::redo);
    // What would be undone follows the verb: "Undo Change heads".
    auto describe = [](QAction* a, bool undo, const QString& what) {
        a->setToolTip(what.isEmpty() ? (undo ? tr("Undo") : tr("Redo"))
                                     : (undo ? tr("Undo %1") : tr("Redo %1")).arg(what));
        a->setStatusTip(a->toolTip());
    };
    connect(stack, &QUndoStack::canUndoChanged, m_undo, &QAction::setEnabled);
    connect(stack, &QUndoStack::canRedoChanged, m_redo, &QAction::setEnabled);
    connect(stack, &QUndoStack::undoTextChanged, m_undo,
            [this, describe](const QString& t) { describe(m_undo, true, t); });
    connect(stack, &QUndoStack::redoTextChanged, m_redo,
            [this, describe](const QString& t) { describe(m_redo, false, t); });
    m_undo->setEnabled(stack->canUndo());
    m_redo->setEnabled(stack->canRedo());
    describe(m_undo, true, stack->undoText());
    describe(m_redo, false, stack->redoText());
    QAction* undo = m_undo;
    QAction* redo = m_redo;
    edit->addAction(undo);
    edit->addAction(redo);
    bar->addSeparator();
    bar->addAction(undo);
    bar->addAction(redo);

    QMenu* presets = menuBar()->addMenu(tr("&Presets"));
    for (const auto& p : allPresets()) {
        // The preset's name is its identifier (loadPreset, --preset): never translated.
        const QString name = QString::fromStdString(p.name);
        QAction* a = presets->addAction(name, this, [this, name] { loadPreset(name); });
        a->setToolTip(presetSummary(p));
    }

    QMenu* steps = menuBar()->addMenu(tr("&Steps"));
    bar->addSeparator();
    bar->addAction(action(steps, tr("&Previous step"), QKeySequence("Alt+Left"), [this] {
        m_views->setCurrentWidget(m_views->inspector());
        m_views->inspector()->previousStep();
    }));
    bar->addAction(action(steps, tr("&Next step"), QKeySequence("Alt+Right"), [this] {
        m_views->setCurrentWidget(m_views->inspector());
        m_views->inspector()->nextStep();
    }));
    QMenu* compute = menuBar()->addMenu(tr("&Compute"));
    action(compute, tr("&Recompute"), QKeySequence::Refresh, [this] { m_session->recompute(); });
    action(compute, tr("&Cancel"), QKeySequence::Cancel, [this] {
        cancelWork();
    })->setObjectName("cancelAction");
    auto* backends = new BackendMenu(m_session->engine(), this);
    menuBar()->addMenu(backends);
    setBackendText(backends->label());
    connect(backends, &BackendMenu::preparing, this, [this](const QString& what) {
        statusBar()->showMessage(tr("Preparing %1…").arg(what));
    });
    connect(backends, &BackendMenu::changed, this,
            [this](const QString& label, const QString& notice) {
                statusBar()->clearMessage();
                setBackendText(label, notice);  // a fallback stays explained after the recompute
                if (!notice.isEmpty()) statusBar()->showMessage(notice, 8000);
                m_session->recompute();
            });

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->setObjectName("viewMenu");
    for (QDockWidget* d : findChildren<QDockWidget*>()) view->addAction(d->toggleViewAction());
    view->addSeparator();
    for (int i = 0; i < m_views->count(); ++i) {
        QAction* a =
            view->addAction(m_views->tabText(i), this, [this, i] { m_views->setCurrentIndex(i); });
        if (i < 10) a->setShortcut(QKeySequence(QString("Ctrl+%1").arg((i + 1) % 10)));
    }

    view->addSeparator();
    action(view, tr("Previous &layer"), QKeySequence(Qt::Key_PageUp), [this] { stepLayer(-1); });
    action(view, tr("Next l&ayer"), QKeySequence(Qt::Key_PageDown), [this] { stepLayer(+1); });
    view->addSeparator();
    createLanguageMenu(view);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Mask language"), this, &MainWindow::showMaskLanguage);
    help->addAction(tr("&About AttnScope"), this, [this] {
        QMessageBox::about(this, tr("About AttnScope"),
                           tr("AttnScope %1\nSee how transformer attention works and what it "
                              "does.")
                               .arg(ATTNSCOPE_VERSION));
    });
}

void MainWindow::createLanguageMenu(QMenu* view) {
    // Each language is named in itself, never translated. A choice is saved and takes effect at
    // the next start (the message says so): the translators are installed before any widget
    // exists, and retranslating every view, panel, menu and figure live is not worth the
    // code it would take in each of them.
    QMenu* languages = view->addMenu(tr("&Language"));
    languages->setObjectName("languageMenu");
    auto* group = new QActionGroup(languages);
    // The language main() installed: the saved choice, else the system's.
    const QString running = InterfaceLanguage::current(QSettings());
    for (const QString& language : InterfaceLanguage::available()) {
        QAction* a = languages->addAction(InterfaceLanguage::nativeName(language));
        a->setObjectName(language == "zh_CN" ? "languageChineseAction" : "languageEnglishAction");
        a->setCheckable(true);
        a->setChecked(language == running);
        a->setData(language);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, language, running] {
            QSettings settings;
            InterfaceLanguage::save(settings, language);
            if (language == running) return;  // back to the language on screen
            auto* box = new QMessageBox(QMessageBox::Information, tr("Language"),
                                        tr("The language changes when AttnScope starts again."),
                                        QMessageBox::Ok, this);
            box->setObjectName("languageRestartBox");
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        });
    }
}

void MainWindow::showTrace(TracePtr trace) {
    // A model opened from a session is loaded by its first computation: its tokens can show now.
    if (trace->model.inputs && m_scenarioPanel) m_scenarioPanel->modelLoaded();
    if (trace->isPooled()) {
        // The pooled path (SPEC §10): say so, and keep Cancel while the maps still fill.
        const PooledTrace& p = *trace->pooled;
        const QString path = tr("Pooled path, L = %1 × %2: %3")
                                 .arg(QString::number(trace->qLen()),
                                      QString::number(trace->kvLen()), coreMessage(p.reason));
        setBackendText(tr("pooled · %1 threads").arg(trace->threads), path);
        m_timingLabel->setText(p.fraction < 1 ? tr("filling %1%").arg(int(p.fraction * 100))
                                              : tr("%1 ms").arg(p.attention->ms, 0, 'f', 1));
        m_timingLabel->setToolTip(path);
        if (p.fraction < 1) {
            statusBar()->showMessage(
                tr("%1 — %2% of the rows done").arg(path, QString::number(int(p.fraction * 100))));
        } else {
            if (!m_views->isPreparing()) m_busy->hide();
            m_cancel->hide();
            statusBar()->showMessage(path);
        }
        m_views->setTrace(std::move(trace));
        return;
    }
    if (!m_views->isPreparing()) m_busy->hide();
    m_cancel->hide();
    statusBar()->clearMessage();
    setBackendText(QString::fromStdString(trace->backend) + QStringLiteral(" · ") +
                   coreMessage(trace->device));
    // The total in the bar; the split in the tooltip (the bar must fit a small screen).
    const StepTimings& t = trace->steps.timings;
    m_timingLabel->setText(tr("%1 ms").arg(t.total(), 0, 'f', 1));
    m_timingLabel->setToolTip(tr("scores %1 · mask %2 · softmax %3 · context %4 ms")
                                  .arg(t.scores, 0, 'f', 1)
                                  .arg(t.mask, 0, 'f', 1)
                                  .arg(t.softmax, 0, 'f', 1)
                                  .arg(t.context, 0, 'f', 1));
    m_views->setTrace(std::move(trace));
}

void MainWindow::setBackendText(const QString& text, const QString& notice) {
    constexpr int kWidth = 300;  // elided beyond: the whole text is in the tooltip
    m_backendLabel->setText(
        m_backendLabel->fontMetrics().elidedText(text, Qt::ElideMiddle, kWidth));
    m_backendLabel->setToolTip(notice.isEmpty() ? text : text + "\n" + notice);
}

void MainWindow::showError(const QString& message) {
    m_busy->hide();
    m_cancel->hide();
    statusBar()->showMessage(tr("Not computed: %1").arg(message));
}

bool MainWindow::maybeDiscardChanges(const QString& action) {
    if (!m_document->isModified() || !m_askBeforeDiscarding) return true;
    const QString name = m_document->filePath().isEmpty()
                             ? tr("this session")
                             : tr("\"%1\"", "a file name in quotes")
                                   .arg(QFileInfo(m_document->filePath()).fileName());
    QMessageBox box(QMessageBox::Question, action,
                    tr("Save the changes to %1 before you %2?").arg(name, action.toLower()),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName("unsavedChangesBox");
    box.setInformativeText(tr("Your edits since it was last saved are lost otherwise."));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
        case QMessageBox::Save:
            if (m_document->filePath().isEmpty()) return saveSessionAs();
            if (Status st = m_document->save(m_document->filePath()); !st) {
                QMessageBox::warning(this, action, coreMessage(st));
                return false;
            }
            return true;
        case QMessageBox::Discard:
            return true;
        default:
            return false;  // Cancel, Escape or the box closed: nothing happens
    }
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::KeyPress && watched->isWidgetType() &&
        static_cast<QWidget*>(watched)->window() == this) {
        auto* key = static_cast<QKeyEvent*>(event);
        const QKeySequence pressed(key->keyCombination());
        if (m_undo && m_undo->shortcuts().contains(pressed)) {
            if (m_undo->isEnabled()) m_undo->trigger();
            return true;
        }
        if (m_redo && m_redo->shortcuts().contains(pressed)) {
            if (m_redo->isEnabled()) m_redo->trigger();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::showMaskLanguage() {
    QString html =
        tr("<h3>Mask language</h3><p>A mask expression combines atoms with <b>&amp;</b> (both "
           "allow), <b>|</b> (either allows), <b>!</b> (not) and parentheses. A query may attend "
           "a key where the expression is true.</p>") +
        QString(
            "<table cellspacing=0 cellpadding=4 border=1><tr><th>%1</th><th>%2</th><th>%3</th>"
            "</tr>")
            .arg(tr("atom"), tr("allows"), tr("example"));
    for (const AtomSpec& a : MaskAtom::specs())
        html += QString("<tr><td><code>%1</code></td><td>%2</td><td><code>%3</code></td></tr>")
                    .arg(QString(a.signature).toHtmlEscaped(), maskAtomHelp(a).toHtmlEscaped(),
                         QString(a.example).toHtmlEscaped());
    html += QString("</table><h4>%1</h4><table cellspacing=0 cellpadding=4>")
                .arg(tr("Examples from the presets"));
    QStringList seen;
    for (const Preset& p : allPresets()) {
        const QString expr = QString::fromStdString(p.scenario.mask);
        if (seen.contains(expr)) continue;
        seen << expr;
        html += QString("<tr><td><code>%1</code></td><td>%2</td></tr>")
                    .arg(expr.toHtmlEscaped(), QString::fromStdString(p.name).toHtmlEscaped());
    }
    html += "</table>" + tr("<p>Positions are absolute: query i sits at q_offset + i, key j at "
                            "kv_offset + j. Spaces are ignored; an error names the column.</p>");
    auto* box =
        new QMessageBox(QMessageBox::NoIcon, tr("Mask language"), {}, QMessageBox::Close, this);
    box->setObjectName("maskLanguageBox");
    box->setTextFormat(Qt::RichText);
    box->setText(html);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

QString MainWindow::lastFolder(const QString& kind) const {
    return QSettings().value("folders/" + kind).toString();
}

void MainWindow::rememberFolder(const QString& kind, const QString& path) {
    QSettings().setValue("folders/" + kind, QFileInfo(path).absolutePath());
}

bool MainWindow::openSession(const QString& path) {
    if (!maybeDiscardChanges(tr("Open session"))) return false;
    if (Status st = m_document->load(path); !st) {
        QMessageBox::warning(this, tr("Open session"), coreMessage(st));
        return false;
    }
    addRecentFile(path);
    return true;
}

void MainWindow::loadPreset(const QString& name) {
    // An undoable edit: undo brings back what was there (a loaded tensor, an opened session).
    if (auto s = presetScenario(name.toStdString())) {
        m_document->edit(*s, m_document->options().withPreset(*presetDisplay(name.toStdString())),
                         tr("Preset %1").arg(name));
        statusBar()->showMessage(tr("Preset %1").arg(name), 3000);
    }
}

bool MainWindow::saveSessionAs() {
    const QString folder = lastFolder("sessions");
    QString path = QFileDialog::getSaveFileName(
        this, tr("Save session"),
        (folder.isEmpty() ? QString() : folder + "/") + "session.attnscope.json",
        tr("AttnScope sessions (*.attnscope.json)"));
    if (path.isEmpty()) return false;
    rememberFolder("sessions", path);
    if (!path.endsWith(".json")) path += ".attnscope.json";
    if (Status st = m_document->save(path); !st) {
        showError(coreMessage(st));
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
    const QString folder = lastFolder("exports");
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export view"),
                                     (folder.isEmpty() ? QString() : folder + "/") +
                                         view->figureName() + (svg ? ".svg" : ".png"),
                                     svg ? tr("SVG (*.svg);;PNG (*.png)") : tr("PNG (*.png)"));
    if (path.isEmpty()) return;
    rememberFolder("exports", path);
    const FigureFormat format =
        path.endsWith(".png") || !svg ? FigureFormat::Png : FigureFormat::Svg;
    int dpi = 300;
    if (format == FigureFormat::Png) {
        bool ok = false;
        dpi = QInputDialog::getInt(this, tr("Export view"), tr("PNG resolution (dpi):"), 300, 10,
                                   2400, 50, &ok);
        if (!ok) return;
    }
    if (Status st = FigureExporter::exportFigure(*view, path, format, dpi); !st)
        showError(coreMessage(st));
    else
        statusBar()->showMessage(tr("Exported %1").arg(path), 4000);
}

void MainWindow::exportAllViews() {
    if (!m_views->trace()) return;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export all figures into"),
                                                          lastFolder("exports"));
    if (dir.isEmpty()) return;
    QSettings().setValue("folders/exports", dir);
    bool ok = false;
    const int dpi =
        QInputDialog::getInt(this, tr("Export all"), tr("PNG resolution (dpi):"),
                             QSettings().value("exportDpi", 300).toInt(), 10, 2400, 50, &ok);
    if (!ok) return;
    QSettings().setValue("exportDpi", dpi);
    for (FigureView* v : m_views->views()) {  // hidden tabs may hold an older trace
        v->setOptions(m_document->options());
        v->setTrace(m_views->trace());
    }
    QStringList written, skipped;
    QApplication::setOverrideCursor(Qt::WaitCursor);
    statusBar()->showMessage(tr("Exporting every figure at %1 dpi…").arg(dpi));
    ExportRequest request;
    request.dpi = dpi;
    const Status st = FigureExporter::exportAll(m_views->views(), dir, request, &written, &skipped);
    QApplication::restoreOverrideCursor();
    if (!st) {
        showError(coreMessage(st));
        return;
    }
    const QString done =
        tr("Exported %1 files at %2 dpi to %3%4")
            .arg(QString::number(written.size()), QString::number(dpi), dir,
                 skipped.isEmpty() ? QString() : tr(" (skipped: %1)").arg(skipped.join("; ")));
    statusBar()->showMessage(done, 8000);
    auto* box =
        new QMessageBox(QMessageBox::Information, tr("Export all"), done, QMessageBox::Ok, this);
    box->setObjectName("exportDoneBox");
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
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

void MainWindow::fitToScreen(QSize wanted) {
    // Never larger than the screen (a 1280 × 800 laptop), centred on it.
    const QScreen* s = screen() ? screen() : QGuiApplication::primaryScreen();
    if (!s) {
        resize(wanted);
        return;
    }
    const QRect available = s->availableGeometry();
    const QSize frame(16, 40);  // what the window manager adds around the window
    const QSize size = wanted.boundedTo(available.size() - frame);
    resize(size);
    move(available.center() - QPoint(size.width() / 2, size.height() / 2));
}

void MainWindow::restoreSettings() {
    QSettings settings;
    restoreGeometry(settings.value("geometry").toByteArray());
    if (const QScreen* s = screen(); s && !s->availableGeometry().contains(frameGeometry()))
        fitToScreen(size());  // saved on a larger screen
    restoreState(settings.value("windowState").toByteArray());
    rebuildRecentMenu();
    // The last session comes back; a broken one is ignored in favour of the default preset.
    if (QFileInfo::exists(lastSessionPath()) && m_document->load(lastSessionPath()).ok()) {
        m_document->reset(m_document->scenario(), m_document->options());  // not a user file
        m_restoredSession = true;
        return;
    }
    const std::string name = defaultPresetName();
    m_document->reset(*presetScenario(name),
                      m_document->options().withPreset(*presetDisplay(name)));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeDiscardChanges(tr("Quit"))) {
        event->ignore();
        return;
    }
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
