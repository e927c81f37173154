#pragma once
// The tensor engine's workloads (W1 … W5, U1 … U3), judged against NumPy doing the same work and
// against the machine's own limits (L1_triad bandwidth, L2_gemm rate). `mlwb bench` runs them
// at the sizes in allWorkloads(); tests run small instances through the same code.
#include "bench/bench.h"

#include "tensor/ops.h"

#include <cstdint>
#include <string>

namespace mlwb::bench {

// W1_broadcast_add: (n, 1, m) + (1, n, m) float64 into a new (n, n, m) array (GB/s written).
Workload broadcastAdd(std::int64_t n, std::int64_t m);
// W2_outer: a[:, None] * b[None, :] for two length-n float64 vectors (GB/s written).
Workload outerProduct(std::int64_t n);
// W3_batch_matmul: (b, n, n) @ (b, n, n) float64 (GFLOP/s).
Workload batchMatmul(std::int64_t batches, std::int64_t n);
// W4_attention: float32 Q, K, V (b, h, s, d): einsum scores / sqrt(d), softmax over the last
// axis, einsum with V (GFLOP/s of the two contractions).
Workload attention(std::int64_t b, std::int64_t h, std::int64_t s, std::int64_t d);
// W5_pairwise_dist: the n × n Euclidean distance matrix of X (n, d) float64 through
// ‖x‖² + ‖y‖² − 2 x·y, clamped at 0, square-rooted (GFLOP/s of the GEMM).
Workload pairwiseDistances(std::int64_t n, std::int64_t d);
// U1_exp, U2_tanh_f32, U3_sigmoid: one elementwise function of n values into an existing
// array (M values/s): where NumPy's own SIMD loops are the competition.
Workload elementwiseMath(const std::string& name, tensor::UnaryOp op, tensor::DType dtype, std::int64_t n);

} // namespace mlwb::bench
