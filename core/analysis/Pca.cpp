#include "core/analysis/Pca.h"

#include "core/common/Text.h"

#include <algorithm>
#include <string>

namespace attnscope {

Status Pca::check(Eigen::Index n, Eigen::Index d, int components, bool finite) {
    if (n < 2) return Text::tr("PCA needs at least two vectors, got %1", n);
    if (d < 1) return Text::tr("PCA needs vectors of at least one dimension");
    if (components < 1 || components > d)
        return Text::tr("PCA components must be between 1 and the dimension %1, got %2", d,
                        components);
    if (!finite) return Text::tr("PCA input holds non-finite values (NaN or infinity)");
    return {};
}

Result<Pca> Pca::fit(const Eigen::MatrixXd& rows, int components) {
    const Eigen::Index n = rows.rows(), d = rows.cols();
    if (Status st = check(n, d, components, rows.allFinite()); !st) return st.failure();
    Eigen::VectorXd mean = rows.colwise().mean().transpose();
    const Eigen::MatrixXd centred = rows.rowwise() - mean.transpose();
    return fromCovariance(std::move(mean), centred.transpose() * centred / double(n - 1),
                          components);
}

namespace {
using FloatRowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using DoubleRowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
}  // namespace

Result<Pca> Pca::fit(const std::vector<FloatRows>& blocks, Eigen::Index d, int components) {
    Eigen::Index n = 0;
    bool finite = true;
    Eigen::VectorXd sum = Eigen::VectorXd::Zero(std::max<Eigen::Index>(d, 0));
    for (const FloatRows& b : blocks) {
        if (b.rows <= 0 || d < 1) continue;
        Eigen::Map<const FloatRowMatrix> m(b.data, b.rows, d);
        finite = finite && m.allFinite();
        sum += m.cast<double>().colwise().sum().transpose();
        n += b.rows;
    }
    if (Status st = check(n, d, components, finite); !st) return st.failure();
    Eigen::VectorXd mean = sum / double(n);
    // The centred rows 256 at a time (in cache), the covariance's lower half updated by each.
    Eigen::MatrixXd covariance = Eigen::MatrixXd::Zero(d, d);
    constexpr Eigen::Index kChunk = 256;
    DoubleRowMatrix centred;
    for (const FloatRows& b : blocks)
        for (Eigen::Index r = 0; r < b.rows; r += kChunk) {
            const Eigen::Index rows = std::min(kChunk, b.rows - r);
            centred = Eigen::Map<const FloatRowMatrix>(b.data + r * d, rows, d).cast<double>();
            centred.rowwise() -= mean.transpose();
            covariance.selfadjointView<Eigen::Lower>().rankUpdate(centred.transpose());
        }
    covariance = covariance.selfadjointView<Eigen::Lower>();
    return fromCovariance(std::move(mean), covariance / double(n - 1), components);
}

Result<Pca> Pca::fromCovariance(Eigen::VectorXd mean, const Eigen::MatrixXd& covariance,
                                int components) {
    const Eigen::Index d = covariance.rows();
    Pca pca;
    pca.m_mean = std::move(mean);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
    if (solver.info() != Eigen::Success) return Text::tr("PCA: the eigen decomposition failed");

    // Eigen orders eigenvalues ascending; the principal axes are the last columns, reversed.
    pca.m_components.resize(components, d);
    pca.m_variance.resize(components);
    for (int c = 0; c < components; ++c) {
        const Eigen::Index col = d - 1 - c;
        Eigen::VectorXd axis = solver.eigenvectors().col(col);
        Eigen::Index largest = 0;
        axis.cwiseAbs().maxCoeff(&largest);  // first index of the largest |loading|
        if (axis[largest] < 0) axis = -axis;
        pca.m_components.row(c) = axis.transpose();
        pca.m_variance[c] = std::max(0.0, solver.eigenvalues()[col]);  // round-off below zero
    }
    const double total = covariance.trace();
    pca.m_ratio =
        total > 0 ? Eigen::VectorXd(pca.m_variance / total) : Eigen::VectorXd::Zero(components);
    return pca;
}

Eigen::MatrixXd Pca::project(const Eigen::MatrixXd& rows) const {
    return (rows.rowwise() - m_mean.transpose()) * m_components.transpose();
}

Eigen::MatrixXd Pca::project(FloatRows rows) const {
    const Eigen::Index d = m_mean.size();
    return (Eigen::Map<const FloatRowMatrix>(rows.data, rows.rows, d).cast<double>().rowwise() -
            m_mean.transpose()) *
           m_components.transpose();
}

}  // namespace attnscope
