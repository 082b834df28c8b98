#include "widgets/neuron/NeuronView.h"

#include <qcustomplot.h>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <algorithm>
#include <cmath>

#include "widgets/views/FigureFont.h"

namespace attnscope {

namespace {

const QFont kTitleFont = figureFont(13, QFont::Bold);
const QFont kTextFont = figureFont(10);
const QFont kSmallFont = figureFont(8);

QString number(double v) {
    return QString::number(v, 'g', 5);
}

}  // namespace

NeuronView::NeuronView(QWidget* parent)
    : PlotView(parent), m_queryBox(new QComboBox(this)), m_keyBox(new QComboBox(this)) {
    auto* controls = new QHBoxLayout;
    controls->setContentsMargins(8, 4, 8, 0);
    m_queryBox->setObjectName("neuronQuery");
    m_keyBox->setObjectName("neuronKey");
    for (QComboBox* box : {m_queryBox, m_keyBox}) {
        box->setMaxVisibleItems(24);
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(16);
    }
    controls->addWidget(new QLabel(tr("Query"), this));
    controls->addWidget(m_queryBox);
    controls->addWidget(new QLabel(tr("Key"), this));
    controls->addWidget(m_keyBox);
    controls->addWidget(new QLabel(tr("Head: the Display dock's"), this));
    controls->addStretch(1);
    plotLayout()->insertLayout(0, controls);
    connect(m_queryBox, &QComboBox::activated, this, [this](int i) { setPair(i, m_key); });
    connect(m_keyBox, &QComboBox::activated, this, [this](int i) { setPair(m_query, i); });
}

QString NeuronView::figureName() const {
    return QString("layer%1_neuron").arg(m_trace ? m_trace->scenario.layer : 0);
}

ViewPreparer NeuronView::preparer(const TracePtr&, const ViewOptions&) const {
    return {};  // one query and one key: drawn directly
}

int NeuronView::query() const {
    if (!m_trace) return 0;
    const int lq = int(m_trace->qLen());
    return m_query >= 0 && m_query < lq ? m_query : lq - 1;
}

int NeuronView::key() const {
    if (!m_trace) return 0;
    return m_key >= 0 && m_key < int(m_trace->kvLen()) ? m_key : 0;
}

void NeuronView::setPair(int query, int key) {
    m_query = query;
    m_key = key;
    rebuild();
}

QString NeuronView::title() const {
    if (!m_trace) return {};
    auto label = [](const std::vector<std::string>& tokens, int i) {
        return size_t(i) < tokens.size() ? QString::fromStdString(tokens[size_t(i)])
                                         : QString::number(i);
    };
    // One multi-argument arg(): a token's text may hold "%5" itself.
    return tr("Layer %1 · Head %2: query %3 '%4' → key %5 '%6'")
        .arg(QString::number(m_trace->scenario.layer), QString::number(m_chain.head),
             QString::number(query()), label(m_trace->queryTokens, query()), QString::number(key()),
             label(m_trace->keyTokens, key()));
}

QString NeuronView::chainText() const {
    QString s = tr("q · k = %1   →   × scale %2 = %3")
                    .arg(number(m_chain.dot), number(m_trace ? m_trace->scale : 1.0),
                         number(m_chain.scaled));
    if (m_chain.softCapped) s += tr("   →   soft-cap c·tanh(s/c) = %1").arg(number(m_chain.capped));
    s += m_chain.allowed ? tr("   →   softmax weight %1").arg(number(m_chain.weight))
                         : tr("   →   masked: weight 0");
    return s;
}

void NeuronView::fillPairBoxes() {
    if (!m_trace) return;
    auto fill = [](QComboBox* box, const std::vector<std::string>& tokens, int64_t n, int current) {
        QSignalBlocker block(box);
        if (box->count() != n ||
            (n > 0 && size_t(n) <= tokens.size() &&
             box->itemText(0) != QString("0  ") + QString::fromStdString(tokens[0]))) {
            box->clear();
            for (int64_t i = 0; i < n; ++i)
                box->addItem(QString("%1  %2").arg(i).arg(
                    size_t(i) < tokens.size() ? QString::fromStdString(tokens[size_t(i)])
                                              : QString()));
        }
        box->setCurrentIndex(current);
    };
    fill(m_queryBox, m_trace->queryTokens, m_trace->qLen(), query());
    fill(m_keyBox, m_trace->keyTokens, m_trace->kvLen(), key());
}

void NeuronView::redraw() {
    rebuild();
}

void NeuronView::rebuild() {
    m_plot->clearPlottables();
    m_plot->plotLayout()->clear();
    m_chain = {};
    if (!m_trace || m_trace->q.empty() || m_trace->k.empty()) {
        m_plot->plotLayout()->addElement(
            0, 0,
            new QCPTextElement(m_plot, tr("This source has no Q and K to look into"), kTextFont));
        m_plot->replot();
        emit drawn();
        return;
    }
    fillPairBoxes();
    const Trace& t = *m_trace;
    const int64_t H = t.heads(), Hkv = t.kvHeads(), d = t.dHead(), Lq = t.qLen(), Lk = t.kvLen();
    const int64_t b = std::clamp<int64_t>(m_options.batch, 0, t.batch() - 1);
    const int64_t h = std::clamp<int64_t>(m_options.head, 0, H - 1),
                  g = h / std::max<int64_t>(1, H / Hkv);
    const int64_t i = query(), j = key();
    const float* q = t.q.data() + ((b * H + h) * Lq + i) * d;
    const float* k = t.k.data() + ((b * Hkv + g) * Lk + j) * d;
    m_chain.head = int(h);
    m_chain.kvHead = int(g);
    for (int64_t e = 0; e < d; ++e) {
        m_chain.q.push_back(q[e]);
        m_chain.k.push_back(k[e]);
        m_chain.product.push_back(double(q[e]) * double(k[e]));
        m_chain.dot += m_chain.product.back();
    }
    m_chain.scaled = m_chain.dot * t.scale;
    m_chain.softCapped = t.scenario.softCap > 0;
    m_chain.capped = m_chain.softCapped
                         ? t.scenario.softCap * std::tanh(m_chain.scaled / t.scenario.softCap)
                         : m_chain.scaled;
    const size_t cell = size_t(((b * H + h) * Lq + i) * Lk + j);
    if (!t.steps.probs.empty()) m_chain.weight = t.steps.probs[int64_t(cell)];
    if (!t.steps.mask.empty()) {
        const int64_t mb = t.steps.mask.dim(0) > 1 ? b : 0;
        m_chain.allowed = t.steps.mask[(mb * Lq + i) * Lk + j] != 0;
    }

    auto* layout = m_plot->plotLayout();
    layout->addElement(0, 0, new QCPTextElement(m_plot, title(), kTitleFont));
    struct Row {
        QString name;
        const std::vector<double>* values;
        QColor colour;
    };
    const Row rows[] = {
        {tr("q (query vector, after RoPE)"), &m_chain.q, QColor(0x1f, 0x77, 0xb4)},
        {tr("k (key vector)"), &m_chain.k, QColor(0xff, 0x7f, 0x0e)},
        {tr("q ⊙ k (their sum is q · k)"), &m_chain.product, QColor(0x2c, 0xa0, 0x2c)}};
    int at = 1;
    for (const Row& r : rows) {
        auto* rect = new QCPAxisRect(m_plot);
        layout->addElement(at++, 0, rect);
        QCPAxis* x = rect->axis(QCPAxis::atBottom);
        QCPAxis* y = rect->axis(QCPAxis::atLeft);
        rect->axis(QCPAxis::atTop)->setVisible(true);
        rect->axis(QCPAxis::atTop)->setTicks(false);
        rect->axis(QCPAxis::atTop)->setTickLabels(false);
        rect->axis(QCPAxis::atTop)->setLabel(r.name);
        rect->axis(QCPAxis::atTop)->setLabelFont(kTextFont);
        for (QCPAxis* a : {x, y}) {
            a->setTickLabelFont(kSmallFont);
            a->setLabelFont(kSmallFont);
        }
        x->setLabel(tr("Dimension"));
        auto* bars = new QCPBars(x, y);
        bars->setName(r.name);
        bars->setWidth(0.8);
        bars->setPen(Qt::NoPen);
        bars->setBrush(r.colour);
        double lo = 0, hi = 0;
        for (size_t e = 0; e < r.values->size(); ++e) {
            bars->addData(double(e), (*r.values)[e]);
            lo = std::min(lo, (*r.values)[e]);
            hi = std::max(hi, (*r.values)[e]);
        }
        x->setRange(-0.8, double(d) - 0.2);
        const double pad = 0.08 * std::max(1e-6, hi - lo);
        y->setRange(lo - pad, hi + pad);
    }
    layout->addElement(at, 0, new QCPTextElement(m_plot, chainText(), kTextFont));
    m_plot->replot();
    emit drawn();
}

}  // namespace attnscope
