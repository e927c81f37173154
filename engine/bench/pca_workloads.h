#pragma once
// The PCA workloads (W6), judged against NumPy and scikit-learn on this kind of machine: the
// NumPy eigh route (centre, XᵀX/(n − 1), numpy.linalg.eigh) takes 0.7 ms on digits and 37 ms
// on the 20000 × 256 matrix; scikit-learn's full SVD 9 ms and 258 ms, its randomized solver
// 171 ms. The rate is the input matrix's bytes per second.
#include "bench/bench.h"
#include "linalg/pca.h"

#include <Eigen/Core>

#include <functional>

namespace mlwb::bench {

// Every row times a fit (PcaOptions::scores false), the work of the anchors: the NumPy route
// centres, forms XᵀX and calls eigh; scikit-learn's times are PCA.fit.
//
// W6_pca_digits: a full PCA fit (all components) of the given rows by `solver`, by default
// the covariance route. The rows come from the caller, all of digits (1797 × 64, pixels 0–16):
// the program reads its bundled CSV file.
// verify: the data transform and transform back, and the components are orthonormal.
// Details: the first component's explained variance ratio (0.1489).
Workload pcaDigitsWorkload(std::function<Eigen::MatrixXd()> data,
                           linalg::PcaSolver solver = linalg::PcaSolver::Covariance);

// W6_pca_rand.eigh, W6_pca_rand.svd, W6_pca_rand.randomized: the top 10 components of a
// rows × cols matrix of rank-10 signal plus unit noise (linalg::lowRankPlusNoise, seed 6) by
// the covariance route, the SVD route or randomized SVD (4 power iterations, 5 oversamples:
// the sine below is then about 1e-8; Halko et al. advise 5 to 10 oversamples).
// Detail and verify: the largest principal-angle sine between the components found and the
// exact top-10 subspace, from Eigen's own eigensolver on Eigen's own XᵀX (below 1e-6).
Workload pcaRandomWorkload(linalg::PcaSolver solver, Eigen::Index rows = 20000, Eigen::Index cols = 256);

} // namespace mlwb::bench
