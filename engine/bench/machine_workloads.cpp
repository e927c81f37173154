// Workloads that measure the machine itself: memory bandwidth and dense floating point.
#include "bench/bench.h"

#include <Eigen/Core>
#include <memory>
#include <random>

namespace mlwb::bench {

namespace {

constexpr long triadElements = 80'000'000;
constexpr Eigen::Index gemmSize = 2048;

// STREAM's triad, a[i] = b[i] + s·c[i], on arrays far larger than any cache. Each thread
// first touches the part it will later stream, so its pages sit on its own memory node.
Workload triad()
{
    return {"L1_triad", "memory bandwidth: a[i] = b[i] + s·c[i] over 3 × 80M doubles", [] {
                struct Arrays {
                    // Left uninitialised here: the parallel loop below touches them first.
                    std::unique_ptr<double[]> a = std::make_unique_for_overwrite<double[]>(triadElements);
                    std::unique_ptr<double[]> b = std::make_unique_for_overwrite<double[]>(triadElements);
                    std::unique_ptr<double[]> c = std::make_unique_for_overwrite<double[]>(triadElements);
                };
                auto arrays = std::make_shared<Arrays>();
                double* a = arrays->a.get();
                double* b = arrays->b.get();
                double* c = arrays->c.get();
#pragma omp parallel for schedule(static)
                for (long i = 0; i < triadElements; ++i) {
                    a[i] = 0.0;
                    b[i] = 1.0;
                    c[i] = 2.0;
                }
                // The closure owns the arrays, so the stores into a stay observable and the
                // compiler cannot drop the loop.
                const auto run = [arrays, a, b, c] {
                    constexpr double s = 3.0;
#pragma omp parallel for schedule(static)
                    for (long i = 0; i < triadElements; ++i)
                        a[i] = b[i] + s * c[i];
                };
                return PreparedWorkload{run, 3.0 * sizeof(double) * triadElements, 1e9, "GB/s"};
            }};
}

// Dense matrix product through Eigen's blocked GEMM (multithreaded by OpenMP).
Workload gemm()
{
    return {"L2_gemm", "dense floating point: C = A·B, 2048 × 2048 doubles (Eigen)", [] {
                constexpr Eigen::Index n = gemmSize;
                struct Matrices {
                    Eigen::MatrixXd a{gemmSize, gemmSize}, b{gemmSize, gemmSize}, c{gemmSize, gemmSize};
                };
                auto m = std::make_shared<Matrices>();
                std::mt19937_64 rng(42);
                std::uniform_real_distribution<double> uniform(-1.0, 1.0);
                for (double* p : {m->a.data(), m->b.data()})
                    for (Eigen::Index i = 0; i < n * n; ++i)
                        p[i] = uniform(rng);
                const auto run = [m] { m->c.noalias() = m->a * m->b; };
                return PreparedWorkload{run, 2.0 * n * n * n, 1e9, "GFLOP/s"};
            }};
}

} // namespace

const std::vector<Workload>& allWorkloads()
{
    static const std::vector<Workload> all{triad(), gemm()};
    return all;
}

} // namespace mlwb::bench
