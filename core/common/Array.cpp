#include "common/Array.h"

#include <sys/mman.h>

#include <cstdlib>
#include <new>

namespace attnscope {

std::string shapeToString(const Shape& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) s += ", ";
        s += std::to_string(shape[i]);
    }
    return s + "]";
}

namespace detail {

namespace {
// Above this size a buffer is mapped directly so that it can use transparent huge pages: the
// attention matrices of a long sequence are hundreds of MiB and page faults would dominate.
constexpr std::size_t kHugeThreshold = std::size_t{4} << 20;
}  // namespace

void BufferDeleter::operator()(void* p) const {
    if (!p) return;
    if (bytes >= kHugeThreshold)
        munmap(p, bytes);
    else
        std::free(p);
}

std::unique_ptr<void, BufferDeleter> allocateBuffer(std::size_t bytes) {
    if (bytes >= kHugeThreshold) {
        void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
        madvise(p, bytes, MADV_HUGEPAGE);
#endif
        return {p, BufferDeleter{bytes}};
    }
    const std::size_t rounded = (bytes + 63) / 64 * 64;
    void* p = std::aligned_alloc(64, rounded);
    if (!p) throw std::bad_alloc();
    return {p, BufferDeleter{bytes}};
}

}  // namespace detail
}  // namespace attnscope
