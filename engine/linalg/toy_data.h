#pragma once
// Generated data sets for the PCA and clustering steps, laid out as scikit-learn's make_moons,
// make_circles and make_blobs lay them out (the random numbers differ), and a low-rank matrix
// plus noise. Each is deterministic for its seed.
#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace mlwb::linalg {

struct LabeledPoints {
    Eigen::MatrixXd points;   // one point per row
    std::vector<int> labels;  // its group, from 0
};

// Two interleaving half circles in 2-D: ⌊n/2⌋ on the upper one (label 0), the rest on the lower
// one (label 1), shuffled, each coordinate with N(0, noise²) added.
LabeledPoints makeMoons(int samples, double noise, std::uint64_t seed);

// Two concentric circles in 2-D: ⌊n/2⌋ on the outer one of radius 1 (label 0), the rest on the
// inner one of radius `factor` (label 1), shuffled, with N(0, noise²) added.
LabeledPoints makeCircles(int samples, double noise, double factor, std::uint64_t seed);

// Isotropic Gaussian blobs with standard deviation `spread`, centres uniform in [−10, 10]ᵈ;
// samples split evenly (the first blobs take one more when it does not divide), shuffled.
LabeledPoints makeBlobs(int samples, int centers, double spread, int features, std::uint64_t seed);

// rows × cols: Z·Wᵀ with Z (rows × rank) and W (cols × rank) standard normal, plus N(0, noise²)
// in every entry. Its top `rank` singular values stand far above the noise's (√rows + √cols).
Eigen::MatrixXd lowRankPlusNoise(Eigen::Index rows, Eigen::Index cols, int rank, double noise, std::uint64_t seed);

} // namespace mlwb::linalg
