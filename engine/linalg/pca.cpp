#include "linalg/pca.h"

#include "core/input_error.h"
#include "core/parallel_pieces.h"
#include "linalg/centred_operator.h"
#include "linalg/checks.h"
#include "linalg/householder_qr.h"
#include "core/one_thread.h"
#include "linalg/products.h"
#include "linalg/small_svd.h"
#include "linalg/svd_flip.h"
#include "linalg/symmetric_eigen.h"
#include "linalg/work_matrix.h"
#include "models/dense.h"

#include <Eigen/SVD>
#include <fmt/format.h>

#include <atomic>
#include <cmath>
#include <optional>

namespace mlwb::linalg {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::RowVectorXd;
using Eigen::VectorXd;
using Centred = Eigen::Map<MatrixXd>;

namespace {

// Entries (2 MB) from which the passes over the data use the pool's threads: a smaller pass
// takes little longer than waking them (core/parallel_pool.h).
constexpr Index kParallelFrom = Index(1) << 18;

void validate(const MatrixXd& x, const PcaOptions& o)
{
    const Index n = x.rows(), p = x.cols();
    if (p == 0)
        throw InputError("PCA needs at least one column (feature); the data have none");
    if (n < 2)
        throw InputError(fmt::format("PCA needs at least 2 rows (samples); the data have {}", n));
    if (o.components < 0)
        throw InputError(fmt::format("the number of components cannot be negative ({})", o.components));
    if (o.components > p)
        throw InputError(fmt::format("cannot keep {} components: the data have {} features (columns), and PCA finds "
                                     "at most one component per feature",
                                     o.components, p));
    if (o.components > n)
        throw InputError(fmt::format("cannot keep {} components: the data have {} rows (samples), and PCA finds at "
                                     "most one component per row",
                                     o.components, n));
    if (!(o.varianceFraction >= 0 && o.varianceFraction <= 1))
        throw InputError(
            fmt::format("the fraction of variance to keep must lie in (0, 1], not {}", o.varianceFraction));
    if (o.solver == PcaSolver::Randomized && o.varianceFraction > 0)
        throw InputError("randomized PCA computes only the components it is asked for: give their number, not a "
                         "fraction of the variance");
    if (o.solver == PcaSolver::Randomized && o.components == 0)
        throw InputError("randomized PCA needs the number of components to compute");
}

// Called when a sum over the data is not finite: InputError naming the NaN or infinity, if
// there is one, else the values' size.
[[noreturn]] void throwNotFinite(const MatrixXd& x, const PcaOptions& o)
{
    requireFinite(x, o.columnNames, "PCA");
    throw InputError("PCA: the data's values are too large to add up (beyond 1e308); scale them down first");
}

void requireNotConstant(const MatrixXd& x, const PcaOptions& o)
{
    for (Index j = 0; j < x.cols(); ++j)
        if (x.col(j).minCoeff() == x.col(j).maxCoeff())
            throw InputError(fmt::format("{} is constant (every value is {}), so it cannot be standardized: its "
                                         "standard deviation is 0. Drop the column or do not standardize",
                                         columnLabel(j, o.columnNames), x(0, j)));
}

// What one pass over the columns learns: each column's mean (if centring), population
// standard deviation (if standardizing), and the sum of squares of the centred, scaled column.
struct Columns {
    RowVectorXd mean, scale, sumOfSquares;
};

// A NaN or infinity makes its column's sum non-finite, so the pass checks the data too; only
// then are the entries searched (requireFinite) for the culprit's place. Given `centred`, the
// pass writes the centred, scaled data there too, while each column is still in cache.
Columns columns(const MatrixXd& x, const PcaOptions& o, Centred* centred = nullptr)
{
    const Index n = x.rows(), p = x.cols();
    Columns c{RowVectorXd::Zero(p), RowVectorXd::Ones(p), RowVectorXd(p)};
    std::atomic<bool> finite = true;
    forEachIndex(p, 1, [&](Index j) {
        const double mean = x.col(j).sum() / double(n);
        if (!std::isfinite(mean))
            finite.store(false, std::memory_order_relaxed);
        const double mean2 = (x.col(j).array() - mean).square().sum();
        if (o.center)
            c.mean(j) = mean;
        if (o.standardize)
            c.scale(j) = std::sqrt(mean2 / double(n));
        c.sumOfSquares(j) = (o.center ? mean2 : x.col(j).squaredNorm()) / (c.scale(j) * c.scale(j));
        if (centred) {
            centred->col(j) = x.col(j).array() - c.mean(j);
            if (o.standardize)
                centred->col(j) /= c.scale(j);
        }
    }, x.size() >= kParallelFrom);
    if (!finite.load())
        throwNotFinite(x, o);
    if (o.standardize)
        requireNotConstant(x, o);
    return c;
}

// ((x − mean) / scale) · b, a block of rows at a time: each block is centred into a buffer the
// cache holds and multiplied from there, so the centred data are never written out whole.
MatrixXd centredProduct(const MatrixXd& x, const RowVectorXd& mean, const RowVectorXd& scale, const MatrixXd& b)
{
    constexpr Index kRows = 256;  // 512 KB of a 256-column x
    const Index n = x.rows(), p = x.cols(), blocks = (n + kRows - 1) / kRows;
    const bool scaled = (scale.array() != 1.0).any();  // a division by 1 would only cost time
    MatrixXd out(n, b.cols());
    // Each thread centres into a block of its own.
    forEachPiece(blocks, [&, block = MatrixXd(std::min(kRows, n), p)](Index c) mutable {
        const Index first = c * kRows, rows = std::min(kRows, n - first);
        auto centred = block.topRows(rows);
        centred = x.middleRows(first, rows).rowwise() - mean;
        if (scaled)
            centred.array().rowwise() /= scale.array();
        models::multiply({centred.data(), rows, p, 1, centred.outerStride()}, models::view(b),
                         {out.data() + first, rows, b.cols(), 1, n});
    }, x.size() >= kParallelFrom);
    return out;
}

// What a route computes: singular values, largest first, and the principal axes of at least
// the components kept (p × k).
struct Spectrum {
    MatrixXd axes;
    VectorXd singularValues;
};

// The axes of the `wanted` largest variances (all for 0).
Spectrum covarianceRoute(const Centred& xc, Index wanted)
{
    const Index n = xc.rows(), m = std::min(n, xc.cols());
    const SymmetricEigenpairs eigen =
        symmetricEigenpairs(gram(xc) / double(n - 1), wanted == 0 ? m : wanted, SpectrumEnd::Largest);
    // Ascending: the largest m, reversed. Rounding can leave the smallest slightly negative.
    return {eigen.vectors, (eigen.values.tail(m).reverse().cwiseMax(0.0) * double(n - 1)).cwiseSqrt()};
}

// Every axis of data wider than tall, X_c formed in xc.
Spectrum wideSvdRoute(const Centred& xc)
{
    const OneThread oneThread;
    const Eigen::BDCSVD<MatrixXd> svd(xc, Eigen::ComputeThinV);
    return {svd.matrixV(), svd.singularValues()};
}

// The SVD route on data with at least as many rows as columns: X_c = QR, and X_c's singular
// values and right singular vectors are R's. R and the means come from one pass over x that
// centres blocks of rows as they stream through the QR (linalg/householder_qr.h): no pass for
// the means first, and X_c never formed. Standardizing divides R's columns as it would X_c's,
// by the population standard deviations: ‖R(:, j)‖/√n when centred, else (the deviations are
// still about the means, as scikit-learn's StandardScaler(with_mean=False)) from a pass over
// the columns. Sets pca's mean and scale.
Spectrum tallSvdRoute(const MatrixXd& x, const PcaOptions& o, Index wanted, Pca& pca)
{
    const Index n = x.rows(), p = x.cols();
    CentredTriangle f =
        o.center ? triangularFactorOfCentred(x) : CentredTriangle{triangularFactor(x), RowVectorXd::Zero(p)};
    if (!f.r.allFinite() || !f.mean.allFinite())
        throwNotFinite(x, o);
    pca.mean = f.mean;
    pca.scale = RowVectorXd::Ones(p);
    if (o.standardize) {
        requireNotConstant(x, o);
        pca.scale = o.center ? RowVectorXd(f.r.colwise().norm() / std::sqrt(double(n))) : columns(x, o).scale;
        f.r.array().rowwise() /= pca.scale.array();
    }
    RightSingularVectors svd = rightSingularVectors(f.r, wanted == 0 ? p : wanted);
    return {std::move(svd.v), std::move(svd.singularValues)};
}

Index keptComponents(const VectorXd& ratios, const PcaOptions& o)
{
    if (o.varianceFraction == 0)
        return o.components == 0 ? ratios.size() : o.components;
    return componentsForVariance(ratios, o.varianceFraction);
}

} // namespace

// scikit-learn: searchsorted(cumsum, fraction, side="right") + 1.
Index componentsForVariance(const VectorXd& ratios, double fraction)
{
    double cumulative = 0;
    Index k = 0;
    while (k < ratios.size() && cumulative + ratios(k) <= fraction)
        cumulative += ratios(k++);
    return std::min(k + 1, ratios.size());
}

PcaFit fitPca(const MatrixXd& x, const PcaOptions& options)
{
    validate(x, options);
    // Small data stay on this thread: waking the helper threads for the products, and reading
    // on one core what the other wrote, cost more than the second core saves (the full PCA of
    // digits, 1797 × 64, took 1.2 ms on two threads and 1.0 ms on one).
    std::optional<OneThread> oneThread;
    if (x.size() < kParallelFrom)
        oneThread.emplace();
    const Index n = x.rows(), p = x.cols();
    PcaFit fit;
    Pca& pca = fit.pca;
    pca.whiten = options.whiten;
    const Index wanted = options.varianceFraction > 0 ? 0 : options.components;
    // The centred data, formed only for the routes that need it whole: the covariance's
    // product, and the SVD of a matrix wider than tall.
    std::optional<WorkMatrix> xc;
    Spectrum spectrum;
    if (options.solver == PcaSolver::Svd && n >= p) {
        spectrum = tallSvdRoute(x, options, wanted, pca);
    } else {
        if (options.solver != PcaSolver::Randomized)
            xc.emplace(n, p);
        const Columns c = columns(x, options, xc ? &**xc : nullptr);
        pca.mean = c.mean;
        pca.scale = c.scale;
        if (options.solver == PcaSolver::Randomized) {
            RightSvd svd =
                randomizedRightSvd(CentredOperator(x, pca.mean, pca.scale), options.components, options.randomized);
            fit.scores = std::move(svd.av);
            spectrum = {std::move(svd.v), std::move(svd.singularValues)};
            pca.totalVariance = c.sumOfSquares.sum() / double(n - 1);
        } else {
            spectrum = options.solver == PcaSolver::Covariance ? covarianceRoute(**xc, wanted) : wideSvdRoute(**xc);
        }
    }
    if (options.solver != PcaSolver::Randomized)  // these routes find every singular value
        pca.totalVariance = spectrum.singularValues.squaredNorm() / double(n - 1);
    pca.allSingularValues = spectrum.singularValues;
    pca.allExplainedVariance = spectrum.singularValues.array().square() / double(n - 1);
    // All-zero data have no variance to share out.
    const VectorXd allRatios =
        pca.totalVariance > 0 ? VectorXd(pca.allExplainedVariance / pca.totalVariance)
                              : VectorXd::Zero(pca.allExplainedVariance.size());
    const Index k = keptComponents(allRatios, options);

    MatrixXd axes = spectrum.axes.leftCols(k);
    if (options.solver != PcaSolver::Randomized) {
        fit.scores = !options.scores ? MatrixXd(0, k) : xc ? product(**xc, axes) : centredProduct(x, pca.mean, pca.scale, axes);
        flipSigns(axes, fit.scores);
    }
    pca.components = axes.transpose();
    pca.singularValues = pca.allSingularValues.head(k);
    pca.explainedVariance = pca.allExplainedVariance.head(k);
    pca.explainedVarianceRatio = allRatios.head(k);
    if (pca.whiten) {
        for (Index j = 0; j < k; ++j)
            if (pca.explainedVariance(j) <= 1e-12 * pca.totalVariance)
                throw InputError(fmt::format("component {} has no variance ({:.3g}), so whitening would divide by 0: "
                                             "keep fewer components",
                                             j, pca.explainedVariance(j)));
        fit.scores.array().rowwise() /= pca.explainedVariance.cwiseSqrt().transpose().array();
    }
    return fit;
}

MatrixXd Pca::transform(const MatrixXd& x) const
{
    if (x.cols() != mean.size())
        throw InputError(fmt::format("this PCA was fitted on {} features (columns); these data have {}", mean.size(),
                                     x.cols()));
    requireFinite(x, {}, "PCA");
    MatrixXd scores = centredProduct(x, mean, scale, components.transpose());
    if (whiten)
        scores.array().rowwise() /= explainedVariance.cwiseSqrt().transpose().array();
    return scores;
}

MatrixXd Pca::inverseTransform(const MatrixXd& scores) const
{
    if (scores.cols() != componentCount())
        throw InputError(fmt::format("this PCA keeps {} components; the scores have {} columns", componentCount(),
                                     scores.cols()));
    MatrixXd z = scores;
    if (whiten)
        z.array().rowwise() *= explainedVariance.cwiseSqrt().transpose().array();
    MatrixXd x = product(z, components);
    x.array().rowwise() *= scale.array();
    x.rowwise() += mean;
    return x;
}

} // namespace mlwb::linalg
