#include "core/model/ModelWeights.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace attnscope {

namespace {

/// The shard files of an index.json: its weight_map's name → file, files inside the folder only.
Result<std::map<std::string, std::string>> readIndex(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return Error{"cannot read " + path.toStdString()};
    if (file.size() > 256 * 1024 * 1024) return Error{path.toStdString() + " is too large"};
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return Error{path.toStdString() + ": not a JSON object at offset " +
                     std::to_string(err.offset)};
    const QJsonValue map = doc.object().value("weight_map");
    if (!map.isObject()) return Error{path.toStdString() + " has no \"weight_map\" object"};
    std::map<std::string, std::string> out;
    const QJsonObject m = map.toObject();
    for (auto it = m.begin(); it != m.end(); ++it) {
        const QString shard = it.value().toString();
        if (shard.isEmpty() || shard.contains('/') || shard.contains('\\') || shard == ".." ||
            shard == ".")
            return Error{path.toStdString() + ": the shard of '" + it.key().toStdString() +
                         "' is not a file name in the folder"};
        out[it.key().toStdString()] = shard.toStdString();
    }
    if (out.empty()) return Error{path.toStdString() + ": the weight_map is empty"};
    return out;
}

}  // namespace

Result<ModelWeights> ModelWeights::open(const QString& folder) {
    const QDir dir(folder);
    ModelWeights w;
    w.m_what = folder;
    auto addFile = [&](const QString& name) -> Result<std::shared_ptr<TensorFile>> {
        auto f = TensorFile::open(dir.filePath(name));
        if (!f) return Error{f.error()};
        return std::make_shared<TensorFile>(std::move(f).value());
    };
    auto addWhole = [&](const QString& name) -> Status {
        auto f = addFile(name);
        if (!f) return Error{f.error()};
        for (const TensorInfo& t : (*f)->tensors()) w.m_index[t.name] = Source{*f, nullptr};
        return {};
    };
    auto addSharded = [&](const QString& indexName) -> Status {
        auto index = readIndex(dir.filePath(indexName));
        if (!index) return Error{index.error()};
        std::map<std::string, std::shared_ptr<TensorFile>> shards;
        for (const auto& [tensor, shard] : *index) {
            auto& file = shards[shard];
            if (!file) {
                auto f = addFile(QString::fromStdString(shard));
                if (!f) return Error{f.error()};
                file = *f;
            }
            if (!file->find(tensor))
                return Error{indexName.toStdString() + " places '" + tensor + "' in " + shard +
                             ", which does not hold it"};
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
        return Error{"no weights in " + folder.toStdString() +
                     ": expected model.safetensors, model.safetensors.index.json or "
                     "pytorch_model.bin"};
    if (!st) return Error{st.error()};
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
        return Error{"the weights of " + m_what.toStdString() + " have no tensor '" + full + "'"};
    const Source& src = it->second;
    const Shape found = src.file ? src.file->find(full)->shape : m_memory->at(full).shape();
    if (found != shape)
        return Error{"weight '" + full + "' has shape " + shapeToString(found) +
                     "; the config expects " + shapeToString(shape)};
    if (!src.file) {  // in memory (a GGUF file's, dequantized): handed over, not copied
        auto it = m_memory->find(full);
        if (it->second.empty()) return Error{"weight '" + full + "' was already taken"};
        Tensor t = std::move(it->second);
        it->second = Tensor();
        return t;
    }
    auto t = src.file->read(full);
    if (!t) return Error{t.error()};
    return t;
}

std::vector<std::string> ModelWeights::names() const {
    std::vector<std::string> out;
    for (const auto& [name, src] : m_index) out.push_back(name);
    return out;
}

}  // namespace attnscope
