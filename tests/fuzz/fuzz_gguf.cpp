// libFuzzer target: the GGUF header, metadata and tensor listing validation, and the
// dequantization of every tensor, on arbitrary bytes.
#include <QByteArray>
#include <cstdint>

#include "core/io/GgufFile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto file = attnscope::GgufFile::fromBytes(
        QByteArray(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size)), "fuzz.gguf");
    if (!file) return 0;
    for (const auto& [key, value] : file->metadata()) (void)value.toString();
    for (const auto& t : file->tensors()) (void)file->read(t.name);
    return 0;
}
