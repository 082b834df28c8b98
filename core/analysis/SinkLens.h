#pragma once
// SinkLens (SPEC §6): what attention to a sink carries. Value-weighted attention ‖α_ij · v_j W_O^h‖
// (Kobayashi et al., 2020): the norm of what key j actually adds to query i's output through head
// h, which is small for a sink that takes much attention and gives little. Attention with chosen
// columns removed and rows renormalised (sinks out of the picture; special tokens hidden). And the
// per-key sink metric of "When Attention Sink Emerges" (Gu et al., 2024) over layers × heads.

#include <cstdint>
#include <vector>

#include "core/common/Array.h"

namespace attnscope {

/// ‖v_j W_O^h‖ for every query head h and key j: v [Hkv, Lk, d] (query head h reads kv head
/// h / (H / Hkv)), wo [H·d, D] whose rows h·d … h·d + d − 1 are head h's. Without W_O (empty
/// wo), ‖v_j‖. → [H, Lk].
/// `threads` > 1: the heads on the worker pool's threads (also for the two functions below, their
/// rows).
Tensor valueNorms(const Tensor& v, const Tensor& wo, int64_t heads, int threads = 1);

/// Head h's row of valueNorms() written to out [Lk] (a view of one head needs 1/H of the work).
void headValueNorms(const Tensor& v, const Tensor& wo, int64_t heads, int64_t h, float* out);

/// α_ij · n_j for an [lq, lk] matrix α and norms n [lk] → [lq, lk].
Tensor valueWeighted(const float* alpha, int64_t lq, int64_t lk, const float* norms,
                     int threads = 1);

/// Removes the rows `hiddenRows` and the columns `hiddenCols` (sorted or not) of an [lq, lk]
/// matrix and rescales each remaining row to sum to 1 (a row left with nothing stays zero).
/// → [lq − |hiddenRows|, lk − |hiddenCols|].
Tensor withoutTokens(const float* alpha, int64_t lq, int64_t lk,
                     const std::vector<int64_t>& hiddenRows, const std::vector<int64_t>& hiddenCols,
                     int threads = 1);

/// The lens's three maps of one head [lq, lk], max-pooled to at most maxCells a side as
/// poolToViewport() pools them: the attention α, the value-weighted α_ij · n_j (norms null:
/// none) and α without the columns `hiddenCols` and rows renormalised (withoutTokens() with no
/// hidden rows). One pass over α and neither derived [lq, lk] matrix made: a column's norm n_j ≥ 0
/// is applied after the max over a bin's rows (max_i α_ij · n_j = n_j · max_i α_ij, also in
/// float), and a row's 1 / Σ before it. Equal to pooling the two matrices.
struct PooledLens {
    Tensor attention, valueWeighted, withoutColumns;
};
PooledLens pooledLens(const float* alpha, int64_t lq, int64_t lk, const float* norms,
                      const std::vector<int64_t>& hiddenCols, int64_t maxCells, int threads = 1);

/// The sink metric of one key position over several texts: per text, α_k of every layer and head
/// (the mean attention key k receives from the queries that can see it) as [layers, heads].
struct SinkMetric {
    Tensor alpha;     // [layers, heads]: α_k averaged over the texts
    double rate = 0;  // share of (layer, head) with α_k > ε, averaged over the texts
    double epsilon = 0.3;
    int64_t texts = 0;
};
SinkMetric sinkMetric(const std::vector<Tensor>& alphaPerText, double epsilon);

}  // namespace attnscope
