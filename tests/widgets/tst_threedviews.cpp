// The 3D views (widgets/three_d): the vector view's points against an independent PCA (Eigen's
// SVD of the centred rows, not the covariance eigen solver of core/analysis/Pca) and its segments
// against the trace's probabilities; the weights view's surface against the probabilities pooled by
// hand; exports. Pixels are checked only where OpenGL exists (under xvfb-run: the CTest entry
// widgets/tst_threedviews_xvfb, which sets ATTNSCOPE_REQUIRE_OPENGL so it cannot skip).

#include <Eigen/Dense>
#include <QImage>
#include <QTemporaryDir>
#include <QtDataVisualization/Q3DScatter>
#include <QtDataVisualization/Q3DSurface>
#include <QtDataVisualization/QScatter3DSeries>
#include <QtDataVisualization/QSurface3DSeries>

#include "ViewTestSupport.h"
#include "widgets/export/FigureExporter.h"
#include "widgets/three_d/OpenGlProbe.h"
#include "widgets/three_d/ThreeDView.h"
#include "widgets/three_d/VectorView3D.h"
#include "widgets/three_d/WeightsView3D.h"
#include "widgets/views/ViewDeck.h"

using namespace attnscope;
using namespace attnscope::test;

namespace {
Scenario smallGqa(uint64_t seed = 7) {
    Scenario s;
    s.name = "small-gqa";
    s.seed = seed;
    s.heads = 4;
    s.kvHeads = 2;
    s.qLen = s.kvLen = 9;
    s.dModel = 24;
    s.dHead = 6;
    s.mask = "causal";
    return s;
}

// Rows [b, h] of a [B, H, L, d] tensor.
Eigen::MatrixXd rowsOf(const Tensor& t, int64_t b, int64_t h) {
    const int64_t H = t.dim(1), L = t.dim(2), d = t.dim(3);
    Eigen::MatrixXd m(L, d);
    for (int64_t i = 0; i < L; ++i)
        for (int64_t j = 0; j < d; ++j) m(i, j) = t[((b * H + h) * L + i) * d + j];
    return m;
}

bool near(float a, double e, double tol = 2e-4) {
    return std::abs(a - e) <= tol * (1 + std::abs(e));
}

bool openGl() {
    if (OpenGlProbe::status()) return true;
    if (qEnvironmentVariableIsSet("ATTNSCOPE_REQUIRE_OPENGL"))
        qFatal("ATTNSCOPE_REQUIRE_OPENGL is set but: %s", OpenGlProbe::status().error().c_str());
    return false;
}

// Share of pixels of `image` inside `rect` that are not (nearly) white.
double inkShare(const QImage& image, const QRect& rect) {
    int64_t ink = 0, all = 0;
    for (int y = rect.top(); y <= rect.bottom(); y += 2)
        for (int x = rect.left(); x <= rect.right(); x += 2, ++all) {
            const QColor c = image.pixelColor(x, y);
            if (c.red() < 235 || c.green() < 235 || c.blue() < 235) ++ink;
        }
    return all ? double(ink) / double(all) : 0;
}

// Pixels within `tolerance` (per channel) of a hue-matched `colour`, counted loosely: lighting
// shades the spheres, so only the hue and a minimum saturation are compared.
int64_t pixelsOfHue(const QImage& image, const QColor& colour, int tolerance) {
    int64_t n = 0;
    const int hue = colour.hsvHue();
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) {
            const QColor c = image.pixelColor(x, y);
            if (c.hsvSaturation() < 90 || c.value() < 60) continue;
            const int d = std::abs(c.hsvHue() - hue);
            if (std::min(d, 360 - d) <= tolerance) ++n;
        }
    return n;
}
}  // namespace

class TestThreeDViews : public QObject {
    Q_OBJECT
private slots:
    void pcaPointsMatchIndependentSvd() {
        const TracePtr trace = buildTrace(smallGqa());
        VectorView3D view;
        view.setSceneOptions({0, 3, 2, VectorProjection::Pca, {0, 1, 2}});
        view.setTrace(trace);
        const VectorScene& scene = view.scene();
        QVERIFY2(scene.message.isEmpty(), qPrintable(scene.message));
        QCOMPARE(scene.head, 3);
        QCOMPARE(scene.kvHead, 1);  // grouped-query attention: head 3 of 4 reads kv head 1 of 2
        const Eigen::MatrixXd q = rowsOf(trace->q, 0, 3), k = rowsOf(trace->k, 0, 1),
                              v = rowsOf(trace->v, 0, 1);
        Eigen::MatrixXd all(q.rows() + k.rows() + v.rows(), q.cols());
        all << q, k, v;
        const Eigen::RowVectorXd mean = all.colwise().mean();
        const Eigen::MatrixXd centred = all.rowwise() - mean;
        Eigen::JacobiSVD<Eigen::MatrixXd> svd(centred, Eigen::ComputeThinV);
        Eigen::MatrixXd axes = svd.matrixV().leftCols(3);
        for (int c = 0; c < 3; ++c) {
            Eigen::Index i = 0;
            axes.col(c).cwiseAbs().maxCoeff(&i);
            if (axes(i, c) < 0) axes.col(c) *= -1;
        }
        const Eigen::MatrixXd expected = centred * axes;
        const double total = centred.squaredNorm();
        for (int c = 0; c < 3; ++c) {
            const double ratio = svd.singularValues()[c] * svd.singularValues()[c] / total;
            QVERIFY(std::abs(scene.explainedRatio[c] - ratio) < 1e-6);
            QVERIFY2(scene.axisTitles[c].startsWith(QString("PC%1 (").arg(c + 1)),
                     qPrintable(scene.axisTitles[c]));
        }
        QVERIFY(scene.explainedRatio[0] >= scene.explainedRatio[1]);
        Eigen::Index row = 0;
        for (int r = 0; r < 3; ++r) {
            const auto& points = scene.points[r];
            QCOMPARE(int(points.size()), 9);
            for (const VectorPoint& p : points) {
                for (int a = 0; a < 3; ++a)
                    QVERIFY2(near(p.position[a], expected(row, a)),
                             qPrintable(QString("%1 axis %2: %3 vs %4")
                                            .arg(p.label)
                                            .arg(a)
                                            .arg(p.position[a])
                                            .arg(expected(row, a))));
                ++row;
            }
        }
        QCOMPARE(scene.points[0][4].label, QString("Q4"));
        QCOMPARE(scene.points[2][8].label, QString("V8"));
    }

    void chosenDimensionsAreRawCoordinates() {
        const TracePtr trace = buildTrace(smallGqa());
        VectorView3D view;
        view.setTrace(trace);
        view.setSceneOptions({0, 1, -1, VectorProjection::Dimensions, {5, 0, 3}});
        const VectorScene& scene = view.scene();
        QCOMPARE(scene.axisTitles[0], QString("dim 5"));
        const Eigen::MatrixXd k = rowsOf(trace->k, 0, 0);
        for (int i = 0; i < 9; ++i) {
            const QVector3D p = scene.role(VectorRole::Key)[i].position;
            QVERIFY(near(p.x(), k(i, 5), 1e-6) && near(p.y(), k(i, 0), 1e-6) &&
                    near(p.z(), k(i, 3), 1e-6));
        }
        QVERIFY(scene.segments.empty());  // no query selected
        QVERIFY(view.drawnSegments().empty());
    }

    void segmentsFollowTheQueryRow_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<int>("head");
        QTest::addColumn<int>("query");
        QTest::newRow("local") << "local" << 1 << 5;
        QTest::newRow("global") << "global" << 2 << 11;
        QTest::newRow("translation") << "translation" << 0 << 2;
    }

    void segmentsFollowTheQueryRow() {
        QFETCH(QString, preset);
        QFETCH(int, head);
        QFETCH(int, query);
        const TracePtr trace = presetTrace(qPrintable(preset));
        VectorView3D view;
        view.setTrace(trace);
        view.setSceneOptions({0, head, query, VectorProjection::Pca, {0, 1, 2}});
        const VectorScene& scene = view.scene();
        const int64_t lq = trace->qLen(), lk = trace->kvLen();
        QCOMPARE(int64_t(scene.role(VectorRole::Query).size()), lq);
        QCOMPARE(int64_t(scene.role(VectorRole::Key).size()), lk);
        QCOMPARE(int64_t(scene.segments.size()), lk);
        QVERIFY(scene.role(VectorRole::Query)[query].label.contains(
            QString::fromStdString(trace->queryTokens[query])));
        const float* row = trace->steps.probs.data() + (head * lq + query) * lk;
        double strongest = 0;
        for (int64_t k = 0; k < lk; ++k) {
            const AttentionSegment& s = scene.segments[k];
            QCOMPARE(s.key, int(k));
            QCOMPARE(s.weight, row[k]);
            QCOMPARE(s.from, scene.role(VectorRole::Query)[query].position);
            QCOMPARE(s.to, scene.role(VectorRole::Key)[k].position);
            strongest = std::max(strongest, double(row[k]));
        }
        // Drawn: every key with weight > 0, strongest first, width and opacity ∝ weight.
        const auto& drawn = view.drawnSegments();
        QCOMPARE(int64_t(drawn.size()),
                 std::count_if(row, row + lk, [](float w) { return w > 0; }));
        for (size_t i = 0; i < drawn.size(); ++i) {
            if (i > 0) QVERIFY(drawn[i].weight <= drawn[i - 1].weight);
            const double share = drawn[i].weight / strongest;
            QVERIFY(near(drawn[i].radius, VectorView3D::kMaxRadius * share, 1e-5));
            QVERIFY(
                near(drawn[i].opacity, std::max(double(VectorView3D::kMinOpacity), share), 1e-5));
        }
        QVERIFY(view.figureTitle().contains("attention of Q" + QString::number(query)));
    }

    void followsLiveEdits() {
        VectorView3D view;
        view.setSceneOptions({0, 0, 2, VectorProjection::Pca, {0, 1, 2}});
        view.setTrace(buildTrace(smallGqa(7)));
        const QVector3D before = view.scene().role(VectorRole::Key)[0].position;
        QSignalSpy drawn(&view, &FigureView::drawn);
        view.setTrace(buildTrace(smallGqa(8)));  // another seed: other vectors
        QCOMPARE(drawn.size(), 1);
        QVERIFY(view.scene().role(VectorRole::Key)[0].position != before);
        ViewOptions o;
        o.head = 2;  // the inspector's head changed
        view.setOptions(o);
        QCOMPARE(view.scene().head, 2);
        QCOMPARE(view.scene().query, 2);  // the selected query stays
    }

    void queryAndLabelsFollowEveryNewSequence() {
        // The middle query of "translation" must not stay on "streaming-sinks" (issue 12).
        VectorView3D view;
        const TracePtr first = presetTrace("translation");
        view.setTrace(first);
        QCOMPARE(view.scene().query, int(first->qLen() / 2));
        const QString firstLabel =
            view.scene().role(VectorRole::Query)[size_t(first->qLen() / 2)].label;
        QVERIFY(view.figureTitle().contains(firstLabel));
        const TracePtr second = presetTrace("streaming-sinks");
        view.setTrace(second);
        QCOMPARE(view.scene().query, int(second->qLen() / 2));
        const QString label =
            view.scene().role(VectorRole::Query)[size_t(second->qLen() / 2)].label;
        QVERIFY(view.figureTitle().contains(label));
        if (!first->queryTokens.empty()) {
            const QString token =
                QString::fromStdString(first->queryTokens[size_t(first->qLen() / 2)]);
            QVERIFY2(!view.figureTitle().contains(token), qPrintable(view.figureTitle()));
        }
        // A query the user picks stays while the sequence does (a seed edit), not after.
        VectorSceneOptions o = view.sceneOptions();
        o.query = 1;
        view.setSceneOptions(o);
        QCOMPARE(view.scene().query, 1);
        view.setTrace(presetTrace("streaming-sinks"));
        QCOMPARE(view.scene().query, 1);
        view.setTrace(first);
        QCOMPARE(view.scene().query, int(first->qLen() / 2));
    }

    void aSourceWithoutVectorsSaysSo() {
        VectorView3D view;
        view.setTrace(presetTrace("translation"));
        QVERIFY(!view.scene().role(VectorRole::Query).empty());
        // Attention maps: no Q/K/V (the trace's vectors are zero placeholders of d = 1). Nothing
        // of the previous trace stays, no point is drawn at the origin, and the figure says why.
        auto maps = std::make_shared<Trace>(*presetTrace("translation"));
        maps->scenario.source = SourceKind::AttentionMaps;
        view.setTrace(maps);
        QVERIFY(view.scene().role(VectorRole::Query).empty());
        QCOMPARE(view.scene().query, -1);
        QVERIFY2(view.figureTitle().contains("no Q/K/V"), qPrintable(view.figureTitle()));
    }

    void weightSurfaceMatchesProbabilities() {
        const TracePtr trace = presetTrace("translation");
        WeightsView3D view;
        ViewOptions o;
        o.valueKind = ValueKind::Probabilities;
        o.colormap = Colormap::Sequential;
        view.setOptions(o);
        view.setTrace(trace);
        view.setHead(3);
        const auto& bars = view.cellValues();
        const int64_t lq = trace->qLen(), lk = trace->kvLen();
        QCOMPARE(int64_t(bars.size()), lq);
        QCOMPARE(int64_t(bars[0].size()), lk);
        double hi = 0;
        for (int64_t q = 0; q < lq; ++q)
            for (int64_t k = 0; k < lk; ++k) {
                const float p = trace->steps.probs[((3 * lq) + q) * lk + k];
                QCOMPARE(bars[q][k], p);
            }
        double allHeads = 0;
        for (float p : trace->steps.probs) allHeads = std::max(allHeads, double(p));
        for (int64_t i = 0; i < lq * lk; ++i)
            hi = std::max(hi, double(trace->steps.probs[3 * lq * lk + i]));
        QVERIFY(hi < allHeads - 0.01);  // the test tells this head's range from all heads'
        QCOMPARE(view.vmin(), 0.0);     // the 2D heatmaps' rule over this head: 0 … its max
        QVERIFY(std::abs(view.vmax() - hi) < 1e-6);
        QCPColorGradient g = makeGradient(Colormap::Sequential);
        QCOMPARE(view.colourAt(hi / 2), QColor::fromRgba(g.color(hi / 2, QCPRange(0, hi))));
        QVERIFY(view.figureTitle().contains("head 3"));
    }

    void longSequencesArePooled() {
        Scenario s = smallGqa();
        s.qLen = s.kvLen = 150;
        const TracePtr trace = buildTrace(s);
        WeightsView3D view;
        ViewOptions o;
        o.valueKind = ValueKind::Probabilities;
        o.detailPooling = PoolMode::Max;
        view.setOptions(o);
        view.setTrace(trace);
        view.setHead(1);
        const auto& bars = view.cellValues();
        QCOMPARE(int(bars.size()), 64);
        QCOMPARE(int(bars[0].size()), 64);
        // Bin i covers tokens [⌊150·i/64⌋, ⌊150·(i+1)/64⌋): the maximum of that block.
        for (int i : {0, 17, 63})
            for (int j : {0, 31, 63}) {
                const int64_t r0 = 150 * i / 64, r1 = 150 * (i + 1) / 64;
                const int64_t c0 = 150 * j / 64, c1 = 150 * (j + 1) / 64;
                float m = -1;
                for (int64_t q = r0; q < r1; ++q)
                    for (int64_t k = c0; k < c1; ++k)
                        m = std::max(m, trace->steps.probs[(150 + q) * 150 + k]);
                QCOMPARE(bars[i][j], m);
                QCOMPARE(view.rowRanges()[i], std::make_pair(r0, r1));
            }
    }

    void threeDTabHoldsBothFigures() {
        std::vector<FigureView*> views = createFigureViews();
        ThreeDView* tab = nullptr;
        for (FigureView* v : views)
            if (auto* t = qobject_cast<ThreeDView*>(v)) tab = t;
        QVERIFY(tab);
        QCOMPARE(tab->viewTitle(), QString("3D"));
        const auto figures = tab->figures();
        QCOMPARE(int(figures.size()), 2);
        QCOMPARE(figures[0]->figureName(), QString("3d-vectors"));
        QCOMPARE(figures[1]->figureName(), QString("3d-weights"));
        QVERIFY(!figures[0]->supportsSvg() && !figures[1]->supportsSvg());
        qDeleteAll(views);
    }

    void withoutOpenGlTheRestIsExported() {
        if (openGl()) QSKIP("OpenGL is available here; this checks the headless fallback");
        QCOMPARE(VectorView3D().graph(), nullptr);
        const QString reason = QString::fromStdString(OpenGlProbe::status().error());
        QVERIFY2(reason.contains("xvfb-run"), qPrintable(reason));
        std::vector<FigureView*> views = createFigureViews();
        const TracePtr trace = presetTrace("local");
        for (FigureView* v : views) v->setTrace(trace);
        QTemporaryDir dir;
        QStringList written, skipped;
        ExportRequest request;
        request.dpi = 40;
        const Status st = FigureExporter::exportAll(views, dir.path(), request, &written, &skipped);
        QVERIFY2(st, st.error().c_str());
        QCOMPARE(skipped.size(), 2);
        QVERIFY(skipped[0].startsWith("3d-vectors.png: ") && skipped[0].contains("xvfb-run"));
        QVERIFY(skipped[1].startsWith("3d-weights.png: "));
        QVERIFY(QFile::exists(dir.filePath("flowchart.svg")));
        QVERIFY(!QFile::exists(dir.filePath("3d-vectors.png")));
        // Asked for directly, the 3D figure fails with the reason.
        const Status one = FigureExporter::exportFigure(*views.back(), dir.filePath("v.png"),
                                                        FigureFormat::Png, 40);
        QVERIFY(!one && QString::fromStdString(one.error()).contains("xvfb-run"));
        qDeleteAll(views);
    }

    void graphsReceiveTheScene() {
        if (!openGl())
            QSKIP(
                "no OpenGL context here (Qt offscreen platform); the CTest entry "
                "widgets/tst_threedviews_xvfb runs this under xvfb-run");
        VectorView3D view;
        showPreset(view, "local");
        view.setSceneOptions({0, 1, 4, VectorProjection::Pca, {0, 1, 2}});
        QVERIFY(view.graph());
        const auto series = view.graph()->seriesList();
        QCOMPARE(series.size(), 3);
        for (int r = 0; r < 3; ++r) {
            QCOMPARE(series[r]->name(), roleName(VectorRole(r)));
            QCOMPARE(series[r]->baseColor(), VectorView3D::roleColour(VectorRole(r)));
            const auto& points = view.scene().points[r];
            QCOMPARE(series[r]->dataProxy()->itemCount(), qsizetype(points.size()));
            for (qsizetype i = 0; i < qsizetype(points.size()); ++i)
                QCOMPARE(series[r]->dataProxy()->itemAt(i)->position(), points[i].position);
        }
        QCOMPARE(series[0]->selectedItem(), 4);
        // One mesh per drawn segment plus token labels (query and the five strongest keys).
        QCOMPARE(view.graph()->customItems().size(), qsizetype(view.drawnSegments().size() + 6));
        WeightsView3D weights;
        showPreset(weights, "local");
        const auto* surface = weights.graph()->seriesList().front();
        QCOMPARE(surface->dataProxy()->rowCount(), qsizetype(weights.cellValues().size()));
        QCOMPARE(surface->dataProxy()->itemAt(2, 3)->y(), weights.cellValues()[2][3]);
        QCOMPARE(surface->dataProxy()->itemAt(2, 3)->x(), 3.0f);  // key 3
        QCOMPARE(surface->dataProxy()->itemAt(2, 3)->z(), 2.0f);  // query 2
    }

    void exportProducesNonBlankImages() {
        if (!openGl())
            QSKIP(
                "no OpenGL context here (Qt offscreen platform); the CTest entry "
                "widgets/tst_threedviews_xvfb runs this under xvfb-run");
        // As `attnscope export` makes it: never shown, at its default size, the middle query.
        ThreeDView tab;
        showPreset(tab, "translation");
        QTemporaryDir dir;
        QStringList written, skipped;
        ExportRequest request;
        request.formats = {FigureFormat::Svg, FigureFormat::Png};
        request.dpi = 120;
        const Status st =
            FigureExporter::exportAll({&tab}, dir.path(), request, &written, &skipped);
        QVERIFY2(st, st.error().c_str());
        QVERIFY(skipped.isEmpty());
        QCOMPARE(written.size(), 2);  // PNG only
        for (const char* name : {"3d-vectors", "3d-weights"}) {
            const QString path = dir.filePath(QString(name) + ".png");
            QImage image(path);
            QCOMPARE(image.size(), QSize(1500, 1125));  // 1200 × 900 at 120 dpi
            const QRect graphArea(20, 110, 1460, 1000);
            const double ink = inkShare(image, graphArea);
            const QString keep = QDir::temp().filePath(QString("attnscope-") + name + ".png");
            if (ink < 0.02) image.save(keep);
            QVERIFY2(ink >= 0.02, qPrintable(QString("%1 looks blank (ink %2), written to %3")
                                                 .arg(name)
                                                 .arg(ink)
                                                 .arg(keep)));
        }
        const QImage vectors(dir.filePath("3d-vectors.png"));
        for (VectorRole r : {VectorRole::Query, VectorRole::Key, VectorRole::Value})
            QVERIFY2(pixelsOfHue(vectors, VectorView3D::roleColour(r), 12) > 50,
                     qPrintable("no " + roleName(r) + " coloured pixels"));
    }

    void figuresAreNotCropped() {
        if (!openGl())
            QSKIP("no OpenGL context here; widgets/tst_threedviews_xvfb runs this under xvfb-run");
        // As `attnscope export` makes them: never shown, default size, the middle query. With
        // the on-screen zoom, video-frames lost its bottom tick labels ("24.9") at any dpi.
        for (const char* preset : {"translation", "video-frames"}) {
            ThreeDView tab;
            showPreset(tab, preset);
            QTemporaryDir dir;
            ExportRequest request;
            request.formats = {FigureFormat::Png};
            request.dpi = 96;
            QStringList written, skipped;
            QVERIFY(FigureExporter::exportAll({&tab}, dir.path(), request, &written, &skipped));
            for (const char* name : {"3d-vectors", "3d-weights"}) {
                const QImage image(dir.filePath(QString(name) + ".png"));
                const QString keep =
                    QDir::temp().filePath(QString("attnscope-") + preset + "-" + name + ".png");
                // Not cropped: nothing of the graph (axis titles, tick labels) touches the bottom
                // edge or the sides of the figure (issue 12: "PC1 (21.2 %)" was cut in half).
                const double bottom =
                    inkShare(image, QRect(0, image.height() - 12, image.width(), 12));
                const double left = inkShare(image, QRect(0, 110, 12, image.height() - 110));
                const double right =
                    inkShare(image, QRect(image.width() - 12, 110, 12, image.height() - 110));
                if (bottom > 0 || left > 0 || right > 0) image.save(keep);
                QVERIFY2(bottom == 0 && left == 0 && right == 0,
                         qPrintable(QString("%1 is cropped (edge ink %2 / %3 / %4), written to %5")
                                        .arg(name)
                                        .arg(bottom)
                                        .arg(left)
                                        .arg(right)
                                        .arg(keep)));
            }
        }
    }

    void pngIsTheSameFigureAtAnyDpi() {
        // As tst_figuredpi for the 2D figures: the 300-dpi PNG scaled down to the 96-dpi size
        // matches the 96-dpi PNG (RMSE on a 0–1 scale), on two presets.
        if (!openGl())
            QSKIP("no OpenGL context here; widgets/tst_threedviews_xvfb runs this under xvfb-run");
        for (const char* preset : {"translation", "video-frames"}) {
            ThreeDView tab;
            tab.resize(1400, 800);
            showPreset(tab, preset);
            for (FigureView* figure : tab.figures()) {
                const QImage at96 =
                    FigureExporter::renderPng(*figure, 96).convertToFormat(QImage::Format_RGB32);
                const QImage down =
                    FigureExporter::renderPng(*figure, 300)
                        .scaled(at96.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
                        .convertToFormat(QImage::Format_RGB32);
                double sum = 0;
                for (int y = 0; y < at96.height(); ++y)
                    for (int x = 0; x < at96.width(); ++x) {
                        const QRgb a = at96.pixel(x, y), b = down.pixel(x, y);
                        for (int d :
                             {qRed(a) - qRed(b), qGreen(a) - qGreen(b), qBlue(a) - qBlue(b)})
                            sum += double(d) * d;
                    }
                const double rmse = std::sqrt(sum / (3.0 * at96.width() * at96.height())) / 255.0;
                qInfo("%s %s: RMSE 300→96 dpi vs 96 dpi %.3f", preset,
                      qPrintable(figure->figureName()), rmse);
                QVERIFY2(
                    rmse <= 0.05,
                    qPrintable(
                        QString("%1 %2: RMSE %3").arg(preset, figure->figureName()).arg(rmse)));
            }
        }
    }
};

QTEST_MAIN(TestThreeDViews)
#include "tst_threedviews.moc"
