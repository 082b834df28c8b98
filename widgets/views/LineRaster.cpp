#include "widgets/views/LineRaster.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

namespace attnscope {

namespace {

/// Each 8-bit channel of `x` times a / 255 (rounded), two channels per multiplication.
inline uint32_t scaled(uint32_t x, uint32_t a) {
    uint32_t rb = (x & 0x00ff00ffu) * a;
    rb = ((rb + ((rb >> 8) & 0x00ff00ffu) + 0x00800080u) >> 8) & 0x00ff00ffu;
    uint32_t ag = ((x >> 8) & 0x00ff00ffu) * a;
    ag = (ag + ((ag >> 8) & 0x00ff00ffu) + 0x00800080u) & 0xff00ff00u;
    return ag | rb;
}

/// `colour` (opaque) over `pixel` with coverage a / 255.
inline void plot(uint32_t& pixel, uint32_t colour, uint32_t a) {
    if (a == 0) return;
    pixel = a >= 255 ? colour : scaled(colour, a) + scaled(pixel, 255 - a);
}

/// A line along its major axis: for each step s (a row when steep, a column when not) whose
/// centre lies within [s0, s1] and the image, the minor coordinate m(s) shares the coverage
/// between the two pixels whose centres bracket it. `at(step, minor)` gives the pixel.
template <class Pixel>
void walk(double s0, double m0, double s1, double m1, int steps, int minors, uint32_t colour,
          Pixel&& at) {
    if (s0 > s1) {
        std::swap(s0, s1);
        std::swap(m0, m1);
    }
    const double slope = s1 > s0 ? (m1 - m0) / (s1 - s0) : 0;
    // Steps whose centre s + 0.5 lies in [s0, s1]...
    double first = std::max(0.0, std::ceil(s0 - 0.5));
    double last = std::min(double(steps - 1), std::floor(s1 - 0.5));
    // ...and whose two pixels, at minor − 0.5 and + 0.5 around m(s), touch the image: a shallow
    // line crosses a band of rows in a few of its columns.
    auto stepAt = [&](double m) { return s0 - 0.5 + (m + 0.5 - m0) / slope; };
    // (A step of margin each side: the pixels are checked one by one anyway.)
    if (slope > 0) {
        first = std::max(first, std::ceil(stepAt(-1.0)) - 1);
        last = std::min(last, std::floor(stepAt(double(minors))) + 1);
    } else if (slope < 0) {
        first = std::max(first, std::ceil(stepAt(double(minors))) - 1);
        last = std::min(last, std::floor(stepAt(-1.0)) + 1);
    } else if (m0 - 0.5 < -1.0 || m0 - 0.5 >= double(minors)) {
        return;
    }
    if (!(first <= last)) return;
    // The minor coordinate of the left pixel's centre in 16.16 fixed point, stepped from the
    // line's own first step whatever the clipping, so that bands drawn apart join exactly.
    const double origin = std::ceil(s0 - 0.5);
    const int64_t dm = std::llround(slope * 65536.0);
    const int from = int(first), to = int(last);
    int64_t m = std::llround((m0 + (origin + 0.5 - s0) * slope - 0.5) * 65536.0) +
                (int64_t(from) - int64_t(origin)) * dm;
    for (int s = from; s <= to; ++s, m += dm) {
        const int c = int(m >> 16);          // floor, also below zero
        const uint32_t f = uint32_t(m & 0xffff) >> 8;  // the right pixel's share, of 255
        if (c >= 0 && c < minors) plot(at(s, c), colour, 255 - f);
        if (c + 1 >= 0 && c + 1 < minors) plot(at(s, c + 1), colour, f);
    }
}

}  // namespace

void rasteriseLines(QImage& image, QPointF origin, const std::vector<RasterLine>& lines) {
    if (image.format() != QImage::Format_ARGB32_Premultiplied || image.isNull()) return;
    const int w = image.width(), h = image.height();
    auto* bits = reinterpret_cast<uint32_t*>(image.bits());
    const qsizetype stride = image.bytesPerLine() / 4;
    for (const RasterLine& l : lines) {
        const double x0 = l.from.x() - origin.x(), y0 = l.from.y() - origin.y();
        const double x1 = l.to.x() - origin.x(), y1 = l.to.y() - origin.y();
        if (!std::isfinite(x0) || !std::isfinite(y0) || !std::isfinite(x1) || !std::isfinite(y1))
            continue;
        const uint32_t colour = l.colour | 0xff000000u;
        if (std::abs(y1 - y0) >= std::abs(x1 - x0))
            walk(y0, x0, y1, x1, h, w, colour,
                 [&](int row, int col) -> uint32_t& { return bits[row * stride + col]; });
        else
            walk(x0, y0, x1, y1, w, h, colour,
                 [&](int col, int row) -> uint32_t& { return bits[row * stride + col]; });
    }
}

}  // namespace attnscope
