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

// xᵀ · x. Only the column blocks on and below the diagonal are multiplied (the others are
// their mirror), over chunks of rows that the OpenMP threads share; the chunks depend on the
// size alone and are summed in order, so the result is the same with any number of threads.
Eigen::MatrixXd gram(Eigen::Ref<const Eigen::MatrixXd> x);

} // namespace mlwb::linalg
