#pragma once
// Eigenpairs at one end of a symmetric matrix's spectrum, for PCA's covariance route (the
// largest) and dense spectral clustering (the smallest). Eigen's SelfAdjointEigenSolver
// accumulates every rotation of its QR iterations into all n eigenvectors, 14 of its 18 ms
// for n = 256; when only a few vectors are wanted they come instead from inverse iteration on
// the tridiagonal matrix, as LAPACK's dstein computes them.
#include <Eigen/Core>

namespace mlwb::linalg {

enum class SpectrumEnd { Largest, Smallest };

struct SymmetricEigenpairs {
    Eigen::VectorXd values;   // all n eigenvalues, ascending
    Eigen::MatrixXd vectors;  // n × k, for the k eigenvalues at the chosen end, from the end inward
};

// Eigen's SelfAdjointEigenSolver when k is more than a quarter of n; else Eigen's
// tridiagonalisation and its eigenvalues alone, then each wanted eigenvector by inverse
// iteration on the tridiagonal matrix, re-orthogonalised against the vectors of eigenvalues
// within 1e-3·‖T‖ (dstein's rule), and transformed back. std::runtime_error if the QR
// iterations do not converge.
SymmetricEigenpairs symmetricEigenpairs(const Eigen::MatrixXd& c, Eigen::Index k, SpectrumEnd end);

// Eigenvectors (columns, unit length) of the symmetric tridiagonal matrix with diagonal d and
// off-diagonal e for the given eigenvalues of it: inverse iteration, re-orthogonalised within
// clusters as above.
Eigen::MatrixXd tridiagonalEigenvectors(const Eigen::VectorXd& d, const Eigen::VectorXd& e,
                                        const Eigen::VectorXd& eigenvalues);

} // namespace mlwb::linalg
