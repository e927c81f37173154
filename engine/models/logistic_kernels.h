#pragma once
// Internal to engine/models: binary logistic regression's loss and gradient in one pass over
// the rows, built once per x86-64 ISA level as matmul's GEMM kernels are (and kept apart from
// one another the same way: tensor/detail/gemm.h). LogisticRegression::evaluate calls the
// build of tensor::detail::activeGemmIsa(). This header must not include Eigen.
#include <cstdint>

namespace mlwb::models::detail {

struct LogisticSums {
    double loss = 0;  // Σ over the rows of log(1 + e^z) − y·z, z the row's score
    long correct = 0;  // rows with z > 0 exactly when y = 1
};

// One per build, defined by models/logistic_kernels.cpp. x: n × d, column-major with leading
// dimension ldx ≥ n; w: d weights; y: n labels, 0 or 1. With a gradient (d + 1 values,
// overwritten): Σ rᵢ·xᵢ over the rows, then Σ rᵢ, where rᵢ = (σ(zᵢ) − yᵢ) / n.
LogisticSums logisticBaseline(const double* x, std::int64_t n, std::int64_t ldx, std::int64_t d, const double* w,
                              double bias, const int* y, double* gradient);
LogisticSums logisticAvx2(const double* x, std::int64_t n, std::int64_t ldx, std::int64_t d, const double* w,
                          double bias, const int* y, double* gradient);
LogisticSums logisticAvx512(const double* x, std::int64_t n, std::int64_t ldx, std::int64_t d, const double* w,
                            double bias, const int* y, double* gradient);

} // namespace mlwb::models::detail
