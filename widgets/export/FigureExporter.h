#pragma once
// FigureExporter (SPEC §7): a view to SVG (text kept as text) or PNG at a chosen dpi, and every
// view of a session into a folder under stable names. All writes are atomic (QSaveFile).

#include <QImage>
#include <QString>
#include <QStringList>
#include <vector>

#include "core/common/Result.h"

namespace attnscope {

class FigureView;

enum class FigureFormat { Svg, Png };

struct ExportRequest {
    std::vector<FigureFormat> formats{FigureFormat::Svg, FigureFormat::Png};
    int dpi = 300;
};

class FigureExporter {
public:
    static Status exportFigure(FigureView& view, const QString& path, FigureFormat format,
                               int dpi = 300);
    /// Writes <dir>/<figureName>.<ext> for every figure of every view (FigureView::figures())
    /// and format, plus each view's extra files. Raster-only figures (3D) are written as PNG only.
    /// A figure that cannot be drawn here (3D without OpenGL) fails the export, unless `skipped`
    /// is given: then it is left out, "<file>: <reason>" is added there and the rest is written.
    static Status exportAll(const std::vector<FigureView*>& views, const QString& dir,
                            const ExportRequest& request, QStringList* written = nullptr,
                            QStringList* skipped = nullptr);
    static QByteArray renderSvg(FigureView& view);
    /// The figure drawn at `dpi`: the 96-dpi figure, finer (what a PNG export encodes).
    static QImage renderPng(FigureView& view, int dpi);
};

}  // namespace attnscope
