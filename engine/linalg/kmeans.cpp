#include "linalg/kmeans.h"

#include "core/input_error.h"
#include "linalg/checks.h"
#include "linalg/random.h"

#include <fmt/format.h>

#include <limits>

namespace mlwb::linalg {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// k-means++: the first centre uniformly, each next one with probability ∝ its squared distance
// to the nearest centre so far.
MatrixXd seedCenters(const MatrixXd& x, int k, Rng& rng)
{
    const Index n = x.rows();
    MatrixXd centers(k, x.cols());
    centers.row(0) = x.row(Index(uniformIndex(rng, std::uint64_t(n))));
    VectorXd nearest = (x.rowwise() - centers.row(0)).rowwise().squaredNorm();
    for (int c = 1; c < k; ++c) {
        const double total = nearest.sum();
        Index chosen = n - 1;
        if (total > 0) {
            double target = uniform01(rng) * total;
            for (Index i = 0; i < n; ++i)
                if ((target -= nearest(i)) < 0) {
                    chosen = i;
                    break;
                }
        } else {  // every point sits on a centre already: duplicates
            chosen = Index(uniformIndex(rng, std::uint64_t(n)));
        }
        centers.row(c) = x.row(chosen);
        nearest = nearest.cwiseMin((x.rowwise() - centers.row(c)).rowwise().squaredNorm());
    }
    return centers;
}

// Assigns each point to its nearest centre; returns the inertia.
double assign(const MatrixXd& x, const MatrixXd& centers, std::vector<int>& labels, VectorXd& distances)
{
    double inertia = 0;
    for (Index i = 0; i < x.rows(); ++i) {
        Index best = 0;
        distances(i) = (centers.rowwise() - x.row(i)).rowwise().squaredNorm().minCoeff(&best);
        labels[std::size_t(i)] = int(best);
        inertia += distances(i);
    }
    return inertia;
}

KMeansResult lloyd(const MatrixXd& x, MatrixXd centers, const KMeansOptions& o, double tolerance)
{
    const Index n = x.rows(), k = centers.rows();
    KMeansResult r{std::vector<int>(std::size_t(n), -1), std::move(centers), 0, 0};
    VectorXd distances(n);
    std::vector<int> previous;
    for (r.iterations = 1;; ++r.iterations) {
        r.inertia = assign(x, r.centers, r.labels, distances);
        if (r.labels == previous || r.iterations == o.maxIterations)
            break;
        previous = r.labels;
        MatrixXd sums = MatrixXd::Zero(k, x.cols());
        VectorXd counts = VectorXd::Zero(k);
        for (Index i = 0; i < n; ++i) {
            sums.row(r.labels[std::size_t(i)]) += x.row(i);
            counts(r.labels[std::size_t(i)]) += 1;
        }
        for (Index c = 0; c < k; ++c)
            if (counts(c) == 0) {  // an empty cluster takes the point farthest from its centre
                Index farthest = 0;
                distances.maxCoeff(&farthest);
                distances(farthest) = 0;
                sums.row(c) = x.row(farthest);
                counts(c) = 1;
            }
        const MatrixXd moved = sums.array().colwise() / counts.array();
        const double shift = (moved - r.centers).squaredNorm();
        r.centers = moved;
        if (shift <= tolerance) {
            r.inertia = assign(x, r.centers, r.labels, distances);
            break;
        }
    }
    return r;
}

} // namespace

KMeansResult kMeans(const MatrixXd& x, const KMeansOptions& o)
{
    const Index n = x.rows();
    requireClusterCount(o.clusters, n);
    if (o.restarts < 1 || o.maxIterations < 1)
        throw InputError(fmt::format("k-means needs at least one restart and one iteration, not {} and {}", o.restarts,
                                     o.maxIterations));
    requireFinite(x, {}, "k-means");
    // scikit-learn's tolerance is relative to the data's mean feature variance.
    const double tolerance =
        o.tolerance * ((x.rowwise() - x.colwise().mean()).array().square().colwise().sum() / double(n)).mean();
    Rng rng(o.seed);
    KMeansResult best;
    best.inertia = std::numeric_limits<double>::infinity();
    for (int restart = 0; restart < o.restarts; ++restart) {
        KMeansResult r = lloyd(x, seedCenters(x, o.clusters, rng), o, tolerance);
        if (r.inertia < best.inertia)
            best = std::move(r);
    }
    return best;
}

} // namespace mlwb::linalg
