#include "linalg/small_svd.h"

#include "linalg/one_thread.h"
#include "linalg/symmetric_eigen.h"

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>

#include <cmath>
#include <stdexcept>

namespace mlwb::linalg {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

RightSingularVectors rightSingularVectors(const MatrixXd& r, Index k)
{
    const OneThread oneThread;
    const Index n = r.cols();
    if (4 * k > n) {
        const Eigen::BDCSVD<MatrixXd> svd(r, Eigen::ComputeThinV);
        return {svd.singularValues(), svd.matrixV().leftCols(k)};
    }
    // r = U B Vᵀ with B upper bidiagonal (diagonal d, superdiagonal e).
    using Bidiagonalization = Eigen::internal::UpperBidiagonalization<MatrixXd>;
    Bidiagonalization bidiagonal(r);
    // A copy: Eigen 3.4's const BandMatrix::diagonal<1>() does not compile.
    Bidiagonalization::BidiagonalType band = bidiagonal.bidiagonal();
    const VectorXd d = band.diagonal(), e = band.diagonal<1>();
    // The Golub–Kahan form: zero diagonal, off-diagonal d₁, e₁, d₂, …, dₙ, acting on
    // (v₁, u₁, v₂, u₂, …); its eigenvalues are ±σ, with eigenvectors (v, ±u)/√2 interleaved.
    VectorXd off(2 * n - 1);
    for (Index i = 0; i < n; ++i) {
        off(2 * i) = d(i);
        if (i + 1 < n)
            off(2 * i + 1) = e(i);
    }
    const VectorXd zero = VectorXd::Zero(2 * n);
    Eigen::SelfAdjointEigenSolver<MatrixXd> values;
    values.computeFromTridiagonal(zero, off, Eigen::EigenvaluesOnly);
    if (values.info() != Eigen::Success)
        throw std::runtime_error("the singular value solver did not converge");
    RightSingularVectors result{values.eigenvalues().tail(n).reverse().cwiseMax(0.0), MatrixXd(n, k)};
    const MatrixXd z = tridiagonalEigenvectors(zero, off, result.singularValues.head(k));
    for (Index j = 0; j < k; ++j) {
        for (Index i = 0; i < n; ++i)
            result.v(i, j) = z(2 * i, j);
        result.v.col(j).normalize();
    }
    result.v = bidiagonal.householderV() * result.v;
    return result;
}

} // namespace mlwb::linalg
