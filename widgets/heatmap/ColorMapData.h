#pragma once
// colorMapData: QCustomPlot colour-map data filled in bulk. QCPColorMapData has no bulk setter,
// and one setCell() per cell costs ~100 ns (12 maps of 256² took ~80 ms; the sink lens's three
// 400² maps ~50 ms of the UI thread); these write its array directly.

#include <qcustomplot.h>

#include <cstdint>
#include <memory>

namespace attnscope {

namespace detail {
class FilledColorMapData : public QCPColorMapData {
public:
    template <class Cell>
    FilledColorMapData(int64_t R, int64_t C, QCPRange keys, QCPRange values, Cell cell)
        : QCPColorMapData(int(C), int(R), keys, values) {
        // Row r holds the cells of value index r, key index c at mData[r · C + c].
        for (int64_t r = 0; r < R; ++r)
            for (int64_t c = 0; c < C; ++c) mData[r * C + c] = cell(r, c);
        mDataModified = true;
        mIsEmpty = R * C == 0;
    }
};
}  // namespace detail

/// R × C cells (value index r, key index c) = cell(r, c), their centres spanning keys × values.
/// A single row or column (one layer's metric, a decode step's one query) is given as two equal
/// halves of a unit cell: QCustomPlot takes a cell's size from the range over (n − 1) and drew a
/// lone row with no height at all.
template <class Cell>
std::unique_ptr<QCPColorMapData> colorMapData(int64_t R, int64_t C, QCPRange keys, QCPRange values,
                                              Cell cell) {
    if (R == 1 || C == 1) {
        if (R == 1) values = QCPRange(values.lower - 0.25, values.upper + 0.25);
        if (C == 1) keys = QCPRange(keys.lower - 0.25, keys.upper + 0.25);
        const detail::FilledColorMapData filled(
            R == 1 ? 2 : R, C == 1 ? 2 : C, keys, values,
            [&](int64_t r, int64_t c) { return cell(R == 1 ? 0 : r, C == 1 ? 0 : c); });
        return std::make_unique<QCPColorMapData>(filled);
    }
    // Handed on as the base type: a copy of the filled data (one memcpy).
    const detail::FilledColorMapData filled(R, C, keys, values, cell);
    return std::make_unique<QCPColorMapData>(filled);
}

/// The cells of one row-major [R, C] plane.
inline std::unique_ptr<QCPColorMapData> colorMapData(const float* plane, int64_t R, int64_t C,
                                                     QCPRange keys, QCPRange values) {
    return colorMapData(R, C, keys, values,
                        [plane, C](int64_t r, int64_t c) { return double(plane[r * C + c]); });
}

}  // namespace attnscope
