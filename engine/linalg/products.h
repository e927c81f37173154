#pragma once
// The large products of the linear-algebra engine, through the tensor library's run-time
// dispatched GEMM (models/dense.h): the program is built for SSE only, and these products are
// most of the work of a PCA, where the AVX2 or AVX-512 kernels are 2–4× faster.
#include <Eigen/Core>

namespace mlwb::linalg {

// a · b.
Eigen::MatrixXd product(Eigen::Ref<const Eigen::MatrixXd> a, Eigen::Ref<const Eigen::MatrixXd> b);
// aᵀ · b.
Eigen::MatrixXd transposedProduct(Eigen::Ref<const Eigen::MatrixXd> a, Eigen::Ref<const Eigen::MatrixXd> b);

// xᵀ · x. Only the column blocks below the diagonal are multiplied (those above are their
// mirror), and of the diagonal blocks only the lower triangle (digits, 1797 × 64, a single
// block: 0.16 ms instead of 0.21), over chunks of rows that the pool's threads share; the chunks depend on the
// size alone and are summed in order, so the result is the same with any number of threads.
Eigen::MatrixXd gram(Eigen::Ref<const Eigen::MatrixXd> x);

} // namespace mlwb::linalg
