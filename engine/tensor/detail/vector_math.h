#pragma once
// Internal to engine/tensor: exp, log and tanh of contiguous float and double arrays, several
// values per instruction through glibc's vector math library (libmvec), at the ISA level
// matmul also runs (tensor/detail/gemm.h: the widest the CPU has, or MLWB_ISA's choice).
// libmvec's functions are within 4 ulp of the exact result and give the IEEE special values
// std::exp, std::log and std::tanh give (exp(-inf) = 0, log(0) = -inf, NaN stays NaN, …).
// y may be x.
#include <cstdint>

namespace mlwb::tensor::detail {

enum class VectorFn { Exp, Log, Tanh };

void vectorMath(VectorFn f, const double* x, double* y, std::int64_t n);
void vectorMath(VectorFn f, const float* x, float* y, std::int64_t n);

} // namespace mlwb::tensor::detail
