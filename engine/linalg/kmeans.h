#pragma once
// k-means (Lloyd's iterations) from k-means++ seeding (Arthur & Vassilvitskii 2007), restarted
// from several seedings keeping the one of least inertia, as scikit-learn's KMeans does.
#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace mlwb::linalg {

struct KMeansOptions {
    int clusters = 2;
    int restarts = 10;       // seedings tried (scikit-learn's n_init)
    int maxIterations = 300;
    // Stop when the centres move less than this, as a sum of squares relative to the mean
    // variance of the features (scikit-learn's tol), or when no point changes cluster.
    double tolerance = 1e-4;
    std::uint64_t seed = 0;
};

struct KMeansResult {
    std::vector<int> labels;  // per point, 0 … clusters − 1
    Eigen::MatrixXd centers;  // clusters × features
    double inertia = 0;       // Σ squared distance of each point to its centre
    int iterations = 0;       // of the restart kept
};

// Points are rows. InputError when clusters < 1 or ≥ the number of points, restarts < 1, or a
// value is NaN or infinite.
KMeansResult kMeans(const Eigen::MatrixXd& points, const KMeansOptions& options);

} // namespace mlwb::linalg
