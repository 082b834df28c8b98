#pragma once
// The NumPy .npy format (versions 1.0, 2.0 and 3.0): header parsing, decoding of any numeric or
// bool array to float / double / 0-1 arrays, and encoding of our arrays as version 1.0 files.
// Malformed input gives an Error naming the file, what is wrong and where; it never crashes.

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <functional>

#include "core/common/Array.h"
#include "core/common/Result.h"
#include "core/io/DType.h"

namespace attnscope {

struct NpyHeader {
    DType dtype = DType::F32;
    bool bigEndian = false;
    bool fortranOrder = false;
    Shape shape;
    int64_t dataOffset = 0;  ///< where the element data starts, from the start of the file

    int64_t elementCount() const { return shapeSize(shape); }
    int64_t dataBytes() const { return elementCount() * dtypeSize(dtype); }
    /// The dtype as NumPy writes it, with byte order: "<f4", "|b1", ">i8".
    std::string descr() const;
};

/// Longest header accepted (NumPy itself refuses more than 10000 bytes by default).
inline constexpr int64_t kMaxNpyHeaderBytes = int64_t{1} << 20;

/// Parses the header at the start of `data` and checks that the array it declares fits in the
/// `size` bytes. Messages say what is wrong and at which byte offset, but not the file.
Result<NpyHeader> parseNpyHeader(const char* data, int64_t size);
/// The same when only a prefix of the file is at hand: `data` holds `size` bytes (at least the
/// whole header) and the whole file is `fileSize` bytes long.
Result<NpyHeader> parseNpyHeader(const char* data, int64_t size, int64_t fileSize);
/// Bytes needed to know the header's length: 10 for version 1.0, 12 for 2.0 and 3.0 (0 when
/// `data` is not a .npy prefix; parseNpyHeader then says why).
int64_t npyPreambleBytes(const char* data, int64_t size);

/// Pulls up to `n` bytes into `dst`; returns how many were read (0 at the end), or -1 after a
/// read error, which it describes in `error` (a message made with Text::tr).
using ByteSource = std::function<int64_t(char* dst, int64_t n, Error& error)>;

/// Reads the header of a .npy of `totalSize` bytes from `source`, positioned at its start, and
/// leaves the source at the element data. `what` names the file in messages.
Result<NpyHeader> readNpyHeader(const ByteSource& source, int64_t totalSize, const QString& what);

/// Decodes the element data of `header` pulled from `source` (positioned at the data) into a C
/// order array. T is float, double, or uint8_t (bool and integer dtypes as 0/1; floating point
/// refused). `what` names the file in messages.
template <class T>
Result<Array<T>> decodeNpyData(const NpyHeader& header, const ByteSource& source,
                               const QString& what);

Result<Tensor> readNpy(const QString& path);
Result<Array<double>> readNpyDouble(const QString& path);
Result<BoolArray> readNpyBool(const QString& path);

Result<Tensor> decodeNpy(const QByteArray& bytes, const QString& what);
Result<Array<double>> decodeNpyDouble(const QByteArray& bytes, const QString& what);
Result<BoolArray> decodeNpyBool(const QByteArray& bytes, const QString& what);

/// Version 1.0 (2.0 only if the header would not fit), C order, little endian.
QByteArray encodeNpy(const Tensor& array);
QByteArray encodeNpy(const BoolArray& array);
QByteArray encodeNpy(const Array<double>& array);
/// Only the header (magic, version, length and dictionary) of the file encodeNpy writes for an
/// array of `shape` and `dtype` (F32, F64 or Bool).
QByteArray encodeNpyHeader(DType dtype, const Shape& shape);

/// Written atomically (QSaveFile): a failed write leaves any existing file untouched.
Status writeNpy(const QString& path, const Tensor& array);
Status writeNpy(const QString& path, const BoolArray& array);
Status writeNpy(const QString& path, const Array<double>& array);

}  // namespace attnscope
