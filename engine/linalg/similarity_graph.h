#pragma once
// Similarity graphs of points for spectral clustering, as symmetric sparse weight matrices
// with an empty diagonal, and their connected components.
#include <Eigen/Core>
#include <Eigen/SparseCore>

#include <vector>

namespace mlwb::linalg {

using SparseMatrix = Eigen::SparseMatrix<double>;

// Joins each point to its `neighbors` nearest others (Euclidean; ties to the lower index),
// symmetrised as scikit-learn's SpectralClustering does, W = (A + Aᵀ)/2: weight 1 where each
// is among the other's neighbours, 1/2 where only one is. Points are rows; brute force,
// O(n² d). InputError unless 1 ≤ neighbors < n, or for NaN or infinite values.
SparseMatrix nearestNeighborGraph(const Eigen::MatrixXd& points, int neighbors);

// W_ij = exp(−‖xᵢ − xⱼ‖² / (2σ²)) for i ≠ j. Weights below 1e-12 are left out: below what the
// eigensolvers resolve, and leaving them keeps far-apart groups sparse. InputError unless
// σ > 0, or for NaN or infinite values.
SparseMatrix gaussianKernelGraph(const Eigen::MatrixXd& points, double sigma);

struct GraphComponents {
    int count = 0;
    std::vector<int> component;  // per vertex, 0 … count − 1, numbered by their lowest vertex
    std::vector<int> sizes;      // per component
};

// The connected components of a graph given by a symmetric weight matrix (breadth first).
GraphComponents connectedComponents(const SparseMatrix& weights);

} // namespace mlwb::linalg
