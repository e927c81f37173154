#pragma once
// The machine's own limits, against which later engine workloads are judged. `mlwb bench`
// runs them at the sizes in allWorkloads(); tests run small instances.
#include "bench/bench.h"

#include <cstddef>

namespace mlwb::bench {

// L1_triad: STREAM's a[i] = b[i] + s·c[i] over three arrays of n doubles (GB/s).
Workload triad(std::size_t n);
// L2_gemm: C = A·B for n × n doubles through Eigen's blocked GEMM, built as matmul uses it on
// this CPU (GFLOP/s).
Workload gemm(long n);

} // namespace mlwb::bench
