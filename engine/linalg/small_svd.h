#pragma once
// All singular values of a small square matrix and the right singular vectors of its largest
// few: the last step of PCA's SVD route, on the triangle R of the data's QR. Eigen's BDCSVD
// spends 17 ms of its 22 on a 256 × 256 R in the divide-and-conquer merges even for the
// values alone; with few vectors wanted, this is faster and as accurate: Golub–Kahan
// bidiagonalisation (Eigen's, built per ISA level with the GEMM kernels: 3.5 -> 2.8 ms at
// AVX-512 for n = 256), the bidiagonal's singular values by implicit QR sweeps on it (LAPACK's
// dbdsqr without vectors; Eigen's tridiagonal QR on the 2n × 2n Golub–Kahan form took 5.4 ms
// for n = 256, these about 2), and the vectors by inverse iteration on that Golub–Kahan form (as
// LAPACK's dbdsvdx).
#include <Eigen/Core>

namespace mlwb::linalg {

struct RightSingularVectors {
    Eigen::VectorXd singularValues;  // all, largest first, accurate to about 1e-16 of the largest
    Eigen::MatrixXd v;               // n × k: the right singular vectors of the k largest
};

// Eigen's BDCSVD when k is more than a quarter of n, else the route above.
RightSingularVectors rightSingularVectors(const Eigen::MatrixXd& r, Eigen::Index k);

} // namespace mlwb::linalg
