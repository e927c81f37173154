// Workloads that measure the machine itself: memory bandwidth and dense floating point.
#include "bench/machine_workloads.h"
#include "bench/mcmc_workloads.h"
#include "bench/pca_workloads.h"
#include "bench/preprocess_workloads.h"
#include "bench/tensor_workloads.h"
#include "core/parallel_pieces.h"
#include "tensor/detail/gemm.h"

#include <Eigen/Core>
#include <fmt/format.h>

#include <memory>
#include <random>

namespace mlwb::bench {

namespace {
constexpr std::size_t kTriadElements = 80'000'000;  // 1.92 GB moved per run: far beyond any cache
constexpr long kGemmSize = 2048;
constexpr double kTriadScale = 3.0;
constexpr std::int64_t kTriadPiece = 1 << 16;  // elements: 1.5 MB of the three arrays
} // namespace

// The arrays are touched in parallel before timing, so no page is first faulted in while the
// triad runs. The triad itself is cut into pieces the threads take as they finish, like every
// engine loop (a single-socket desktop has one memory node, so which thread touched a page
// first does not matter).
Workload triad(std::size_t n)
{
    const long count = static_cast<long>(n);
    return {"L1_triad", fmt::format("memory bandwidth: a[i] = b[i] + s·c[i] over 3 × {} doubles", n), [count] {
                struct Arrays {
                    // Left uninitialised here: the parallel loop below touches them first, as the
                // threads that will use them.
                    std::unique_ptr<double[]> a, b, c;
                };
                auto arrays = std::make_shared<Arrays>(Arrays{std::make_unique_for_overwrite<double[]>(count),
                                                              std::make_unique_for_overwrite<double[]>(count),
                                                              std::make_unique_for_overwrite<double[]>(count)});
                double* a = arrays->a.get();
                double* b = arrays->b.get();
                double* c = arrays->c.get();
                forEachIndex(count, kTriadPiece, [=](std::int64_t i) {
                    a[i] = 0.0;
                    b[i] = double(i % 1000);
                    c[i] = 2.0;
                });
                // The closure owns the arrays, so the stores into a stay observable and the
                // compiler cannot drop the loop.
                auto run = [arrays, a, b, c, count] {
                    forEachIndex(count, kTriadPiece, [=](std::int64_t i) { a[i] = b[i] + kTriadScale * c[i]; });
                };
                auto verify = [arrays, a, count] {
                    for (long i = 0; i < count; ++i)
                        if (a[i] != double(i % 1000) + kTriadScale * 2.0)
                            return false;
                    return true;
                };
                return PreparedWorkload{run, 3.0 * sizeof(double) * double(count), 1e9, "GB/s", verify};
            }};
}

// The GEMM kernels matmul runs on this CPU (tensor/detail/gemm.h: built for the widest vectors
// it has), so the rate is the ceiling of the tensor workloads. Multithreaded in panels of C
// that the engine's threads take as they finish, each panel by Eigen on one thread.
Workload gemm(long n)
{
    return {"L2_gemm", fmt::format("dense floating point: C = A·B, {0} × {0} doubles (Eigen)", n), [n] {
                struct Matrices {
                    Eigen::MatrixXd a, b, c;
                };
                auto m = std::make_shared<Matrices>(Matrices{Eigen::MatrixXd(n, n), Eigen::MatrixXd(n, n),
                                                             Eigen::MatrixXd::Zero(n, n)});
                std::mt19937_64 rng(42);
                std::uniform_real_distribution<double> uniform(-1.0, 1.0);
                for (double* p : {m->a.data(), m->b.data()})
                    for (long i = 0; i < n * n; ++i)
                        p[i] = uniform(rng);
                auto run = [m, n] {
                    const tensor::detail::Strides2 colMajor{1, n};
                    tensor::detail::gemmKernels().f64(m->a.data(), colMajor, m->b.data(), colMajor, m->c.data(),
                                                      colMajor, n, n, n);
                };
                // Every entry against its own dot-product loop.
                auto verify = [m, n] {
                    for (long i = 0; i < n; ++i)
                        for (long j = 0; j < n; ++j) {
                            double sum = 0.0;
                            for (long k = 0; k < n; ++k)
                                sum += m->a(i, k) * m->b(k, j);
                            if (std::abs(sum - m->c(i, j)) > 1e-12 * n)
                                return false;
                        }
                    return true;
                };
                return PreparedWorkload{run, 2.0 * double(n) * double(n) * double(n), 1e9, "GFLOP/s", verify};
            }};
}

const std::vector<Workload>& allWorkloads()
{
    static const std::vector<Workload> all{triad(kTriadElements), gemm(kGemmSize),
                                          broadcastAdd(512, 256), outerProduct(4096), batchMatmul(64, 128),
                                          attention(8, 8, 256, 64), pairwiseDistances(4000, 64),
                                          elementwiseMath("U1_exp", tensor::UnaryOp::Exp, tensor::DType::Float64, 10'000'000),
                                          elementwiseMath("U2_tanh_f32", tensor::UnaryOp::Tanh, tensor::DType::Float32, 10'000'000),
                                          elementwiseMath("U3_sigmoid", tensor::UnaryOp::Sigmoid, tensor::DType::Float64, 10'000'000),
                                          readCsvWorkload(1000000), preprocessWorkload(1000000),
                                          mcmcGauss2dWorkload(1, 1000000), mcmcGauss2dWorkload(4, 1000000),
                                          mcmcRegressionWorkload(200000),
                                          pcaRandomWorkload(linalg::PcaSolver::Covariance),
                                          pcaRandomWorkload(linalg::PcaSolver::Svd),
                                          pcaRandomWorkload(linalg::PcaSolver::Randomized)};
    return all;
}

} // namespace mlwb::bench
