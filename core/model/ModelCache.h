#pragma once
// ModelCache: the model source's memory (SPEC §11) — the last model opened and its last run —
// so that changing the layer, the mask or the display traces a captured layer again without
// loading or running the model; only a new model or a new text runs it. Shared by the engine's
// worker and the command line; thread-safe.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/common/Result.h"
#include "core/engine/Backend.h"
#include "core/engine/TraceBuilder.h"
#include "core/model/Model.h"
#include "core/tokenizer/Tokenizer.h"

namespace attnscope {

struct ModelInputs {
    ModelPtr model;
    std::shared_ptr<const ModelRun> run;  // every layer captured
    Encoding encoding;                    // the ids and their labels
};

/// The engine's request for one captured layer: its Q/K/V as a tensor source, its mask, scale
/// and soft-cap.
TraceRequest layerTraceRequest(const LayerCapture& capture);

class ModelCache {
public:
    static ModelCache& shared();

    /// The run of `path` on `ids` (when given) or on `text`, from the cache when it is the last.
    Result<ModelInputs> get(const std::string& path, const std::string& text,
                            const std::vector<int64_t>& ids, int threads,
                            const CancelCheck& cancel = {},
                            const std::function<void(double)>& progress = {});
    /// The model of `path`, opened once and kept (opening it again costs nothing). When `cancel`
    /// says so once the file is read, the model is dropped and the one loaded before stays.
    Result<ModelPtr> model(const std::string& path, const CancelCheck& cancel = {});
    /// The model of `path` when it is the one loaded, else null; never loads (for the UI thread).
    ModelPtr loaded(const std::string& path) const;
    /// How many times the model was run (tests check that a layer change does not run it).
    int runs() const;
    void clear();

private:
    mutable std::mutex m_mutex;
    ModelPtr m_model;
    std::string m_path, m_text;
    std::vector<int64_t> m_ids;
    std::shared_ptr<const ModelInputs> m_last;
    int m_runs = 0;
};

}  // namespace attnscope
