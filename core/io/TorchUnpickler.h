#pragma once
// The PyTorch side of unpickling: an allow-list of the globals torch.save writes (OrderedDict,
// _rebuild_tensor_v2, _rebuild_parameter, the typed storage classes, ...), the storages named
// by persistent ids, tensors as (storage, offset, shape, stride) views, and the nested dicts,
// lists and tuples of the result flattened to dotted names. Any other global is refused by name.

#include <memory>
#include <string>
#include <vector>

#include "core/common/Array.h"
#include "core/common/Result.h"
#include "core/io/DType.h"
#include "core/io/PickleMachine.h"

namespace attnscope {

struct TorchStorage {
    std::string key;  ///< data/<key> in a zip archive, the storage key in the legacy format
    DType dtype = DType::F32;
    int64_t numel = 0;          ///< elements the pickle says the storage holds
    int64_t elementOffset = 0;  ///< legacy storage views: where this view starts in `key`
};

struct TorchTensor {
    std::string name;  ///< dotted path in the pickled object ("" for a bare tensor)
    int storage = 0;   ///< index into TorchUnpickler::storages()
    int64_t offset = 0;
    Shape shape;
    std::vector<int64_t> stride;

    DType dtype(const std::vector<TorchStorage>& storages) const { return storages[storage].dtype; }
};

class TorchUnpickler {
public:
    TorchUnpickler();
    TorchUnpickler(const TorchUnpickler&) = delete;
    TorchUnpickler& operator=(const TorchUnpickler&) = delete;

    /// Runs the pickle starting at data[start]; `end` receives the offset after it. With
    /// `allowTorch` false only plain values are accepted (the legacy format's header pickles).
    Result<PickleValue*> run(const char* data, int64_t size, int64_t start, int64_t* end,
                             int64_t base, bool allowTorch = true);

    /// Collects the tensors reachable from `root` under dotted names.
    Status flatten(const PickleValue* root);

    const std::vector<TorchStorage>& storages() const { return m_storages; }
    const std::vector<TorchTensor>& tensors() const { return m_tensors; }

private:
    Result<PickleValue*> global(PickleMachine& m, const std::string& module,
                                const std::string& name);
    Result<PickleValue*> call(PickleMachine& m, PickleValue* callable, PickleValue* args);
    Result<PickleValue*> persistent(PickleMachine& m, PickleValue* pid);
    Result<PickleValue*> rebuildTensor(PickleMachine& m, const std::vector<PickleValue*>& args);
    Status flattenInto(const PickleValue* value, const std::string& name, int depth,
                       int64_t& visits);

    PickleMachine m_machine;
    bool m_allowTorch = true;
    std::vector<TorchStorage> m_storages;
    std::vector<TorchTensor> m_records;  // tensors as rebuilt, by Object tag
    std::vector<TorchTensor> m_tensors;  // flattened, named
};

}  // namespace attnscope
