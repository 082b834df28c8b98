// libFuzzer target: .npz archives (libzip, stored and deflated members) on arbitrary bytes.
#include <QByteArray>
#include <cstdint>

#include "core/io/NpzArchive.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto archive = attnscope::NpzArchive::fromBytes(
        QByteArray(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size)), "fuzz.npz");
    if (!archive) return 0;
    for (const std::string& name : archive->names()) {
        (void)archive->header(name);
        (void)archive->readFloat(name);
        (void)archive->readBool(name);
    }
    return 0;
}
