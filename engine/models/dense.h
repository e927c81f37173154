#pragma once
// The matrix products of the models, through the same run-time-dispatched GEMM as the
// tensor library's matmul (tensor/detail/gemm.h): the binary targets x86-64-v2, and an
// MLP epoch is almost all products, so the AVX2 or AVX-512 kernels matter 2–4×.
#include <Eigen/Core>

namespace mlwb::models {

using Matrix = Eigen::MatrixXd;  // column-major, as Eigen's default
using Vec = Eigen::VectorXd;

// A read-only operand: rows × cols with element (i, j) at data[i·rs + j·cs].
struct ConstView {
    const double* data;
    Eigen::Index rows, cols, rs, cs;
    ConstView t() const { return {data, cols, rows, cs, rs}; }  // the transpose, no copy
};
struct MutView {
    double* data;
    Eigen::Index rows, cols, rs, cs;
};

inline ConstView view(const double* data, Eigen::Index rows, Eigen::Index cols) { return {data, rows, cols, 1, rows}; }
inline ConstView view(const Matrix& m) { return view(m.data(), m.rows(), m.cols()); }
inline MutView mut(double* data, Eigen::Index rows, Eigen::Index cols) { return {data, rows, cols, 1, rows}; }
inline MutView mut(Matrix& m) { return mut(m.data(), m.rows(), m.cols()); }

// c = a · b, overwriting c. The shapes must agree (checked with assert only: callers size them).
void multiply(ConstView a, ConstView b, MutView c);
// c −= a · b, in the same pass as the product.
void subtractProduct(ConstView a, ConstView b, MutView c);
// The lower triangle (diagonal included) of the square c = aᵀ · a, a column-major (a.rs == 1,
// as c): half the work of multiply(a.t(), a, c). c's strict upper triangle is not touched.
void gramLower(ConstView a, MutView c);

} // namespace mlwb::models
