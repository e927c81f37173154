#include "linalg/similarity_graph.h"

#include "core/input_error.h"
#include "core/parallel_pieces.h"
#include "linalg/checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mlwb::linalg {

using Eigen::Index;
using Eigen::MatrixXd;
using Triplet = Eigen::Triplet<double>;

namespace {

// ‖xᵢ − xⱼ‖² for all pairs, by the difference (not ‖x‖² + ‖y‖² − 2x·y, which loses the small
// distances that matter most here to cancellation).
MatrixXd squaredDistances(const MatrixXd& x)
{
    const Index n = x.rows();
    MatrixXd d(n, n);
    const MatrixXd xt = x.transpose();  // points as contiguous columns
    forEachIndex(n, 32, [&](Index j) {
        for (Index i = 0; i < n; ++i)
            d(i, j) = (xt.col(i) - xt.col(j)).squaredNorm();
    }, n >= 256);
    return d;
}

SparseMatrix fromTriplets(Index n, const std::vector<Triplet>& triplets)
{
    SparseMatrix w(n, n);
    w.setFromTriplets(triplets.begin(), triplets.end());
    return w;
}

} // namespace

SparseMatrix nearestNeighborGraph(const MatrixXd& points, int neighbors)
{
    const Index n = points.rows();
    if (neighbors < 1 || neighbors >= n)
        throw InputError(fmt::format("each of {} points can have between 1 and {} nearest neighbours, not {}", n,
                                     n - 1, neighbors));
    requireFinite(points, {}, "a similarity graph");
    const MatrixXd d = squaredDistances(points);
    std::vector<std::vector<Index>> nearest(static_cast<std::size_t>(n));
    forEachIndex(n, 32, [&](Index i) {
        std::vector<Index> order(static_cast<std::size_t>(n));
        std::iota(order.begin(), order.end(), Index(0));
        std::swap(order[std::size_t(i)], order.back());  // i itself is no neighbour
        const auto closer = [&](Index a, Index b) { return d(a, i) != d(b, i) ? d(a, i) < d(b, i) : a < b; };
        std::partial_sort(order.begin(), order.begin() + neighbors, order.end() - 1, closer);
        nearest[std::size_t(i)].assign(order.begin(), order.begin() + neighbors);
    }, n >= 256);
    // Each directed edge adds 1/2 in both directions: (A + Aᵀ)/2, duplicates summed.
    std::vector<Triplet> triplets;
    triplets.reserve(std::size_t(2 * n * neighbors));
    for (Index i = 0; i < n; ++i)
        for (const Index j : nearest[std::size_t(i)]) {
            triplets.emplace_back(i, j, 0.5);
            triplets.emplace_back(j, i, 0.5);
        }
    return fromTriplets(n, triplets);
}

SparseMatrix gaussianKernelGraph(const MatrixXd& points, double sigma)
{
    if (!(sigma > 0) || !std::isfinite(sigma))
        throw InputError(fmt::format("the kernel width σ must be positive, not {}", sigma));
    requireFinite(points, {}, "a similarity graph");
    constexpr double kSmallest = 1e-12;
    const Index n = points.rows();
    const MatrixXd d = squaredDistances(points);
    std::vector<Triplet> triplets;
    for (Index j = 0; j < n; ++j)
        for (Index i = 0; i < n; ++i)
            if (i != j)
                if (const double w = std::exp(-d(i, j) / (2 * sigma * sigma)); w >= kSmallest)
                    triplets.emplace_back(i, j, w);
    return fromTriplets(n, triplets);
}

GraphComponents connectedComponents(const SparseMatrix& weights)
{
    const Index n = weights.rows();
    GraphComponents g{0, std::vector<int>(std::size_t(n), -1), {}};
    std::vector<Index> queue;
    for (Index start = 0; start < n; ++start) {
        if (g.component[std::size_t(start)] >= 0)
            continue;
        const int id = g.count++;
        g.component[std::size_t(start)] = id;
        queue.assign(1, start);
        for (std::size_t head = 0; head < queue.size(); ++head)
            for (SparseMatrix::InnerIterator it(weights, queue[head]); it; ++it)
                if (it.value() != 0 && g.component[std::size_t(it.row())] < 0) {
                    g.component[std::size_t(it.row())] = id;
                    queue.push_back(it.row());
                }
        g.sizes.push_back(int(queue.size()));
    }
    return g;
}

} // namespace mlwb::linalg
