#pragma once
// Array<T>: a dense row-major N-d array owning its (possibly huge) buffer. Tensor = Array<float>,
// BoolArray = Array<uint8_t> (0/1). Buffers are left uninitialised unless asked; large ones are
// backed by transparent huge pages where the kernel offers them.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

namespace attnscope {

using Shape = std::vector<int64_t>;

inline int64_t shapeSize(const Shape& shape) {
    return std::accumulate(shape.begin(), shape.end(), int64_t{1}, std::multiplies<>());
}
std::string shapeToString(const Shape& shape);

namespace detail {
struct BufferDeleter {
    std::size_t bytes = 0;
    void operator()(void* p) const;
};
/// Uninitialised storage of `bytes` bytes, 64-byte aligned.
std::unique_ptr<void, BufferDeleter> allocateBuffer(std::size_t bytes);
/// Bytes of freed large buffers kept for reuse (what a shape change must hand back).
std::size_t cachedBufferBytes();
}  // namespace detail

template <class T>
class Array {
public:
    Array() = default;
    explicit Array(Shape shape) : m_shape(std::move(shape)) { allocate(); }
    Array(Shape shape, T fill) : Array(std::move(shape)) { std::fill(begin(), end(), fill); }
    static Array zeros(Shape shape) { return Array(std::move(shape), T{}); }
    static Array fromVector(Shape shape, const std::vector<T>& values) {
        Array a(std::move(shape));
        std::copy(values.begin(), values.begin() + std::min<int64_t>(a.size(), values.size()),
                  a.begin());
        return a;
    }

    Array(Array&&) noexcept = default;
    Array& operator=(Array&&) noexcept = default;
    Array(const Array& other) : m_shape(other.m_shape) {
        if (!other.m_buffer) return;  // a default (empty) array stays empty, not 0-d
        allocate();
        std::copy(other.begin(), other.end(), begin());
    }
    Array& operator=(const Array& other) {
        if (this != &other) *this = Array(other);
        return *this;
    }

    const Shape& shape() const { return m_shape; }
    int rank() const { return static_cast<int>(m_shape.size()); }
    int64_t dim(int i) const { return m_shape[i < 0 ? m_shape.size() + i : i]; }
    int64_t size() const { return m_shape.empty() && !m_buffer ? 0 : shapeSize(m_shape); }
    bool empty() const { return size() == 0; }

    T* data() { return static_cast<T*>(m_buffer.get()); }
    const T* data() const { return static_cast<const T*>(m_buffer.get()); }
    T* begin() { return data(); }
    T* end() { return data() + size(); }
    const T* begin() const { return data(); }
    const T* end() const { return data() + size(); }
    T& operator[](int64_t i) { return data()[i]; }
    const T& operator[](int64_t i) const { return data()[i]; }

    /// Flat offset of a full index (row-major).
    int64_t offset(std::initializer_list<int64_t> index) const {
        int64_t off = 0;
        int i = 0;
        for (int64_t v : index) off = off * m_shape[i++] + v;
        return off;
    }
    T& at(std::initializer_list<int64_t> index) { return data()[offset(index)]; }
    const T& at(std::initializer_list<int64_t> index) const { return data()[offset(index)]; }

private:
    void allocate() {
        const int64_t n = shapeSize(m_shape);
        m_buffer =
            detail::allocateBuffer(static_cast<std::size_t>(std::max<int64_t>(n, 1)) * sizeof(T));
    }

    Shape m_shape;
    std::unique_ptr<void, detail::BufferDeleter> m_buffer;
};

using Tensor = Array<float>;
using BoolArray = Array<uint8_t>;

}  // namespace attnscope
