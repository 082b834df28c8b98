#include "widgets/views/FigureView.h"

namespace attnscope {

void FigureView::present(TracePtr trace, const ViewOptions& options, ViewDataPtr data) {
    Q_UNUSED(data);
    QSignalBlocker block(this);  // one drawn() for the pair of updates below
    setOptions(options);
    block.unblock();
    setTrace(std::move(trace));
}

}  // namespace attnscope
