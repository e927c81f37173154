#pragma once
// Spectral clustering (Ng, Jordan & Weiss 2001; von Luxburg 2007, "A tutorial on spectral
// clustering"): a similarity graph of the points, the smallest eigenvectors of its normalised
// Laplacian as new coordinates, their rows scaled to unit length, then k-means there, where
// groups that no straight boundary separates (two moons, nested circles) fall apart.
#include "linalg/similarity_graph.h"

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace mlwb::linalg {

enum class GraphKind { NearestNeighbors, GaussianKernel };

// Dense: the whole Laplacian as a dense matrix (linalg/symmetric_eigen.h), O(n³). Sparse:
// Lanczos iterations (Spectra) on the sparse graph. Auto: Dense up to kDenseEigenLimit vertices.
enum class EigenSolverKind { Auto, Dense, Sparse };
inline constexpr Eigen::Index kDenseEigenLimit = 1000;

// L_sym = I − D^{-1/2} W D^{-1/2}, D the vertex degrees. InputError naming a vertex with no
// edge (a point far from all others).
SparseMatrix normalizedLaplacian(const SparseMatrix& weights);

struct Eigenpairs {
    Eigen::VectorXd values;   // ascending
    Eigen::MatrixXd vectors;  // one per column, unit length, the largest-magnitude entry positive
};

// The `count` smallest eigenpairs of a normalised Laplacian (1 ≤ count ≤ its size). A
// disconnected graph's spectrum is the union of its components' spectra, each solved on its
// own: Lanczos would find the eigenvalue 0 of several components only once. std::runtime_error
// if the sparse solver does not converge.
Eigenpairs smallestEigenpairs(const SparseMatrix& laplacian, int count, EigenSolverKind solver = EigenSolverKind::Auto);

// The number of clusters the eigengap suggests: the k ≥ 2 for which the relative gap
// λ_k / λ_{k−1} (values from 0, ascending; the divisor at least 1e-10) is largest. Relative,
// because the eigenvalues of elongated clusters (two moons) grow steadily, so the largest
// difference comes late while the largest ratio marks the first clear jump. 1 for fewer than
// three values.
int eigengapClusters(const Eigen::VectorXd& ascending);
// The gap eigengapClusters weighs at k: ascending(k) / ascending(k − 1), the divisor at least
// 1e-10 (in 1-based terms λ_{k+1}/λ_k); 0 for k outside 1 … size − 1.
double eigengapRatio(const Eigen::VectorXd& ascending, Eigen::Index k);

struct SpectralOptions {
    int clusters = 2;
    GraphKind graph = GraphKind::NearestNeighbors;
    int neighbors = 10;  // NearestNeighbors
    double sigma = 1.0;  // GaussianKernel
    int eigenvalues = 10;  // the smallest eigenvalues reported for the eigengap (at least `clusters`)
    int restarts = 10;     // k-means seedings on the embedding
    std::uint64_t seed = 0;
    EigenSolverKind solver = EigenSolverKind::Auto;
};

struct SpectralClustering {
    std::vector<int> labels;       // per point, 0 … clusters − 1
    SparseMatrix graph;            // the similarity graph's weights
    Eigen::VectorXd eigenvalues;   // the smallest of L_sym, ascending
    Eigen::MatrixXd embedding;     // n × clusters: the rows k-means sees
    int suggestedClusters = 0;     // by the eigengap among `eigenvalues`
    int graphComponents = 0;       // connected components of the graph, at most `clusters`
};

// Points are rows. A graph with as many components as clusters is the ideal case (the
// eigenvalue 0 then has one indicator vector per component); with more, the clusters would
// be an arbitrary grouping of the components. InputError for clusters < 1 or ≥ the number of
// points, bad graph options, NaN or infinite values, a point with no edge, or a graph with
// more connected components than clusters (saying how many it has).
SpectralClustering spectralClustering(const Eigen::MatrixXd& points, const SpectralOptions& options);

} // namespace mlwb::linalg
