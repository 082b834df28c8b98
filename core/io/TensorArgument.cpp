#include "io/TensorArgument.h"

#include <QFileInfo>
#include <QString>

#include "io/NpyFormat.h"
#include "io/NpzArchive.h"

namespace attnscope {

namespace {
bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
}  // namespace

TensorArgument TensorArgument::parse(const std::string& spec) {
    // Only split at a colon that follows a container extension, so paths with colons still work.
    for (const char* ext : {".npz:", ".safetensors:", ".pt:", ".pth:", ".bin:"}) {
        const auto pos = spec.rfind(ext);
        if (pos != std::string::npos) {
            const auto colon = pos + std::string(ext).size() - 1;
            return {spec.substr(0, colon), spec.substr(colon + 1)};
        }
    }
    return {spec, {}};
}

Result<Tensor> loadTensorArgument(const std::string& spec) {
    const TensorArgument arg = TensorArgument::parse(spec);
    const QString path = QString::fromStdString(arg.path);
    if (!QFileInfo::exists(path)) return Error{arg.path + ": no such file"};
    if (endsWith(arg.path, ".npz")) {
        auto archive = NpzArchive::open(path);
        if (!archive) return Error{archive.error()};
        const auto names = archive->names();
        if (arg.member.empty()) {
            if (names.size() != 1) {
                std::string list;
                for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
                return Error{arg.path + ": holds several arrays (" + list + "); name one as " +
                             arg.path + ":NAME"};
            }
            return archive->readFloat(names.front());
        }
        return archive->readFloat(arg.member);
    }
    if (endsWith(arg.path, ".npy")) {
        if (!arg.member.empty()) return Error{arg.path + ": a .npy file holds one array"};
        return readNpy(path);
    }
    return Error{arg.path +
                 ": unsupported tensor file (this build reads .npy and .npz:NAME; .safetensors "
                 "and PyTorch files come with the import support)"};
}

}  // namespace attnscope
