#pragma once
// CoreTexts: core's English texts that the interface shows — step names and formulas, head
// metric names, mask atom help, preset summaries — in the interface language. core has no Qt
// translations (it runs in the English command line too), so these are translated by their
// English text, which CoreTexts.cpp lists for lupdate; a text core changes falls back to English
// until it is translated again (tst_translations checks that each one has a translation).

#include <QString>

#include "core/analysis/HeadAtlas.h"
#include "core/engine/Scenario.h"
#include "core/engine/Trace.h"
#include "core/masks/MaskAtom.h"
#include "core/presets/Presets.h"

namespace attnscope {

QString stepTitle(Step step);                 // stepName()
QString stepFormulaText(Step step);           // stepFormula()
QString headMetricTitle(HeadMetric metric);   // headMetricName()
QString maskAtomHelp(const AtomSpec& spec);   // AtomSpec::help
QString presetSummary(const Preset& preset);  // Preset::summary
QString patternTitle(PatternKind pattern);    // toString(PatternKind)

}  // namespace attnscope
