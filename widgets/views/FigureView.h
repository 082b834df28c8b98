#pragma once
// FigureView: the base of every view. It owns what a view shows — the immutable Trace, the
// ViewOptions and the typed data prepared from them — and can paint itself as a figure onto any
// device (SVG generator, PNG image) for export. Drawing is split in two: a widget-free
// preparation (pooled matrices, bar values, statistics) that the ViewDeck runs off the UI thread,
// and redraw(), which only builds the plot from what present() stored.

#include <QWidget>
#include <functional>
#include <memory>
#include <vector>

#include "core/common/Result.h"
#include "core/engine/Trace.h"
#include "widgets/views/ViewOptions.h"

class QPaintDevice;

namespace attnscope {

/// What a view draws, computed from a Trace and ViewOptions away from the UI thread.
struct ViewData {
    virtual ~ViewData() = default;
};
using ViewDataPtr = std::shared_ptr<const ViewData>;
/// A closure that owns (by value) everything it reads and may run on any thread.
using ViewPreparer = std::function<ViewDataPtr()>;

class FigureView : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    /// Tab title ("Heads").
    virtual QString viewTitle() const = 0;
    /// Stable export base name without extension ("layer3_2d_heatmap", "mask", "flowchart").
    virtual QString figureName() const = 0;
    /// Shows `trace` under the current options, prepared here and now (tests, export).
    void setTrace(TracePtr trace);
    /// Shows the current trace under `options`, prepared here and now.
    void setOptions(const ViewOptions& options);
    TracePtr trace() const { return m_trace; }
    const ViewOptions& options() const { return m_options; }
    /// Whether going from options `before` to `after` changes what preparer() makes; when it
    /// does not, the deck presents the data it has under the new options. Default: any change.
    virtual bool dependsOn(const ViewOptions& before, const ViewOptions& after) const {
        return !(before == after);
    }
    /// Presents the current trace and data under `options` (dependsOn() said they need no new
    /// preparation); false when there is nothing prepared to keep.
    bool keepPrepared(const TracePtr& trace, const ViewOptions& options);
    /// The widget-free part of drawing `trace` under `options`; empty when drawing is cheap.
    virtual ViewPreparer preparer(const TracePtr& trace, const ViewOptions& options) const {
        Q_UNUSED(trace);
        Q_UNUSED(options);
        return {};
    }
    /// Shows `trace` under `options` with `data` made by preparer() (UI thread only): stores the
    /// three, then redraw().
    void present(TracePtr trace, const ViewOptions& options, ViewDataPtr data);
    /// Logical figure size at 96 dpi; PNG export scales it to the requested dpi.
    virtual QSize figureSize() const { return {1200, 900}; }
    /// Paints the whole figure onto `device` at logical size `size`, scaled by `scale`.
    virtual void renderFigure(QPaintDevice& device, const QSize& size, double scale) = 0;
    /// Extra non-image files the view exports (e.g. "stats.csv" → contents). Default: none.
    virtual QList<QPair<QString, QByteArray>> extraExports() const { return {}; }
    /// False for figures that are raster only (3D graphs): they export as PNG, never SVG.
    virtual bool supportsSvg() const { return true; }
    /// Whether the view can show a pooled trace (SPEC §10: no L² step held). The others are
    /// given no trace and the deck says what they would need.
    virtual bool showsPooled() const { return false; }
    /// Whether the figure can be drawn here; 3D views need OpenGL (the message says what to do).
    virtual Status renderStatus() const { return {}; }
    /// The figures this view exports: itself, or the views it holds (the 3D tab holds two).
    virtual std::vector<FigureView*> figures() { return {this}; }

protected:
    /// Builds the plot from trace(), options() and prepared<T>(); emits drawn().
    virtual void redraw() = 0;
    /// The preparer setTrace() uses. Views with a selection of their own (the inspector's head)
    /// keep it across traces; the default is preparer(trace, options()).
    virtual ViewPreparer preparerForTrace(const TracePtr& trace) const {
        return preparer(trace, m_options);
    }
    /// Prepares again here and now for the current trace and options (a view's own control
    /// changed what it shows).
    void refresh() { present(m_trace, m_options, prepareNow(preparer(m_trace, m_options))); }
    /// The same when preparing is slow (running a model on more texts): on the deck's worker
    /// when the view is in a deck, else here and now.
    void requestPreparation();
    /// The prepared data as the view's own type; null when there is none (or another type).
    template <class T>
    std::shared_ptr<const T> prepared() const {
        return std::dynamic_pointer_cast<const T>(m_prepared);
    }
    static ViewDataPtr prepareNow(const ViewPreparer& p) { return p ? p() : nullptr; }

    TracePtr m_trace;
    ViewOptions m_options;
    ViewDataPtr m_prepared;

signals:
    /// Emitted after the view has redrawn for a new trace or new options.
    void drawn();
    /// The view's own controls changed what it shows: prepare it again (the deck does it on its
    /// worker).
    void preparationRequested();
};

}  // namespace attnscope
