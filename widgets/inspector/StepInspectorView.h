#pragma once
// StepInspectorView: the step inspector of SPEC §6 — one step's tensor of the Trace as a matrix
// heatmap (values printed in the cells when the slice is small), with batch/head/slice selectors,
// the step's name and formula, slice statistics, and Prev / Next / Play through the steps.

#include <QStringList>
#include <QTimer>

#include "widgets/inspector/StepSlice.h"
#include "widgets/views/CoreTexts.h"
#include "widgets/views/PlotView.h"

class QComboBox;
class QCPAxisRect;
class QCPLayoutGrid;
class QCustomPlot;
class QLabel;
class QPushButton;
class QSpinBox;

namespace attnscope {

class StepInspectorView : public PlotView {
    Q_OBJECT
public:
    static constexpr int kPlayIntervalMs = 800;
    static constexpr int64_t kMaxPrintedCells = 24;  // per side: values printed in the cells
    static constexpr int64_t kMaxCells = 256;        // per side: longer axes are mean-pooled

    explicit StepInspectorView(QWidget* parent = nullptr);

    QString viewTitle() const override { return tr("Inspector"); }
    QString figureName() const override { return "inspector_" + stepKey(m_step); }
    ViewPreparer preparer(const TracePtr& trace, const ViewOptions& options) const override;
    /// Only the batch element and the head change what it prepares.
    bool dependsOn(const ViewOptions& before, const ViewOptions& after) const override;
    QSize figureSize() const override { return {1000, 900}; }

    Step step() const { return m_step; }
    int batch() const { return m_batch; }
    int head() const { return m_head; }
    ProjectionMatrix projection() const { return m_projection; }
    bool isPlaying() const { return m_timer.isActive(); }

    // What was drawn, for tests and the status bar.
    const StepSlice& slice() const { return m_slice; }
    const Tensor& currentSlice() const { return m_slice.values; }  // [R, C] as shown
    QString sliceLabel() const { return m_slice.label; }
    QStringList cellTexts() const { return m_cellTexts; }  // row-major; empty when too big
    QString titleText() const;
    QString formulaText() const { return stepFormulaText(m_step); }
    QString infoText() const { return m_infoText; }  // shape and min/max/mean
    QString noteText() const { return m_noteText; }  // "not available …", empty rows
    double colorMin() const { return m_vmin; }
    double colorMax() const { return m_vmax; }
    QPushButton* prevButton() const { return m_prev; }
    QPushButton* nextButton() const { return m_next; }
    QPushButton* playButton() const { return m_play; }
    QSpinBox* batchSpin() const { return m_batchSpin; }
    QSpinBox* headSpin() const { return m_headSpin; }
    QString headNote() const;

public slots:
    void setStep(attnscope::Step step);
    void setBatch(int batch);
    void setHead(int head);
    void setProjection(attnscope::ProjectionMatrix matrix);
    void previousStep();
    void nextStep();
    void play();
    void stop();
    void togglePlay();
    /// One tick of Play: the next step, or stop at the last one.
    void advancePlay();

signals:
    void stepChanged(attnscope::Step step);

protected:
    void redraw() override;
    ViewPreparer preparerForTrace(const TracePtr& trace) const override;

private:
    void rebuild();
    void draw();
    ViewPreparer preparerFor(const TracePtr& trace, int batch, int head) const;
    void syncControls();
    void drawMatrix(QCPLayoutGrid* row);
    QString readoutAt(const QPoint& pos) const override;

    QComboBox* m_stepCombo;
    QComboBox* m_matrixCombo;
    QPushButton *m_prev, *m_next, *m_play;
    QSpinBox *m_batchSpin, *m_headSpin;
    QLabel* m_headLabel;
    QTimer m_timer;

    Step m_step = Step::Scores;
    int m_batch = 0, m_head = 0;
    ProjectionMatrix m_projection = ProjectionMatrix::Wq;

    StepSlice m_slice;
    QStringList m_cellTexts;
    QString m_infoText, m_noteText;
    double m_vmin = 0, m_vmax = 1;
    QCPAxisRect* m_rect = nullptr;
};

}  // namespace attnscope
