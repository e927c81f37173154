#include "linalg/randomized_svd.h"

#include "core/input_error.h"
#include "linalg/householder_qr.h"
#include "linalg/products.h"
#include "linalg/random.h"
#include "linalg/svd_flip.h"

#include <Eigen/SVD>
#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace mlwb::linalg {

using Eigen::Index;
using Eigen::MatrixXd;

namespace {

// a·z and z, z (cols × width) an orthonormal basis of (aᵀa)^q·Ω: the approximate top row space.
std::pair<MatrixXd, MatrixXd> rowSpace(const CentredOperator& a, int rank, const RandomizedSvdOptions& options)
{
    const Index smaller = std::min(a.rows(), a.cols());
    if (rank < 1 || rank > smaller)
        throw InputError(fmt::format("randomized SVD: the rank must be between 1 and {} (the smaller side of a "
                                     "{} × {} matrix), not {}",
                                     smaller, a.rows(), a.cols(), rank));
    if (options.oversamples < 0 || options.powerIterations < 0)
        throw InputError(fmt::format("randomized SVD: oversamples ({}) and power iterations ({}) cannot be negative",
                                     options.oversamples, options.powerIterations));
    const Index width = std::min<Index>(rank + options.oversamples, smaller);
    Rng rng(options.seed);
    MatrixXd omega(a.cols(), width);
    for (Index j = 0; j < width; ++j)
        for (Index i = 0; i < a.cols(); ++i)
            omega(i, j) = standardNormal(rng);
    MatrixXd z = orthonormalBasis(omega);
    for (int i = 0; i < options.powerIterations; ++i)
        z = orthonormalBasis(a.gramTimes(z));
    return {a.times(z), std::move(z)};
}

} // namespace

// a ≈ y·zᵀ with y = a·z = Q·R and R = U Σ Wᵀ: a ≈ (Q U) Σ (z W)ᵀ, and a·(z W) = y·W.

Svd randomizedSvd(const CentredOperator& a, int rank, const RandomizedSvdOptions& options)
{
    const auto [y, z] = rowSpace(a, rank, options);
    const MatrixXd q = orthonormalBasis(y);
    const Eigen::JacobiSVD<MatrixXd> small(transposedProduct(q, y), Eigen::ComputeThinU | Eigen::ComputeThinV);
    Svd svd{product(q, small.matrixU().leftCols(rank)), small.singularValues().head(rank),
            z * small.matrixV().leftCols(rank)};
    flipSigns(svd.u, svd.v);
    return svd;
}

RightSvd randomizedRightSvd(const CentredOperator& a, int rank, const RandomizedSvdOptions& options)
{
    const auto [y, z] = rowSpace(a, rank, options);
    const Eigen::JacobiSVD<MatrixXd> small(triangularFactor(y), Eigen::ComputeThinV);
    const MatrixXd w = small.matrixV().leftCols(rank);
    RightSvd svd{small.singularValues().head(rank), z * w, product(y, w)};
    flipSigns(svd.v, svd.av);
    return svd;
}

Svd randomizedSvd(Eigen::Ref<const MatrixXd> a, int rank, const RandomizedSvdOptions& options)
{
    return randomizedSvd(CentredOperator(a), rank, options);
}

double largestPrincipalAngleSine(const MatrixXd& a, const MatrixXd& b)
{
    const MatrixXd residual = b - a * (a.transpose() * b);
    if (residual.size() == 0)
        return 0.0;
    return Eigen::JacobiSVD<MatrixXd>(residual).singularValues()(0);
}

} // namespace mlwb::linalg
