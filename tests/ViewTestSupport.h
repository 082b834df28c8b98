#pragma once
// What the view tests share: a preset's view options (frames, query selection, sampled mask live
// in the view options, not in the scenario), and showing a preset in a view as the app does.

#include "TestSupport.h"
#include "core/presets/Presets.h"
#include "widgets/views/FigureView.h"
#include "widgets/views/ViewOptions.h"

namespace attnscope::test {

inline ViewOptions presetOptions(const char* name, ViewOptions base = {}) {
    return base.withPreset(*presetDisplay(name));
}

/// The preset's trace in `view` under the preset's view options; returns the trace.
inline TracePtr showPreset(FigureView& view, const char* name) {
    view.setOptions(presetOptions(name));
    TracePtr trace = presetTrace(name);
    view.setTrace(trace);
    return trace;
}

}  // namespace attnscope::test
