#include "widgets/panels/DisplayPanel.h"
#include "widgets/panels/PanelFields.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include "widgets/document/SessionDocument.h"

namespace attnscope {

namespace {

const ValueKind kKinds[] = {ValueKind::Logits, ValueKind::Probabilities, ValueKind::MaskedLogits};
const Colormap kColormaps[] = {Colormap::RdBuR, Colormap::Palette9, Colormap::Sequential};
const PoolMode kFrameModes[] = {PoolMode::Mean, PoolMode::Max, PoolMode::Sum};
const PoolMode kDetailModes[] = {PoolMode::Max, PoolMode::Mean};

template <class T, size_t N>
int indexOf(const T (&values)[N], T v) {
    for (size_t i = 0; i < N; ++i)
        if (values[i] == v) return int(i);
    return 0;
}

}  // namespace

DisplayPanel::DisplayPanel(SessionDocument* doc, QWidget* parent) : QWidget(parent), m_doc(doc) {
    buildUi();
    commitSpinBoxesOnEnter(this);
    showScenario(m_doc->scenario());
    showOptions(m_doc->options());
    connect(m_doc, &SessionDocument::optionsChanged, this, &DisplayPanel::showOptions);
    connect(m_doc, &SessionDocument::scenarioChanged, this, &DisplayPanel::showScenario);
}

QComboBox* DisplayPanel::makeCombo(const QString& name, const QString& tip,
                                   const QStringList& items) {
    auto* combo = new QComboBox(this);
    combo->setObjectName(name);
    combo->setToolTip(tip);
    combo->addItems(items);
    return combo;
}

QSpinBox* DisplayPanel::makeSpin(const QString& name, const QString& tip, int min, int max) {
    auto* spin = new QSpinBox(this);
    spin->setObjectName(name);
    spin->setToolTip(tip);
    spin->setRange(min, max);
    return spin;
}

void DisplayPanel::buildUi() {
    m_valueKind = makeCombo("valueKindCombo", tr("Which attention values the maps show"),
                            {tr("Logits"), tr("Probabilities"), tr("Masked logits")});
    m_colormap = makeCombo("colormapCombo",
                           tr("Colour map: diverging RdBu_r, the 9-colour diverging palette, or "
                              "sequential (probabilities)"),
                           {tr("RdBu_r"), tr("9-colour palette"), tr("Sequential")});
    m_symmetric = new QCheckBox(tr("Symmetric range"), this);
    m_symmetric->setObjectName("symmetricCheck");
    m_symmetric->setToolTip(
        tr("Colour range −max|v| … +max|v|: centred on zero, shared by all heads"));
    m_originLower = new QCheckBox(tr("Query 0 at the bottom"), this);
    m_originLower->setObjectName("originLowerCheck");
    m_originLower->setToolTip(tr("Origin lower, as matplotlib's origin=\"lower\""));

    m_tokensPerFrame = makeSpin("tokensPerFrameSpin",
                                tr("Pool tokens into frames of this size (0: tokens)"), 0, 1 << 20);
    m_tokensPerFrame->setSpecialValueText(tr("tokens"));
    m_selection = new QLineEdit(this);
    m_selection->setObjectName("querySelectionEdit");
    m_selection->setPlaceholderText(tr("all rows"));
    m_selection->setToolTip(
        tr("Query rows (frames when frames are on) averaged by the sink "
           "views: \"16-18\" or \"16, 17, 18\"; empty: all rows"));
    m_sampled = new QCheckBox(tr("Sampled mask display"), this);
    m_sampled->setObjectName("sampledDisplayCheck");
    m_sampled->setToolTip(
        tr("The mask view shows a smart sample of the positions (segment "
           "edges, generation start) instead of every one"));
    m_maxPositions = makeSpin("maxDisplayPositionsSpin",
                              tr("Positions the sampled mask display keeps"), 2, 4096);
    m_framePooling = makeCombo("framePoolingCombo", tr("How the tokens of a frame are combined"),
                               {tr("mean"), tr("max"), tr("sum")});
    m_detailPooling = makeCombo("detailPoolingCombo",
                                tr("How cells are combined when a long sequence is shown at "
                                   "reduced resolution"),
                                {tr("max"), tr("mean")});

    m_batch = makeSpin("batchViewSpin", tr("Batch element shown"), 0, 0);
    m_head = makeSpin("headSpin", tr("Head shown by the inspector and the enlarged map"), 0, 0);
    m_columns = makeSpin("columnsSpin", tr("Columns of the heatmap and sink grids"), 1, 64);

    auto* values = new QGroupBox(tr("Values"), this);
    auto* valuesForm = new QFormLayout(values);
    valuesForm->addRow(tr("Show"), m_valueKind);
    valuesForm->addRow(tr("Colormap"), m_colormap);
    valuesForm->addRow(m_symmetric);
    valuesForm->addRow(m_originLower);
    auto* frames = new QGroupBox(tr("Frames"), this);
    auto* framesForm = new QFormLayout(frames);
    framesForm->addRow(tr("Tokens per frame"), m_tokensPerFrame);
    framesForm->addRow(tr("Query selection"), m_selection);
    framesForm->addRow(tr("Frame pooling"), m_framePooling);
    framesForm->addRow(tr("Detail pooling"), m_detailPooling);
    framesForm->addRow(m_sampled);
    framesForm->addRow(tr("Sampled positions"), m_maxPositions);
    auto* layoutBox = new QGroupBox(tr("Layout"), this);
    auto* layoutForm = new QFormLayout(layoutBox);
    layoutForm->addRow(tr("Batch"), m_batch);
    layoutForm->addRow(tr("Head"), m_head);
    layoutForm->addRow(tr("Grid columns"), m_columns);
    m_boxWidth = makeSpin("flowBoxWidthSpin", tr("Width of the flowchart boxes (figure pixels)"),
                          kMinFlowBoxWidth, 2000);
    m_boxHeight =
        makeSpin("flowBoxHeightSpin", tr("Height of the flowchart boxes"), kMinFlowBoxHeight, 400);
    m_spacing = makeSpin("flowSpacingSpin", tr("Vertical gap between flowchart boxes"),
                         kMinFlowSpacing, 400);
    auto* flowBox = new QGroupBox(tr("Flowchart"), this);
    auto* flowForm = new QFormLayout(flowBox);
    flowForm->addRow(tr("Box width"), m_boxWidth);
    flowForm->addRow(tr("Box height"), m_boxHeight);
    flowForm->addRow(tr("Spacing"), m_spacing);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(values);
    layout->addWidget(frames);
    layout->addWidget(layoutBox);
    layout->addWidget(flowBox);
    layout->addStretch(1);

    connect(m_valueKind, &QComboBox::currentIndexChanged, this, [this](int i) {
        edit([&](ViewOptions& o) { o = o.withValueKind(kKinds[std::max(i, 0)]); });
    });
    connect(m_colormap, &QComboBox::currentIndexChanged, this, [this](int i) {
        edit([&](ViewOptions& o) { o.colormap = kColormaps[std::max(i, 0)]; });
    });
    connect(m_symmetric, &QCheckBox::toggled, this,
            [this](bool on) { edit([&](ViewOptions& o) { o.symmetricRange = on; }); });
    connect(m_originLower, &QCheckBox::toggled, this,
            [this](bool on) { edit([&](ViewOptions& o) { o.originLower = on; }); });
    connect(m_tokensPerFrame, &QSpinBox::valueChanged, this,
            [this](int v) { edit([&](ViewOptions& o) { o.tokensPerFrame = v; }); });
    connect(m_sampled, &QCheckBox::toggled, this,
            [this](bool on) { edit([&](ViewOptions& o) { o.sampledDisplay = on; }); });
    connect(m_maxPositions, &QSpinBox::valueChanged, this,
            [this](int v) { edit([&](ViewOptions& o) { o.maxDisplayPositions = v; }); });
    connect(m_selection, &QLineEdit::textEdited, this, [this](const QString& text) {
        const auto selection = parseSelection(text);
        m_selection->setStyleSheet(selection ? QString()
                                             : "QLineEdit { border: 1px solid #c62828; }");
        // One undo step for the whole typing of a selection.
        if (selection) edit([&](ViewOptions& o) { o.querySelection = *selection; }, kSelectionEdit);
    });
    connect(m_framePooling, &QComboBox::currentIndexChanged, this, [this](int i) {
        edit([&](ViewOptions& o) { o.framePooling = kFrameModes[std::max(i, 0)]; });
    });
    connect(m_detailPooling, &QComboBox::currentIndexChanged, this, [this](int i) {
        edit([&](ViewOptions& o) { o.detailPooling = kDetailModes[std::max(i, 0)]; });
    });
    connect(m_batch, &QSpinBox::valueChanged, this,
            [this](int v) { edit([&](ViewOptions& o) { o.batch = v; }); });
    connect(m_head, &QSpinBox::valueChanged, this,
            [this](int v) { edit([&](ViewOptions& o) { o.head = v; }); });
    connect(m_columns, &QSpinBox::valueChanged, this,
            [this](int v) { edit([&](ViewOptions& o) { o.columns = v; }); });
    connect(m_boxWidth, &QSpinBox::valueChanged, this,
            [this](int v) { edit([&](ViewOptions& o) { o.flowBoxWidth = v; }); });
    connect(m_boxHeight, &QSpinBox::valueChanged, this,
            [this](int v) { edit([&](ViewOptions& o) { o.flowBoxHeight = v; }); });
    connect(m_spacing, &QSpinBox::valueChanged, this,
            [this](int v) { edit([&](ViewOptions& o) { o.flowSpacing = v; }); });
}

void DisplayPanel::edit(const std::function<void(ViewOptions&)>& change, int mergeId) {
    ViewOptions o = m_doc->options();
    change(o);
    m_doc->setOptions(o, tr("display option"), mergeId);
}

void DisplayPanel::showOptions(const ViewOptions& o) {
    const QSignalBlocker b0(m_valueKind), b1(m_colormap), b2(m_symmetric), b3(m_originLower),
        b4(m_tokensPerFrame), b5(m_selection), b6(m_framePooling), b7(m_detailPooling), b8(m_batch),
        b9(m_head), b10(m_columns), b11(m_boxWidth), b12(m_boxHeight), b13(m_spacing),
        b14(m_sampled), b15(m_maxPositions);
    m_valueKind->setCurrentIndex(indexOf(kKinds, o.valueKind));
    m_colormap->setCurrentIndex(indexOf(kColormaps, o.colormap));
    m_symmetric->setChecked(o.symmetricRange);
    m_originLower->setChecked(o.originLower);
    m_tokensPerFrame->setValue(int(std::clamp<int64_t>(o.tokensPerFrame, 0, 1 << 20)));
    m_sampled->setChecked(o.sampledDisplay);
    m_maxPositions->setValue(int(std::clamp<int64_t>(o.maxDisplayPositions, 2, 4096)));
    // Keep what the user is typing ("16-") while it is incomplete or means the same selection.
    if (parseSelection(m_selection->text()) != std::optional(o.querySelection)) {
        m_selection->setText(formatSelection(o.querySelection));
        m_selection->setStyleSheet({});
    }
    m_framePooling->setCurrentIndex(indexOf(kFrameModes, o.framePooling));
    m_detailPooling->setCurrentIndex(indexOf(kDetailModes, o.detailPooling));
    // Out-of-range batch / head are clamped by the views; the spin boxes show the same.
    m_batch->setValue(o.batch);
    m_head->setValue(o.head);
    m_columns->setValue(o.columns);
    m_boxWidth->setValue(o.flowBoxWidth);
    m_boxHeight->setValue(o.flowBoxHeight);
    m_spacing->setValue(o.flowSpacing);
}

void DisplayPanel::showScenario(const Scenario& s) {
    const QSignalBlocker b0(m_batch), b1(m_head);
    m_batch->setMaximum(int(std::max<int64_t>(s.batch - 1, 0)));
    m_head->setMaximum(int(std::max<int64_t>(s.heads - 1, 0)));
    m_batch->setValue(m_doc->options().batch);
    m_head->setValue(m_doc->options().head);
}

std::optional<std::vector<int64_t>> DisplayPanel::parseSelection(const QString& text) {
    static const QRegularExpression item(R"(^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$)");
    std::vector<int64_t> out;
    if (text.trimmed().isEmpty()) return out;
    for (const QString& part : text.split(',')) {
        const auto m = item.match(part);
        if (!m.hasMatch()) return std::nullopt;
        bool ok1 = false, ok2 = true;
        const int64_t a = m.captured(1).toLongLong(&ok1);
        const int64_t b = m.captured(2).isEmpty() ? a : m.captured(2).toLongLong(&ok2);
        if (!ok1 || !ok2 || b < a || b - a > (1 << 20)) return std::nullopt;
        for (int64_t v = a; v <= b; ++v) out.push_back(v);
    }
    return out;
}

QString DisplayPanel::formatSelection(const std::vector<int64_t>& selection) {
    QStringList parts;
    for (size_t i = 0; i < selection.size();) {
        size_t j = i;
        while (j + 1 < selection.size() && selection[j + 1] == selection[j] + 1) ++j;
        if (j - i >= 2) {
            parts << QString("%1-%2").arg(selection[i]).arg(selection[j]);
            i = j + 1;
        } else {
            parts << QString::number(selection[i]);
            ++i;
        }
    }
    return parts.join(", ");
}

}  // namespace attnscope
