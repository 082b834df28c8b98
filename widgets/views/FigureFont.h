#pragma once
// figureFont: the fonts of every figure. Sizes are given in points at 96 dpi but set as a whole
// number of pixels: the raster engine draws a fractional pixel size (14 pt = 18.67 px) at the
// rounded one (19 px) while an SVG renderer keeps the fraction, so text was 2 % wider in the PNG
// than in its SVG and the two figures differed (tst_figuredpi).

#include <QFont>
#include <cmath>

namespace attnscope {

inline QFont figureFont(double points, QFont::Weight weight = QFont::Normal,
                        const char* family = "DejaVu Sans") {
    QFont font(family);
    font.setPixelSize(std::max(1, int(std::lround(points * 96.0 / 72.0))));
    font.setWeight(weight);
    // Unhinted: glyphs keep their shapes and advances at every scale, as in the SVG renderer.
    font.setHintingPreference(QFont::PreferNoHinting);
    return font;
}

}  // namespace attnscope
