#pragma once
// np.matmul (the @ operator).
#include "tensor/tensor.h"

#include <string_view>

namespace mlwb::tensor {

// NumPy's rules: the last two axes are matrices (M, K) @ (K, N) -> (M, N); leading axes are
// batch axes and broadcast, so (B, 1, M, K) @ (H, K, N) -> (B, H, M, N). A 1-D left operand is
// a row vector and a 1-D right operand a column vector; the added axis is removed again.
// 0-d operands are an InputError, as is a mismatched inner size:
// "matmul: shapes (2, 3) and (4, 5) do not fit: the first has 3 columns, the second 4 rows".
// Batch shapes that do not broadcast give a BroadcastError naming both full shapes.
//
// Each 2-D product is Eigen's blocked GEMM (built for the widest vectors the CPU has, see
// matmulIsa()) on the operands' own memory whenever a slice has a unit stride along rows or
// columns (so a transposed view costs no copy); other layouts are copied first. Many small
// products run in parallel across batches, one large one uses Eigen's own threads. bool and
// int64 give int64/bool as NumPy (bool: "any a and b").
Tensor matmul(const Tensor& a, const Tensor& b);
// The same into a preallocated C-contiguous or strided output of the result's shape and dtype.
void matmul(const Tensor& a, const Tensor& b, const Tensor& out);
// The result shape, with the errors matmul() would give.
Shape matmulShape(const Shape& a, const Shape& b);
// Which build of the GEMM kernels matmul runs: "baseline" (MLWB_MARCH, SSE on x86-64-v2),
// "avx2" (AVX2 + FMA) or "avx512". The fastest the CPU runs, unless the environment variable
// MLWB_ISA names another one it runs (read once; for comparing the builds).
std::string_view matmulIsa();

} // namespace mlwb::tensor
