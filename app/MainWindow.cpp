#include "MainWindow.h"

#include <QComboBox>
#include <QLabel>
#include <QMessageBox>
#include <QStatusBar>
#include <QToolBar>

#include "backends/cpu/CpuBackend.h"
#include "heatmap/HeatmapGridView.h"
#include "presets/Presets.h"

namespace attnscope {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_engine(std::make_unique<CpuBackend>()),
      m_heads(new HeatmapGridView(this)),
      m_presets(new QComboBox(this)),
      m_kind(new QComboBox(this)),
      m_status(new QLabel(this)) {
    setWindowTitle("AttnScope");
    resize(1280, 860);
    setCentralWidget(m_heads);
    auto* bar = addToolBar("Scenario");
    bar->setObjectName("scenarioToolbar");
    bar->addWidget(new QLabel("Preset ", this));
    for (const auto& p : allPresets()) m_presets->addItem(QString::fromStdString(p.name));
    bar->addWidget(m_presets);
    bar->addSeparator();
    bar->addWidget(new QLabel("Values ", this));
    m_kind->addItems({"Logits", "Probabilities", "Masked logits"});
    bar->addWidget(m_kind);
    statusBar()->addPermanentWidget(m_status);

    connect(m_presets, &QComboBox::currentTextChanged, this, &MainWindow::loadPreset);
    connect(m_kind, &QComboBox::currentIndexChanged, this,
            [this](int i) {
                ViewOptions o;
                o.valueKind = static_cast<ValueKind>(i);
                m_heads->setOptions(o);
            });
    connect(&m_engine, &Engine::traceReady, this, &MainWindow::showTrace);
    connect(&m_engine, &Engine::failed, this,
            [this](const QString& message) { statusBar()->showMessage(message); });
    m_presets->setCurrentText(QString::fromStdString(defaultPresetName()));
    loadPreset(m_presets->currentText());
}

bool MainWindow::openSession(const QString& path) {
    auto s = Scenario::load(path);
    if (!s) {
        QMessageBox::warning(this, "Open session", QString::fromStdString(s.error()));
        return false;
    }
    m_engine.compute(s.value());
    return true;
}

void MainWindow::loadPreset(const QString& name) {
    if (auto s = presetScenario(name.toStdString())) {
        statusBar()->showMessage("Computing " + name + "…");
        m_engine.compute(*s);
    }
}

void MainWindow::showTrace(TracePtr trace) {
    m_heads->setTrace(trace);
    statusBar()->clearMessage();
    m_status->setText(QString("%1 · %2 · %3 ms")
                          .arg(QString::fromStdString(trace->scenario.name),
                               QString::fromStdString(trace->device))
                          .arg(trace->steps.timings.total(), 0, 'f', 1));
}

}  // namespace attnscope
