#include "core/model/ModelWeights.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include "core/common/Text.h"

namespace attnscope {

namespace {

/// The shard files of an index.json: its weight_map's name → file, files inside the folder only.
Result<std::map<std::string, std::string>> readIndex(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return Text::tr("cannot read %1", path.toStdString());
    if (file.size() > 256 * 1024 * 1024) return Text::tr("%1 is too large", path.toStdString());
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return Text::tr("%1: not a JSON object at offset %2", path.toStdString(), err.offset);
    const QJsonValue map = doc.object().value("weight_map");
    if (!map.isObject())
        return Text::tr("%1 has no \"%2\" object", path.toStdString(), "weight_map");
    std::map<std::string, std::string> out;
    const QJsonObject m = map.toObject();
    for (auto it = m.begin(); it != m.end(); ++it) {
        const QString shard = it.value().toString();
        if (shard.isEmpty() || shard.contains('/') || shard.contains('\\') || shard == ".." ||
            shard == ".")
            return Text::tr("%1: the shard of '%2' is not a file name in the folder",
                            path.toStdString(), it.key().toStdString());
        out[it.key().toStdString()] = shard.toStdString();
    }
    if (out.empty()) return Text::tr("%1: the %2 is empty", path.toStdString(), "weight_map");
    return out;
}

}  // namespace

Result<ModelWeights> ModelWeights::open(const QString& folder) {
    const QDir dir(folder);
    ModelWeights w;
    w.m_what = folder;
    auto addFile = [&](const QString& name) -> Result<std::shared_ptr<TensorFile>> {
        auto f = TensorFile::open(dir.filePath(name));
        if (!f) return f.failure();
        return std::make_shared<TensorFile>(std::move(f).value());
    };
    auto addWhole = [&](const QString& name) -> Status {
        auto f = addFile(name);
        if (!f) return f.failure();
        for (const TensorInfo& t : (*f)->tensors()) w.m_index[t.name] = Source{*f, nullptr};
        return {};
    };
    auto addSharded = [&](const QString& indexName) -> Status {
        auto index = readIndex(dir.filePath(indexName));
        if (!index) return index.failure();
        std::map<std::string, std::shared_ptr<TensorFile>> shards;
        for (const auto& [tensor, shard] : *index) {
            auto& file = shards[shard];
            if (!file) {
                auto f = addFile(QString::fromStdString(shard));
                if (!f) return f.failure();
                file = *f;
            }
            if (!file->find(tensor))
                return Text::tr("%1 places '%2' in %3, which does not hold it",
                                indexName.toStdString(), tensor, shard);
            w.m_index[tensor] = Source{file, nullptr};
        }
        return {};
    };
    Status st;
    if (dir.exists("model.safetensors"))
        st = addWhole("model.safetensors");
    else if (dir.exists("model.safetensors.index.json"))
        st = addSharded("model.safetensors.index.json");
    else if (dir.exists("pytorch_model.bin"))
        st = addWhole("pytorch_model.bin");
    else if (dir.exists("pytorch_model.bin.index.json"))
        st = addSharded("pytorch_model.bin.index.json");
    else
        return Text::tr(
            "no weights in %1: expected model.safetensors, model.safetensors.index.json or "
            "pytorch_model.bin",
            folder.toStdString());
    if (!st) return st.failure();
    return w;
}

ModelWeights ModelWeights::fromTensors(std::map<std::string, Tensor> tensors, QString what) {
    ModelWeights w;
    w.m_what = std::move(what);
    w.m_memory = std::make_shared<std::map<std::string, Tensor>>(std::move(tensors));
    for (const auto& [name, t] : *w.m_memory) w.m_index[name] = Source{nullptr, &t};
    return w;
}

bool ModelWeights::choosePrefix(const std::string& name, const std::vector<std::string>& prefixes) {
    for (const std::string& p : prefixes)
        if (m_index.count(p + name)) {
            m_prefix = p;
            return true;
        }
    return false;
}

bool ModelWeights::has(const std::string& name) const {
    return m_index.count(m_prefix + name) > 0;
}

Result<Tensor> ModelWeights::take(const std::string& name, const Shape& shape) const {
    const std::string full = m_prefix + name;
    auto it = m_index.find(full);
    if (it == m_index.end())
        return Text::tr("the weights of %1 have no tensor '%2'", m_what.toStdString(), full);
    const Source& src = it->second;
    const Shape found = src.file ? src.file->find(full)->shape : m_memory->at(full).shape();
    if (found != shape)
        return Text::tr("weight '%1' has shape %2; the config expects %3", full,
                        shapeToString(found), shapeToString(shape));
    if (!src.file) {  // in memory (a GGUF file's, dequantized): handed over, not copied
        auto it = m_memory->find(full);
        if (it->second.empty()) return Text::tr("weight '%1' was already taken", full);
        Tensor t = std::move(it->second);
        it->second = Tensor();
        return t;
    }
    auto t = src.file->read(full);
    if (!t) return t.failure();
    return t;
}

std::vector<std::string> ModelWeights::names() const {
    std::vector<std::string> out;
    for (const auto& [name, src] : m_index) out.push_back(name);
    return out;
}

}  // namespace attnscope
