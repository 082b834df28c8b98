// PNG export at any dpi is the same figure drawn finer (issue 11): for every 2D figure of every
// preset, the 300-dpi PNG scaled down to the 96-dpi size matches the 96-dpi PNG, and both match
// the figure's own SVG rendered back at its size (RMSE on a 0–1 scale). A failing pair is written
// to the temporary folder named in the message, to be looked at.

#include <QDir>
#include <QPainter>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "TestSupport.h"
#include "core/presets/Presets.h"
#include "widgets/export/FigureExporter.h"
#include "widgets/views/FigureView.h"
#include "widgets/views/ViewDeck.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {
constexpr double kMaxRmse = 0.05;

/// Root mean square difference of the RGB channels, 0–1 scale.
double rmse(const QImage& a, const QImage& b) {
    const QImage x = a.convertToFormat(QImage::Format_RGB32);
    const QImage y = b.convertToFormat(QImage::Format_RGB32);
    double sum = 0;
    for (int r = 0; r < x.height(); ++r) {
        const QRgb* p = reinterpret_cast<const QRgb*>(x.constScanLine(r));
        const QRgb* q = reinterpret_cast<const QRgb*>(y.constScanLine(r));
        for (int c = 0; c < x.width(); ++c) {
            const double dr = qRed(p[c]) - qRed(q[c]), dg = qGreen(p[c]) - qGreen(q[c]),
                         db = qBlue(p[c]) - qBlue(q[c]);
            sum += dr * dr + dg * dg + db * db;
        }
    }
    return std::sqrt(sum / (3.0 * x.width() * x.height())) / 255.0;
}

QImage svgAt(const QByteArray& svg, const QSize& size) {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QSvgRenderer renderer(svg);
    QPainter painter(&image);
    renderer.render(&painter, QRectF(QPointF(0, 0), QSizeF(size)));
    return image;
}
}  // namespace

class TestFigureDpi : public QObject {
    Q_OBJECT
private slots:
    void pngIsTheSameFigureAtAnyDpi_data() {
        QTest::addColumn<QString>("preset");
        for (const Preset& p : allPresets())
            QTest::newRow(p.name.c_str()) << QString::fromStdString(p.name);
    }

    void pngIsTheSameFigureAtAnyDpi() {
        QFETCH(QString, preset);
        const TracePtr trace = presetTrace(preset.toStdString().c_str());
        QVERIFY(trace);
        std::vector<FigureView*> views = createFigureViews();
        QTemporaryDir out;
        out.setAutoRemove(false);  // kept for looking at when a figure fails; removed otherwise
        bool failed = false;
        int compared = 0;
        double worstPng = 0, worstSvg = 0;
        for (FigureView* view : views) {
            view->resize(view->figureSize());
            view->setOptions({});
            view->setTrace(trace);
            for (FigureView* figure : view->figures()) {
                if (!figure->supportsSvg() || !figure->renderStatus()) continue;  // 3D: PNG only
                const QImage at96 = FigureExporter::renderPng(*figure, 96);
                const QImage at300 = FigureExporter::renderPng(*figure, 300);
                QCOMPARE(at96.size(), figure->figureSize());
                QVERIFY(std::abs(at300.width() - std::lround(at96.width() * 300.0 / 96)) <= 1);
                const QImage down =
                    at300.scaled(at96.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
                const QImage svg = svgAt(FigureExporter::renderSvg(*figure), at96.size());
                const double vsPng = rmse(down, at96), vsSvg = rmse(down, svg);
                ++compared;
                worstPng = std::max(worstPng, vsPng);
                worstSvg = std::max(worstSvg, vsSvg);
                if (vsPng > kMaxRmse || vsSvg > kMaxRmse) {
                    failed = true;
                    const QString base = QDir(out.path()).filePath(figure->figureName());
                    at96.save(base + "_96.png");
                    down.save(base + "_300_scaled.png");
                    svg.save(base + "_svg.png");
                    qWarning("%s: RMSE 300→96 vs 96 dpi %.3f, vs SVG %.3f (images in %s)",
                             qPrintable(figure->figureName()), vsPng, vsSvg, qPrintable(base));
                }
            }
        }
        qDeleteAll(views);
        qInfo("%d figures: worst RMSE 300→96 dpi vs 96 dpi %.3f, vs the SVG %.3f (limit %.2f)",
              compared, worstPng, worstSvg, kMaxRmse);
        if (!failed) out.remove();
        QVERIFY(compared >= 6);
        QVERIFY2(!failed, "a figure differs between dpi (see the warnings)");
    }
};

QTEST_MAIN(TestFigureDpi)
#include "tst_figuredpi.moc"
