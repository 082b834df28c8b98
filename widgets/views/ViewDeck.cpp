#include "widgets/views/ViewDeck.h"

#include <QDialog>
#include <QVBoxLayout>
#include <exception>

#include "widgets/flow/FlowchartView.h"
#include "widgets/heatmap/HeatmapGridView.h"
#include "widgets/inspector/StepInspectorView.h"
#include "widgets/mask/MaskMatrixView.h"
#include "widgets/sinks/SinkGridView.h"
#include "widgets/stats/StatisticsView.h"
#include "widgets/three_d/ThreeDView.h"

namespace attnscope {

std::vector<FigureView*> createFigureViews(QWidget* parent) {
    return {new FlowchartView(parent), new MaskMatrixView(parent),    new HeatmapGridView(parent),
            new SinkGridView(parent),  new StepInspectorView(parent), new StatisticsView(parent),
            new ThreeDView(parent)};
}

ViewDeck::ViewDeck(QWidget* parent) : QTabWidget(parent) {
    setDocumentMode(true);
    m_pool.setMaxThreadCount(2);
    for (FigureView* v : createFigureViews(this)) {
        addView(v);
        if (auto* f = qobject_cast<FlowchartView*>(v)) m_flowchart = f;
        if (auto* h = qobject_cast<HeatmapGridView*>(v)) m_heads = h;
        if (auto* i = qobject_cast<StepInspectorView*>(v)) m_inspector = i;
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

ViewDeck::~ViewDeck() {
    // Results are posted to this object: no preparation may outlive it.
    m_pool.waitForDone();
}

void ViewDeck::addView(FigureView* view) {
    m_views.push_back(view);
    m_stale.push_back(true);
    m_generation.push_back(0);
    addTab(view, view->viewTitle());
    connect(view, &FigureView::drawn, this, [this, view] {
        if (view == currentWidget()) emit visibleViewsDrawn();
    });
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
    const quint64 generation = ++m_generation[index];
    ViewPreparer prepare = v->preparer(m_trace, m_options);
    if (!prepare) {
        v->present(m_trace, m_options, nullptr);
        return;
    }
    if (m_preparing++ == 0) emit preparingChanged(true);
    m_pool.start([this, index, generation, prepare = std::move(prepare), trace = m_trace,
                  options = m_options] {
        ViewDataPtr data;
        try {
            data = prepare();
        } catch (const std::exception&) {  // exceptions never cross the thread boundary
            data = nullptr;                // the view shows an empty figure
        }
        QMetaObject::invokeMethod(
            this,
            [this, index, generation, trace, options, data] {
                finishPreparing();
                // A newer trace or options started another preparation: this one is stale.
                if (generation != m_generation[index]) return;
                m_views[index]->present(trace, options, data);
            },
            Qt::QueuedConnection);
    });
}

void ViewDeck::finishPreparing() {
    if (--m_preparing == 0) emit preparingChanged(false);
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
