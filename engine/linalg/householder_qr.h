#pragma once
// Householder QR of tall matrices, with nearly all its work in products on the dispatched
// kernels (tensor/detail/gemm.h). Eigen's HouseholderQR factors each panel column by column,
// which on a 20000-row matrix is bound by memory and, built for SSE, took 290 ms for
// 20000 × 256. Here panels are factored recursively (Elmroth & Gustavson 2000), so their updates
// are products too. For R alone, the rows stream through the cache: blocks of rows are folded
// one after another into the triangle (as LAPACK's dtpqrt), in row chunks whose triangles are
// factored in parallel and then folded together (TSQR, Demmel, Grigori, Hoemmen & Langou 2012).
#include <Eigen/Core>

namespace mlwb::linalg {

// R of a = QR: a.cols() × a.cols(), upper triangular (its diagonal may be negative). a needs at
// least as many rows as columns, and one. Backward stable, as Householder QR is; the row chunks
// depend on the size alone, so the result does not depend on the number of threads.
Eigen::MatrixXd triangularFactor(Eigen::Ref<const Eigen::MatrixXd> a);

struct CentredTriangle {
    Eigen::MatrixXd r;          // R of a − 1·meanᵀ
    Eigen::RowVectorXd mean;    // a's column means
};

// R of the centred a (each column less its mean) and the means, from one pass over a: the
// centred matrix is never formed (PCA's SVD route). Backward stable for the centred data, as
// the QR of a centred copy is (householder_qr.cpp tells how).
CentredTriangle triangularFactorOfCentred(Eigen::Ref<const Eigen::MatrixXd> a);

// The first a.cols() columns of Q: orthonormal columns whose span is a's column space when a
// has full column rank. a needs at least as many rows as columns.
Eigen::MatrixXd orthonormalBasis(Eigen::MatrixXd a);

} // namespace mlwb::linalg
