#pragma once
// ModelAtlas: every layer and head of a trace's model (or the trace's one layer) reduced to
// pooled maps and head metrics (core/analysis/HeadAtlas), computed layer by layer on the worker —
// never all layers' L² at once — and kept for the run: switching layer, or going from the atlas to
// the sink lens, does not compute it again.

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "core/analysis/HeadAtlas.h"
#include "core/engine/Trace.h"

namespace attnscope {

struct ModelAtlas {
    int64_t layers = 0, heads = 0, keys = 0;
    std::vector<AtlasHead> cells;  // layer-major: cells[i · heads + h] is the i-th layer's head h
    Message error;                 // why there is none (a source without Q/K)
    const AtlasHead& at(int64_t i, int64_t h) const { return cells[size_t(i * heads + h)]; }
};
using ModelAtlasPtr = std::shared_ptr<const ModelAtlas>;

/// The atlas of `trace` (batch element `batch`), from the cache when the same run, masks and scale
/// were reduced before; `done` counts the layers finished (progress), `cancel` stops early (then
/// the result is null and nothing is cached).
ModelAtlasPtr modelAtlas(const Trace& trace, int64_t batch, std::atomic<int>* done = nullptr,
                         const std::function<bool()>& cancel = {});

}  // namespace attnscope
