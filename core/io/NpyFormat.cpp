#include "core/io/NpyFormat.h"

#include <QFile>
#include <QSaveFile>
#include <algorithm>
#include <bit>
#include <cstring>
#include <new>
#include <type_traits>
#include <vector>

#include "core/common/Text.h"

namespace attnscope {

static_assert(std::endian::native == std::endian::little, "the .npy writer assumes little endian");

namespace {

constexpr int64_t kChunkBytes = int64_t{4} << 20;

/// Reads until `n` bytes are in `dst` or the source ends; returns the count, or -1 on error.
int64_t readFully(const ByteSource& source, char* dst, int64_t n, Error& error) {
    int64_t have = 0;
    while (have < n) {
        const int64_t got = source(dst + have, n - have, error);
        if (got < 0) return -1;
        if (got == 0) break;
        have += got;
    }
    return have;
}

ByteSource memorySource(const char* data, int64_t size) {
    auto pos = std::make_shared<int64_t>(0);
    return [data, size, pos](char* dst, int64_t n, Error&) {
        const int64_t count = std::min(n, size - *pos);
        std::memcpy(dst, data + *pos, static_cast<std::size_t>(count));
        *pos += count;
        return count;
    };
}

template <class T>
Array<T> fortranToC(const Array<T>& fortran) {
    const Shape& shape = fortran.shape();
    const int rank = static_cast<int>(shape.size());
    Array<T> result(shape);
    std::vector<int64_t> stride(rank), index(rank, 0);
    int64_t s = 1;
    for (int axis = rank - 1; axis >= 0; --axis) {
        stride[axis] = s;
        s *= shape[axis];
    }
    // Walk the source in its order (first axis fastest) and follow the destination offset.
    int64_t dst = 0;
    for (int64_t i = 0; i < fortran.size(); ++i) {
        result[dst] = fortran[i];
        for (int axis = 0; axis < rank; ++axis) {
            dst += stride[axis];
            if (++index[axis] < shape[axis]) break;
            dst -= stride[axis] * shape[axis];
            index[axis] = 0;
        }
    }
    return result;
}

template <class T>
Result<Array<T>> decodeStream(const ByteSource& source, int64_t totalSize, const QString& what) {
    Result<NpyHeader> header = readNpyHeader(source, totalSize, what);
    if (!header) return header.failure();
    return decodeNpyData<T>(*header, source, what);
}

template <class T>
Result<Array<T>> readFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Text::tr("%1: cannot open: %2", path.toStdString(),
                        file.errorString().toStdString());
    const ByteSource source = [&file](char* dst, int64_t n, Error& error) -> int64_t {
        const qint64 got = file.read(dst, n);
        if (got < 0) error = Text::tr("read error: %1", file.errorString().toStdString());
        return got;
    };
    return decodeStream<T>(source, file.size(), path);
}

std::string shapeTuple(const Shape& shape) {
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) s += ", ";
        s += std::to_string(shape[i]);
    }
    return s + (shape.size() == 1 ? ",)" : ")");
}

template <class T>
constexpr DType dtypeOf() {
    if constexpr (std::is_same_v<T, float>) return DType::F32;
    if constexpr (std::is_same_v<T, double>) return DType::F64;
    return DType::Bool;
}

/// The element bytes of `array` as written: bools normalised to 0/1, in chunks.
template <class T, class Sink>
bool forEachDataChunk(const Array<T>& array, Sink sink) {
    const char* data = reinterpret_cast<const char*>(array.data());
    const int64_t bytes = array.size() * int64_t{sizeof(T)};
    if constexpr (!std::is_same_v<T, uint8_t>) {
        return bytes == 0 || sink(data, bytes);
    } else {
        std::vector<char> chunk(static_cast<std::size_t>(std::min(bytes, kChunkBytes)));
        for (int64_t done = 0; done < bytes; done += kChunkBytes) {
            const int64_t n = std::min(kChunkBytes, bytes - done);
            for (int64_t i = 0; i < n; ++i) chunk[i] = data[done + i] != 0 ? 1 : 0;
            if (!sink(chunk.data(), n)) return false;
        }
        return true;
    }
}

template <class T>
QByteArray encode(const Array<T>& array) {
    QByteArray bytes = encodeNpyHeader(dtypeOf<T>(), array.shape());
    forEachDataChunk(array, [&bytes](const char* data, int64_t n) {
        bytes.append(data, n);
        return true;
    });
    return bytes;
}

template <class T>
Status write(const QString& path, const Array<T>& array) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Text::tr("%1: cannot write: %2", path.toStdString(),
                        file.errorString().toStdString());
    const QByteArray header = encodeNpyHeader(dtypeOf<T>(), array.shape());
    bool ok = file.write(header) == header.size();
    ok = ok && forEachDataChunk(array, [&file](const char* data, int64_t n) {
             return file.write(data, n) == n;
         });
    if (!ok) {
        const std::string reason = file.errorString().toStdString();
        file.cancelWriting();
        return Text::tr("%1: write failed: %2", path.toStdString(), reason);
    }
    if (!file.commit())
        return Text::tr("%1: cannot save: %2", path.toStdString(),
                        file.errorString().toStdString());
    return Status::success();
}

}  // namespace

Result<NpyHeader> readNpyHeader(const ByteSource& source, int64_t totalSize, const QString& what) {
    Error error;
    std::vector<char> bytes(12);
    // Magic and version first, then the length field of the version's size, then the header.
    int64_t have = readFully(source, bytes.data(), std::min<int64_t>(8, totalSize), error);
    const int64_t preamble = have < 0 ? 0 : npyPreambleBytes(bytes.data(), have);
    if (preamble > 0) {
        const int64_t got =
            readFully(source, bytes.data() + have, std::min(preamble, totalSize) - have, error);
        have = got < 0 ? -1 : have + got;
    }
    if (have >= preamble && preamble > 0) {
        uint32_t headerLength = 0;
        for (int64_t i = preamble - 1; i >= 8; --i)
            headerLength = (headerLength << 8) | static_cast<uint8_t>(bytes[i]);
        const int64_t wanted = std::min<int64_t>(
            totalSize, preamble + std::min<int64_t>(headerLength, kMaxNpyHeaderBytes));
        bytes.resize(static_cast<std::size_t>(std::max(wanted, have)));
        const int64_t got = readFully(source, bytes.data() + have, wanted - have, error);
        have = got < 0 ? -1 : have + got;
    }
    if (have < 0) return Text::tr("%1: %2", what.toStdString(), error);
    Result<NpyHeader> header = parseNpyHeader(bytes.data(), have, totalSize);
    if (!header) return Text::tr("%1: %2", what.toStdString(), header.failure());
    return header;
}

template <class T>
Result<Array<T>> decodeNpyData(const NpyHeader& header, const ByteSource& source,
                               const QString& what) {
    if constexpr (std::is_same_v<T, uint8_t>) {
        if (isFloatingPoint(header.dtype))
            return Text::tr("%1: holds %2 values; a mask must be bool or integer",
                            what.toStdString(), dtypeName(header.dtype));
    }
    const int64_t itemSize = dtypeSize(header.dtype);
    const int64_t count = header.elementCount();
    try {
        Array<T> array(header.shape);
        const int64_t chunkElements = kChunkBytes / itemSize;
        std::vector<char> buffer(
            static_cast<std::size_t>(std::min(count, chunkElements) * itemSize));
        Error error;
        for (int64_t done = 0; done < count;) {
            const int64_t n = std::min(chunkElements, count - done);
            const int64_t got = readFully(source, buffer.data(), n * itemSize, error);
            if (got < 0) return Text::tr("%1: %2", what.toStdString(), error);
            if (got < n * itemSize)
                return Text::tr(
                    "%1: data ends after %2 of %3 bytes declared by the header (data at offset "
                    "%4)",
                    what.toStdString(), done * itemSize + got, count * itemSize, header.dataOffset);
            convertElements(buffer.data(), n, header.dtype, header.bigEndian, array.data() + done);
            done += n;
        }
        if (header.fortranOrder && header.shape.size() > 1) return fortranToC(array);
        return array;
    } catch (const std::bad_alloc&) {
        return Text::tr("%1: not enough memory for an array of shape %2", what.toStdString(),
                        shapeToString(header.shape));
    }
}

template Result<Tensor> decodeNpyData<float>(const NpyHeader&, const ByteSource&, const QString&);
template Result<Array<double>> decodeNpyData<double>(const NpyHeader&, const ByteSource&,
                                                     const QString&);
template Result<BoolArray> decodeNpyData<uint8_t>(const NpyHeader&, const ByteSource&,
                                                  const QString&);

Result<Tensor> readNpy(const QString& path) {
    return readFile<float>(path);
}
Result<Array<double>> readNpyDouble(const QString& path) {
    return readFile<double>(path);
}
Result<BoolArray> readNpyBool(const QString& path) {
    return readFile<uint8_t>(path);
}

Result<Tensor> decodeNpy(const QByteArray& bytes, const QString& what) {
    return decodeStream<float>(memorySource(bytes.constData(), bytes.size()), bytes.size(), what);
}
Result<Array<double>> decodeNpyDouble(const QByteArray& bytes, const QString& what) {
    return decodeStream<double>(memorySource(bytes.constData(), bytes.size()), bytes.size(), what);
}
Result<BoolArray> decodeNpyBool(const QByteArray& bytes, const QString& what) {
    return decodeStream<uint8_t>(memorySource(bytes.constData(), bytes.size()), bytes.size(), what);
}

QByteArray encodeNpyHeader(DType dtype, const Shape& shape) {
    NpyHeader header;
    header.dtype = dtype;
    std::string dict = "{'descr': '" + header.descr() +
                       "', 'fortran_order': False, 'shape': " + shapeTuple(shape) + ", }";
    // Like NumPy, leave room for the first dimension to grow to 21 digits in place.
    if (!shape.empty()) dict.append(21 - std::to_string(shape[0]).size(), ' ');
    int64_t preamble = 10;
    auto paddedLength = [&dict](int64_t pre) {
        return (pre + static_cast<int64_t>(dict.size()) + 1 + 63) / 64 * 64 - pre;
    };
    int64_t length = paddedLength(preamble);
    if (length > 0xffff) length = paddedLength(preamble = 12);
    QByteArray bytes("\x93NUMPY", 6);
    bytes.append(preamble == 10 ? '\x01' : '\x02').append('\0');
    for (int i = 0; i < preamble - 8; ++i)
        bytes.append(static_cast<char>((length >> (8 * i)) & 0xff));
    bytes.append(dict.data(), static_cast<qsizetype>(dict.size()));
    bytes.append(static_cast<qsizetype>(length - static_cast<int64_t>(dict.size()) - 1), ' ');
    bytes.append('\n');
    return bytes;
}

QByteArray encodeNpy(const Tensor& array) {
    return encode(array);
}
QByteArray encodeNpy(const BoolArray& array) {
    return encode(array);
}
QByteArray encodeNpy(const Array<double>& array) {
    return encode(array);
}

Status writeNpy(const QString& path, const Tensor& array) {
    return write(path, array);
}
Status writeNpy(const QString& path, const BoolArray& array) {
    return write(path, array);
}
Status writeNpy(const QString& path, const Array<double>& array) {
    return write(path, array);
}

}  // namespace attnscope
