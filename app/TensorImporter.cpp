#include "app/TensorImporter.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>

#include "core/io/TensorFile.h"
#include "widgets/i18n/CoreMessages.h"
#include "widgets/io/TensorImportDialog.h"

namespace attnscope {

namespace {

/// Q/K/V shapes as [B, H, L, d].
Shape batched(const Shape& s) {
    return s.size() == 3 ? Shape{1, s[0], s[1], s[2]} : s;
}

std::vector<std::string> tokensOf(const TensorFile& file) {
    const auto it = file.metadata().find("tokens");
    if (it == file.metadata().end()) return {};
    std::vector<std::string> tokens;
    for (const QJsonValue& v :
         QJsonDocument::fromJson(QByteArray::fromStdString(it->second)).array())
        tokens.push_back(v.toString().toStdString());
    return tokens;
}

/// What every scenario read from a file shares once its lengths are known: no output projection
/// and no mask (the file says what was computed), and the file's tokens when they fit.
void finishFileScenario(Scenario& s, const TensorFile& file) {
    s.crossAttention = s.qLen != s.kvLen;
    s.outputProjection = false;
    s.mask = "full";
    const auto tokens = tokensOf(file);
    if (int64_t(tokens.size()) == s.kvLen) {
        s.keyTokens = tokens;
        if (s.qLen == s.kvLen) s.queryTokens = tokens;
    }
}

}  // namespace

TensorImporter::TensorImporter(QWidget* window)
    : QObject(window),
      m_window(window),
      m_layerBox(new QWidget(window)),
      m_layerSpin(new QSpinBox(m_layerBox)) {
    auto* layout = new QHBoxLayout(m_layerBox);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Layer"), m_layerBox));
    layout->addWidget(m_layerSpin);
    m_layerSpin->setObjectName("importLayer");
    m_layerBox->hide();
    connect(m_layerSpin, &QSpinBox::valueChanged, this, &TensorImporter::layerChosen);
}

bool TensorImporter::isTensorFile(const QString& path) {
    const QString ext = QFileInfo(path).suffix().toLower();
    return ext == "npy" || ext == "npz" || ext == "safetensors" || ext == "pt" || ext == "pth" ||
           ext == "bin" || ext == "ckpt";
}

bool TensorImporter::open(const QString& path) {
    Result<TensorFile> file = TensorFile::open(path);
    if (!file) {
        emit failed(coreMessage(file));
        return false;
    }
    std::optional<TensorRoles> roles = TensorRoles::obvious(*file);
    if (!roles && m_interactive) {
        TensorImportDialog dialog(*file, m_window);
        if (dialog.exec() != QDialog::Accepted) return false;
        roles = dialog.roles();
    }
    if (!roles) roles = TensorRoles::suggest(*file);
    if (Status s = roles->check(*file); !s) {
        emit failed(path + ": " + coreMessage(s));
        return false;
    }
    return apply(*file, *roles);
}

bool TensorImporter::apply(const TensorFile& file, const TensorRoles& roles) {
    auto fail = [&](const QString& message) {
        emit failed(message);
        return false;
    };
    const auto inFile = [&](const auto& failure) {
        return file.path() + QStringLiteral(": ") + coreMessage(failure);
    };
    if (roles.use == TensorRoles::Use::Qkv) {
        Scenario s;
        const Shape q = batched(file.find(roles.q)->shape), k = batched(file.find(roles.k)->shape);
        s.name = QFileInfo(file.path()).fileName().toStdString();
        s.description = "Q, K and V from " + file.path().toStdString();
        s.source = SourceKind::Tensors;
        const std::string p = file.path().toStdString();
        auto arg = [&](const std::string& n) { return n.empty() ? p : p + ":" + n; };
        s.qPath = arg(roles.q), s.kPath = arg(roles.k), s.vPath = arg(roles.v);
        s.batch = q[0], s.heads = q[1], s.kvHeads = k[1], s.qLen = q[2], s.kvLen = k[2];
        s.dHead = q[3], s.dModel = q[1] * q[3];
        finishFileScenario(s, file);
        if (Status st = s.validate(); !st) return fail(inFile(st));
        showLayers(s);
        emit scenarioImported(s);
        return true;
    }
    // Attention maps: a source of their own. They are read here once to check them (and to
    // know their layers and lengths); the engine reads them again for each layer shown.
    Tensor maps, vectors;
    if (!roles.maps.empty()) {
        Result<Tensor> r = file.read(roles.maps);
        if (!r) return fail(coreMessage(r));
        maps = std::move(*r);
    }
    if (!roles.vectors.empty()) {
        Result<Tensor> r = file.read(roles.vectors);
        if (!r) return fail(coreMessage(r));
        vectors = std::move(*r);
    }
    const bool frames = QString::fromStdString(roles.maps + roles.vectors).contains("frame");
    Result<ImportedAttention> imported = ImportedAttention::create(
        std::move(maps), roles.kind, std::move(vectors),
        QFileInfo(file.path()).fileName().toStdString(), frames, roles.batch);
    if (!imported) return fail(inFile(imported));
    Scenario s;
    s.name = QFileInfo(file.path()).fileName().toStdString();
    s.description = "attention maps from " + file.path().toStdString();
    s.source = SourceKind::AttentionMaps;
    const std::string p = file.path().toStdString();
    auto arg = [&](const std::string& n) { return n.empty() ? std::string() : p + ":" + n; };
    s.mapsPath = arg(roles.maps);
    s.vectorsPath = arg(roles.vectors);
    s.mapsAreProbabilities = roles.kind == MapKind::Probabilities;
    s.mapsBatch = roles.batch;
    s.mapsFrames = frames;
    s.mapsLayers = imported->layers();
    s.layer = 0;
    s.batch = 1, s.heads = s.kvHeads = imported->heads();
    s.qLen = imported->qLen(), s.kvLen = imported->kvLen();
    s.dHead = 1, s.dModel = imported->heads();
    finishFileScenario(s, file);
    if (Status st = s.validate(); !st) return fail(inFile(st));
    showLayers(s);
    emit mapsImported(
        s, roles.kind == MapKind::Probabilities ? ValueKind::Probabilities : ValueKind::Logits);
    return true;
}

void TensorImporter::showLayers(const Scenario& scenario) {
    const bool layered =
        (scenario.source == SourceKind::AttentionMaps || scenario.source == SourceKind::Model) &&
        scenario.mapsLayers > 1;
    if (layered) {
        const QSignalBlocker block(m_layerSpin);
        m_layerSpin->setRange(0, int(scenario.mapsLayers - 1));
        m_layerSpin->setValue(int(scenario.layer));
    }
    m_layerBox->setVisible(layered);
}

}  // namespace attnscope
