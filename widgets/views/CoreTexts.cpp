#include "widgets/views/CoreTexts.h"

#include <QCoreApplication>

namespace attnscope {

namespace {
// The English texts as core spells them (core/engine/Trace.cpp, core/analysis/HeadAtlas.cpp,
// core/masks/MaskAtom.cpp, core/presets/Presets.cpp), for lupdate. Formulas that are only
// symbols are left out: they read the same in every language.
[[maybe_unused]] constexpr const char* kTexts[] = {
    QT_TRANSLATE_NOOP("attnscope::Step", "Input X"),
    QT_TRANSLATE_NOOP("attnscope::Step", "Projections W_q, W_k, W_v"),
    QT_TRANSLATE_NOOP("attnscope::Step", "Queries Q"),
    QT_TRANSLATE_NOOP("attnscope::Step", "Keys K"),
    QT_TRANSLATE_NOOP("attnscope::Step", "Values V"),
    QT_TRANSLATE_NOOP("attnscope::Step", "Scores Q·Kᵀ·scale"),
    QT_TRANSLATE_NOOP("attnscope::Step", "Mask"),
    QT_TRANSLATE_NOOP("attnscope::Step", "Masked scores"),
    QT_TRANSLATE_NOOP("attnscope::Step", "Softmax"),
    QT_TRANSLATE_NOOP("attnscope::Step", "Context P·V"),
    QT_TRANSLATE_NOOP("attnscope::Step", "Output"),
    QT_TRANSLATE_NOOP("attnscope::Step", "X: L × d_model, one row per position"),
    QT_TRANSLATE_NOOP("attnscope::Step", "W_q, W_k, W_v: d_model × H·d, one column block per head"),
    QT_TRANSLATE_NOOP("attnscope::Step", "S' = S where mask, −∞ elsewhere"),
    QT_TRANSLATE_NOOP("attnscope::Step", "P = softmax(S') row-wise (empty rows → 0)"),

    QT_TRANSLATE_NOOP("attnscope::HeadMetric", "sink score"),
    QT_TRANSLATE_NOOP("attnscope::HeadMetric", "first-token mass"),
    QT_TRANSLATE_NOOP("attnscope::HeadMetric", "entropy"),
    QT_TRANSLATE_NOOP("attnscope::HeadMetric", "mean distance"),
    QT_TRANSLATE_NOOP("attnscope::HeadMetric", "diagonal"),
    QT_TRANSLATE_NOOP("attnscope::HeadMetric", "previous token"),

    QT_TRANSLATE_NOOP("attnscope::MaskAtom", "every query sees every key"),
    QT_TRANSLATE_NOOP("attnscope::MaskAtom", "keys at or before the query: kv ≤ q"),
    QT_TRANSLATE_NOOP("attnscope::MaskAtom",
                      "causal sliding window: the query and the W − 1 keys before it"),
    QT_TRANSLATE_NOOP("attnscope::MaskAtom", "bidirectional band: |q − kv| ≤ W"),
    QT_TRANSLATE_NOOP("attnscope::MaskAtom", "same chunk of C positions (chunks start at P)"),
    QT_TRANSLATE_NOOP("attnscope::MaskAtom", "the first P keys are visible to every query"),
    QT_TRANSLATE_NOOP("attnscope::MaskAtom",
                      "packed documents of consecutive lengths (summing to Lk): attend within one"),
    QT_TRANSLATE_NOOP("attnscope::MaskAtom",
                      "HF blockwise overlay: one block id per position, attend within a block"),
    QT_TRANSLATE_NOOP(
        "attnscope::MaskAtom",
        "right key padding: keys at positions < N are real (one N per batch element)"),
    QT_TRANSLATE_NOOP(
        "attnscope::MaskAtom",
        "left key padding: keys at positions ≥ Lk − N are real (one N per batch element)"),
    QT_TRANSLATE_NOOP("attnscope::MaskAtom",
                      "causal dilated window: every D-th key within W steps"),
    QT_TRANSLATE_NOOP("attnscope::MaskAtom",
                      "n paraphrases of t tokens and s separators, then g generated tokens"),

    QT_TRANSLATE_NOOP("attnscope::Preset",
                      "3 paraphrases × 15 tokens, segment-isolated encoding then fusion "
                      "generation of 5 tokens"),
    QT_TRANSLATE_NOOP("attnscope::Preset",
                      "5 paraphrases × 25 tokens, segment-isolated encoding then fusion "
                      "generation of 8 tokens"),
    QT_TRANSLATE_NOOP("attnscope::Preset",
                      "5 paraphrases × 50 tokens, segment-isolated encoding then fusion "
                      "generation of 10 tokens"),
    QT_TRANSLATE_NOOP("attnscope::Preset", "local attention: queries favour nearby keys"),
    QT_TRANSLATE_NOOP("attnscope::Preset",
                      "global attention: every query attends to a few salient keys"),
    QT_TRANSLATE_NOOP("attnscope::Preset",
                      "translation-like cross-attention: target tokens align with source tokens"),
    QT_TRANSLATE_NOOP("attnscope::Preset",
                      "encoder self-attention: bidirectional, every pair allowed"),
    QT_TRANSLATE_NOOP("attnscope::Preset",
                      "decoder masked self-attention: each token sees itself and the past"),
    QT_TRANSLATE_NOOP("attnscope::Preset",
                      "decoder cross-attention: decoder queries over encoder keys and values"),
    QT_TRANSLATE_NOOP("attnscope::Preset", "Hugging Face causal mask (create_causal_mask)"),
    QT_TRANSLATE_NOOP("attnscope::Preset",
                      "Hugging Face sliding-window causal mask, window 3 (keys incl. itself)"),
    QT_TRANSLATE_NOOP("attnscope::Preset", "Hugging Face chunked causal mask, chunk size 3"),
    QT_TRANSLATE_NOOP("attnscope::Preset",
                      "StreamingLLM: causal window of 16 keys plus 4 attention-sink positions"),
    QT_TRANSLATE_NOOP("attnscope::Preset",
                      "video model layer: 19 frames × 16 tokens, frame-causal, first-frame sinks"),

    QT_TRANSLATE_NOOP("attnscope::PatternKind", "random"),
    QT_TRANSLATE_NOOP("attnscope::PatternKind", "local"),
    QT_TRANSLATE_NOOP("attnscope::PatternKind", "global"),
    QT_TRANSLATE_NOOP("attnscope::PatternKind", "translation"),
};

QString translated(const char* context, const std::string& english) {
    return QCoreApplication::translate(context, english.c_str());
}
}  // namespace

QString stepTitle(Step step) {
    return translated("attnscope::Step", stepName(step));
}

QString stepFormulaText(Step step) {
    return translated("attnscope::Step", stepFormula(step));
}

QString headMetricTitle(HeadMetric metric) {
    return translated("attnscope::HeadMetric", headMetricName(metric));
}

QString maskAtomHelp(const AtomSpec& spec) {
    return QCoreApplication::translate("attnscope::MaskAtom", spec.help);
}

QString presetSummary(const Preset& preset) {
    return translated("attnscope::Preset", preset.summary);
}

QString patternTitle(PatternKind pattern) {
    return translated("attnscope::PatternKind", toString(pattern));
}

}  // namespace attnscope
