// libFuzzer target: the .npy reader (header parser and decoders) on arbitrary bytes.
#include <QByteArray>
#include <cstdint>

#include "core/io/NpyFormat.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QByteArray bytes =
        QByteArray::fromRawData(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    (void)attnscope::decodeNpy(bytes, "fuzz.npy");
    (void)attnscope::decodeNpyDouble(bytes, "fuzz.npy");
    (void)attnscope::decodeNpyBool(bytes, "fuzz.npy");
    return 0;
}
