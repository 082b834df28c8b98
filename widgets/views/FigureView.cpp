#include "widgets/views/FigureView.h"

#include <QMetaMethod>

namespace attnscope {

void FigureView::requestPreparation() {
    if (!m_trace) return;
    if (isSignalConnected(QMetaMethod::fromSignal(&FigureView::preparationRequested)))
        emit preparationRequested();
    else
        refresh();
}

void FigureView::setTrace(TracePtr trace) {
    ViewDataPtr data = prepareNow(preparerForTrace(trace));
    present(std::move(trace), m_options, std::move(data));
}

void FigureView::setOptions(const ViewOptions& options) {
    present(m_trace, options, prepareNow(preparer(m_trace, options)));
}

void FigureView::present(TracePtr trace, const ViewOptions& options, ViewDataPtr data) {
    m_trace = std::move(trace);
    m_options = options;
    m_prepared = std::move(data);
    redraw();
}

bool FigureView::keepPrepared(const TracePtr& trace, const ViewOptions& options) {
    if (!trace || trace != m_trace || !m_prepared || dependsOn(m_options, options)) return false;
    present(m_trace, options, m_prepared);
    return true;
}

}  // namespace attnscope
