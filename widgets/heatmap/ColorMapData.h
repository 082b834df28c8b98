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
template <class Cell>
std::unique_ptr<QCPColorMapData> colorMapData(int64_t R, int64_t C, QCPRange keys, QCPRange values,
                                              Cell cell) {
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
