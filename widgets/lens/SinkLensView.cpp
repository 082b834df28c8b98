#include "widgets/lens/SinkLensView.h"

#include <qcustomplot.h>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <algorithm>
#include <cmath>
#include <set>

#include "core/analysis/SinkLens.h"
#include "core/common/ParallelFor.h"
#include "core/model/ModelCache.h"
#include "core/model/TraceLayers.h"
#include "widgets/atlas/ModelAtlas.h"
#include "widgets/heatmap/ColorMapData.h"
#include "widgets/heatmap/Colormaps.h"
#include "widgets/i18n/CoreMessages.h"
#include "widgets/views/FigureFont.h"
#include "widgets/views/PositionTicker.h"

namespace attnscope {

namespace {

struct LensData : ViewData {
    SinkLensView::Panels panels;
};

const QFont kTitleFont = figureFont(13, QFont::Bold);
const QFont kPanelFont = figureFont(10, QFont::Bold);
const QFont kTextFont = figureFont(10);
const QFont kSmallFont = figureFont(8);

/// An [r, c] matrix small enough to be shown cell by cell, as its own tensor.
Tensor matrixOf(const float* m, int64_t r, int64_t c) {
    Tensor out({r, c});
    std::copy(m, m + r * c, out.data());
    return out;
}

int64_t layerIndexOf(const Trace& t) {
    if (!t.model.inputs) return 0;
    const auto& layers = t.model.inputs->run->layers;
    for (size_t i = 0; i < layers.size(); ++i)
        if (layers[i].layer == t.scenario.layer) return int64_t(i);
    return 0;
}

}  // namespace

SinkLensView::SinkLensView(QWidget* parent)
    : PlotView(parent),
      m_columnsEdit(new QLineEdit("0", this)),
      m_keyBox(new QSpinBox(this)),
      m_epsilonBox(new QDoubleSpinBox(this)),
      m_textsEdit(new QPlainTextEdit(this)) {
    auto* controls = new QHBoxLayout;
    controls->setContentsMargins(8, 4, 8, 0);
    m_columnsEdit->setObjectName("lensSinkColumns");
    m_columnsEdit->setToolTip(tr("Key positions treated as sinks, e.g. 0 or 0,1,2"));
    m_columnsEdit->setMaximumWidth(70);
    m_keyBox->setObjectName("lensMetricKey");
    m_keyBox->setRange(0, 1 << 20);
    m_keyBox->setToolTip(tr("The key position whose sink metric is mapped"));
    m_epsilonBox->setObjectName("lensEpsilon");
    m_epsilonBox->setRange(0.0, 1.0);
    m_epsilonBox->setSingleStep(0.05);
    m_epsilonBox->setValue(m_epsilon);
    m_textsEdit->setObjectName("lensTexts");
    m_textsEdit->setPlaceholderText(tr("More texts for the metric, one per line (models)"));
    m_textsEdit->setMaximumHeight(48);
    m_textsEdit->setMinimumWidth(60);
    m_textsEdit->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto* apply = new QPushButton(tr("Average"), this);
    apply->setObjectName("lensApplyTexts");
    apply->setToolTip(tr("Run the model on the texts listed and average the metric over them"));
    controls->addWidget(new QLabel(tr("Sinks"), this));
    controls->addWidget(m_columnsEdit);
    controls->addWidget(new QLabel(tr("Metric key"), this));
    controls->addWidget(m_keyBox);
    controls->addWidget(new QLabel("ε", this));
    controls->addWidget(m_epsilonBox);
    controls->addWidget(m_textsEdit, 1);
    controls->addWidget(apply);
    plotLayout()->insertLayout(0, controls);
    connect(m_columnsEdit, &QLineEdit::editingFinished, this, [this] {
        std::vector<int64_t> cols;
        for (const QString& part : m_columnsEdit->text().split(',', Qt::SkipEmptyParts)) {
            bool ok = false;
            const int v = part.trimmed().toInt(&ok);
            if (ok && v >= 0) cols.push_back(v);
        }
        setSinkColumns(cols);
    });
    auto metricChanged = [this] { setMetricKey(m_keyBox->value(), m_epsilonBox->value()); };
    connect(m_keyBox, &QSpinBox::editingFinished, this, metricChanged);
    connect(m_epsilonBox, &QDoubleSpinBox::editingFinished, this, metricChanged);
    connect(apply, &QPushButton::clicked, this,
            [this] { setTexts(m_textsEdit->toPlainText().split('\n', Qt::SkipEmptyParts)); });
}

QString SinkLensView::figureName() const {
    return QString("layer%1_sink_lens").arg(m_trace ? m_trace->scenario.layer : 0);
}

void SinkLensView::setSinkColumns(const std::vector<int64_t>& columns) {
    m_sinkColumns = columns;
    QStringList s;
    for (int64_t c : columns) s << QString::number(c);
    if (m_columnsEdit->text() != s.join(",")) m_columnsEdit->setText(s.join(","));
    requestPreparation();
}

void SinkLensView::setMetricKey(int64_t key, double epsilon) {
    m_metricKey = key;
    m_epsilon = epsilon;
    QSignalBlocker a(m_keyBox), b(m_epsilonBox);
    m_keyBox->setValue(int(key));
    m_epsilonBox->setValue(epsilon);
    requestPreparation();
}

void SinkLensView::setTexts(const QStringList& texts) {
    m_texts = texts;
    requestPreparation();
}

bool SinkLensView::dependsOn(const ViewOptions& before, const ViewOptions& after) const {
    return before.batch != after.batch || before.head != after.head;
}

ViewPreparer SinkLensView::preparer(const TracePtr& trace, const ViewOptions& options) const {
    if (!trace) return {};
    const std::vector<int64_t> sinks = m_sinkColumns;
    const int64_t key = m_metricKey;
    const double epsilon = m_epsilon;
    std::vector<std::string> texts;
    for (const QString& t : m_texts)
        if (!t.trimmed().isEmpty()) texts.push_back(t.toStdString());
    return [trace, options, sinks, key, epsilon, texts]() -> ViewDataPtr {
        const Trace& t = *trace;
        auto d = std::make_shared<LensData>();
        Panels& p = d->panels;
        if (t.steps.probs.empty()) return d;
        const Tensor& probs = t.steps.probs;
        const int64_t B = probs.dim(0), H = probs.dim(1), Lq = probs.dim(2), Lk = probs.dim(3);
        const int64_t b = std::clamp<int64_t>(options.batch, 0, B - 1);
        const int64_t h = std::clamp<int64_t>(options.head, 0, H - 1);
        p.head = int(h);
        const float* alpha = probs.data() + (b * H + h) * Lq * Lk;
        const int threads = resolveThreads(0);
        const int64_t layer = layerIndexOf(t);
        const Tensor norms = traceValueNorms(t, layer, b, h, &p.withOutput);
        const float* headNorms = norms.size() == Lk ? norms.data() : nullptr;
        if (Lq > kMaxCells || Lk > kMaxCells) {
            // Pooled: the three maps in one pass over the head, no [Lq, Lk] matrix made.
            PooledLens lens = pooledLens(alpha, Lq, Lk, headNorms, sinks, kMaxCells, threads);
            p.pooled = true;
            p.attention = std::move(lens.attention);
            p.valueWeighted = headNorms ? std::move(lens.valueWeighted) : p.attention;
            p.withoutSinks = std::move(lens.withoutColumns);
        } else {
            p.attention = matrixOf(alpha, Lq, Lk);
            p.valueWeighted = headNorms ? valueWeighted(alpha, Lq, Lk, headNorms) : p.attention;
            p.withoutSinks = withoutTokens(alpha, Lq, Lk, {}, sinks);
        }

        // The metric: the current text from the atlas (cached), then the texts listed.
        p.metricKey = std::clamp<int64_t>(key, 0, Lk - 1);
        std::vector<Tensor> perText;
        const BoolArray& mask = t.steps.mask;
        if (traceLayerCount(t) == 1 && mask.rank() == 3 && mask.dim(0) == B && mask.dim(1) == Lq &&
            mask.dim(2) == Lk) {
            // One layer: α_k of each head straight from its probabilities — the mean over the
            // queries that may see the key, as the atlas has it (its pooled pass would compute
            // the attention again).
            Tensor alphaK({1, H});
            const int64_t k = p.metricKey;
            for (int64_t hh = 0; hh < H; ++hh) {
                const float* ph = probs.data() + (b * H + hh) * Lq * Lk;
                double sum = 0;
                int64_t seen = 0;
                for (int64_t i = 0; i < Lq; ++i)
                    if (mask[(b * Lq + i) * Lk + k]) sum += ph[i * Lk + k], ++seen;
                alphaK[hh] =
                    seen ? float(sum / double(seen)) : std::numeric_limits<float>::quiet_NaN();
            }
            p.layerNumbers.push_back(traceLayerNumber(t, 0));
            perText.push_back(std::move(alphaK));
        } else if (ModelAtlasPtr atlas = modelAtlas(t, b); atlas && atlas->error.message.empty()) {
            Tensor alphaK({atlas->layers, atlas->heads});
            for (int64_t i = 0; i < atlas->layers; ++i) {
                p.layerNumbers.push_back(atlas->at(i, 0).layer);
                for (int64_t hh = 0; hh < atlas->heads; ++hh)
                    alphaK[i * atlas->heads + hh] =
                        float(atlas->at(i, hh).received[size_t(p.metricKey)]);
            }
            perText.push_back(std::move(alphaK));
        }
        if (t.model.inputs && !texts.empty()) {
            const Model& model = *t.model.inputs->model;
            for (const std::string& text : texts) {
                auto more = sinkAlphaOfText(model, text, p.metricKey, resolveThreads(0));
                if (!more) {
                    p.error = coreMessage(more);
                    continue;
                }
                if (!perText.empty() && more->shape() != perText.front().shape()) continue;
                perText.push_back(std::move(more).value());
            }
        }
        p.metric = sinkMetric(perText, epsilon);
        p.hiddenNorms = traceHiddenNorms(t);
        return d;
    };
}

const SinkLensView::Panels* SinkLensView::panels() const {
    auto d = prepared<LensData>();
    return d ? &d->panels : nullptr;
}

QString SinkLensView::title() const {
    if (!m_trace) return {};
    return tr("Layer %1 · Head %2: Sink Lens")
        .arg(m_trace->scenario.layer)
        .arg(panels() ? panels()->head : 0);
}

QString SinkLensView::metricLine(bool translated) const {
    const Panels* p = panels();
    if (!p) return {};
    auto text = [translated](const char* english) {
        return translated ? tr(english) : QString::fromUtf8(english);
    };
    const char* one =
        QT_TR_NOOP("Sink metric of key %1 over %2 text: %3% of heads have α > ε = %4");
    const char* many =
        QT_TR_NOOP("Sink metric of key %1 over %2 texts: %3% of heads have α > ε = %4");
    QString line = text(p->metric.texts == 1 ? one : many)
                       .arg(p->metricKey)
                       .arg(p->metric.texts)
                       .arg(100.0 * p->metric.rate, 0, 'f', 1)
                       .arg(p->metric.epsilon);
    if (!p->error.isEmpty()) line += text(QT_TR_NOOP(" (a text was left out: %1)")).arg(p->error);
    return line;
}

void SinkLensView::redraw() {
    rebuild();
}

void SinkLensView::rebuild() {
    m_plot->clearPlottables();
    m_plot->plotLayout()->clear();
    const Panels* p = panels();
    if (!m_trace || !p || p->attention.empty()) {
        m_plot->plotLayout()->addElement(
            0, 0,
            new QCPTextElement(m_plot, tr("This source has no attention to look into"), kTextFont));
        m_plot->replot();
        emit drawn();
        return;
    }
    auto* layout = m_plot->plotLayout();
    layout->addElement(0, 0, new QCPTextElement(m_plot, title(), kTitleFont));
    QStringList sinks;
    for (int64_t c : m_sinkColumns) sinks << QString::number(c);
    layout->addElement(
        1, 0,
        new QCPTextElement(
            m_plot,
            (m_sinkColumns.size() == 1
                 ? tr("value-weighted: ‖α_ij v_j W_O‖ (Kobayashi et al. 2020)%1 · "
                      "sinks removed: α without key %2, rows renormalised")
                 : tr("value-weighted: ‖α_ij v_j W_O‖ (Kobayashi et al. 2020)%1 · "
                      "sinks removed: α without keys %2, rows renormalised"))
                .arg(p->withOutput ? QString() : tr(", no W_O: ‖α_ij v_j‖"), sinks.join(", ")),
            kSmallFont));
    auto* top = new QCPLayoutGrid;
    auto* bottom = new QCPLayoutGrid;
    layout->addElement(2, 0, top);
    layout->addElement(3, 0, new QCPTextElement(m_plot, metricLine(), kTextFont));
    layout->addElement(4, 0, bottom);
    const std::vector<QString> keys = tokenLabels(m_trace->keyTokens);
    const std::vector<QString> queries = tokenLabels(m_trace->queryTokens);
    QCPColorGradient sequential = makeGradient(Colormap::Sequential);

    auto addMap = [&](QCPLayoutGrid* grid, int column, const QString& name, const Tensor& m,
                      const QString& xLabel, const QString& yLabel, bool tokensX, bool tokensY,
                      QCPColorGradient gradient, const std::vector<QString>& yNames,
                      bool fromZero = true, int64_t fullRows = 0, int64_t fullCols = 0) {
        auto* rect = new QCPAxisRect(m_plot);
        grid->addElement(0, column, rect);
        QCPAxis* topAxis = rect->axis(QCPAxis::atTop);
        topAxis->setVisible(true);
        topAxis->setTicks(false);
        topAxis->setTickLabels(false);
        topAxis->setBasePen(Qt::NoPen);
        topAxis->setLabel(name);
        topAxis->setLabelFont(kPanelFont);
        QCPAxis* x = rect->axis(QCPAxis::atBottom);
        QCPAxis* y = rect->axis(QCPAxis::atLeft);
        x->setLabel(xLabel);
        y->setLabel(yLabel);
        for (QCPAxis* ax : {x, y}) {
            ax->setLabelFont(kSmallFont);
            ax->setTickLabelFont(kSmallFont);
        }
        const int64_t rows = m.dim(0), cols = m.dim(1);
        // Token positions on both axes, pooled or not: token texts where they fit, else round
        // numbers that never overlap.
        if (tokensX) x->setTicker(QSharedPointer<PositionTicker>::create(x, keys));
        if (tokensY) y->setTicker(QSharedPointer<PositionTicker>::create(y, yNames));
        if (!tokensX && !tokensY && !yNames.empty())
            y->setTicker(QSharedPointer<PositionTicker>::create(y, yNames));
        if (!tokensX) {  // heads: whole numbers (the metric map's axis read 0, 2.5, 5 …)
            auto heads = QSharedPointer<QCPAxisTickerFixed>::create();
            heads->setTickStep(1);
            heads->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
            x->setTicker(heads);
        }
        auto* map = new QCPColorMap(x, y);
        map->setName(name);
        map->setInterpolate(false);
        // A pooled map keeps token positions on its axes: cell j of n covers tokens
        // [j·L/n, (j+1)·L/n), its centre placed there.
        const double tokenRows = fullRows > 0 ? double(fullRows) : double(rows);
        const double tokenCols = fullCols > 0 ? double(fullCols) : double(cols);
        const double sy = tokenRows / double(rows), sx = tokenCols / double(cols);
        map->setData(colorMapData(m.data(), rows, cols,
                                  QCPRange(0.5 * sx - 0.5, (double(cols) - 0.5) * sx - 0.5),
                                  QCPRange(0.5 * sy - 0.5, (double(rows) - 0.5) * sy - 0.5))
                         .release());
        double hi = -std::numeric_limits<double>::infinity(), lo = -hi;
        for (int64_t i = 0; i < rows * cols; ++i)
            if (std::isfinite(m[i]))
                hi = std::max(hi, double(m[i])), lo = std::min(lo, double(m[i]));
        if (!std::isfinite(lo)) lo = 0, hi = 1;
        if (fromZero) lo = std::min(lo, 0.0);  // probabilities and weights from 0
        x->setRange(-0.5, tokenCols - 0.5);
        y->setRange(-0.5, tokenRows - 0.5);
        y->setRangeReversed(!m_options.originLower);
        auto* scale = new QCPColorScale(m_plot);
        grid->addElement(0, column + 1, scale);
        map->setColorScale(scale);  // first: the map then follows the scale's range and gradient
        scale->setGradient(gradient);
        scale->setDataRange(QCPRange(lo, hi > lo ? hi : lo + 1));
        scale->axis()->setTickLabelFont(kSmallFont);
        scale->setBarWidth(8);
        return map;
    };
    const int64_t Lq = m_trace->qLen(), Lk = m_trace->kvLen();
    addMap(top, 0, tr("Attention α"), p->attention, tr("Key Token"), tr("Query Token"), true, true,
           sequential, queries, true, Lq, Lk);
    // The other two share the first's query axis: no second and third column of labels.
    const std::vector<QString> none(queries.size());
    addMap(top, 2, tr("Value-weighted"), p->valueWeighted, tr("Key Token"), "", true, true,
           sequential, none, true, Lq, Lk);
    std::vector<QString> kept;
    for (size_t j = 0; j < keys.size(); ++j)
        if (std::find(m_sinkColumns.begin(), m_sinkColumns.end(), int64_t(j)) ==
            m_sinkColumns.end())
            kept.push_back(keys[j]);
    std::set<int64_t> sinkSet;
    for (int64_t c : m_sinkColumns)
        if (c >= 0 && c < Lk) sinkSet.insert(c);
    const int64_t removedColumns = int64_t(sinkSet.size());
    QCPColorMap* removed =
        addMap(top, 4, tr("Sinks removed"), p->withoutSinks, tr("Key Token (kept)"), "", false,
               true, sequential, none, true, Lq, Lk - removedColumns);
    removed->keyAxis()->setTicker(QSharedPointer<PositionTicker>::create(removed->keyAxis(), kept));

    std::vector<QString> layerNames;
    for (int64_t l : p->layerNumbers) layerNames.push_back(QString("L%1").arg(l));
    if (!p->metric.alpha.empty())
        addMap(bottom, 0, tr("α of key %1 per layer × head").arg(p->metricKey), p->metric.alpha,
               tr("Head"), tr("Layer"), false, false, sequential, layerNames);
    if (!p->hiddenNorms.empty()) {
        Tensor logNorms(p->hiddenNorms.shape());
        for (int64_t i = 0; i < logNorms.size(); ++i)
            logNorms[i] = float(std::log10(std::max(1e-12f, p->hiddenNorms[i])));
        addMap(bottom, 2, tr("log₁₀‖h‖ per layer × token"), logNorms, tr("Token"), tr("Layer"),
               true, false, makeGradient(Colormap::RdBuR), layerNames, false);
    } else {
        bottom->addElement(
            0, 2, new QCPTextElement(m_plot, tr("Hidden-state norms: models only"), kSmallFont));
    }
    m_plot->replot();
    emit drawn();
}

QList<QPair<QString, QByteArray>> SinkLensView::extraExports() const {
    const Panels* p = panels();
    if (!p || p->metric.alpha.empty()) return {};
    QByteArray metric = "# " + metricLine(false).toUtf8() + "\nlayer,head,alpha\n";
    const int64_t L = p->metric.alpha.dim(0), H = p->metric.alpha.dim(1);
    for (int64_t l = 0; l < L; ++l)
        for (int64_t h = 0; h < H; ++h)
            metric += QByteArray::number(qlonglong(
                          l < int64_t(p->layerNumbers.size()) ? p->layerNumbers[size_t(l)] : l)) +
                      "," + QByteArray::number(qlonglong(h)) + "," +
                      QByteArray::number(p->metric.alpha[l * H + h], 'g', 6) + "\n";
    QList<QPair<QString, QByteArray>> out{{"sink_metric.csv", metric}};
    if (!p->hiddenNorms.empty()) {
        QByteArray norms = "layer,token,norm\n";
        const int64_t n = p->hiddenNorms.dim(0), T = p->hiddenNorms.dim(1);
        for (int64_t l = 0; l < n; ++l)
            for (int64_t t = 0; t < T; ++t)
                norms += QByteArray::number(qlonglong(
                             p->layerNumbers.size() > size_t(l) ? p->layerNumbers[size_t(l)] : l)) +
                         "," + QByteArray::number(qlonglong(t)) + "," +
                         QByteArray::number(p->hiddenNorms[l * T + t], 'g', 6) + "\n";
        out.append({"hidden_norms.csv", norms});
    }
    return out;
}

}  // namespace attnscope
