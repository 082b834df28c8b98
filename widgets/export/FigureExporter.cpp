#include "widgets/export/FigureExporter.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

#include "widgets/i18n/CoreMessages.h"
#include "widgets/views/FigureFont.h"
#include "widgets/views/FigureView.h"

namespace attnscope {

namespace {
// The translation context of the export's messages.
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(attnscope::FigureExporter)
};

Status writeAtomically(const QString& path, const QByteArray& bytes) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return Error{Tr::tr("%1: cannot write: %2").arg(path, f.errorString()).toStdString()};
    if (f.write(bytes) != bytes.size() || !f.commit())
        return Error{Tr::tr("%1: write failed: %2").arg(path, f.errorString()).toStdString()};
    return {};
}

/// QSvgGenerator names only a font's first family: each font-family="F" becomes "F, <the CJK
/// family>", so that an SVG reader draws Chinese text with the face the PNG has (figureFont).
QByteArray withCjkFamilies(QByteArray svg) {
    const QByteArray key = "font-family=\"";
    for (qsizetype at = svg.indexOf(key); at >= 0; at = svg.indexOf(key, at)) {
        at += key.size();
        const qsizetype end = svg.indexOf('"', at);
        if (end < 0) break;
        const QString family = QString::fromUtf8(svg.mid(at, end - at));
        if (family.contains(',')) continue;  // a list already
        const QByteArray list = figureFamilies(family).join(", ").toUtf8();
        svg.replace(at, end - at, list);
        at += list.size();
    }
    return svg;
}
}  // namespace

QByteArray FigureExporter::renderSvg(FigureView& view) {
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const QSize size = view.figureSize();
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(size);
    svg.setViewBox(QRect(QPoint(0, 0), size));
    svg.setResolution(96);
    svg.setTitle(view.figureName());
    svg.setDescription("AttnScope figure");
    view.renderFigure(svg, size, 1.0);
    return withCjkFamilies(buffer.data());
}

QImage FigureExporter::renderPng(FigureView& view, int dpi) {
    const QSize size = view.figureSize();
    const double scale = dpi / 96.0;
    QImage image((QSizeF(size) * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    if (image.isNull()) return image;
    image.fill(Qt::white);
    // The figure is laid out at 96 dpi and the painter scales it: the image must say 96 dpi while
    // it is painted, or fonts given in points grow with the dpi a second time (titles clipped,
    // tick labels overlapping at 300 dpi). The real resolution is written afterwards.
    auto setDpi = [&image](double d) {
        const int dotsPerMeter = int(std::lround(d / 0.0254));
        image.setDotsPerMeterX(dotsPerMeter);
        image.setDotsPerMeterY(dotsPerMeter);
    };
    setDpi(96);
    view.renderFigure(image, size, scale);
    setDpi(dpi);
    return image;
}

Status FigureExporter::exportFigure(FigureView& view, const QString& path, FigureFormat format,
                                    int dpi) {
    if (Status st = view.renderStatus(); !st)
        return Error{(path + QStringLiteral(": ") + coreMessage(st)).toStdString()};
    if (format == FigureFormat::Svg && !view.supportsSvg())
        return Error{Tr::tr("%1: %2 is a 3D figure and exports as PNG only")
                         .arg(path, view.figureName())
                         .toStdString()};
    if (format == FigureFormat::Svg) return writeAtomically(path, renderSvg(view));
    if (dpi < 10 || dpi > 2400)
        return Error{Tr::tr("dpi must be between 10 and 2400").toStdString()};
    const QImage image = renderPng(view, dpi);
    if (image.isNull())
        return Error{Tr::tr("%1: image too large for %2 dpi").arg(path).arg(dpi).toStdString()};
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        return Error{Tr::tr("%1: PNG encoding failed").arg(path).toStdString()};
    return writeAtomically(path, bytes);
}

Status FigureExporter::exportAll(const std::vector<FigureView*>& views, const QString& dir,
                                 const ExportRequest& request, QStringList* written,
                                 QStringList* skipped) {
    if (!QDir().mkpath(dir))
        return Error{Tr::tr("%1: cannot create the folder").arg(dir).toStdString()};
    for (FigureView* view : views) {
        for (FigureView* figure : view->figures()) {
            for (FigureFormat format : request.formats) {
                if (format == FigureFormat::Svg && !figure->supportsSvg()) continue;
                const QString path = QDir(dir).filePath(
                    figure->figureName() + (format == FigureFormat::Svg ? ".svg" : ".png"));
                if (Status st = figure->renderStatus(); !st && skipped) {
                    skipped->append(QFileInfo(path).fileName() + ": " + coreMessage(st));
                    continue;
                }
                if (Status st = exportFigure(*figure, path, format, request.dpi); !st) return st;
                if (written) written->append(path);
            }
        }
        for (const auto& [name, bytes] : view->extraExports()) {
            const QString path = QDir(dir).filePath(name);
            if (Status st = writeAtomically(path, bytes); !st) return st;
            if (written) written->append(path);
        }
    }
    return {};
}

}  // namespace attnscope
