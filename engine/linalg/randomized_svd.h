#pragma once
// Randomized SVD (Halko, Martinsson & Tropp 2011, "Finding structure with randomness"): the
// top singular triplets of a large matrix from a few products with a thin random matrix.
// Subspace iteration as their algorithm 4.4, except that the basis is re-orthonormalised
// (Householder QR) after each product with aᵀa rather than after each with a and with aᵀ:
// then both products of an iteration take one pass over a (linalg/centred_operator.h) instead
// of two. Rounding then hides directions whose singular value is below about 1e-8 of the
// largest, far below the top ones sought. Then their algorithm 5.1 (Rayleigh–Ritz).
#include "linalg/centred_operator.h"

#include <Eigen/Core>

#include <cstdint>

namespace mlwb::linalg {

struct RandomizedSvdOptions {
    int oversamples = 10;     // random directions beyond the rank (the paper's p)
    int powerIterations = 4;  // products with aᵀa that sharpen the spectrum (the paper's q)
    std::uint64_t seed = 0;   // the Gaussian test matrix
};

// a ≈ u · diag(singularValues) · vᵀ; u: rows × k, v: cols × k, singular values largest first.
struct Svd {
    Eigen::MatrixXd u;
    Eigen::VectorXd singularValues;
    Eigen::MatrixXd v;
};

// The top `rank` singular triplets of a, signs as svd_flip (linalg/svd_flip.h). InputError if
// rank is not in 1 … min(rows, cols) or an option is negative. The error in the subspace
// shrinks about as (σ_{rank+1} / σ_rank)^(2·powerIterations).
Svd randomizedSvd(const CentredOperator& a, int rank, const RandomizedSvdOptions& options = {});
Svd randomizedSvd(Eigen::Ref<const Eigen::MatrixXd> a, int rank, const RandomizedSvdOptions& options = {});

// What PCA needs of the same: singular values, v, and a·v = u·diag(σ) (the scores), signs as
// PCA's svd_flip decides them from v (the largest entry of each column positive). Cheaper than randomizedSvd: u needs an orthonormal basis of
// a tall matrix, a·v only its triangular factor.
struct RightSvd {
    Eigen::VectorXd singularValues;
    Eigen::MatrixXd v, av;
};
RightSvd randomizedRightSvd(const CentredOperator& a, int rank, const RandomizedSvdOptions& options = {});

// The sine of the largest principal angle between the column spaces of a and b, both with
// orthonormal columns and as many rows: ‖b − a·aᵀ·b‖₂, which unlike √(1 − cos²) keeps its
// digits for tiny angles. 0: b's columns lie in a's span.
double largestPrincipalAngleSine(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b);

} // namespace mlwb::linalg
