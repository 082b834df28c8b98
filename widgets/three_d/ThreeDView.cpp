#include "widgets/three_d/ThreeDView.h"

#include <QSplitter>
#include <QVBoxLayout>

#include "widgets/three_d/VectorView3D.h"
#include "widgets/three_d/WeightsView3D.h"

namespace attnscope {

ThreeDView::ThreeDView(QWidget* parent)
    : FigureView(parent), m_vectors(new VectorView3D), m_weights(new WeightsView3D) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter = splitter;
    // Side by side when there is room, one above the other when not: the tab never makes the
    // window wider than a small screen.
    splitter->setMinimumWidth(kSideBySideWidth / 3);
    splitter->addWidget(m_vectors);
    splitter->addWidget(m_weights);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({1000, 1000});  // half each
    layout->addWidget(splitter);
    // One drawn() for the tab once both figures have drawn.
    connect(m_weights, &FigureView::drawn, this, &FigureView::drawn);
}

void ThreeDView::resizeEvent(QResizeEvent* event) {
    FigureView::resizeEvent(event);
    m_splitter->setOrientation(width() >= kSideBySideWidth ? Qt::Horizontal : Qt::Vertical);
}

QString ThreeDView::figureName() const {
    return m_vectors->figureName();
}

namespace {
struct ThreeDData : ViewData {
    ViewDataPtr vectors, weights;
};
}  // namespace

bool ThreeDView::dependsOn(const ViewOptions& before, const ViewOptions& after) const {
    return before.batch != after.batch || before.head != after.head ||
           before.detailPooling != after.detailPooling;
}

ViewPreparer ThreeDView::preparer(const TracePtr& trace, const ViewOptions& options) const {
    ViewPreparer vectors = m_vectors->preparer(trace, options);
    ViewPreparer weights = m_weights->preparer(trace, options);
    if (!vectors && !weights) return {};
    return [vectors, weights]() -> ViewDataPtr {
        auto d = std::make_shared<ThreeDData>();
        d->vectors = vectors ? vectors() : nullptr;
        d->weights = weights ? weights() : nullptr;
        return d;
    };
}

void ThreeDView::redraw() {
    const auto* d = prepared<ThreeDData>().get();
    m_vectors->present(m_trace, m_options, d ? d->vectors : nullptr);
    m_weights->present(m_trace, m_options, d ? d->weights : nullptr);  // emits drawn()
}

QSize ThreeDView::figureSize() const {
    return m_vectors->figureSize();
}

void ThreeDView::renderFigure(QPaintDevice& device, const QSize& size, double scale) {
    m_vectors->renderFigure(device, size, scale);
}

Status ThreeDView::renderStatus() const {
    return m_vectors->renderStatus();
}

std::vector<FigureView*> ThreeDView::figures() {
    return {m_vectors, m_weights};
}

}  // namespace attnscope
