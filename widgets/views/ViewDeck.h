#pragma once
// ViewDeck: the tabs of views (Flowchart, Mask, Heads, Sinks, Inspector, Statistics, 3D). Hands
// each new Trace and the ViewOptions to the visible view at once and to hidden ones when they are
// shown, links flowchart clicks to the inspector, and opens a head large on click.

#include <QTabWidget>
#include <vector>

#include "engine/Trace.h"
#include "views/ViewOptions.h"

namespace attnscope {

class FigureView;
class FlowchartView;
class HeatmapGridView;
class StepInspectorView;

class ViewDeck : public QTabWidget {
    Q_OBJECT
public:
    explicit ViewDeck(QWidget* parent = nullptr);

    void setTrace(TracePtr trace);
    void setOptions(const ViewOptions& options);
    TracePtr trace() const { return m_trace; }
    const std::vector<FigureView*>& views() const { return m_views; }
    FigureView* currentView() const;
    StepInspectorView* inspector() const { return m_inspector; }
    /// Opens `head` large in a window of its own with pan and zoom.
    void openHead(int head);

signals:
    /// The current view has drawn the latest trace (edit → visible views updated).
    void visibleViewsDrawn();

private:
    void refresh(int index);

    std::vector<FigureView*> m_views;
    std::vector<bool> m_stale;
    FlowchartView* m_flowchart = nullptr;
    HeatmapGridView* m_heads = nullptr;
    StepInspectorView* m_inspector = nullptr;
    TracePtr m_trace;
    ViewOptions m_options;
};

/// One of each view, for the window and for headless export (caller owns them).
std::vector<FigureView*> createFigureViews(QWidget* parent = nullptr);

}  // namespace attnscope
