#include "core/model/ModelCache.h"

#include "core/common/Text.h"

namespace attnscope {

namespace {
Tensor batched(const Tensor& t) {
    Tensor r({1, t.dim(0), t.dim(1), t.dim(2)});
    std::copy(t.begin(), t.end(), r.begin());
    return r;
}
}  // namespace

TraceRequest layerTraceRequest(const LayerCapture& cap) {
    TraceRequest request;
    request.scenario.source = SourceKind::Tensors;
    request.scenario.mask = cap.mask;
    request.scenario.scale = cap.scale;
    request.scenario.softCap = cap.softCap;
    request.q = batched(cap.q);
    request.k = batched(cap.k);
    request.v = batched(cap.v);
    return request;
}

ModelCache& ModelCache::shared() {
    static ModelCache cache;
    return cache;
}

Result<ModelInputs> ModelCache::get(const std::string& path, const std::string& text,
                                    const std::vector<int64_t>& ids, int threads,
                                    const CancelCheck& cancel,
                                    const std::function<void(double)>& progress) {
    std::lock_guard lock(m_mutex);
    if (m_last && path == m_path && text == m_text && ids == m_ids) return *m_last;
    if (!m_model || path != m_path) {
        auto model = Model::open(QString::fromStdString(path));
        if (!model) return model.failure();
        m_model = model.value();
        m_last.reset();
        m_path = path;
    }
    ModelInputs in;
    in.model = m_model;
    if (!ids.empty()) {
        in.encoding = m_model->describeIds(ids);
    } else {
        if (text.empty()) return Text::tr("the model's text is empty");
        if (!m_model->tokenizer())
            return Text::tr("the model has no usable tokenizer (%1): give token ids",
                            m_model->tokenizerFailure());
        in.encoding = m_model->tokenizer()->encode(text);
    }
    RunOptions options;
    options.threads = threads;
    options.progress = progress;
    auto run = m_model->run(in.encoding.ids, options, cancel);
    if (!run) return run.failure();
    ++m_runs;
    in.run = std::make_shared<const ModelRun>(std::move(run).value());
    m_last = std::make_shared<const ModelInputs>(in);
    m_text = text;
    m_ids = ids;
    return in;
}

Result<ModelPtr> ModelCache::model(const std::string& path, const CancelCheck& cancel) {
    std::lock_guard lock(m_mutex);
    if (m_model && path == m_path) return m_model;
    auto model = Model::open(QString::fromStdString(path));
    if (!model) return model.failure();
    if (cancel && cancel()) return Text::tr("cancelled");
    m_model = model.value();
    m_last.reset();
    m_path = path;
    return m_model;
}

ModelPtr ModelCache::loaded(const std::string& path) const {
    std::lock_guard lock(m_mutex);
    return m_model && path == m_path ? m_model : ModelPtr();
}

int ModelCache::runs() const {
    std::lock_guard lock(m_mutex);
    return m_runs;
}

void ModelCache::clear() {
    std::lock_guard lock(m_mutex);
    m_model.reset();
    m_last.reset();
    m_path.clear();
}

}  // namespace attnscope
