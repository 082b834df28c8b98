// The token lines layer's rasteriser (widgets/views/LineRaster): checked against the geometry of
// the lines themselves — each row (column) a steep (shallow) line crosses holds one pixel's worth
// of coverage, centred on the line's position at the row's centre — against Qt's own antialiased
// cosmetic lines, and for what the layer relies on: bands drawn apart equal one image drawn
// whole, later lines cover earlier ones, nothing is written outside the image.

#include <QPainter>
#include <QtTest>
#include <cmath>
#include <random>

#include "widgets/views/LineRaster.h"

using namespace attnscope;

namespace {

QImage blank(int w, int h) {
    QImage image(w, h, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    return image;
}

/// Coverage (alpha, 0–1) and its centroid along row `r` (or column when `column`).
std::pair<double, double> coverage(const QImage& image, int r, bool column = false) {
    double sum = 0, at = 0;
    const int n = column ? image.height() : image.width();
    for (int i = 0; i < n; ++i) {
        const double a = qAlpha(column ? image.pixel(r, i) : image.pixel(i, r)) / 255.0;
        sum += a;
        at += a * (i + 0.5);
    }
    return {sum, sum > 0 ? at / sum : -1};
}

}  // namespace

class TestLineRaster : public QObject {
    Q_OBJECT
private slots:
    void steepLineCoversOnePixelPerRowOnTheLine() {
        QImage image = blank(60, 100);
        const QPointF a(10.3, 5.0), b(41.7, 95.0);
        rasteriseLines(image, QPointF(0, 0), {{a, b, qRgb(200, 30, 60)}});
        for (int r = 5; r < 95; ++r) {
            const auto [sum, centre] = coverage(image, r);
            const double x = a.x() + (r + 0.5 - a.y()) * (b.x() - a.x()) / (b.y() - a.y());
            QVERIFY2(std::abs(sum - 1.0) < 0.01, qPrintable(QString("row %1: %2").arg(r).arg(sum)));
            QVERIFY2(std::abs(centre - x) < 0.02,
                     qPrintable(QString("row %1: centre %2, line %3").arg(r).arg(centre).arg(x)));
        }
        // Nothing beyond the line's ends.
        QCOMPARE(coverage(image, 3).first, 0.0);
        QCOMPARE(coverage(image, 96).first, 0.0);
        // Opaque colour, premultiplied by the coverage.
        const QRgb p = image.pixel(int(a.x() + (50.5 - a.y()) * (b.x() - a.x()) / 90.0), 50);
        QVERIFY(qAlpha(p) > 0);
        QVERIFY(std::abs(qRed(p) * 255 / std::max(1, qAlpha(p)) - 200) <= 3);
    }

    void shallowLineCoversOnePixelPerColumn() {
        QImage image = blank(120, 40);
        const QPointF a(115.0, 30.2), b(4.0, 8.6);  // drawn right to left
        rasteriseLines(image, QPointF(0, 0), {{a, b, qRgb(0, 0, 255)}});
        for (int c = 4; c < 115; ++c) {
            const auto [sum, centre] = coverage(image, c, true);
            const double y = b.y() + (c + 0.5 - b.x()) * (a.y() - b.y()) / (a.x() - b.x());
            QVERIFY(std::abs(sum - 1.0) < 0.01);
            QVERIFY2(std::abs(centre - y) < 0.02,
                     qPrintable(QString("column %1: %2 vs %3").arg(c).arg(centre).arg(y)));
        }
    }

    void matchesQtAntialiasedCosmeticLines() {
        // Random steep lines, one at a time, through Qt's cosmetic stroker too: each row holds
        // the same coverage at nearly the same place (Qt samples half a row lower, ≤ 0.5 pixel
        // apart at these slopes, and adds half-covered end caps, hence the rows inside).
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> y0(0, 40), y1(160, 200), x(0, 120);
        for (int i = 0; i < 20; ++i) {
            const QPointF a(x(rng), y0(rng)), b(x(rng), y1(rng));
            QImage ours = blank(120, 200), qt = blank(120, 200);
            rasteriseLines(ours, QPointF(0, 0), {{a, b, qRgb(0, 0, 0)}});
            {
                QPainter p(&qt);
                p.setRenderHint(QPainter::Antialiasing);
                QPen pen(Qt::black, 1.0);
                pen.setCosmetic(true);
                p.setPen(pen);
                p.drawLine(a, b);
            }
            for (int r = int(a.y()) + 2; r < int(b.y()) - 2; ++r) {
                const auto [sumOurs, atOurs] = coverage(ours, r);
                const auto [sumQt, atQt] = coverage(qt, r);
                QVERIFY2(std::abs(sumOurs - sumQt) < 0.02 && std::abs(atOurs - atQt) < 0.5,
                         qPrintable(QString("line %1, row %2: %3 at %4, Qt %5 at %6")
                                        .arg(i).arg(r).arg(sumOurs).arg(atOurs).arg(sumQt)
                                        .arg(atQt)));
            }
        }
    }

    void bandsDrawnApartEqualOneImage() {
        std::mt19937 rng(3);
        std::uniform_real_distribution<double> y(-500, 900), x(0, 300);
        std::vector<RasterLine> lines;
        for (int i = 0; i < 200; ++i)
            lines.push_back({QPointF(x(rng), y(rng)), QPointF(x(rng), y(rng)),
                             qRgb(int(rng() % 256), int(rng() % 256), int(rng() % 256))});
        // The region (0, 100)–(300, 500) whole, and as bands of 64 rows with the remainder.
        QImage whole = blank(300, 400);
        rasteriseLines(whole, QPointF(0, 100), lines);
        for (int top = 100; top < 500; top += 64) {
            const int h = std::min(64, 500 - top);
            QImage band = blank(300, h);
            rasteriseLines(band, QPointF(0, top), lines);
            QCOMPARE(band, whole.copy(0, top - 100, 300, h));
        }
    }

    void laterLinesCoverEarlierOnes() {
        QImage image = blank(20, 20);
        // Vertical lines through pixel centres: full coverage of one column each.
        rasteriseLines(image, QPointF(0, 0),
                       {{QPointF(10.5, 0), QPointF(10.5, 20), qRgb(255, 0, 0)},
                        {QPointF(10.5, 5), QPointF(10.5, 15), qRgb(0, 255, 0)}});
        QCOMPARE(image.pixel(10, 2), qRgb(255, 0, 0));
        QCOMPARE(image.pixel(10, 10), qRgb(0, 255, 0));
        QCOMPARE(qAlpha(image.pixel(9, 10)), 0);
        QCOMPARE(qAlpha(image.pixel(11, 10)), 0);
    }

    void clipsToTheImageAndSkipsBadInput() {
        QImage image = blank(10, 10);
        const double inf = std::numeric_limits<double>::infinity();
        rasteriseLines(image, QPointF(0, 0),
                       {{QPointF(-1e9, -1e9), QPointF(1e9, 1e9), qRgb(0, 0, 0)},
                        {QPointF(-50, 5), QPointF(-10, 6), qRgb(0, 0, 0)},
                        {QPointF(0, std::nan("")), QPointF(5, 5), qRgb(0, 0, 0)},
                        {QPointF(0, 0), QPointF(inf, 5), qRgb(0, 0, 0)}});
        // Only the diagonal: one pixel's coverage per row.
        for (int r = 0; r < 10; ++r) QVERIFY(std::abs(coverage(image, r).first - 1.0) < 0.01);
        // Another format is left alone.
        QImage rgb(10, 10, QImage::Format_RGB32);
        rgb.fill(Qt::white);
        rasteriseLines(rgb, QPointF(0, 0), {{QPointF(0, 0), QPointF(9, 9), qRgb(0, 0, 0)}});
        QCOMPARE(rgb.pixel(5, 5), qRgb(255, 255, 255));
    }
};

QTEST_GUILESS_MAIN(TestLineRaster)
#include "tst_lineraster.moc"
