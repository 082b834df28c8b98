#pragma once
// FigureView: the base of every view — it receives an immutable Trace and the ViewOptions, draws,
// and can paint itself as a figure onto any device (SVG generator, PNG image) for export.
// Drawing is split in two: a widget-free preparation (pooled matrices, bar values, statistics)
// that the ViewDeck runs off the UI thread, and present(), which only builds the plot.

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
    virtual void setTrace(TracePtr trace) = 0;
    virtual void setOptions(const ViewOptions& options) = 0;
    /// The widget-free part of drawing `trace` under `options`; empty when drawing is cheap.
    virtual ViewPreparer preparer(const TracePtr& trace, const ViewOptions& options) const {
        Q_UNUSED(trace);
        Q_UNUSED(options);
        return {};
    }
    /// Shows `trace` under `options` with `data` made by preparer() (UI thread only). The
    /// default, for views without a preparer, is setOptions() then setTrace() with one drawn().
    virtual void present(TracePtr trace, const ViewOptions& options, ViewDataPtr data);
    /// Logical figure size at 96 dpi; PNG export scales it to the requested dpi.
    virtual QSize figureSize() const { return {1200, 900}; }
    /// Paints the whole figure onto `device` at logical size `size`, scaled by `scale`.
    virtual void renderFigure(QPaintDevice& device, const QSize& size, double scale) = 0;
    /// Extra non-image files the view exports (e.g. "stats.csv" → contents). Default: none.
    virtual QList<QPair<QString, QByteArray>> extraExports() const { return {}; }
    /// False for figures that are raster only (3D graphs): they export as PNG, never SVG.
    virtual bool supportsSvg() const { return true; }
    /// Whether the figure can be drawn here; 3D views need OpenGL (the message says what to do).
    virtual Status renderStatus() const { return {}; }
    /// The figures this view exports: itself, or the views it holds (the 3D tab holds two).
    virtual std::vector<FigureView*> figures() { return {this}; }

protected:
    static ViewDataPtr prepareNow(const ViewPreparer& p) { return p ? p() : nullptr; }

signals:
    /// Emitted after the view has redrawn for a new trace or new options.
    void drawn();
};

}  // namespace attnscope
