#pragma once
// Eigen splits its own products over the OpenMP threads, whose threads then spin until the
// others have packed their blocks (tensor/gemm_kernels.cpp says more): when another program
// holds one of the two cores, the 256 × 256 bidiagonalisation of PCA's SVD route took 52 ms
// instead of 4. The small dense decompositions of this engine therefore run on one thread;
// the large products, where threads pay, go through the dispatched GEMM instead.
#include <omp.h>

namespace mlwb {

// While alive, parallel loops and OpenMP regions started by this thread (Eigen's among them)
// run on this thread alone.
// Only this thread's setting changes, and it is restored.
class OneThread {
public:
    OneThread() : previous_(omp_get_max_threads()) { omp_set_num_threads(1); }
    ~OneThread() { omp_set_num_threads(previous_); }
    OneThread(const OneThread&) = delete;
    OneThread& operator=(const OneThread&) = delete;

private:
    int previous_;
};

} // namespace mlwb
