#pragma once
// Colormaps of SPEC §6 as QCustomPlot gradients: RdBu_r (diverging, default), the 9-colour
// diverging palette, and a sequential map for probabilities.

#include <qcustomplot.h>

namespace attnscope {

enum class Colormap { RdBuR, Palette9, Sequential };

QCPColorGradient makeGradient(Colormap map);

}  // namespace attnscope
