// Workloads of the tensor engine, written as a learner would write them with its API.
#include "bench/tensor_workloads.h"

#include "tensor/einsum.h"
#include "tensor/matmul.h"
#include "tensor/ops.h"
#include "tensor/reduce.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <memory>
#include <random>

namespace mlwb::bench {

using namespace mlwb::tensor;

namespace {

Tensor randomArray(const Shape& shape, DType dtype, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    std::vector<double> v(static_cast<std::size_t>(shapeSize(shape)));
    for (double& x : v)
        x = u(rng);
    return Tensor::fromVector(v, shape).astype(dtype);
}

// A handful of indices spread over a shape (corners and a few seeded random ones).
std::vector<std::vector<std::int64_t>> samples(const Shape& shape)
{
    std::vector<std::vector<std::int64_t>> out;
    std::mt19937_64 rng(99);
    out.emplace_back(shape.size(), 0);
    std::vector<std::int64_t> last;
    for (std::int64_t s : shape)
        last.push_back(s - 1);
    out.push_back(last);
    for (int k = 0; k < 16; ++k) {
        std::vector<std::int64_t> idx;
        for (std::int64_t s : shape)
            idx.push_back(std::uniform_int_distribution<std::int64_t>(0, s - 1)(rng));
        out.push_back(idx);
    }
    return out;
}

bool near(double got, double want, double tol) { return std::abs(got - want) <= tol * (1.0 + std::abs(want)); }

struct State {
    std::vector<Tensor> in;
    Tensor out;
    bool ran = false;
};

} // namespace

Workload broadcastAdd(std::int64_t n, std::int64_t m)
{
    return {"W1_broadcast_add",
            fmt::format("({0}, 1, {1}) + (1, {0}, {1}) float64 into a new ({0}, {0}, {1}) array", n, m), [n, m] {
                auto st = std::make_shared<State>();
                st->in = {randomArray({n, 1, m}, DType::Float64, 1), randomArray({1, n, m}, DType::Float64, 2)};
                auto run = [st] {
                    st->out = add(st->in[0], st->in[1]);
                    st->ran = true;
                };
                auto verify = [st, n, m] {
                    if (!st->ran || st->out.shape() != Shape{n, n, m})
                        return false;
                    for (const auto& i : samples({n, n, m}))
                        if (st->out.value(i) != st->in[0].value({i[0], 0, i[2]}) + st->in[1].value({0, i[1], i[2]}))
                            return false;
                    return true;
                };
                return PreparedWorkload{run, double(n * n * m) * 8.0, 1e9, "GB/s", verify};
            }};
}

Workload outerProduct(std::int64_t n)
{
    return {"W2_outer", fmt::format("a[:, None] * b[None, :] for two float64 vectors of {} (broadcasting)", n), [n] {
                auto st = std::make_shared<State>();
                st->in = {randomArray({n}, DType::Float64, 3), randomArray({n}, DType::Float64, 4)};
                auto run = [st] {
                    st->out = multiply(st->in[0].expandDims(1), st->in[1].expandDims(0));
                    st->ran = true;
                };
                auto verify = [st, n] {
                    if (!st->ran || st->out.shape() != Shape{n, n})
                        return false;
                    for (const auto& i : samples({n, n}))
                        if (st->out.value(i) != st->in[0].value({i[0]}) * st->in[1].value({i[1]}))
                            return false;
                    return true;
                };
                return PreparedWorkload{run, double(n * n) * 8.0, 1e9, "GB/s", verify};
            }};
}

Workload batchMatmul(std::int64_t batches, std::int64_t n)
{
    return {"W3_batch_matmul", fmt::format("({0}, {1}, {1}) @ ({0}, {1}, {1}) float64", batches, n), [batches, n] {
                auto st = std::make_shared<State>();
                st->in = {randomArray({batches, n, n}, DType::Float64, 5), randomArray({batches, n, n}, DType::Float64, 6)};
                auto run = [st] {
                    st->out = matmul(st->in[0], st->in[1]);
                    st->ran = true;
                };
                auto verify = [st, batches, n] {
                    if (!st->ran || st->out.shape() != Shape{batches, n, n})
                        return false;
                    for (const auto& i : samples({batches, n, n})) {
                        double s = 0;
                        for (std::int64_t k = 0; k < n; ++k)
                            s += st->in[0].value({i[0], i[1], k}) * st->in[1].value({i[0], k, i[2]});
                        if (!near(st->out.value(i), s, 1e-12 * double(n)))
                            return false;
                    }
                    return true;
                };
                return PreparedWorkload{run, 2.0 * double(batches) * double(n * n * n), 1e9, "GFLOP/s", verify};
            }};
}

Workload attention(std::int64_t b, std::int64_t h, std::int64_t s, std::int64_t d)
{
    return {"W4_attention",
            fmt::format("float32 Q, K, V ({}, {}, {}, {}): softmax(einsum('bhsd,bhtd->bhst') / sqrt({})) then "
                        "einsum('bhst,bhtd->bhsd')",
                        b, h, s, d, d),
            [b, h, s, d] {
                auto st = std::make_shared<State>();
                const Shape shape{b, h, s, d};
                st->in = {randomArray(shape, DType::Float32, 7), randomArray(shape, DType::Float32, 8),
                          randomArray(shape, DType::Float32, 9)};
                const Tensor qk[2] = {st->in[0], st->in[1]};
                auto scoresPlan = std::make_shared<EinsumPlan>(planEinsum("bhsd,bhtd->bhst", {shape, shape}));
                auto outPlan = std::make_shared<EinsumPlan>(planEinsum("bhst,bhtd->bhsd", {Shape{b, h, s, s}, shape}));
                auto run = [st, scoresPlan, outPlan, d] {
                    const Tensor qk[2] = {st->in[0], st->in[1]};
                    Tensor scores = einsum(*scoresPlan, qk);
                    multiplyInPlace(scores, 1.0 / std::sqrt(double(d)));
                    softmax(scores, {-1}, scores);
                    const Tensor pv[2] = {scores, st->in[2]};
                    st->out = einsum(*outPlan, pv);
                    st->ran = true;
                };
                auto verify = [st, b, h, s, d] {
                    if (!st->ran || st->out.shape() != Shape{b, h, s, d})
                        return false;
                    const Tensor &q = st->in[0], &k = st->in[1], &v = st->in[2];
                    for (const auto& i : samples({b, h, s, d})) {
                        // One output element from scratch: scores row, softmax, weighted sum.
                        std::vector<double> row(static_cast<std::size_t>(s));
                        double big = -std::numeric_limits<double>::infinity();
                        for (std::int64_t t = 0; t < s; ++t) {
                            double acc = 0;
                            for (std::int64_t e = 0; e < d; ++e)
                                acc += q.value({i[0], i[1], i[2], e}) * k.value({i[0], i[1], t, e});
                            row[std::size_t(t)] = acc / std::sqrt(double(d));
                            big = std::max(big, row[std::size_t(t)]);
                        }
                        double denom = 0, num = 0;
                        for (std::int64_t t = 0; t < s; ++t) {
                            const double w = std::exp(row[std::size_t(t)] - big);
                            denom += w;
                            num += w * v.value({i[0], i[1], t, i[3]});
                        }
                        if (!near(st->out.value(i), num / denom, 1e-4))
                            return false;
                    }
                    return true;
                };
                return PreparedWorkload{run, 4.0 * double(b * h * s * s * d), 1e9, "GFLOP/s", verify};
            }};
}

Workload pairwiseDistances(std::int64_t n, std::int64_t d)
{
    return {"W5_pairwise_dist",
            fmt::format("Euclidean distance matrix of X ({}, {}) float64: sqrt(max(|x|^2 + |y|^2 - 2 x.y, 0))", n, d),
            [n, d] {
                auto st = std::make_shared<State>();
                st->in = {randomArray({n, d}, DType::Float64, 10)};
                auto run = [st, n] {
                    const Tensor& x = st->in[0];
                    const Tensor sq = sum(multiply(x, x), {1});
                    Tensor g = matmul(x, x.transpose());                // x·y for every pair
                    multiplyInPlace(g, -2.0);
                    addInPlace(g, sq.reshape({n, 1}).tensor);
                    addInPlace(g, sq.reshape({1, n}).tensor);
                    clipInPlace(g, 0.0, std::numeric_limits<double>::infinity());
                    sqrtInPlace(g);
                    st->out = g;
                    st->ran = true;
                };
                auto verify = [st, n, d] {
                    if (!st->ran || st->out.shape() != Shape{n, n})
                        return false;
                    for (const auto& i : samples({n, n})) {
                        double acc = 0;
                        for (std::int64_t k = 0; k < d; ++k) {
                            const double diff = st->in[0].value({i[0], k}) - st->in[0].value({i[1], k});
                            acc += diff * diff;
                        }
                        if (!near(st->out.value(i), std::sqrt(acc), 1e-9))
                            return false;
                    }
                    return true;
                };
                return PreparedWorkload{run, 2.0 * double(n * n * d), 1e9, "GFLOP/s", verify};
            }};
}

Workload elementwiseMath(const std::string& name, UnaryOp op, DType dtype, std::int64_t n)
{
    const char* function = op == UnaryOp::Exp ? "exp" : op == UnaryOp::Tanh ? "tanh" : "sigmoid";
    return {name, fmt::format("{}(x) for {} {} values in [-10, 10], into an existing array (out=)", function, n, dtypeName(dtype)),
            [op, dtype, n] {
                auto st = std::make_shared<State>();
                st->in = {multiply(randomArray({n}, dtype, 11), 10.0)};
                st->out = Tensor::empty({n}, dtype);
                auto run = [st, op] {
                    unary(op, st->in[0], st->out);
                    st->ran = true;
                };
                auto verify = [st, op, dtype, n] {
                    const double tolerance = dtype == DType::Float32 ? 1e-6 : 1e-14;
                    for (const auto& i : samples({n})) {
                        const double x = st->in[0].value(i);
                        const double want = op == UnaryOp::Exp    ? std::exp(x)
                                            : op == UnaryOp::Tanh ? std::tanh(x)
                                                                  : 1 / (1 + std::exp(-x));
                        if (!st->ran || std::abs(st->out.value(i) - want) > tolerance * std::abs(want))
                            return false;
                    }
                    return true;
                };
                return PreparedWorkload{run, double(n), 1e6, "M values/s", verify};
            }};
}

} // namespace mlwb::bench
