#include "core/io/TorchUnpickler.h"

#include <map>

#include "core/common/Text.h"

namespace attnscope {

namespace {

using Kind = PickleValue::Kind;

constexpr int kMaxDepth = 64;
constexpr int64_t kMaxVisits = int64_t{1} << 22;
constexpr int kMaxRank = 32;
constexpr char kTensorTag[] = "tensor";
constexpr char kStorageTag[] = "storage";

const std::map<std::string, DType>& storageTypes() {
    static const std::map<std::string, DType> types{
        {"FloatStorage", DType::F32}, {"DoubleStorage", DType::F64},
        {"HalfStorage", DType::F16},  {"BFloat16Storage", DType::BF16},
        {"LongStorage", DType::I64},  {"IntStorage", DType::I32},
        {"ShortStorage", DType::I16}, {"CharStorage", DType::I8},
        {"ByteStorage", DType::U8},   {"BoolStorage", DType::Bool},
    };
    return types;
}

// Calls the allow-list accepts, and what each becomes.
const char* const kRebuildTensorV2 = "torch._utils._rebuild_tensor_v2";
const char* const kRebuildTensor = "torch._utils._rebuild_tensor";
const char* const kRebuildParameter = "torch._utils._rebuild_parameter";
const char* const kRebuildParameterState = "torch._utils._rebuild_parameter_with_state";
const char* const kOrderedDict = "collections.OrderedDict";
const char* const kTorchSize = "torch.Size";

bool allowedCallable(const std::string& name) {
    for (const char* n : {kRebuildTensorV2, kRebuildTensor, kRebuildParameter,
                          kRebuildParameterState, kOrderedDict, kTorchSize})
        if (name == n) return true;
    return false;
}

bool intTuple(const PickleValue* v, std::vector<int64_t>& out) {
    if (v->kind != Kind::Tuple && v->kind != Kind::List) return false;
    out.clear();
    for (const PickleValue* item : v->items) {
        if (item->kind != Kind::Int) return false;
        out.push_back(item->integer);
    }
    return true;
}

bool isTag(const PickleValue* v, const char* tag) {
    return v->kind == Kind::Object && v->text == tag;
}

}  // namespace

TorchUnpickler::TorchUnpickler()
    : m_machine([this](PickleMachine& m, const std::string& mod,
                       const std::string& name) { return global(m, mod, name); },
                [this](PickleMachine& m, PickleValue* c, PickleValue* a) { return call(m, c, a); },
                [this](PickleMachine& m, PickleValue* pid) { return persistent(m, pid); }) {}

Result<PickleValue*> TorchUnpickler::run(const char* data, int64_t size, int64_t start,
                                         int64_t* end, int64_t base, bool allowTorch) {
    m_allowTorch = allowTorch;
    return m_machine.run(data, size, start, end, base);
}

Result<PickleValue*> TorchUnpickler::global(PickleMachine& m, const std::string& module,
                                            const std::string& name) {
    const std::string full = module + "." + name;
    bool allowed = full == kOrderedDict;
    if (m_allowTorch) {
        allowed =
            allowed || allowedCallable(full) || (module == "torch" && storageTypes().count(name));
    }
    if (!allowed)
        return Text::tr(
            "refusing the global '%1': only tensors, storages, OrderedDict, dicts, lists and "
            "plain values are read from PyTorch files (nothing in a file is ever run)",
            full);
    PickleValue* v = m.make(Kind::Global);
    v->text = full;
    return v;
}

Result<PickleValue*> TorchUnpickler::call(PickleMachine& m, PickleValue* callable,
                                          PickleValue* args) {
    if (callable->kind != Kind::Global)
        return Text::tr("refusing to call a value that is not a global");
    if (!allowedCallable(callable->text) || (!m_allowTorch && callable->text != kOrderedDict))
        return Text::tr("refusing to call '%1'", callable->text);
    const std::vector<PickleValue*>& a = args->items;
    const std::string& f = callable->text;
    if (f == kOrderedDict) {
        PickleValue* dict = m.make(Kind::Dict);
        if (a.size() == 1 && (a[0]->kind == Kind::List || a[0]->kind == Kind::Tuple)) {
            for (PickleValue* pair : a[0]->items) {
                if (pair->kind != Kind::Tuple || pair->items.size() != 2)
                    return Text::tr("OrderedDict built from something other than pairs");
                dict->entries.emplace_back(pair->items[0], pair->items[1]);
            }
        } else if (!a.empty()) {
            return Text::tr("OrderedDict called with unexpected arguments");
        }
        return dict;
    }
    if (f == kTorchSize) {
        std::vector<int64_t> dims;
        if (a.size() != 1 || !intTuple(a[0], dims)) return Text::tr("torch.Size of non-integers");
        PickleValue* t = m.make(Kind::Tuple);
        t->items = a[0]->items;
        return t;
    }
    if (f == kRebuildParameter || f == kRebuildParameterState) {
        if (a.size() < 3 || !isTag(a[0], kTensorTag))
            return Text::tr("a parameter is rebuilt from something that is not a tensor");
        return a[0];
    }
    return rebuildTensor(m, a);  // _rebuild_tensor_v2 / _rebuild_tensor
}

Result<PickleValue*> TorchUnpickler::rebuildTensor(PickleMachine& m,
                                                   const std::vector<PickleValue*>& a) {
    if (a.size() < 4 || !isTag(a[0], kStorageTag))
        return Text::tr("a tensor is rebuilt without a storage");
    TorchTensor t;
    t.storage = static_cast<int>(a[0]->integer);
    if (a[1]->kind != Kind::Int || a[1]->integer < 0)
        return Text::tr("a tensor has an invalid storage offset");
    t.offset = a[1]->integer;
    if (!intTuple(a[2], t.shape) || !intTuple(a[3], t.stride) ||
        t.shape.size() != t.stride.size() || static_cast<int>(t.shape.size()) > kMaxRank)
        return Text::tr("a tensor has an invalid size or stride");
    const TorchStorage& s = m_storages[t.storage];
    // Every element the view can reach must lie inside the storage.
    __int128 numel = 1, last = t.offset;
    for (std::size_t i = 0; i < t.shape.size(); ++i) {
        if (t.shape[i] < 0 || t.stride[i] < 0)
            return Text::tr("a tensor has a negative size or stride %1", shapeToString(t.shape));
        numel *= t.shape[i];
        if (numel > (__int128{1} << 48)) return Text::tr("a tensor's shape is absurdly large");
        if (t.shape[i] > 0) last += static_cast<__int128>(t.shape[i] - 1) * t.stride[i];
    }
    if (numel > 0 && last >= s.numel)
        return Text::tr(
            "tensor view %1 at offset %2 reaches past the end of its storage of %3 elements",
            shapeToString(t.shape), t.offset, s.numel);
    PickleValue* v = m.make(Kind::Object);
    v->text = kTensorTag;
    v->integer = static_cast<int64_t>(m_records.size());
    m_records.push_back(std::move(t));
    return v;
}

Result<PickleValue*> TorchUnpickler::persistent(PickleMachine& m, PickleValue* pid) {
    if (!m_allowTorch) return Text::tr("unexpected persistent id");
    const auto& p = pid->items;
    if (pid->kind != Kind::Tuple || p.size() < 5 || p[0]->kind != Kind::String ||
        p[0]->text != "storage")
        return Text::tr("unsupported persistent id (only storages are read)");
    if (p[1]->kind != Kind::Global || p[1]->text.rfind("torch.", 0) != 0 ||
        !storageTypes().count(p[1]->text.substr(6)))
        return Text::tr("persistent id names an unsupported storage type");
    if (p[2]->kind != Kind::String || p[2]->text.empty() || p[2]->text.size() > 256 ||
        p[4]->kind != Kind::Int || p[4]->integer < 0 || p[4]->integer > (int64_t{1} << 48))
        return Text::tr("persistent id has an invalid storage key or size");
    TorchStorage s;
    s.key = p[2]->text;
    s.dtype = storageTypes().at(p[1]->text.substr(6));
    s.numel = p[4]->integer;
    if (p.size() >= 6 && p[5]->kind != Kind::None) {  // legacy view (view_key, offset, size)
        const auto& view = p[5]->items;
        if (p[5]->kind != Kind::Tuple || view.size() != 3 || view[1]->kind != Kind::Int ||
            view[2]->kind != Kind::Int || view[1]->integer < 0 || view[2]->integer < 0 ||
            view[1]->integer > s.numel || view[2]->integer > s.numel - view[1]->integer)
            return Text::tr("persistent id has an invalid storage view");
        s.elementOffset = view[1]->integer;
        s.numel = view[2]->integer;
    }
    // One storage per (key, view): tensors naming it share it.
    int index = -1;
    for (std::size_t i = 0; i < m_storages.size(); ++i) {
        const TorchStorage& o = m_storages[i];
        if (o.key != s.key) continue;
        if (o.dtype != s.dtype)
            return Text::tr("storage '%1' is named with two different dtypes", s.key);
        if (o.elementOffset == s.elementOffset && o.numel == s.numel) index = static_cast<int>(i);
    }
    if (index < 0) {
        if (m_storages.size() >= (std::size_t{1} << 20)) return Text::tr("too many storages");
        index = static_cast<int>(m_storages.size());
        m_storages.push_back(s);
    }
    PickleValue* v = m.make(Kind::Object);
    v->text = kStorageTag;
    v->integer = index;
    return v;
}

Status TorchUnpickler::flatten(const PickleValue* root) {
    m_tensors.clear();
    int64_t visits = 0;
    return flattenInto(root, "", 0, visits);
}

Status TorchUnpickler::flattenInto(const PickleValue* value, const std::string& name, int depth,
                                   int64_t& visits) {
    if (++visits > kMaxVisits) return Text::tr("the pickled object is too large to list");
    if (depth > kMaxDepth) return Text::tr("containers nested deeper than %1 levels", kMaxDepth);
    auto child = [&](const std::string& key) { return name.empty() ? key : name + "." + key; };
    switch (value->kind) {
        case Kind::Object:
            if (value->text == kTensorTag) {
                TorchTensor t = m_records[value->integer];
                t.name = name;
                if (m_tensors.size() >= (std::size_t{1} << 20)) return Text::tr("too many tensors");
                m_tensors.push_back(std::move(t));
            }
            return Status::success();
        case Kind::Dict:
            for (const auto& [key, item] : value->entries) {
                std::string k;
                if (key->kind == Kind::String)
                    k = key->text;
                else if (key->kind == Kind::Int)
                    k = std::to_string(key->integer);
                else if (key->kind == Kind::Bool)
                    k = key->integer ? "True" : "False";
                else
                    continue;  // keys that cannot name a tensor (tuples, None, ...)
                if (Status s = flattenInto(item, child(k), depth + 1, visits); !s) return s;
            }
            return Status::success();
        case Kind::List:
        case Kind::Tuple:
            for (std::size_t i = 0; i < value->items.size(); ++i)
                if (Status s =
                        flattenInto(value->items[i], child(std::to_string(i)), depth + 1, visits);
                    !s)
                    return s;
            return Status::success();
        default:
            return Status::success();  // numbers, strings, None: not tensors
    }
}

}  // namespace attnscope
