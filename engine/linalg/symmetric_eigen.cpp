#include "linalg/symmetric_eigen.h"

#include "core/one_thread.h"

#include <Eigen/Eigenvalues>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace mlwb::linalg {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// (T − λI) = P·L·U for a tridiagonal T (diagonal d, off-diagonal e), with row interchanges
// (LAPACK's dgttrf): U has two superdiagonals. A zero pivot becomes `tiny`, which only
// steers the inverse iteration harder towards the eigenvector.
class ShiftedTridiagonalLu {
public:
    ShiftedTridiagonalLu(const VectorXd& d, const VectorXd& e, double lambda, double tiny)
        : u0_(d.array() - lambda), u1_(e), u2_(VectorXd::Zero(e.size())), l_(e.size()),
          swapped_(std::size_t(e.size()), false)
    {
        const Index n = d.size();
        VectorXd below = e;  // the subdiagonal still to eliminate
        for (Index i = 0; i + 1 < n; ++i) {
            if (std::abs(u0_(i)) >= std::abs(below(i))) {
                if (u0_(i) == 0)
                    u0_(i) = tiny;
                l_(i) = below(i) / u0_(i);
                u0_(i + 1) -= l_(i) * u1_(i);
            } else {  // swap rows i and i + 1
                swapped_[std::size_t(i)] = true;
                l_(i) = u0_(i) / below(i);
                u0_(i) = below(i);
                const double next = u0_(i + 1);
                u0_(i + 1) = u1_(i) - l_(i) * next;
                u1_(i) = next;
                if (i + 2 < n) {
                    u2_(i) = u1_(i + 1);
                    u1_(i + 1) = -l_(i) * u2_(i);
                }
            }
        }
        if (u0_(n - 1) == 0)
            u0_(n - 1) = tiny;
    }

    // x ← (T − λI)⁻¹ x.
    void solve(VectorXd& x) const
    {
        const Index n = x.size();
        for (Index i = 0; i + 1 < n; ++i) {
            if (swapped_[std::size_t(i)])
                std::swap(x(i), x(i + 1));
            x(i + 1) -= l_(i) * x(i);
        }
        for (Index i = n - 1; i >= 0; --i) {
            double s = x(i);
            if (i + 1 < n)
                s -= u1_(i) * x(i + 1);
            if (i + 2 < n)
                s -= u2_(i) * x(i + 2);
            x(i) = s / u0_(i);
        }
    }

private:
    VectorXd u0_, u1_, u2_, l_;
    std::vector<bool> swapped_;
};

} // namespace

MatrixXd tridiagonalEigenvectors(const VectorXd& d, const VectorXd& e, const VectorXd& lambdas)
{
    constexpr int kIterations = 3;  // each multiplies the error by about ε·‖T‖ / gap
    const Index n = d.size(), k = lambdas.size();
    const double norm = d.cwiseAbs().maxCoeff() + 2 * (e.size() ? e.cwiseAbs().maxCoeff() : 0.0);
    const double tiny = std::max(norm, 1.0) * std::numeric_limits<double>::epsilon();
    MatrixXd x(n, k);
    for (Index j = 0; j < k; ++j) {
        const ShiftedTridiagonalLu lu(d, e, lambdas(j), tiny);
        // A fixed start with every component present: (i + 1)·0.618… mod 1, away from 0.
        VectorXd v(n);
        for (Index i = 0; i < n; ++i)
            v(i) = 0.5 + std::fmod(double(i + j + 1) * 0.6180339887498949, 1.0);
        for (int it = 0; it < kIterations; ++it) {
            lu.solve(v);
            for (Index c = 0; c < j; ++c)  // vectors of a cluster must come out orthogonal
                if (std::abs(lambdas(c) - lambdas(j)) < 1e-3 * norm)
                    v -= x.col(c).dot(v) * x.col(c);
            v.normalize();
        }
        x.col(j) = v;
    }
    return x;
}

SymmetricEigenpairs symmetricEigenpairs(const MatrixXd& c, Index k, SpectrumEnd end)
{
    const OneThread oneThread;
    const Index n = c.rows();
    const bool largest = end == SpectrumEnd::Largest;
    if (4 * k > n) {
        const Eigen::SelfAdjointEigenSolver<MatrixXd> eigen(c);
        if (eigen.info() != Eigen::Success)
            throw std::runtime_error("the symmetric eigensolver did not converge");
        return {eigen.eigenvalues(), largest ? MatrixXd(eigen.eigenvectors().rightCols(k).rowwise().reverse())
                                             : MatrixXd(eigen.eigenvectors().leftCols(k))};
    }
    const Eigen::Tridiagonalization<MatrixXd> tri(c);
    const VectorXd d = tri.diagonal(), e = tri.subDiagonal();
    Eigen::SelfAdjointEigenSolver<MatrixXd> values;
    values.computeFromTridiagonal(d, e, Eigen::EigenvaluesOnly);
    if (values.info() != Eigen::Success)
        throw std::runtime_error("the symmetric eigensolver did not converge");
    const VectorXd wanted =
        largest ? VectorXd(values.eigenvalues().tail(k).reverse()) : VectorXd(values.eigenvalues().head(k));
    return {values.eigenvalues(), tri.matrixQ() * tridiagonalEigenvectors(d, e, wanted)};
}

} // namespace mlwb::linalg
