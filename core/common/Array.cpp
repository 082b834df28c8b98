#include "core/common/Array.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <list>
#include <mutex>

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
// From this size on a buffer is mapped directly, so that it can use transparent huge pages and
// be kept in the cache below: the attention matrices of a long sequence are hundreds of MiB, and
// the Q/K/V, context and mask buffers of a trace at L = 1024 are 1–3 MiB each. Left to malloc,
// those medium buffers were handed back to the kernel on free and faulted in again (zeroed) on
// every edit.
constexpr std::size_t kHugeThreshold = std::size_t{1} << 20;

/// Keeps recently freed large mappings, already faulted in, for the next buffer of the same size:
/// every edit in the GUI and every benchmark repeat recomputes a trace of the same shape, and
/// having the kernel zero 2.4 GB of fresh pages per trace (L = 4096, H = 12) cost more than
/// the GEMMs. Least recently freed mappings are unmapped first beyond the byte cap, and any not
/// taken again within kMaxAge: a 10-minute soak of random shape edits grew the cache (and the
/// resident memory) by 2 GB with buffers of shapes that never came back.
class MappingCache {
public:
    static MappingCache& instance() {
        // Never destroyed: static objects made before it (the model cache) free their buffers
        // through it at exit, after a function-local static would already be gone.
        static MappingCache* const cache = new MappingCache;
        return *cache;
    }
    void* take(std::size_t bytes) {
        std::lock_guard lock(m_mutex);
        expire();
        m_requested[m_nextRequest++ % m_requested.size()] = bytes;
        for (auto it = m_free.begin(); it != m_free.end(); ++it)
            if (it->bytes == bytes) {
                void* p = it->p;
                m_cached -= bytes;
                m_free.erase(it);
                return p;
            }
        return nullptr;
    }
    void give(void* p, std::size_t bytes) {
        std::lock_guard lock(m_mutex);
        expire();
        // A size no recent request asked for belongs to a shape that is gone (L = 4096, then
        // 304 tokens): its memory goes back to the system at once.
        if (bytes > m_cap || std::find(m_requested.begin(), m_requested.end(), bytes) ==
                                 m_requested.end()) {
            munmap(p, bytes);
            return;
        }
        while (m_cached + bytes > m_cap && !m_free.empty()) dropOldest();
        m_free.push_back({bytes, p, Clock::now()});
        m_cached += bytes;
    }

private:
    using Clock = std::chrono::steady_clock;
    static constexpr auto kMaxAge = std::chrono::seconds(10);
    struct Entry {
        std::size_t bytes;
        void* p;
        Clock::time_point freed;
    };
    void dropOldest() {
        munmap(m_free.front().p, m_free.front().bytes);
        m_cached -= m_free.front().bytes;
        m_free.pop_front();
    }
    void expire() {
        const auto now = Clock::now();
        while (!m_free.empty() && now - m_free.front().freed > kMaxAge) dropOldest();
    }

    MappingCache() {
        const long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGESIZE);
        const std::size_t physical =
            pages > 0 && pageSize > 0 ? std::size_t(pages) * std::size_t(pageSize) : 0;
        m_cap = std::min<std::size_t>(std::size_t{4} << 30, physical / 4);
    }
    std::mutex m_mutex;
    std::list<Entry> m_free;  // oldest first
    std::size_t m_cached = 0;
    std::size_t m_cap = 0;
    // The sizes of the last requests (a trace makes about 10 large buffers): what may be cached.
    std::array<std::size_t, 32> m_requested{};
    std::size_t m_nextRequest = 0;

public:
    std::size_t cachedBytes() {
        std::lock_guard lock(m_mutex);
        return m_cached;
    }
};
}  // namespace

std::size_t cachedBufferBytes() {
    return MappingCache::instance().cachedBytes();
}

void BufferDeleter::operator()(void* p) const {
    if (!p) return;
    if (bytes >= kHugeThreshold)
        MappingCache::instance().give(p, bytes);
    else
        std::free(p);
}

std::unique_ptr<void, BufferDeleter> allocateBuffer(std::size_t bytes) {
    if (bytes >= kHugeThreshold) {
        if (void* p = MappingCache::instance().take(bytes)) return {p, BufferDeleter{bytes}};
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
