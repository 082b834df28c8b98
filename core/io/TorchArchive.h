#pragma once
// A file written by torch.save: the zip format (any archive folder, data.pkl, data/<key>
// storages, byteorder, version) or the legacy format (magic number, protocol, sys_info, the
// pickled object, storage keys and raw storages). The pickle goes through TorchUnpickler, so
// nothing in the file is run; TorchScript archives are refused. Tensors read as float32, with
// their storage offsets and strides honoured. The file is memory-mapped.

#include <QByteArray>
#include <QString>
#include <memory>
#include <string>
#include <vector>

#include "core/common/Array.h"
#include "core/common/Result.h"
#include "core/io/TorchUnpickler.h"

namespace attnscope {

class MappedFile;

class TorchArchive {
public:
    static Result<TorchArchive> open(const QString& path);
    /// The same over bytes in memory; `what` names them in messages.
    static Result<TorchArchive> fromBytes(QByteArray bytes, const QString& what);

    bool isLegacy() const;
    /// Tensors under dotted names ("encoder.layers.0.weight", "0.1" for lists), in pickle order.
    const std::vector<TorchTensor>& tensors() const;
    const std::vector<TorchStorage>& storages() const;
    const TorchTensor* find(const std::string& name) const;

    Result<Tensor> read(const std::string& name) const;

private:
    struct State;
    explicit TorchArchive(std::shared_ptr<const State> state);
    static Result<TorchArchive> parse(MappedFile file, const QString& what);
    static Status parseZip(State& state);
    static Status parseLegacy(State& state);

    std::shared_ptr<const State> m_state;
};

/// True for the first bytes of a legacy torch.save file (a pickle protocol header).
bool looksLikeLegacyTorch(const char* data, int64_t size);

}  // namespace attnscope
