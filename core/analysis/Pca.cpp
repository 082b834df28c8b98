#include "core/analysis/Pca.h"

#include <string>

namespace attnscope {

Result<Pca> Pca::fit(const Eigen::MatrixXd& rows, int components) {
    const Eigen::Index n = rows.rows(), d = rows.cols();
    if (n < 2) return Error{"PCA needs at least two vectors, got " + std::to_string(n)};
    if (d < 1) return Error{"PCA needs vectors of at least one dimension"};
    if (components < 1 || components > d)
        return Error{"PCA components must be between 1 and the dimension " + std::to_string(d) +
                     ", got " + std::to_string(components)};
    if (!rows.allFinite()) return Error{"PCA input holds non-finite values (NaN or infinity)"};

    Pca pca;
    pca.m_mean = rows.colwise().mean().transpose();
    const Eigen::MatrixXd centred = rows.rowwise() - pca.m_mean.transpose();
    const Eigen::MatrixXd covariance = centred.transpose() * centred / double(n - 1);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
    if (solver.info() != Eigen::Success) return Error{"PCA: the eigen decomposition failed"};

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
