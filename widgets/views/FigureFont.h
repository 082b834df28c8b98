#pragma once
// figureFont: the fonts of every figure. Sizes are given in points at 96 dpi but set as a whole
// number of pixels: the raster engine draws a fractional pixel size (14 pt = 18.67 px) at the
// rounded one (19 px) while an SVG renderer keeps the fraction, so text was 2 % wider in the PNG
// than in its SVG and the two figures differed (tst_figuredpi).
//
// DejaVu has no Chinese glyphs: every figure font names Noto Sans CJK SC (fonts-noto-cjk) after
// it, so that Chinese titles and tokens take Simplified Chinese glyph forms in the PNG (left to
// fontconfig, the fallback may be a Japanese face), and exported SVGs name both families
// (FigureExporter::renderSvg). Latin text keeps DejaVu's glyphs and metrics.

#include <QFont>
#include <QStringList>
#include <cmath>

namespace attnscope {

/// `family`, then the CJK family of the same style (monospaced for DejaVu Sans Mono).
inline QStringList figureFamilies(const QString& family = QStringLiteral("DejaVu Sans")) {
    return {family, family.contains(QLatin1String("Mono")) ? QStringLiteral("Noto Sans Mono CJK SC")
                                                           : QStringLiteral("Noto Sans CJK SC")};
}

/// `font` with the CJK family after its own (fonts built by Qt Data Visualization's themes).
inline QFont withCjkFallback(QFont font) {
    font.setFamilies(figureFamilies(font.family()));
    return font;
}

inline QFont figureFont(double points, QFont::Weight weight = QFont::Normal,
                        const char* family = "DejaVu Sans") {
    QFont font(family);
    font.setFamilies(figureFamilies(QString::fromLatin1(family)));
    font.setPixelSize(std::max(1, int(std::lround(points * 96.0 / 72.0))));
    font.setWeight(weight);
    // Unhinted: glyphs keep their shapes and advances at every scale, as in the SVG renderer.
    font.setHintingPreference(QFont::PreferNoHinting);
    return font;
}

}  // namespace attnscope
