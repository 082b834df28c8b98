#pragma once
// ViewDeck: the tabs of views (Flowchart, Mask, Heads, Sinks, Inspector, Statistics, 3D). Hands
// each new Trace and the ViewOptions to the visible view at once and to hidden ones when they are
// shown, links flowchart clicks to the inspector, and opens a head large on click. A view's
// data (pooled matrices, bar values, statistics) is prepared on the shared worker pool; the UI
// thread only builds the plot, and a result overtaken by a newer trace is dropped.

#include <QTabWidget>
#include <memory>
#include <vector>

#include "core/common/LatestResult.h"
#include "core/engine/Trace.h"
#include "widgets/views/ViewOptions.h"

namespace attnscope {

class FigureView;
class FlowchartView;
class HeatmapGridView;
class StepInspectorView;

class ViewDeck : public QTabWidget {
    Q_OBJECT
public:
    explicit ViewDeck(QWidget* parent = nullptr);
    ~ViewDeck() override;

    /// Adds a view as the last tab (the deck takes it over as a child).
    void addView(FigureView* view);
    void setTrace(TracePtr trace);
    void setOptions(const ViewOptions& options);
    TracePtr trace() const { return m_trace; }
    const std::vector<FigureView*>& views() const { return m_views; }
    FigureView* currentView() const;
    StepInspectorView* inspector() const { return m_inspector; }
    /// Opens `head` large in a window of its own with pan and zoom.
    void openHead(int head);
    /// A problem with what the user is typing (the mask field invalid): the deck then says which
    /// expression the views show instead. Empty: none.
    void setDraftProblem(const QString& problem);
    /// What the deck says above the views ("Showing: causal — …"), empty when nothing.
    QString notice() const;
    /// Whether the view on screen can show a pooled trace (the heatmaps, the sinks, the
    /// flowchart): then a long trace may be computed pooled for speed.
    bool currentShowsPooled() const;
    /// What the deck says over a view that cannot show the current (pooled) trace; empty when
    /// the view shows it.
    QString unavailableText() const;
    /// True while the current view's data is being prepared.
    bool isPreparing() const { return m_preparing; }

signals:
    /// The current view has drawn the latest trace (edit → visible views updated).
    void visibleViewsDrawn();
    /// Preparation of view data started (true) or every started one ended (false).
    void preparingChanged(bool preparing);
    /// The tab on screen changed: whether it can show a pooled trace (sent on every change,
    /// so that whoever listens cannot keep a stale answer from before it connected).
    void pooledViewsOnlyChanged(bool pooledOnly);
    /// A view asked to show `layer` and `head` (a click in the atlas).
    void layerHeadRequested(int layer, int head);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    /// Prepares and presents view `index` when stale; `prepareAgain`: even when the view could keep
    /// its data (its own controls asked for a new preparation).
    void refresh(int index, bool prepareAgain = false);
    void placeUnavailable();
    void updatePreparing();
    void updateNotice();

    std::vector<FigureView*> m_views;
    std::vector<bool> m_stale;
    std::vector<std::unique_ptr<LatestResult>> m_preparations;  // per view, the latest wins
    bool m_preparing = false;
    FlowchartView* m_flowchart = nullptr;
    HeatmapGridView* m_heads = nullptr;
    StepInspectorView* m_inspector = nullptr;
    TracePtr m_trace;
    ViewOptions m_options;
    QString m_draftProblem;
    class QLabel* m_notice;
    class QLabel* m_unavailable;  // over a view that cannot show a pooled trace
};

/// One of each view, for the window and for headless export (caller owns them).
std::vector<FigureView*> createFigureViews(QWidget* parent = nullptr);

}  // namespace attnscope
