#include "widgets/inspector/StepSlice.h"

#include <Eigen/Core>
#include <QCoreApplication>
#include <algorithm>
#include <cmath>

#include "core/analysis/ViewportPooling.h"
#include "core/common/ParallelFor.h"

namespace attnscope {

namespace {
// The translation context of the slice's labels and axis names.
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(attnscope::StepSlice)
};

QString shapeText(const Shape& shape) {
    QStringList dims;
    for (int64_t d : shape) dims << QString::number(d);
    return "[" + dims.join(", ") + "]";
}

const char* matrixName(ProjectionMatrix m) {
    return m == ProjectionMatrix::Wq ? "W_q" : m == ProjectionMatrix::Wk ? "W_k" : "W_v";
}
}  // namespace

QString stepKey(Step step) {
    switch (step) {
        case Step::Input:
            return "input";
        case Step::Projections:
            return "projections";
        case Step::Queries:
            return "queries";
        case Step::Keys:
            return "keys";
        case Step::Values:
            return "values";
        case Step::Scores:
            return "scores";
        case Step::Mask:
            return "mask";
        case Step::MaskedScores:
            return "masked_scores";
        case Step::Probabilities:
            return "probabilities";
        case Step::Context:
            return "context";
        case Step::Output:
            return "output";
    }
    return "step";
}

SliceHead sliceHeadOf(Step step, ProjectionMatrix matrix) {
    switch (step) {
        case Step::Input:
        case Step::Mask:
        case Step::Output:
            return SliceHead::None;
        case Step::Projections:
            return matrix == ProjectionMatrix::Wq ? SliceHead::Query : SliceHead::Kv;
        case Step::Keys:
        case Step::Values:
            return SliceHead::Kv;
        default:
            return SliceHead::Query;
    }
}

StepSlice stepSlice(const Trace& t, Step step, int64_t batch, int64_t head, ProjectionMatrix matrix,
                    int64_t maxCells) {
    StepSlice s;
    const int64_t H = std::max<int64_t>(t.heads(), 1), Hkv = std::max<int64_t>(t.kvHeads(), 1);
    const int64_t b = std::clamp<int64_t>(batch, 0, std::max<int64_t>(t.batch() - 1, 0));
    const int64_t h = std::clamp<int64_t>(head, 0, H - 1);
    const int64_t group = std::max<int64_t>(H / Hkv, 1);
    const int64_t g = std::min(h / group, Hkv - 1);
    s.head = sliceHeadOf(step, matrix);
    s.headIndex = s.head == SliceHead::Kv ? g : h;
    const QString kvNote = Tr::tr(" — kv head of query head %1: g = h / (H/Hkv) = %1 / %2 = %3")
                               .arg(h)
                               .arg(group)
                               .arg(g);

    // Pointer to the first element of the slice, its size and leading dimension.
    const float* base = nullptr;
    int64_t rows = 0, cols = 0, ld = 0;
    Tensor maskFloat;
    auto sliceOf4 = [&](const Tensor& a, int64_t hh) {  // [B, heads, R, C] at [b, hh]
        rows = a.dim(2);
        cols = a.dim(3);
        ld = cols;
        base = a.data() + (b * a.dim(1) + hh) * rows * cols;
    };
    switch (step) {
        case Step::Input:
        case Step::Output: {
            const Tensor* a = t.tensor(step);
            if (!a || a->empty()) return s;
            rows = a->dim(1);
            cols = a->dim(2);
            ld = cols;
            base = a->data() + b * rows * cols;
            s.tensorShape = shapeText(a->shape());
            s.label = QString("%1[b=%2]").arg(step == Step::Input ? "X" : "O").arg(b);
            s.rowAxis = step == Step::Input ? Tr::tr("Token") : Tr::tr("Query Token");
            s.colAxis = "d_model";
            break;
        }
        case Step::Projections: {
            const Tensor& w = matrix == ProjectionMatrix::Wq   ? t.wq
                              : matrix == ProjectionMatrix::Wk ? t.wk
                                                               : t.wv;
            if (w.empty()) return s;
            const int64_t d = t.dHead();
            rows = w.dim(0);
            cols = d;
            ld = w.dim(1);
            base = w.data() + s.headIndex * d;
            s.tensorShape = shapeText(w.shape());
            s.label = (s.head == SliceHead::Kv ? Tr::tr("%1[:, %2:%3] (kv head %4)")
                                               : Tr::tr("%1[:, %2:%3] (head %4)"))
                          .arg(matrixName(matrix))
                          .arg(s.headIndex * d)
                          .arg((s.headIndex + 1) * d)
                          .arg(s.headIndex);
            if (s.head == SliceHead::Kv) s.label += kvNote;
            s.rowAxis = "d_model";
            s.colAxis = Tr::tr("Head Dimension");
            break;
        }
        case Step::Mask: {
            const BoolArray& m = t.steps.mask;
            if (m.empty()) return s;
            rows = m.dim(1);
            cols = m.dim(2);
            ld = cols;
            maskFloat = Tensor({rows, cols});
            std::transform(m.data() + b * rows * cols, m.data() + (b + 1) * rows * cols,
                           maskFloat.begin(), [](uint8_t x) { return x ? 1.0f : 0.0f; });
            base = maskFloat.data();
            s.tensorShape = shapeText(m.shape());
            s.label = Tr::tr("mask[b=%1] (shared by all heads)").arg(b);
            s.rowAxis = Tr::tr("Query Token");
            s.colAxis = Tr::tr("Key Token");
            break;
        }
        default: {
            const Tensor* a = t.tensor(step);
            if (!a || a->empty()) return s;
            sliceOf4(*a, s.headIndex);
            s.tensorShape = shapeText(a->shape());
            const bool kv = s.head == SliceHead::Kv;
            const QString sym = step == Step::Queries         ? "Q"
                                : step == Step::Keys          ? "K"
                                : step == Step::Values        ? "V"
                                : step == Step::Scores        ? "S"
                                : step == Step::MaskedScores  ? "S'"
                                : step == Step::Probabilities ? "P"
                                                              : "C";
            s.label =
                QString("%1[b=%2, %3=%4]").arg(sym).arg(b).arg(kv ? "g" : "h").arg(s.headIndex);
            if (kv) s.label += kvNote;
            const bool square =
                step == Step::Scores || step == Step::MaskedScores || step == Step::Probabilities;
            s.rowAxis = kv ? Tr::tr("Key Token") : Tr::tr("Query Token");
            s.colAxis = square ? Tr::tr("Key Token") : Tr::tr("Head Dimension");
            break;
        }
    }

    s.available = true;
    s.rows = rows;
    s.cols = cols;
    // Min, max, sum and the non-finite cells, in bands of rows on the worker pool's threads;
    // a row of finite cells (most) vectorised, others cell by cell.
    struct Part {
        double sum = 0, min = INFINITY, max = -INFINITY;
        int64_t n = 0, nonFinite = 0;
    };
    const int64_t bands = std::max<int64_t>(1, std::min<int64_t>(rows, 64));
    std::vector<Part> parts(static_cast<size_t>(bands));
    parallelFor(resolveThreads(0), bands, [&](int, int64_t band) {
        Part& p = parts[size_t(band)];
        for (int64_t r = band * rows / bands; r < (band + 1) * rows / bands; ++r) {
            const Eigen::Map<const Eigen::ArrayXf> row(base + r * ld, cols);
            if (cols > 0 && row.isFinite().all()) {
                p.min = std::min(p.min, double(row.minCoeff()));
                p.max = std::max(p.max, double(row.maxCoeff()));
                p.sum += double(row.sum());
                p.n += cols;
                continue;
            }
            for (int64_t c = 0; c < cols; ++c) {
                const float x = row[c];
                if (!std::isfinite(x)) {
                    ++p.nonFinite;
                    continue;
                }
                p.min = std::min(p.min, double(x));
                p.max = std::max(p.max, double(x));
                p.sum += x;
                ++p.n;
            }
        }
    });
    double sum = 0;
    int64_t n = 0;
    s.min = INFINITY;
    s.max = -INFINITY;
    for (const Part& p : parts) {
        sum += p.sum;
        n += p.n;
        s.nonFinite += p.nonFinite;
        s.min = std::min(s.min, p.min);
        s.max = std::max(s.max, p.max);
    }
    if (n == 0) s.min = s.max = 0;
    s.mean = n ? sum / double(n) : 0.0;

    s.pooled = rows > maxCells || cols > maxCells;
    if (s.pooled) {
        s.values = poolToViewport(base, ld, MatrixRegion{0, rows, 0, cols}, maxCells, maxCells,
                                  PoolMode::Mean, resolveThreads(0));
        s.label += Tr::tr(" · mean-pooled %1 × %2 → %3 × %4")
                       .arg(rows)
                       .arg(cols)
                       .arg(s.values.dim(0))
                       .arg(s.values.dim(1));
    } else {
        s.values = Tensor({rows, cols});
        for (int64_t r = 0; r < rows; ++r)
            std::copy(base + r * ld, base + r * ld + cols, s.values.data() + r * cols);
    }

    if (step == Step::Probabilities)
        for (const auto& [eb, q] : t.steps.emptyRows)
            if (eb == b) s.emptyRows.push_back(q);
    return s;
}

}  // namespace attnscope
