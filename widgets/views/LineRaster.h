#pragma once
// rasteriseLines: one-pixel antialiased lines of opaque colours written straight into an ARGB32
// premultiplied image (each line covers two pixels per row or column, by its distance to their
// centres). The token lines layer draws thousands of long lines per edit: Qt's cosmetic stroker
// blends them one one-pixel span at a time (~30 ns a pixel row, 45 ms for 3,000 lines over half
// a screen), which this does in a few nanoseconds. Export and in-place drawing keep QPainter.

#include <QImage>
#include <QPointF>
#include <vector>

namespace attnscope {

struct RasterLine {
    QPointF from, to;
    QRgb colour = 0;   // opaque
};

/// Draws `lines` in order (later ones over earlier ones) into `image` (Format_ARGB32_Premultiplied),
/// clipped to it; `origin` is where the image's top-left corner lies in the lines' coordinates
/// (pixel centres at +0.5, as QPainter's).
void rasteriseLines(QImage& image, QPointF origin, const std::vector<RasterLine>& lines);

}  // namespace attnscope
