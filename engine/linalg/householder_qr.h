#pragma once
// Householder QR of tall matrices, with nearly all its work in the dispatched GEMM
// (linalg/products.h). Eigen's HouseholderQR factors each panel column by column, which on a
// 20000-row matrix is bound by memory and, built for SSE, took 290 ms for 20000 × 256. Here a
// panel is factored recursively (Elmroth & Gustavson 2000), so its updates are products too,
// and a tall matrix is cut into row chunks factored in parallel whose triangles are stacked
// and factored again (TSQR, Demmel, Grigori, Hoemmen & Langou 2012).
#include <Eigen/Core>

namespace mlwb::linalg {

// R of a = QR: a.cols() × a.cols(), upper triangular (its diagonal may be negative); a is
// overwritten. a needs at least as many rows as columns. Backward stable, as Householder QR
// is; the row chunks depend on the size alone, so the result does not depend on the number of
// threads.
Eigen::MatrixXd triangularFactorInPlace(Eigen::Ref<Eigen::MatrixXd> a);

// The first a.cols() columns of Q: orthonormal columns whose span is a's column space when a
// has full column rank. a needs at least as many rows as columns.
Eigen::MatrixXd orthonormalBasis(Eigen::MatrixXd a);

} // namespace mlwb::linalg
