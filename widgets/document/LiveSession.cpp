#include "widgets/document/LiveSession.h"

#include "core/analysis/PooledAttention.h"
#include "core/engine/MemoryBudget.h"
#include "core/engine/TraceBuilder.h"
#include "widgets/document/SessionDocument.h"
#include "widgets/i18n/CoreMessages.h"

namespace attnscope {

LiveSession::LiveSession(std::unique_ptr<Backend> backend, QObject* parent)
    : QObject(parent),
      m_document(new SessionDocument(this)),
      m_engine(std::move(backend)),
      m_throttle(kThrottleMs) {
    connect(m_document, &SessionDocument::changed, this, &LiveSession::onScenarioChanged);
    connect(m_document, &SessionDocument::optionsChanged, this, &LiveSession::optionsChanged);
    // A pooled trace keeps the logits only when the display shows logits, and frame maps only of
    // the frames the display shows: a switch to logits or to other frames computes it again (a
    // switch to probabilities or to tokens needs nothing new).
    connect(m_document, &SessionDocument::optionsChanged, this, [this] {
        if (!m_trace || !m_trace->isPooled()) return;
        const ViewOptions& o = m_document->options();
        if ((o.valueKind != ValueKind::Probabilities &&
             m_trace->pooled->attention->viewportLogitSum.empty()) ||
            (o.tokensPerFrame > 0 && o.tokensPerFrame != m_trace->pooled->tokensPerFrame))
            m_throttle.poke();
    });
    connect(&m_throttle, &EditThrottle::fire, this, [this] {
        ++m_requests;
        const ViewOptions& o = m_document->options();
        m_engine.compute(m_document->scenario(), m_pooledOnly,
                         o.valueKind != ValueKind::Probabilities, o.tokensPerFrame);
    });
    connect(&m_engine, &Engine::computeStarted, this, &LiveSession::computeStarted);
    connect(&m_engine, &Engine::progress, this, &LiveSession::progress);
    connect(&m_engine, &Engine::traceReady, this, &LiveSession::onTraceReady);
    // A pooled trace still filling is shown as it fills.
    connect(&m_engine, &Engine::partialTrace, this, &LiveSession::onTraceReady);
    connect(&m_engine, &Engine::failed, this,
            [this](const Message& message) { emit failed(coreMessage(message)); });
    connect(&m_engine, &Engine::cancelled, this, &LiveSession::cancelled);
}

LiveSession::~LiveSession() = default;

const ViewOptions& LiveSession::options() const {
    return m_document->options();
}

void LiveSession::recompute() {
    m_throttle.poke();
}

void LiveSession::setPooledViewsOnly(bool pooledOnly) {
    if (pooledOnly == m_pooledOnly) return;
    m_pooledOnly = pooledOnly;
    // A trace pooled for speed alone, and now a view needs its steps: compute it materialised.
    if (!pooledOnly && m_trace && m_trace->isPooled() &&
        !pooledPathReason(m_trace->scenario).has_value())
        m_throttle.poke();
}

void LiveSession::cancel() {
    m_throttle.cancel();
    m_engine.cancel();
}

void LiveSession::onScenarioChanged(ScenarioChanges changes) {
    if (needsCompute(changes)) {
        m_throttle.poke();
        return;
    }
    // Only what is shown changed: the same computation, relabelled (no backend run).
    if (m_trace && !m_engine.isBusy() && !m_throttle.isPending())
        publish(TraceBuilder::relabel(*m_trace, m_document->scenario()));
    // While a computation is on its way, its result is relabelled when it arrives.
}

void LiveSession::onTraceReady(TracePtr trace) {
    // Display or label edits made while this was computing apply to it.
    const ScenarioChanges since = changesBetween(trace->scenario, m_document->scenario());
    if (since && !needsCompute(since))
        trace = TraceBuilder::relabel(*trace, m_document->scenario());
    publish(std::move(trace));
}

void LiveSession::publish(TracePtr trace) {
    m_trace = std::move(trace);
    emit traceChanged(m_trace);
}

}  // namespace attnscope
