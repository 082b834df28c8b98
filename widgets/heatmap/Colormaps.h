#pragma once
// Colormaps of SPEC §6 as QCustomPlot gradients: RdBu_r (diverging, default), the 9-colour
// diverging palette, and a sequential map for probabilities.

#include <qcustomplot.h>

namespace attnscope {

enum class Colormap { RdBuR, Palette9, Sequential };

/// Cells the mask forbids (NaN in display data): neutral grey, apart from every map's colours.
inline const QColor kMaskedColour{0x9e, 0x9e, 0x9e};

/// The gradient of a colour map; NaN cells are drawn in kMaskedColour.
QCPColorGradient makeGradient(Colormap map);

}  // namespace attnscope
