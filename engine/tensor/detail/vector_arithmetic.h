#pragma once
// Internal to the engine: y += a·x and Σ x² over contiguous doubles, at the ISA level matmul
// runs (tensor/detail/gemm.h). The binary targets x86-64-v2, where Eigen's element-wise
// loops use 2 lanes; an optimizer's step over an MLP's 10⁴ weights, once per mini-batch, went
// 4× faster at 8 lanes.
#include <cstdint>

namespace mlwb::tensor::detail {

void scaledAdd(double a, const double* x, double* y, std::int64_t n);
double squaredNorm(const double* x, std::int64_t n);

} // namespace mlwb::tensor::detail
