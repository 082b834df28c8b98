#include "widgets/views/ViewDeck.h"

#include <QDialog>
#include <QLabel>
#include <QVBoxLayout>
#include <exception>

#include "widgets/atlas/AtlasView.h"
#include "widgets/flow/FlowchartView.h"
#include "widgets/heatmap/HeatmapGridView.h"
#include "widgets/i18n/CoreMessages.h"
#include "widgets/inspector/StepInspectorView.h"
#include "widgets/lens/SinkLensView.h"
#include "widgets/mask/MaskMatrixView.h"
#include "widgets/neuron/NeuronView.h"
#include "widgets/sinks/SinkGridView.h"
#include "widgets/stats/StatisticsView.h"
#include "widgets/three_d/ThreeDView.h"
#include "widgets/tokens/TokenView.h"

namespace attnscope {

std::vector<FigureView*> createFigureViews(QWidget* parent) {
    return {new FlowchartView(parent),  new MaskMatrixView(parent), new HeatmapGridView(parent),
            new SinkGridView(parent),   new AtlasView(parent),      new TokenView(parent),
            new NeuronView(parent),     new SinkLensView(parent),   new StepInspectorView(parent),
            new StatisticsView(parent), new ThreeDView(parent)};
}

ViewDeck::ViewDeck(QWidget* parent)
    : QTabWidget(parent), m_notice(new QLabel(this)), m_unavailable(new QLabel(this)) {
    m_unavailable->setObjectName("pooledUnavailable");
    m_unavailable->setWordWrap(true);
    m_unavailable->setAlignment(Qt::AlignCenter);
    m_unavailable->setAutoFillBackground(true);
    m_unavailable->setStyleSheet("QLabel { background: palette(window); padding: 40px; }");
    m_unavailable->hide();
    setDocumentMode(true);
    m_notice->setObjectName("viewNotice");
    m_notice->setStyleSheet("QLabel { color: #b71c1c; padding: 0 8px; }");
    m_notice->hide();
    setCornerWidget(m_notice, Qt::TopRightCorner);
    for (FigureView* v : createFigureViews(this)) {
        addView(v);
        if (auto* f = qobject_cast<FlowchartView*>(v)) m_flowchart = f;
        if (auto* h = qobject_cast<HeatmapGridView*>(v)) m_heads = h;
        if (auto* i = qobject_cast<StepInspectorView*>(v)) m_inspector = i;
        if (auto* a = qobject_cast<AtlasView*>(v))
            connect(a, &AtlasView::headActivated, this, &ViewDeck::layerHeadRequested);
    }
    connect(this, &QTabWidget::currentChanged, this, [this](int index) {
        refresh(index);
        emit pooledViewsOnlyChanged(currentShowsPooled());
    });
    connect(m_flowchart, &FlowchartView::stepActivated, this, [this](Step step) {
        m_inspector->setStep(step);
        setCurrentWidget(m_inspector);
    });
    connect(m_inspector, &StepInspectorView::stepChanged, m_flowchart,
            &FlowchartView::setCurrentStep);
    connect(m_heads, &HeatmapGridView::headActivated, this, &ViewDeck::openHead);
}

ViewDeck::~ViewDeck() = default;  // a preparation still running delivers nowhere

void ViewDeck::addView(FigureView* view) {
    m_views.push_back(view);
    m_stale.push_back(true);
    m_preparations.push_back(std::make_unique<LatestResult>(this));
    addTab(view, view->viewTitle());
    connect(view, &FigureView::drawn, this, [this, view] {
        if (view == currentWidget()) emit visibleViewsDrawn();
    });
    connect(view, &FigureView::preparationRequested, this, [this, view] {
        const auto at = std::find(m_views.begin(), m_views.end(), view);
        const int index = int(at - m_views.begin());
        m_stale[size_t(index)] = true;
        if (index == currentIndex()) refresh(index, true);
    });
}

FigureView* ViewDeck::currentView() const {
    return qobject_cast<FigureView*>(currentWidget());
}

void ViewDeck::setTrace(TracePtr trace) {
    m_trace = std::move(trace);
    m_stale.assign(m_views.size(), true);
    updateNotice();
    refresh(currentIndex());
}

void ViewDeck::setDraftProblem(const QString& problem) {
    m_draftProblem = problem;
    updateNotice();
}

QString ViewDeck::notice() const {
    return m_notice->isHidden() ? QString() : m_notice->text();
}

void ViewDeck::updateNotice() {
    if (m_draftProblem.isEmpty() || !m_trace) {
        m_notice->clear();
        m_notice->hide();
        return;
    }
    const QString shown = QString::fromStdString(m_trace->scenario.mask);
    m_notice->setText(tr("Showing: %1 — the mask field is invalid").arg(shown));
    m_notice->setToolTip(
        tr("The views show the last valid mask, %1, until the mask field is valid again:\n%2")
            .arg(shown, m_draftProblem));
    m_notice->show();
}

void ViewDeck::setOptions(const ViewOptions& options) {
    m_options = options;
    m_stale.assign(m_views.size(), true);
    refresh(currentIndex());
}

bool ViewDeck::currentShowsPooled() const {
    const FigureView* v = currentView();
    return v && v->showsPooled();
}

QString ViewDeck::unavailableText() const {
    return m_unavailable->isHidden() ? QString() : m_unavailable->text();
}

void ViewDeck::resizeEvent(QResizeEvent* event) {
    QTabWidget::resizeEvent(event);
    placeUnavailable();
}

void ViewDeck::placeUnavailable() {
    const FigureView* v = currentView();
    const bool show = v && m_trace && m_trace->isPooled() && !v->showsPooled();
    if (!show) {
        m_unavailable->hide();
        return;
    }
    const PooledTrace& p = *m_trace->pooled;
    // The reason names the size when the budget decided; else the size is added.
    QString why = coreMessage(p.reason);
    if (!why.contains("GiB"))
        why += tr("; the full trace would take %1 GiB")
                   .arg(p.materialisedBytes / double(1 << 30), 0, 'f', 2);
    m_unavailable->setText(
        tr("%1 needs the materialised attention steps, which this trace does not hold.\n\n"
           "L = %2 × %3 with %4 heads is on the pooled path: %5.\n\nThe Flowchart, Heads, "
           "Sinks and Atlas tabs show it; `attnscope compute --pooled` writes its pooled "
           "results.")
            .arg(v->viewTitle())
            .arg(m_trace->qLen())
            .arg(m_trace->kvLen())
            .arg(m_trace->heads())
            .arg(why));
    m_unavailable->setGeometry(v->geometry().translated(v->parentWidget()->mapTo(this, QPoint())));
    m_unavailable->raise();
    m_unavailable->show();
}

void ViewDeck::refresh(int index, bool prepareAgain) {
    placeUnavailable();
    if (index < 0 || index >= int(m_views.size()) || !m_stale[index] || !m_trace) return;
    m_stale[index] = false;
    FigureView* v = m_views[index];
    if (m_trace->isPooled() && !v->showsPooled()) {  // nothing of it to draw: say so
        m_preparations[size_t(index)]->cancel();
        v->present(nullptr, m_options, nullptr);
        updatePreparing();
        return;
    }
    LatestResult& preparation = *m_preparations[size_t(index)];
    // Options this view does not draw from (the values shown, for the token lines): the data it
    // has stays, drawn under the new options.
    if (!prepareAgain && v->keepPrepared(m_trace, m_options)) {
        preparation.cancel();
        updatePreparing();
        return;
    }
    ViewPreparer prepare = v->preparer(m_trace, m_options);
    if (!prepare) {
        preparation.cancel();  // an older preparation must not overwrite this
        v->present(m_trace, m_options, nullptr);
        updatePreparing();
        return;
    }
    // On the shared worker pool; a newer trace or options overtake it (its result is dropped).
    preparation.run<ViewDataPtr>(
        std::move(prepare), [this, index, trace = m_trace, options = m_options](auto data) {
            // A failed preparation (an exception) shows an empty figure.
            m_views[size_t(index)]->present(trace, options, data ? data.value() : nullptr);
            updatePreparing();
        });
    updatePreparing();
}

void ViewDeck::updatePreparing() {
    bool preparing = false;
    for (const auto& p : m_preparations) preparing = preparing || p->pending();
    if (preparing == m_preparing) return;
    m_preparing = preparing;
    emit preparingChanged(preparing);
}

void ViewDeck::openHead(int head) {
    if (!m_trace) return;
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Head %1 — scroll to zoom, drag to pan").arg(head));
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
