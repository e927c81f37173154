#include "linalg/spectral.h"

#include "core/input_error.h"
#include "linalg/checks.h"
#include "linalg/kmeans.h"
#include "linalg/svd_flip.h"
#include "linalg/symmetric_eigen.h"

#include <Spectra/MatOp/SparseSymMatProd.h>
#include <Spectra/SymEigsSolver.h>
#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace mlwb::linalg {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

Eigenpairs denseEigenpairs(const SparseMatrix& laplacian, Index count)
{
    const SymmetricEigenpairs eigen = symmetricEigenpairs(MatrixXd(laplacian), count, SpectrumEnd::Smallest);
    return {eigen.values.head(count), eigen.vectors};
}

// The smallest eigenvalues of L are 1 − the largest of I − L = D^{-1/2} W D^{-1/2}, which
// Lanczos finds at its extreme end, where it converges fastest.
Eigenpairs sparseEigenpairs(const SparseMatrix& laplacian, Index count)
{
    const Index n = laplacian.rows();
    SparseMatrix identity(n, n);
    identity.setIdentity();
    const SparseMatrix adjacency = identity - laplacian;
    Spectra::SparseSymMatProd<double> op(adjacency);
    const Index basis = std::min(n, std::max(2 * count + 1, Index(20)));  // Lanczos vectors kept between restarts
    Spectra::SymEigsSolver<Spectra::SparseSymMatProd<double>> lanczos(op, count, basis);
    lanczos.init();
    lanczos.compute(Spectra::SortRule::LargestAlge, 1000, 1e-10);
    if (lanczos.info() != Spectra::CompInfo::Successful)
        throw std::runtime_error(fmt::format("the sparse eigensolver (Lanczos) did not converge on the graph "
                                             "Laplacian of {} vertices; try the dense solver",
                                             n));
    return {1.0 - lanczos.eigenvalues().array(), lanczos.eigenvectors()};
}

Eigenpairs connectedEigenpairs(const SparseMatrix& laplacian, Index count, EigenSolverKind solver)
{
    const Index n = laplacian.rows();
    // Lanczos needs room for more vectors than it is asked for.
    const bool dense = solver == EigenSolverKind::Dense || count >= n - 1 ||
                       (solver == EigenSolverKind::Auto && n <= kDenseEigenLimit);
    return dense ? denseEigenpairs(laplacian, count) : sparseEigenpairs(laplacian, count);
}

// The `count` smallest of all components' eigenpairs, each component's vectors zero elsewhere.
Eigenpairs disconnectedEigenpairs(const SparseMatrix& laplacian, const GraphComponents& g, Index count,
                                  EigenSolverKind solver)
{
    const Index n = laplacian.rows();
    std::vector<std::vector<Index>> members(std::size_t(g.count));
    std::vector<Index> position(static_cast<std::size_t>(n));  // within its component
    for (Index i = 0; i < n; ++i) {
        auto& m = members[std::size_t(g.component[std::size_t(i)])];
        position[std::size_t(i)] = Index(m.size());
        m.push_back(i);
    }
    struct Pair {
        double value;
        int component;
        Index column;
    };
    std::vector<Pair> all;
    std::vector<Eigenpairs> parts;
    for (int c = 0; c < g.count; ++c) {
        const auto& m = members[std::size_t(c)];
        std::vector<Eigen::Triplet<double>> triplets;
        for (const Index j : m)
            for (SparseMatrix::InnerIterator it(laplacian, j); it; ++it)
                triplets.emplace_back(position[std::size_t(it.row())], position[std::size_t(j)], it.value());
        SparseMatrix part(Index(m.size()), Index(m.size()));
        part.setFromTriplets(triplets.begin(), triplets.end());
        parts.push_back(connectedEigenpairs(part, std::min(count, Index(m.size())), solver));
        for (Index k = 0; k < parts.back().values.size(); ++k)
            all.push_back({parts.back().values(k), c, k});
    }
    std::stable_sort(all.begin(), all.end(), [](const Pair& a, const Pair& b) { return a.value < b.value; });
    Eigenpairs pairs{VectorXd(count), MatrixXd::Zero(n, count)};
    for (Index k = 0; k < count; ++k) {
        const Pair& p = all[std::size_t(k)];
        pairs.values(k) = p.value;
        const auto& m = members[std::size_t(p.component)];
        for (std::size_t i = 0; i < m.size(); ++i)
            pairs.vectors(m[i], k) = parts[std::size_t(p.component)].vectors(Index(i), p.column);
    }
    return pairs;
}

std::string sizesText(const GraphComponents& g)
{
    std::vector<int> sizes = g.sizes;
    std::sort(sizes.rbegin(), sizes.rend());
    constexpr std::size_t kShown = 5;
    std::string text;
    for (std::size_t i = 0; i < std::min(sizes.size(), kShown); ++i)
        text += fmt::format("{}{}", i == 0 ? "" : ", ", sizes[i]);
    return sizes.size() > kShown ? text + ", …" : text;
}

} // namespace

SparseMatrix normalizedLaplacian(const SparseMatrix& weights)
{
    const Index n = weights.rows();
    VectorXd scale(n);  // D^{-1/2}
    for (Index j = 0; j < n; ++j) {
        const double degree = weights.col(j).sum();
        if (!(degree > 0))
            throw InputError(fmt::format("point {} has no edge in the similarity graph: it is too far from every "
                                         "other point (use more neighbours or a wider σ)",
                                         j));
        scale(j) = 1.0 / std::sqrt(degree);
    }
    SparseMatrix identity(n, n);
    identity.setIdentity();
    return identity - SparseMatrix(scale.asDiagonal() * weights * scale.asDiagonal());
}

Eigenpairs smallestEigenpairs(const SparseMatrix& laplacian, int count, EigenSolverKind solver)
{
    const Index n = laplacian.rows();
    if (count < 1 || count > n)
        throw InputError(fmt::format("cannot find {} eigenpairs of a {} × {} matrix", count, n, n));
    const GraphComponents g = connectedComponents(laplacian);
    Eigenpairs pairs = g.count == 1 ? connectedEigenpairs(laplacian, count, solver)
                                    : disconnectedEigenpairs(laplacian, g, count, solver);
    MatrixXd none(0, count);
    flipSigns(pairs.vectors, none);
    return pairs;
}

double eigengapRatio(const VectorXd& ascending, Index k)
{
    constexpr double kZero = 1e-10;  // eigenvalues this small are 0 with rounding
    if (k < 1 || k >= ascending.size())
        return 0.0;
    return ascending(k) / std::max(ascending(k - 1), kZero);
}

int eigengapClusters(const VectorXd& ascending)
{
    int best = 1;
    double largest = 0;
    for (Index k = 2; k < ascending.size(); ++k)
        if (const double ratio = eigengapRatio(ascending, k); ratio > largest) {
            largest = ratio;
            best = int(k);
        }
    return best;
}

SpectralClustering spectralClustering(const MatrixXd& points, const SpectralOptions& o)
{
    const Index n = points.rows();
    requireClusterCount(o.clusters, n);
    SpectralClustering s;
    s.graph = o.graph == GraphKind::NearestNeighbors ? nearestNeighborGraph(points, o.neighbors)
                                                     : gaussianKernelGraph(points, o.sigma);
    const GraphComponents g = connectedComponents(s.graph);
    if (g.count > o.clusters)
        throw InputError(fmt::format("the similarity graph is disconnected: it has {} connected components (of {} "
                                     "points), more than the {} clusters asked for, and spectral clustering cannot "
                                     "tell how to group them. Use more neighbours or a wider σ",
                                     g.count, sizesText(g), o.clusters));
    s.graphComponents = g.count;
    const int shown = int(std::min<Index>(n, std::max(o.clusters, o.eigenvalues)));
    Eigenpairs pairs = smallestEigenpairs(normalizedLaplacian(s.graph), shown, o.solver);
    s.eigenvalues = pairs.values;
    s.suggestedClusters = eigengapClusters(pairs.values);
    s.embedding = pairs.vectors.leftCols(o.clusters);
    for (Index i = 0; i < n; ++i)
        if (const double norm = s.embedding.row(i).norm(); norm > 0)
            s.embedding.row(i) /= norm;
    s.labels = kMeans(s.embedding, {.clusters = o.clusters, .restarts = o.restarts, .seed = o.seed}).labels;
    return s;
}

} // namespace mlwb::linalg
