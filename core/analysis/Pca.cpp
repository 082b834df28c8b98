#include "core/analysis/Pca.h"

#include "core/common/Text.h"

#include <string>

namespace attnscope {

Result<Pca> Pca::fit(const Eigen::MatrixXd& rows, int components) {
    const Eigen::Index n = rows.rows(), d = rows.cols();
    if (n < 2) return Text::tr("PCA needs at least two vectors, got %1", n);
    if (d < 1) return Text::tr("PCA needs vectors of at least one dimension");
    if (components < 1 || components > d)
        return Text::tr("PCA components must be between 1 and the dimension %1, got %2", d,
                        components);
    if (!rows.allFinite()) return Text::tr("PCA input holds non-finite values (NaN or infinity)");

    Pca pca;
    pca.m_mean = rows.colwise().mean().transpose();
    const Eigen::MatrixXd centred = rows.rowwise() - pca.m_mean.transpose();
    const Eigen::MatrixXd covariance = centred.transpose() * centred / double(n - 1);
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

}  // namespace attnscope
