#include "core/io/TorchArchive.h"

#include "core/io/MappedFile.h"

#include <QFile>
#include <cstring>
#include <map>
#include <optional>

#include "core/common/Text.h"
#include "core/io/ZipReader.h"

namespace attnscope {

namespace {

constexpr int64_t kMaxPickleBytes = int64_t{1} << 30;
// 0x1950a86a20f9469cfc6c, little endian, as pickle's LONG1 stores it.
constexpr unsigned char kLegacyMagic[] = {0x6c, 0xfc, 0x9c, 0x46, 0xf9,
                                          0x20, 0x6a, 0xa8, 0x50, 0x19};
constexpr int64_t kLegacyProtocol = 1001;

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Copies a strided view of `base` (element 0 of the storage) into a C-order float tensor.
Tensor gather(const char* base, DType dtype, bool swap, const TorchTensor& t) {
    Tensor out(t.shape);
    const int64_t n = out.size();
    if (n == 0) return out;
    const int rank = static_cast<int>(t.shape.size());
    const int64_t es = dtypeSize(dtype);
    if (rank == 0) {
        convertElements(base + t.offset * es, 1, dtype, swap, out.data());
        return out;
    }
    const int64_t inner = t.shape[rank - 1];
    const int64_t innerStride = t.stride[rank - 1];
    std::vector<int64_t> index(rank, 0);
    int64_t src = t.offset;
    for (int64_t row = 0; row < n / inner; ++row) {
        float* dst = out.data() + row * inner;
        if (innerStride == 1) {
            convertElements(base + src * es, inner, dtype, swap, dst);
        } else {
            for (int64_t j = 0; j < inner; ++j)
                convertElements(base + (src + j * innerStride) * es, 1, dtype, swap, dst + j);
        }
        for (int axis = rank - 2; axis >= 0; --axis) {
            src += t.stride[axis];
            if (++index[axis] < t.shape[axis]) break;
            src -= t.stride[axis] * t.shape[axis];
            index[axis] = 0;
        }
    }
    return out;
}

/// Bytes a storage view needs from the start of its key's data.
int64_t neededBytes(const TorchStorage& s) {
    return (s.elementOffset + s.numel) * dtypeSize(s.dtype);
}

}  // namespace

bool looksLikeLegacyTorch(const char* data, int64_t size) {
    return size >= 2 && static_cast<unsigned char>(data[0]) == 0x80 &&
           static_cast<unsigned char>(data[1]) <= 5;
}

struct TorchArchive::State {
    QString what;
    MappedFile file;
    bool legacy = false;
    bool swap = false;
    std::optional<ZipReader> zip;
    std::string prefix;
    std::map<std::string, int64_t> legacyData;  // storage key → byte offset of its elements
    std::vector<TorchStorage> storages;
    std::vector<TorchTensor> tensors;
};

TorchArchive::TorchArchive(std::shared_ptr<const State> state) : m_state(std::move(state)) {}

Result<TorchArchive> TorchArchive::open(const QString& path) {
    auto file = MappedFile::open(path);
    if (!file) return Text::tr("%1: %2", path.toStdString(), file.failure());
    return parse(std::move(file).value(), path);
}

Result<TorchArchive> TorchArchive::fromBytes(QByteArray bytes, const QString& what) {
    return parse(MappedFile::fromBytes(std::move(bytes)), what);
}

Result<TorchArchive> TorchArchive::parse(MappedFile file, const QString& what) {
    auto state = std::make_shared<State>();
    state->what = what;
    state->file = std::move(file);
    Status status;
    if (looksLikeZip(state->file.data(), state->file.size())) {
        status = parseZip(*state);
    } else if (looksLikeLegacyTorch(state->file.data(), state->file.size())) {
        state->legacy = true;
        status = parseLegacy(*state);
    } else if (state->file.size() > 262 && std::memcmp(state->file.data() + 257, "ustar", 5) == 0) {
        return Text::tr("%1: the tar-based format of PyTorch before 0.4 is not supported",
                        what.toStdString());
    } else {
        return Text::tr("%1: not a PyTorch file (neither a zip archive nor a pickle)",
                        what.toStdString());
    }
    if (!status) return status.failure();
    return TorchArchive(std::move(state));
}

Status TorchArchive::parseZip(State& state) {
    const QString& what = state.what;
    const std::string w = what.toStdString();
    Result<ZipReader> zip = ZipReader::open(state.file.data(), state.file.size(), what);
    if (!zip) return zip.failure();
    // data.pkl sits in one top folder whose name torch.save takes from the file name.
    std::optional<std::string> pkl;
    for (const std::string& name : zip->names()) {
        if (name == "data.pkl" ||
            (endsWith(name, "/data.pkl") && name.find('/') == name.size() - 9)) {
            pkl = name;
            break;
        }
    }
    for (const std::string& name : zip->names()) {
        if (endsWith(name, "constants.pkl") || name.find("/code/") != std::string::npos ||
            name.rfind("code/", 0) == 0)
            return Text::tr(
                "%1: is a TorchScript archive (torch.jit.save), which holds code; save the "
                "model's state_dict() with torch.save and open that instead",
                w);
    }
    if (!pkl)
        return Text::tr("%1: zip archive without data.pkl: not a file written by torch.save", w);
    state.prefix = pkl->substr(0, pkl->size() - 8);
    if (zip->contains(state.prefix + "byteorder")) {
        Result<QByteArray> order = zip->read(state.prefix + "byteorder", 16);
        if (!order) return order.failure();
        if (*order == "big")
            state.swap = true;
        else if (*order != "little")
            return Text::tr("%1: unknown byteorder record '%2'", w, order->left(16).toStdString());
    }
    for (const char* v : {"version", ".data/version"}) {
        if (!zip->contains(state.prefix + v)) continue;
        Result<QByteArray> version = zip->read(state.prefix + v, 64);
        if (!version) return version.failure();
        bool ok = false;
        const int n = version->trimmed().toInt(&ok);
        if (!ok || n < 1) return Text::tr("%1: invalid version record", w);
    }
    Result<QByteArray> pickle = zip->read(*pkl, kMaxPickleBytes);
    if (!pickle) return pickle.failure();
    TorchUnpickler unpickler;
    int64_t end = 0;
    Result<PickleValue*> root =
        unpickler.run(pickle->constData(), pickle->size(), 0, &end, 0, true);
    if (!root) return Text::tr("%1: %2: %3", w, *pkl, root.failure());
    if (Status s = unpickler.flatten(*root); !s) return Text::tr("%1: %2", w, s);
    for (const TorchStorage& s : unpickler.storages()) {
        const std::string entry = state.prefix + "data/" + s.key;
        const int64_t size = zip->entrySize(entry);
        if (size < 0) return Text::tr("%1: storage '%2' is missing (%3)", w, s.key, entry);
        if (size < neededBytes(s))
            return Text::tr("%1: storage '%2' holds %3 bytes, fewer than the %4 its tensors need",
                            w, s.key, size, neededBytes(s));
    }
    state.storages = unpickler.storages();
    state.tensors = unpickler.tensors();
    state.zip = std::move(*zip);
    return Status::success();
}

Status TorchArchive::parseLegacy(State& state) {
    const std::string w = state.what.toStdString();
    TorchUnpickler unpickler;
    int64_t pos = 0;
    auto next = [&](bool allowTorch) {
        return unpickler.run(state.file.data(), state.file.size(), pos, &pos, 0, allowTorch);
    };
    Result<PickleValue*> magic = next(false);
    if (!magic) return Text::tr("%1: not a PyTorch file: %2", w, magic.failure());
    if ((*magic)->kind != PickleValue::Kind::BigInt ||
        (*magic)->text != std::string(reinterpret_cast<const char*>(kLegacyMagic), 10))
        return Text::tr("%1: a pickle, but not a PyTorch file (no torch.save magic number)", w);
    Result<PickleValue*> protocol = next(false);
    if (!protocol) return Text::tr("%1: %2", w, protocol.failure());
    if ((*protocol)->kind != PickleValue::Kind::Int || (*protocol)->integer != kLegacyProtocol)
        return Text::tr("%1: unsupported legacy protocol version", w);
    Result<PickleValue*> sysInfo = next(false);
    if (!sysInfo) return Text::tr("%1: %2", w, sysInfo.failure());
    if ((*sysInfo)->kind != PickleValue::Kind::Dict)
        return Text::tr("%1: invalid sys_info record", w);
    for (const auto& [k, v] : (*sysInfo)->entries)
        if (k->kind == PickleValue::Kind::String && k->text == "little_endian" && v->isInt())
            state.swap = v->integer == 0;
    Result<PickleValue*> root = next(true);
    if (!root) return Text::tr("%1: %2", w, root.failure());
    if (Status s = unpickler.flatten(*root); !s) return Text::tr("%1: %2", w, s);
    Result<PickleValue*> keys = next(false);
    if (!keys) return Text::tr("%1: %2", w, keys.failure());
    if ((*keys)->kind != PickleValue::Kind::List)
        return Text::tr("%1: invalid storage key list", w);
    const auto& storages = unpickler.storages();
    for (const PickleValue* key : (*keys)->items) {
        if (key->kind != PickleValue::Kind::String)
            return Text::tr("%1: invalid storage key list", w);
        int64_t need = -1;
        DType dtype = DType::U8;
        for (const TorchStorage& s : storages)
            if (s.key == key->text) need = std::max(need, neededBytes(s)), dtype = s.dtype;
        if (need < 0) return Text::tr("%1: storage '%2' is not used by any tensor", w, key->text);
        if (state.legacyData.count(key->text))
            return Text::tr("%1: storage '%2' is stored twice", w, key->text);
        if (state.file.size() - pos < 8)
            return Text::tr("%1: file ends before storage '%2' (byte offset %3, truncated?)", w,
                            key->text, pos);
        uint64_t numel = 0;
        for (int i = 0; i < 8; ++i) {
            const int b = state.swap ? i : 7 - i;
            numel = (numel << 8) | static_cast<unsigned char>(state.file.data()[pos + b]);
        }
        pos += 8;
        const uint64_t bytes = numel * static_cast<uint64_t>(dtypeSize(dtype));
        if (numel > (uint64_t{1} << 48) || bytes > static_cast<uint64_t>(state.file.size() - pos))
            return Text::tr(
                "%1: storage '%2' of %3 elements runs past the end of the file (byte offset %4, "
                "truncated?)",
                w, key->text, numel, pos - 8);
        if (static_cast<int64_t>(bytes) < need)
            return Text::tr("%1: storage '%2' is smaller than its tensors need", w, key->text);
        state.legacyData[key->text] = pos;
        pos += static_cast<int64_t>(bytes);
    }
    for (const TorchStorage& s : storages)
        if (!state.legacyData.count(s.key))
            return Text::tr("%1: storage '%2' is missing from the file", w, s.key);
    state.storages = storages;
    state.tensors = unpickler.tensors();
    return Status::success();
}

bool TorchArchive::isLegacy() const {
    return m_state->legacy;
}
const std::vector<TorchTensor>& TorchArchive::tensors() const {
    return m_state->tensors;
}
const std::vector<TorchStorage>& TorchArchive::storages() const {
    return m_state->storages;
}

const TorchTensor* TorchArchive::find(const std::string& name) const {
    for (const TorchTensor& t : m_state->tensors)
        if (t.name == name) return &t;
    return nullptr;
}

Result<Tensor> TorchArchive::read(const std::string& name) const {
    const State& st = *m_state;
    const TorchTensor* t = find(name);
    if (!t) {
        std::string known;
        for (const TorchTensor& o : st.tensors) known += (known.empty() ? "" : ", ") + o.name;
        return Text::tr("%1: no tensor named '%2' (it holds: %3)", st.what.toStdString(), name,
                        known);
    }
    const TorchStorage& s = st.storages[t->storage];
    const int64_t offset = s.elementOffset * dtypeSize(s.dtype);
    if (st.legacy)
        return gather(st.file.data() + st.legacyData.at(s.key) + offset, s.dtype, st.swap, *t);
    const std::string entry = st.prefix + "data/" + s.key;
    Result<QByteArray> bytes = st.zip->read(entry, st.zip->entrySize(entry));
    if (!bytes) return bytes.failure();
    if (bytes->size() < neededBytes(s))
        return Text::tr("%1: storage '%2' is shorter than its tensors need", st.what.toStdString(),
                        s.key);
    return gather(bytes->constData() + offset, s.dtype, st.swap, *t);
}

}  // namespace attnscope
