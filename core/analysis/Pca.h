#pragma once
// Pca: principal component analysis of a set of row vectors (the 3D views project Q, K and V of a
// head onto their first three components). Centres the rows, takes the eigenvectors of the
// covariance, orders them by variance and fixes each sign so its largest-|loading| entry is > 0.

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "core/common/Result.h"

namespace attnscope {

class Pca {
public:
    /// Fits `components` principal axes to the n rows of `rows` (n × d, double). Needs n ≥ 2,
    /// 1 ≤ components ≤ d and finite values; the message says which does not hold.
    static Result<Pca> fit(const Eigen::MatrixXd& rows, int components);

    /// Row-major float vectors [rows, d] read in place (a head's Q, K or V).
    struct FloatRows {
        const float* data = nullptr;
        Eigen::Index rows = 0;
    };
    /// The same fit over the rows of several blocks of d floats taken as one set, without an
    /// n × d double copy: the mean and the covariance are accumulated block by block in double
    /// (the 3D view's 3 × 4096 vectors of a head: the copies took most of 17 ms).
    static Result<Pca> fit(const std::vector<FloatRows>& blocks, Eigen::Index d, int components);

    int components() const { return int(m_components.rows()); }
    int dimension() const { return int(m_mean.size()); }
    const Eigen::VectorXd& mean() const { return m_mean; }
    /// Principal axes as rows (components × d): orthonormal, by decreasing variance.
    const Eigen::MatrixXd& axes() const { return m_components; }
    /// Variance along each axis (covariance eigenvalue, n − 1 in the denominator as NumPy/sklearn).
    const Eigen::VectorXd& explainedVariance() const { return m_variance; }
    /// Each axis's share of the total variance (sums to ≤ 1; 0 when the rows are all equal).
    const Eigen::VectorXd& explainedVarianceRatio() const { return m_ratio; }
    /// Coordinates of `rows` (m × d) on the axes: (rows − mean) · axesᵀ, m × components.
    Eigen::MatrixXd project(const Eigen::MatrixXd& rows) const;
    /// The same for a block of float rows.
    Eigen::MatrixXd project(FloatRows rows) const;

private:
    /// What every fit checks; the message of the first that fails.
    static Status check(Eigen::Index n, Eigen::Index d, int components, bool finite);
    /// The axes from the rows' mean and covariance (n − 1 in the denominator).
    static Result<Pca> fromCovariance(Eigen::VectorXd mean, const Eigen::MatrixXd& covariance,
                                      int components);

    Eigen::VectorXd m_mean;
    Eigen::MatrixXd m_components;
    Eigen::VectorXd m_variance, m_ratio;
};

}  // namespace attnscope
