#include "widgets/tokens/TokenView.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>
#include <map>

#include "core/analysis/SinkLens.h"
#include "core/common/LatestResult.h"
#include "core/common/ParallelFor.h"
#include "core/model/TraceLayers.h"
#include "widgets/views/FigureFont.h"
#include "widgets/views/LineRaster.h"
#include "widgets/views/PaintCanvas.h"

namespace attnscope {

namespace {

struct TokenData : ViewData {
    QStringList queries, keys;
    std::vector<TokenView::Line> lines;  // every head, weight ≥ threshold, strongest last
    int heads = 0, hidden = 0;
};

constexpr double kRowHeight = 18, kTop = 74, kBottom = 20;
// An exported figure shows at most this many tokens per column (the window scrolls through all):
// a 4096-token text would be a figure 74,000 pixels tall.
constexpr int kMaxFigureRows = 160;
// Lines painted at most per frame (the strongest).
constexpr size_t kMaxPainted = 3000;
// Up to this many lines (a focused token's) are drawn in place; more go to the lines layer.
constexpr size_t kDrawnInPlace = 400;
const QFont kTitleFont = figureFont(13, QFont::Bold);
const QFont kTokenFont = figureFont(9);
const QFont kSmallFont = figureFont(8);

double columnX(double width, bool query) {
    return query ? width * 0.34 : width * 0.66;
}

double lineRowY(int row) {
    return kTop + (row + 0.5) * kRowHeight;
}

/// The lines of `d` drawn for `heads` (empty: all) and the focused row (−1: none), weakest first.
std::vector<TokenView::Line> selectLines(const TokenData& d, const std::vector<int>& heads,
                                         int focusRow, bool focusQuery) {
    std::vector<TokenView::Line> out;
    for (const TokenView::Line& l : d.lines) {
        if (!heads.empty() && !std::count(heads.begin(), heads.end(), l.head)) continue;
        if (focusRow >= 0 && (focusQuery ? l.query : l.key) != focusRow) continue;
        out.push_back(l);
    }
    return out;
}

/// One line as painted: clipped to the rows it is painted for, with its colour step.
struct PaintedLine {
    QLineF line;
    int head = 0, step = 0;
};
constexpr int kSteps = 16;  // opacity steps per head

/// The strongest `lines` (weakest first in the vector) that cross the rows of `exposed`, at most
/// `limit`, each clipped to those rows, weakest first.
std::vector<PaintedLine> linesToPaint(const std::vector<TokenView::Line>& lines,
                                      const QRectF& exposed, double width, int maxRows,
                                      size_t limit) {
    const double xl = columnX(width, true) + 6, xr = columnX(width, false) - 6;
    std::vector<PaintedLine> out;
    // The strongest lines first: a flat head over hundreds of tokens has tens of thousands of
    // lines near the threshold, which only add a faint haze.
    for (auto it = lines.rbegin(); it != lines.rend() && out.size() < limit; ++it) {
        const TokenView::Line& l = *it;
        if (l.query >= maxRows || l.key >= maxRows) continue;
        const double y1 = lineRowY(l.query), y2 = lineRowY(l.key);
        if (std::max(y1, y2) < exposed.top() - 2 || std::min(y1, y2) > exposed.bottom() + 2)
            continue;  // off screen: most lines of a long text
        // Only the part inside the exposed rows: a line from the last token to a sink at the
        // first is 5,000 pixels tall, and the painter strokes it whole before clipping.
        const double top = exposed.top() - 2, bottom = exposed.bottom() + 2;
        auto at_y = [&](double y) { return xl + (xr - xl) * (y - y1) / (y2 - y1); };
        QPointF a(xl, y1), e(xr, y2);
        if (y1 != y2) {
            if (y1 < top) a = QPointF(at_y(top), top);
            if (y1 > bottom) a = QPointF(at_y(bottom), bottom);
            if (y2 < top) e = QPointF(at_y(top), top);
            if (y2 > bottom) e = QPointF(at_y(bottom), bottom);
        }
        const int step = std::clamp(int(double(l.weight) * kSteps), 0, kSteps - 1);
        out.push_back({QLineF(a, e), int(l.head), step});
    }
    std::reverse(out.begin(), out.end());
    return out;
}

/// The colour of a line of `head` at opacity `step`: opaque, mixed with the white background by
/// the weight (a translucent line costs Qt a blend per pixel: 300 ms for 6,000 lines).
QColor lineColour(int head, int step) {
    const double w = (step + 0.5) / kSteps;
    const QColor c = TokenView::headColour(head);
    const double o = std::clamp(0.08 + 0.92 * w, 0.0, 1.0);
    return QColor::fromRgbF(1 - o + o * c.redF(), 1 - o + o * c.greenF(), 1 - o + o * c.blueF());
}

/// Draws the strongest `lines` (weakest first in the vector) that cross the rows of `exposed`,
/// at most kMaxPainted; `cosmetic`: one-pixel lines (the screen), else wider strong lines.
void drawLines(QPainter& p, const std::vector<TokenView::Line>& lines, const QRectF& exposed,
               double width, int maxRows, bool cosmetic) {
    // Lines in 16 opacity steps per head, drawn in batches (one pen each): thousands of long
    // lines cross the screen in a long text, and a pen change per line cost 300 ms a frame.
    std::vector<std::vector<QLineF>> batches;
    std::vector<std::pair<int, int>> keys;  // (head, step) of each batch
    std::map<std::pair<int, int>, size_t> batchOf;
    for (const PaintedLine& l : linesToPaint(lines, exposed, width, maxRows, kMaxPainted)) {
        auto [at, added] = batchOf.try_emplace({l.head, l.step}, batches.size());
        if (added) {
            batches.emplace_back();
            keys.emplace_back(l.head, l.step);
        }
        batches[at->second].push_back(l.line);
    }
    // Weakest first: the strong lines end on top.
    std::vector<size_t> order(batches.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return keys[a].second < keys[b].second; });
    p.setRenderHint(QPainter::Antialiasing, true);
    for (size_t i : order) {
        const double w = (keys[i].second + 0.5) / kSteps;
        // One-pixel antialiased lines: Qt draws them with its fast cosmetic stroker, where a
        // wider pen goes through the general stroker (a second for 6,000 lines on screen).
        QPen pen(lineColour(keys[i].first, keys[i].second), cosmetic ? 1.0 : 1.0 + 1.5 * w);
        pen.setCosmetic(cosmetic);
        p.setPen(pen);
        p.drawLines(batches[i].data(), int(batches[i].size()));
    }
}

}  // namespace

QColor TokenView::headColour(int head) {
    // Twelve well-separated hues (Tableau-like), repeated with a darker shade beyond.
    static const QColor kColours[] = {
        QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
        QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
        QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
        QColor(0x17, 0xbe, 0xcf), QColor(0x39, 0x3b, 0x79), QColor(0xad, 0x49, 0x4a)};
    const QColor c = kColours[head % 12];
    return head / 12 % 2 ? c.darker(140) : c;
}

TokenView::TokenView(QWidget* parent)
    : FigureView(parent),
      m_scroll(new QScrollArea(this)),
      m_canvas(new PaintCanvas),
      m_headBar(new QHBoxLayout),
      m_thresholdBox(new QDoubleSpinBox(this)),
      m_hideBox(new QCheckBox(tr("Hide special"), this)),
      m_layerJob(std::make_unique<LatestResult>(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(8, 4, 8, 0);
    bar->addWidget(new QLabel(tr("Heads"), this));
    // Many heads must not widen the window: the buttons' row is cut rather than grown.
    auto* heads = new QWidget(this);
    heads->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_headBar->setContentsMargins(0, 0, 0, 0);
    m_headBar->setSpacing(2);
    heads->setLayout(m_headBar);
    bar->addWidget(heads, 1);
    bar->addWidget(new QLabel(tr("Threshold"), this));
    m_thresholdBox->setObjectName("tokenThreshold");
    m_thresholdBox->setRange(0.0, 1.0);
    m_thresholdBox->setDecimals(3);
    m_thresholdBox->setSingleStep(0.01);
    m_thresholdBox->setValue(m_threshold);
    m_thresholdBox->setToolTip(tr("Pairs whose weight is below this are not drawn"));
    bar->addWidget(m_thresholdBox);
    m_hideBox->setObjectName("hideSpecialTokens");
    m_hideBox->setToolTip(tr("Remove [CLS], [SEP], BOS, … and renormalise each row over the rest"));
    bar->addWidget(m_hideBox);
    layout->addLayout(bar);
    m_scroll->setWidget(m_canvas);
    m_scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(m_scroll, 1);

    m_canvas->paint = [this](QPainter& p, const QRect& exposed) {
        paint(p, QRectF(exposed), m_canvas->width(), std::numeric_limits<int>::max());
    };
    m_canvas->hover = [this](const QPointF& pos) {
        const double w = m_canvas->width();
        const int row = int(std::floor((pos.y() - kTop) / kRowHeight));
        if (pos.x() <= columnX(w, true) + 8)
            setFocus(row, true);
        else if (pos.x() >= columnX(w, false) - 8)
            setFocus(row, false);
        else
            setFocus(-1, true);
    };
    m_canvas->left = [this] { setFocus(-1, true); };
    // Scrolled past the rows the layer holds: draw it again around the new ones.
    connect(m_scroll->verticalScrollBar(), &QScrollBar::valueChanged, this,
            [this] { requestLayer(); });
    connect(m_thresholdBox, &QDoubleSpinBox::valueChanged, this,
            [this](double v) { setThreshold(v); });
    connect(m_hideBox, &QCheckBox::toggled, this, [this](bool on) { setHideSpecial(on); });
}

TokenView::~TokenView() = default;

QString TokenView::figureName() const {
    return QString("layer%1_tokens").arg(m_trace ? m_trace->scenario.layer : 0);
}

QString TokenView::title() const {
    if (!m_trace) return {};
    return tr("Layer %1: Token Attention (%2)")
        .arg(m_trace->scenario.layer)
        .arg(m_heads.empty() ? tr("all heads") : tr("heads %1").arg([&] {
            QStringList s;
            for (int h : m_heads) s << QString::number(h);
            return s.join(", ");
        }()));
}

ViewPreparer TokenView::preparer(const TracePtr& trace, const ViewOptions& options) const {
    if (!trace || trace->steps.probs.empty()) return {};
    const double threshold = m_threshold;
    const bool hide = m_hideSpecial;
    return [trace, options, threshold, hide]() -> ViewDataPtr {
        const Trace& t = *trace;
        auto d = std::make_shared<TokenData>();
        const Tensor& probs = t.steps.probs;
        const int64_t B = probs.dim(0), H = probs.dim(1), Lq = probs.dim(2), Lk = probs.dim(3);
        const int64_t b = std::clamp<int64_t>(options.batch, 0, B - 1);
        std::vector<int64_t> hiddenRows, hiddenCols;
        if (hide) {
            const std::vector<bool> special = traceSpecialTokens(t);
            for (int64_t j = 0; j < Lk && j < int64_t(special.size()); ++j)
                if (special[size_t(j)]) hiddenCols.push_back(j);
            if (!t.scenario.crossAttention) hiddenRows = hiddenCols;
        }
        d->hidden = int(hiddenCols.size());
        for (int64_t i = 0; i < Lq; ++i)
            if (std::find(hiddenRows.begin(), hiddenRows.end(), i) == hiddenRows.end())
                d->queries << QString::fromStdString(size_t(i) < t.queryTokens.size()
                                                         ? t.queryTokens[size_t(i)]
                                                         : std::to_string(i));
        for (int64_t j = 0; j < Lk; ++j)
            if (std::find(hiddenCols.begin(), hiddenCols.end(), j) == hiddenCols.end())
                d->keys << QString::fromStdString(
                    size_t(j) < t.keyTokens.size() ? t.keyTokens[size_t(j)] : std::to_string(j));
        d->heads = int(H);
        std::vector<std::vector<Line>> perHead(static_cast<size_t>(H));
        const AttentionSteps& st = t.steps;
        if (hiddenRows.empty() && hiddenCols.empty() && threshold >= AttentionSteps::kStrongFloor &&
            st.strongStart.size() == size_t(B * H * Lq) + 1) {
            // The backend kept every row's cells above the floor: no cell to read again.
            for (int64_t h = 0; h < H; ++h)
                for (int64_t i = 0; i < Lq; ++i) {
                    const size_t r = size_t((b * H + h) * Lq + i);
                    for (int64_t e = st.strongStart[r]; e < st.strongStart[r + 1]; ++e) {
                        const float w = st.strongProbs[size_t(e)];
                        if (w >= threshold && w > 0)
                            perHead[size_t(h)].push_back(
                                {int32_t(i), st.strongKeys[size_t(e)], int32_t(h), w});
                    }
                }
        } else {
            // Head by head on the worker pool's threads; the rows as they are when nothing is
            // hidden (a copy of every head's map cost more than the scan).
            parallelFor(resolveThreads(0), H, [&](int, int64_t h) {
                const float* a = probs.data() + (b * H + h) * Lq * Lk;
                Tensor shown;
                int64_t n = Lq, m = Lk;
                if (!hiddenRows.empty() || !hiddenCols.empty()) {
                    shown = withoutTokens(a, Lq, Lk, hiddenRows, hiddenCols);
                    a = shown.data();
                    n = shown.dim(0), m = shown.dim(1);
                }
                std::vector<Line>& out = perHead[size_t(h)];
                for (int64_t i = 0; i < n; ++i)
                    for (int64_t j = 0; j < m; ++j) {
                        const float w = a[i * m + j];
                        if (w >= threshold && w > 0)
                            out.push_back({int32_t(i), int32_t(j), int32_t(h), w});
                    }
            });
        }
        for (const auto& lines : perHead)
            d->lines.insert(d->lines.end(), lines.begin(), lines.end());
        std::stable_sort(d->lines.begin(), d->lines.end(),
                         [](const Line& x, const Line& y) { return x.weight < y.weight; });
        return d;
    };
}

void TokenView::redraw() {
    rebuildHeadButtons();
    m_drawnPending = true;  // once the lines of the new data are drawn (requestLayer)
    updateCanvas();
}

void TokenView::resizeEvent(QResizeEvent* event) {
    FigureView::resizeEvent(event);
    if (prepared<TokenData>()) updateCanvas();  // the columns follow the width
}

void TokenView::showEvent(QShowEvent* event) {
    FigureView::showEvent(event);
    requestLayer();  // drawn when shown: a hidden view draws no layer
}

bool TokenView::dependsOn(const ViewOptions& before, const ViewOptions& after) const {
    return before.batch != after.batch;
}

void TokenView::rebuildHeadButtons() {
    auto d = prepared<TokenData>();
    const int H = d ? d->heads : 0;
    if (int(m_headButtons.size()) == H) return;
    for (QToolButton* b : m_headButtons) delete b;
    m_headButtons.clear();
    for (int h = 0; h < H; ++h) {
        auto* b = new QToolButton(m_headBar->parentWidget());
        b->setObjectName(QString("tokenHead%1").arg(h));
        b->setText(QString::number(h));
        b->setCheckable(true);
        b->setChecked(m_heads.empty() || std::count(m_heads.begin(), m_heads.end(), h));
        b->setToolTip(tr("Head %1: click to show or hide its lines").arg(h));
        // A swatch of the head's colour (a style sheet per button cost tens of milliseconds
        // each time the heads change).
        QPixmap swatch(12, 12);
        swatch.fill(headColour(h));
        b->setIcon(QIcon(swatch));
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        b->setAutoRaise(true);
        connect(b, &QToolButton::toggled, this, [this] {
            std::vector<int> on;
            for (int i = 0; i < int(m_headButtons.size()); ++i)
                if (m_headButtons[size_t(i)]->isChecked()) on.push_back(i);
            m_heads = int(on.size()) == int(m_headButtons.size()) ? std::vector<int>{} : on;
            if (on.empty()) m_heads = {-1};  // none
            updateCanvas();
        });
        m_headBar->addWidget(b);
        m_headButtons.push_back(b);
    }
}

void TokenView::setHeads(const std::vector<int>& heads) {
    m_heads = heads;
    for (int i = 0; i < int(m_headButtons.size()); ++i) {
        QSignalBlocker block(m_headButtons[size_t(i)]);
        m_headButtons[size_t(i)]->setChecked(heads.empty() ||
                                             std::count(heads.begin(), heads.end(), i));
    }
    updateCanvas();
}

std::vector<int> TokenView::heads() const {
    return m_heads;
}

void TokenView::setThreshold(double threshold) {
    m_threshold = threshold;
    if (m_thresholdBox->value() != threshold) m_thresholdBox->setValue(threshold);
    requestPreparation();
}

void TokenView::setHideSpecial(bool hide) {
    m_hideSpecial = hide;
    if (m_hideBox->isChecked() != hide) m_hideBox->setChecked(hide);
    requestPreparation();
}

void TokenView::setFocus(int row, bool query) {
    if (row == m_focusRow && query == m_focusQuery) return;
    m_focusRow = row;
    m_focusQuery = query;
    m_canvas->update();
    requestLayer();
}

QStringList TokenView::queryLabels() const {
    auto d = prepared<TokenData>();
    return d ? d->queries : QStringList{};
}

QStringList TokenView::keyLabels() const {
    auto d = prepared<TokenData>();
    return d ? d->keys : QStringList{};
}

std::vector<TokenView::Line> TokenView::visibleLines() const {
    auto d = prepared<TokenData>();
    return d ? selectLines(*d, m_heads, m_focusRow, m_focusQuery) : std::vector<Line>{};
}

double TokenView::rowY(int row) const {
    return lineRowY(row);
}

struct TokenView::LinesLayer {
    // Transparent but for the lines, in horizontal bands drawn in parallel; together they cover
    // `rect`, the canvas area of the layer.
    std::vector<std::pair<QRect, QImage>> bands;
    QRect rect;
    // What it was drawn for.
    std::shared_ptr<const TokenData> data;  // held, so that its address names it
    std::vector<int> heads;
    int focusRow = -1;
    bool focusQuery = true;
};

bool TokenView::linesDrawnAside() const {
    // Only on screen, and only when there are many lines: a focused token's few are drawn in
    // place, so that hovering answers at once.
    auto d = prepared<TokenData>();
    if (!d || !m_canvas->isVisible()) return false;
    if (m_focusRow < 0 && m_heads.empty()) return d->lines.size() > kDrawnInPlace;
    return selectLines(*d, m_heads, m_focusRow, m_focusQuery).size() > kDrawnInPlace;
}

bool TokenView::layerMatches(const LinesLayer& layer) const {
    auto d = prepared<TokenData>();
    return d && layer.data == d && layer.heads == m_heads && layer.focusRow == m_focusRow &&
           layer.focusQuery == m_focusQuery && layer.rect.width() == m_canvas->width();
}

bool TokenView::linesLayerCurrent() const {
    return m_layer && layerMatches(*m_layer) && m_layer->rect.contains(wantedLayerRect());
}

QRect TokenView::wantedLayerRect() const {
    const int h = m_scroll->viewport()->height();
    const QRect visible(0, -m_canvas->y(), m_canvas->width(), h);
    return visible.adjusted(0, -h / 4, 0, h / 4).intersected(m_canvas->rect());
}

void TokenView::requestLayer() {
    auto d = prepared<TokenData>();
    if (!d || !linesDrawnAside() || linesLayerCurrent()) {
        if (m_drawnPending) {
            m_drawnPending = false;
            emit drawn();
        }
        return;
    }
    // Around the visible rows; drawn whole for the rows it covers (the lines crossing them).
    auto layer = std::make_shared<LinesLayer>();
    layer->rect = wantedLayerRect();
    layer->data = d;
    layer->heads = m_heads;
    layer->focusRow = m_focusRow;
    layer->focusQuery = m_focusQuery;
    const double width = m_canvas->width();
    // As many lines as kMaxPainted per screen of the rows it covers.
    const size_t limit =
        std::max<size_t>(kMaxPainted, kMaxPainted * size_t(layer->rect.height()) /
                                          size_t(std::max(1, m_scroll->viewport()->height())));
    m_layerJob->run<std::shared_ptr<const LinesLayer>>(
        [d, layer, width, limit]() -> std::shared_ptr<const LinesLayer> {
            const QRect r = layer->rect;
            // One choice of lines for the whole layer (no seams between bands), weakest first
            // and by opacity step, so that the strong lines end on top.
            std::vector<PaintedLine> painted =
                linesToPaint(selectLines(*d, layer->heads, layer->focusRow, layer->focusQuery),
                             QRectF(r), width, std::numeric_limits<int>::max(), limit);
            std::stable_sort(
                painted.begin(), painted.end(),
                [](const PaintedLine& a, const PaintedLine& b) { return a.step < b.step; });
            std::vector<RasterLine> raster;
            raster.reserve(painted.size());
            for (const PaintedLine& l : painted)
                raster.push_back({l.line.p1(), l.line.p2(), lineColour(l.head, l.step).rgb()});
            // Bands of 64 rows, on the worker pool's threads as they come free.
            constexpr int kBand = 64;
            for (int top = r.top(); top < r.bottom() + 1; top += kBand)
                layer->bands.emplace_back(
                    QRect(r.left(), top, r.width(), std::min(kBand, r.bottom() + 1 - top)),
                    QImage());
            parallelFor(resolveThreads(0), int64_t(layer->bands.size()), [&](int, int64_t i) {
                auto& [rect, image] = layer->bands[size_t(i)];
                image = QImage(rect.size(), QImage::Format_ARGB32_Premultiplied);
                image.fill(Qt::transparent);
                rasteriseLines(image, rect.topLeft(), raster);
            });
            return layer;
        },
        [this](Result<std::shared_ptr<const LinesLayer>> done) {
            if (!done || !layerMatches(**done)) return;  // drawn for what is no longer shown
            m_layer = *done;
            m_canvas->update();
            if (m_drawnPending && linesLayerCurrent()) {
                m_drawnPending = false;
                emit drawn();
            }
        });
}

void TokenView::updateCanvas() {
    auto d = prepared<TokenData>();
    const int rows = d ? int(std::max(d->queries.size(), d->keys.size())) : 0;
    const int width =
        std::max(420, m_scroll->width() - m_scroll->verticalScrollBar()->sizeHint().width() - 2);
    m_canvas->resize(width, int(kTop + rows * kRowHeight + kBottom));
    m_canvas->update();
    requestLayer();
}

QSize TokenView::figureSize() const {
    auto d = prepared<TokenData>();
    const int rows =
        d ? std::min(kMaxFigureRows, int(std::max(d->queries.size(), d->keys.size()))) : 12;
    return QSize(900, int(kTop + rows * kRowHeight + kBottom));
}

void TokenView::paint(QPainter& p, const QRectF& exposed, double width, int maxRows) const {
    const bool cosmetic = maxRows == std::numeric_limits<int>::max();
    auto d = prepared<TokenData>();
    p.setPen(Qt::black);
    p.setFont(kTitleFont);
    p.drawText(QRectF(0, 6, width, 22), Qt::AlignCenter, title());
    p.setFont(kSmallFont);
    if (!d) return;
    const int shown = int(std::max(d->queries.size(), d->keys.size()));
    p.drawText(
        QRectF(0, 30, width, 16), Qt::AlignCenter,
        tr("line strength ∝ attention weight · weights below %1 not drawn%2%3")
            .arg(m_threshold)
            .arg(d->hidden ? tr(" · %1 special tokens hidden, rows renormalised").arg(d->hidden)
                           : QString())
            .arg(shown > maxRows ? tr(" · the first %1 of %2 tokens").arg(maxRows).arg(shown)
                                 : QString()));
    p.drawText(QRectF(0, 50, columnX(width, true), 16), Qt::AlignRight | Qt::AlignVCenter,
               tr("Query Token"));
    p.drawText(QRectF(columnX(width, false), 50, width, 16), Qt::AlignLeft | Qt::AlignVCenter,
               tr("Key Token"));
    const double xl = columnX(width, true) + 6, xr = columnX(width, false) - 6;
    const bool aside = cosmetic && linesDrawnAside();
    if (!aside) {
        drawLines(p, visibleLines(), exposed, width, maxRows, cosmetic);
    } else if (m_layer && layerMatches(*m_layer)) {
        // The layer of what is shown (the rows beyond it follow when it is drawn again).
        for (const auto& [rect, image] : m_layer->bands) {
            const QRect part = rect.intersected(exposed.toAlignedRect());
            if (!part.isEmpty()) p.drawImage(part, image, part.translated(-rect.topLeft()));
        }
    }
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setFont(kTokenFont);
    auto drawColumn = [&](const QStringList& labels, bool query) {
        for (int i = 0; i < labels.size() && i < maxRows; ++i) {
            const double y = rowY(i);
            if (y < exposed.top() - kRowHeight || y > exposed.bottom() + kRowHeight) continue;
            const bool focused = m_focusRow == i && m_focusQuery == query;
            const QRectF r = query
                                 ? QRectF(0, y - kRowHeight / 2, xl - 10, kRowHeight)
                                 : QRectF(xr + 10, y - kRowHeight / 2, width - xr - 14, kRowHeight);
            if (focused) p.fillRect(r, QColor(255, 236, 179));
            p.setPen(Qt::black);
            p.drawText(r, (query ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter,
                       p.fontMetrics().elidedText(labels[i], Qt::ElideRight, int(r.width())));
        }
    };
    drawColumn(d->queries, true);
    drawColumn(d->keys, false);
}

void TokenView::renderFigure(QPaintDevice& device, const QSize& size, double scale) {
    QPainter p(&device);
    p.scale(scale, scale);
    p.fillRect(QRectF(QPointF(0, 0), QSizeF(size)), Qt::white);
    paint(p, QRectF(QPointF(0, 0), QSizeF(size)), size.width(), kMaxFigureRows);
}

}  // namespace attnscope
