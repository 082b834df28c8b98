#include "widgets/views/FigureView.h"

namespace attnscope {

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

}  // namespace attnscope
