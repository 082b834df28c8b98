// libFuzzer target: PyTorch files (zip archives and the legacy format) through the restricted
// pickle machine, listing and reading every tensor, on arbitrary bytes.
#include <QByteArray>
#include <cstdint>

#include "core/io/TorchArchive.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto archive = attnscope::TorchArchive::fromBytes(
        QByteArray(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size)), "fuzz.pt");
    if (!archive) return 0;
    for (const auto& t : archive->tensors()) (void)archive->read(t.name);
    return 0;
}
