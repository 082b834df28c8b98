#include "views/ViewDeck.h"

#include <QDialog>
#include <QVBoxLayout>

#include "flow/FlowchartView.h"
#include "heatmap/HeatmapGridView.h"
#include "inspector/StepInspectorView.h"
#include "mask/MaskMatrixView.h"
#include "sinks/SinkGridView.h"
#include "stats/StatisticsView.h"
#include "three_d/ThreeDView.h"

namespace attnscope {

std::vector<FigureView*> createFigureViews(QWidget* parent) {
    return {new FlowchartView(parent), new MaskMatrixView(parent),    new HeatmapGridView(parent),
            new SinkGridView(parent),  new StepInspectorView(parent), new StatisticsView(parent),
            new ThreeDView(parent)};
}

ViewDeck::ViewDeck(QWidget* parent) : QTabWidget(parent) {
    setDocumentMode(true);
    m_views = createFigureViews(this);
    m_stale.assign(m_views.size(), true);
    for (FigureView* v : m_views) {
        addTab(v, v->viewTitle());
        if (auto* f = qobject_cast<FlowchartView*>(v)) m_flowchart = f;
        if (auto* h = qobject_cast<HeatmapGridView*>(v)) m_heads = h;
        if (auto* i = qobject_cast<StepInspectorView*>(v)) m_inspector = i;
        connect(v, &FigureView::drawn, this, [this, v] {
            if (v == currentWidget()) emit visibleViewsDrawn();
        });
    }
    connect(this, &QTabWidget::currentChanged, this, [this](int index) { refresh(index); });
    connect(m_flowchart, &FlowchartView::stepActivated, this, [this](Step step) {
        m_inspector->setStep(step);
        setCurrentWidget(m_inspector);
    });
    connect(m_inspector, &StepInspectorView::stepChanged, m_flowchart,
            &FlowchartView::setCurrentStep);
    connect(m_heads, &HeatmapGridView::headActivated, this, &ViewDeck::openHead);
}

FigureView* ViewDeck::currentView() const {
    return qobject_cast<FigureView*>(currentWidget());
}

void ViewDeck::setTrace(TracePtr trace) {
    m_trace = std::move(trace);
    m_stale.assign(m_views.size(), true);
    refresh(currentIndex());
}

void ViewDeck::setOptions(const ViewOptions& options) {
    m_options = options;
    m_stale.assign(m_views.size(), true);
    refresh(currentIndex());
}

void ViewDeck::refresh(int index) {
    if (index < 0 || index >= int(m_views.size()) || !m_stale[index] || !m_trace) return;
    m_stale[index] = false;
    FigureView* v = m_views[index];
    QSignalBlocker block(v);  // one drawn() for the pair of updates below
    v->setOptions(m_options);
    block.unblock();
    v->setTrace(m_trace);
}

void ViewDeck::openHead(int head) {
    if (!m_trace) return;
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(QString("Head %1 — scroll to zoom, drag to pan").arg(head));
    auto* layout = new QVBoxLayout(dialog);
    auto* view = new HeatmapGridView(dialog);
    layout->addWidget(view);
    view->setOptions(m_options);
    view->setFocusHead(head);
    view->setTrace(m_trace);
    dialog->resize(900, 800);
    dialog->show();
}

}  // namespace attnscope
