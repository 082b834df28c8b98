#include "core/io/TensorArgument.h"

#include <QFileInfo>
#include <QString>

#include "core/io/TensorFile.h"

namespace attnscope {

TensorArgument TensorArgument::parse(const std::string& spec) {
    if (QFileInfo(QString::fromStdString(spec)).isFile()) return {spec, {}};
    // Split at the first colon that follows a container extension: keys may hold dots and
    // colons, paths rarely hold ".pt:".
    std::size_t best = std::string::npos;
    for (const char* ext : {".npz:", ".safetensors:", ".pt:", ".pth:", ".bin:", ".ckpt:"}) {
        const auto pos = spec.find(ext);
        if (pos != std::string::npos) best = std::min(best, pos + std::string(ext).size() - 1);
    }
    if (best != std::string::npos) return {spec.substr(0, best), spec.substr(best + 1)};
    return {spec, {}};
}

Result<Tensor> loadTensorArgument(const std::string& spec) {
    const TensorArgument arg = TensorArgument::parse(spec);
    Result<TensorFile> file = TensorFile::open(QString::fromStdString(arg.path));
    if (!file) return file.failure();
    if (arg.member.empty()) return file->readOnly();
    return file->read(arg.member);
}

}  // namespace attnscope
