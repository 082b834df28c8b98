#include "widgets/heatmap/Colormaps.h"

namespace attnscope {

namespace {
QCPColorGradient fromStops(const std::vector<const char*>& hex) {
    QCPColorGradient g;
    g.clearColorStops();
    for (size_t i = 0; i < hex.size(); ++i)
        g.setColorStopAt(double(i) / double(hex.size() - 1), QColor(hex[i]));
    g.setColorInterpolation(QCPColorGradient::ciRGB);
    // Masked cells are NaN in the display data: a neutral grey, distinct from every value.
    g.setNanHandling(QCPColorGradient::nhNanColor);
    g.setNanColor(kMaskedColour);
    g.setLevelCount(256);
    return g;
}
}  // namespace

QCPColorGradient makeGradient(Colormap map) {
    switch (map) {
        case Colormap::RdBuR:  // matplotlib RdBu reversed: blue (low) → white → red (high)
            return fromStops({"#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7",
                              "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f"});
        case Colormap::Palette9:  // SPEC §6, listed from high to low
            return fromStops({"#1D4680", "#3C7FB9", "#79B0D4", "#C2DEEC", "#F0F4F5", "#FDDAC3",
                              "#EEA17E", "#D15C4C", "#98202C"});
        case Colormap::Sequential:  // viridis
            return fromStops({"#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89",
                              "#35b779", "#6ece58", "#b5de2b", "#fde725"});
    }
    return QCPColorGradient(QCPColorGradient::gpPolar);
}

}  // namespace attnscope
