#include "core/engine/Trace.h"

#include "core/engine/TraceBuilder.h"

namespace attnscope {

std::string stepName(Step step) {
    switch (step) {
        case Step::Input:
            return "Input X";
        case Step::Projections:
            return "Projections W_q, W_k, W_v";
        case Step::Queries:
            return "Queries Q";
        case Step::Keys:
            return "Keys K";
        case Step::Values:
            return "Values V";
        case Step::Scores:
            return "Scores Q·Kᵀ·scale";
        case Step::Mask:
            return "Mask";
        case Step::MaskedScores:
            return "Masked scores";
        case Step::Probabilities:
            return "Softmax";
        case Step::Context:
            return "Context P·V";
        case Step::Output:
            return "Output";
    }
    return {};
}

std::string stepFormula(Step step) {
    switch (step) {
        case Step::Input:
            return "X: L × d_model, one row per position";
        case Step::Projections:
            return "W_q, W_k, W_v: d_model × H·d, one column block per head";
        case Step::Queries:
            return "Q = X·W_q";
        case Step::Keys:
            return "K = X·W_k";
        case Step::Values:
            return "V = X·W_v";
        case Step::Scores:
            return "S = Q·Kᵀ · scale,  scale = 1/√d";
        case Step::Mask:
            return "mask(b, h, q, kv) ∈ {0, 1}";
        case Step::MaskedScores:
            return "S' = S where mask, −∞ elsewhere";
        case Step::Probabilities:
            return "P = softmax(S') row-wise (empty rows → 0)";
        case Step::Context:
            return "C = P·V";
        case Step::Output:
            return "O = concat_h(C_h)·W_o";
    }
    return {};
}

bool Trace::hasOutput() const {
    return !wo.empty() && scenario.outputProjection && !steps.context.empty();
}

Shape Trace::outputShape() const {
    return hasOutput() ? Shape{batch(), qLen(), wo.dim(1)} : Shape{};
}

const Tensor& Trace::output() const {
    return m_output.get([this] {
        return hasOutput() ? TraceBuilder::outputProjection(steps.context, wo, threads) : Tensor();
    });
}

const Tensor* Trace::tensor(Step step) const {
    switch (step) {
        case Step::Input:
            return x.empty() ? nullptr : &x;
        case Step::Projections:
            return wq.empty() ? nullptr : &wq;
        case Step::Queries:
            return &q;
        case Step::Keys:
            return &k;
        case Step::Values:
            return &v;
        case Step::Scores:
            return &steps.scores;
        case Step::Mask:
            return nullptr;
        case Step::MaskedScores:
            return &steps.maskedScores;
        case Step::Probabilities:
            return &steps.probs;
        case Step::Context:
            return &steps.context;
        case Step::Output:
            return hasOutput() ? &output() : nullptr;
    }
    return nullptr;
}

}  // namespace attnscope
