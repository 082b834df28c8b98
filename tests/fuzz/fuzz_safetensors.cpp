// libFuzzer target: the .safetensors header validation and tensor reads on arbitrary bytes.
#include <QByteArray>
#include <cstdint>

#include "core/io/SafetensorsFile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto file = attnscope::SafetensorsFile::fromBytes(
        QByteArray(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size)),
        "fuzz.safetensors");
    if (!file) return 0;
    for (const auto& t : file->tensors()) (void)file->read(t.name);
    return 0;
}
