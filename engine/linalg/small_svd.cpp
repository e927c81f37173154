#include "linalg/small_svd.h"

#include "core/one_thread.h"
#include "linalg/symmetric_eigen.h"
#include "tensor/detail/gemm.h"

#include <Eigen/SVD>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>
#include <stdexcept>

namespace mlwb::linalg {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// A plane rotation (c, s) with c·f + s·g = r and −s·f + c·g = 0 (LAPACK's dlartg).
struct Rotation {
    double c, s, r;
};

Rotation rotation(double f, double g)
{
    if (g == 0)
        return {1, 0, f};
    if (f == 0)
        return {0, 1, g};
    const double r = std::sqrt(f * f + g * g);  // the caller scaled the entries to at most 1
    return {f / r, g / r, r};
}

// The smaller singular value of the upper triangular [[f, g], [0, h]] (LAPACK's dlas2).
double smallerSingularValue(double f, double g, double h)
{
    const double fa = std::abs(f), ga = std::abs(g), ha = std::abs(h);
    const double fhmn = std::min(fa, ha), fhmx = std::max(fa, ha);
    if (fhmn == 0)
        return 0;
    const double as = 1 + fhmn / fhmx, at = (fhmx - fhmn) / fhmx;
    if (ga < fhmx) {
        const double au = (ga / fhmx) * (ga / fhmx);
        return fhmn * (2 / (std::sqrt(as * as + au) + std::sqrt(at * at + au)));
    }
    const double au = fhmx / ga;
    if (au == 0)
        return fhmn * fhmx / ga;
    return 2 * fhmn * au / (std::sqrt(1 + (as * au) * (as * au)) + std::sqrt(1 + (at * au) * (at * au)));
}

// The bidiagonal's singular values without its vectors, as LAPACK's dbdsqr chases them: implicit
// QR sweeps from the top of each unreduced block down, shifted by the smaller singular value of
// its bottom 2 × 2 (no shift when that is below the rounding of the block's top).
class BidiagonalQr {
public:
    BidiagonalQr(VectorXd d, VectorXd e) : d_(std::move(d)), e_(std::move(e)) {}

    // |d| sorted, largest first. std::runtime_error when the sweeps do not converge.
    VectorXd singularValues()
    {
        const Index n = d_.size();
        const double norm = std::max(d_.cwiseAbs().maxCoeff(), e_.size() ? e_.cwiseAbs().maxCoeff() : 0.0);
        for (Index sweeps = 0, hi = n - 1; hi > 0;) {
            if (++sweeps > 30 * n * n)
                throw std::runtime_error("the singular value solver did not converge");
            dropNegligible(hi, norm);
            while (hi > 0 && e_(hi - 1) == 0)
                --hi;
            if (hi == 0)
                break;
            Index lo = hi - 1;
            while (lo > 0 && e_(lo - 1) != 0)
                --lo;
            sweepBlock(lo, hi);
        }
        VectorXd s = d_.cwiseAbs();
        std::sort(s.begin(), s.end(), std::greater<>());
        return s;
    }

private:
    // GVL's tests (Golub & Van Loan, 4th ed., 8.6.2) on the part not yet split off (up to row
    // hi): an e negligible beside its two diagonal neighbours, a d beside the whole matrix (the
    // backward error that the Householder steps left already).
    void dropNegligible(Index hi, double norm)
    {
        constexpr double eps = std::numeric_limits<double>::epsilon();
        for (Index i = 0; i < hi; ++i)
            if (std::abs(e_(i)) <= eps * (std::abs(d_(i)) + std::abs(d_(i + 1))))
                e_(i) = 0;
        for (Index i = 0; i <= hi; ++i)
            if (std::abs(d_(i)) <= eps * norm)
                d_(i) = 0;
    }

    void sweepBlock(Index lo, Index hi)
    {
        for (Index i = lo; i < hi; ++i)
            if (d_(i) == 0)
                return zeroRowFrom(i, hi);
        if (d_(hi) == 0)
            return zeroLastColumn(lo, hi);
        shiftedSweep(lo, hi);
    }

    // d(i) = 0: rotations of row i against the rows below it move e(i) down and out (left
    // rotations, which leave the singular values alone).
    void zeroRowFrom(Index i, Index hi)
    {
        double f = e_(i);
        e_(i) = 0;
        for (Index j = i + 1; j <= hi && f != 0; ++j) {
            const Rotation g = rotation(d_(j), f);
            d_(j) = g.r;
            if (j < hi) {
                f = -g.s * e_(j);
                e_(j) *= g.c;
            }
        }
    }

    // d(hi) = 0: rotations of column hi against the columns to its left move e(hi − 1) up and out.
    void zeroLastColumn(Index lo, Index hi)
    {
        double f = e_(hi - 1);
        e_(hi - 1) = 0;
        for (Index j = hi - 1; j >= lo && f != 0; --j) {
            const Rotation g = rotation(d_(j), f);
            d_(j) = g.r;
            if (j > lo) {
                f = -g.s * e_(j - 1);
                e_(j - 1) *= g.c;
            }
        }
    }

    // One implicit QR step on B(lo:hi) (dbdsqr's chase from top to bottom).
    void shiftedSweep(Index lo, Index hi)
    {
        double shift = smallerSingularValue(d_(hi - 1), e_(hi - 1), d_(hi));
        const double top = std::abs(d_(lo));
        if ((shift / top) * (shift / top) < std::numeric_limits<double>::epsilon())
            shift = 0;
        double f = (top - shift) * (std::copysign(1.0, d_(lo)) + shift / d_(lo));
        double g = e_(lo);
        for (Index i = lo; i < hi; ++i) {
            const Rotation right = rotation(f, g);
            if (i > lo)
                e_(i - 1) = right.r;
            f = right.c * d_(i) + right.s * e_(i);
            e_(i) = right.c * e_(i) - right.s * d_(i);
            g = right.s * d_(i + 1);
            d_(i + 1) *= right.c;
            const Rotation left = rotation(f, g);
            d_(i) = left.r;
            f = left.c * e_(i) + left.s * d_(i + 1);
            d_(i + 1) = left.c * d_(i + 1) - left.s * e_(i);
            if (i + 1 < hi) {
                g = left.s * e_(i + 1);
                e_(i + 1) *= left.c;
            }
        }
        e_(hi - 1) = f;
    }

    VectorXd d_, e_;
};

// The singular values of the upper bidiagonal matrix with diagonal d and superdiagonal e,
// largest first; scaled to at most 1 for the sweeps, so their rotations' squares cannot overflow.
VectorXd bidiagonalSingularValues(const VectorXd& d, const VectorXd& e)
{
    const double scale = std::max(d.cwiseAbs().maxCoeff(), e.size() ? e.cwiseAbs().maxCoeff() : 0.0);
    if (scale == 0)
        return VectorXd::Zero(d.size());
    return scale * BidiagonalQr(d / scale, e / scale).singularValues();
}

} // namespace

RightSingularVectors rightSingularVectors(const MatrixXd& r, Index k)
{
    const OneThread oneThread;
    const Index n = r.cols();
    if (4 * k > n) {
        const Eigen::BDCSVD<MatrixXd> svd(r, Eigen::ComputeThinV);
        return {svd.singularValues(), svd.matrixV().leftCols(k)};
    }
    // r = U B Vᵀ with B upper bidiagonal (diagonal d, superdiagonal e), at the dispatched ISA;
    // V's reflectors read from h as Eigen's UpperBidiagonalization::householderV() reads them.
    MatrixXd reflectors = r;
    VectorXd d(n), e(n - 1);
    tensor::detail::gemmKernels().f64Bidiagonalize(reflectors.data(), n, d.data(), e.data());
    const MatrixXd& h = reflectors;
    Eigen::HouseholderSequence<MatrixXd, Eigen::Diagonal<const MatrixXd, 1>, Eigen::OnTheRight> householderV(
        h, h.diagonal<1>());
    householderV.setLength(n - 1).setShift(1);
    // The Golub–Kahan form: zero diagonal, off-diagonal d₁, e₁, d₂, …, dₙ, acting on
    // (v₁, u₁, v₂, u₂, …); its eigenvalues are ±σ, with eigenvectors (v, ±u)/√2 interleaved.
    VectorXd off(2 * n - 1);
    for (Index i = 0; i < n; ++i) {
        off(2 * i) = d(i);
        if (i + 1 < n)
            off(2 * i + 1) = e(i);
    }
    const VectorXd zero = VectorXd::Zero(2 * n);
    RightSingularVectors result{bidiagonalSingularValues(d, e), MatrixXd(n, k)};
    const MatrixXd z = tridiagonalEigenvectors(zero, off, result.singularValues.head(k));
    for (Index j = 0; j < k; ++j) {
        for (Index i = 0; i < n; ++i)
            result.v(i, j) = z(2 * i, j);
        result.v.col(j).normalize();
    }
    result.v = householderV * result.v;
    return result;
}

} // namespace mlwb::linalg
