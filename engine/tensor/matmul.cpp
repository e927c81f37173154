#include "tensor/matmul.h"

#include "core/parallel_pieces.h"
#include "tensor/detail/gemm.h"
#include "tensor/detail/strided_loop.h"
#include "tensor/ops.h"

#include <fmt/format.h>

#include <algorithm>

namespace mlwb::tensor {

using detail::Strides2;

namespace {

void shapeError(const Shape& a, const Shape& b, std::int64_t k1, std::int64_t k2)
{
    throw InputError(fmt::format("matmul: shapes {} and {} do not fit: the first has {} column{}, the second {} row{}",
                                 formatShape(a), formatShape(b), k1, k1 == 1 ? "" : "s", k2, k2 == 1 ? "" : "s"));
}

struct Geometry {
    Shape batch;  // broadcast batch shape
    std::int64_t m = 1, k = 1, n = 1;
    Shape result;
};

Geometry geometry(const Shape& a, const Shape& b)
{
    if (a.empty() || b.empty())
        throw InputError(fmt::format("matmul: operands must have at least one dimension, got shapes {} and {}",
                                     formatShape(a), formatShape(b)));
    Geometry g;
    const std::int64_t ka = a.back();
    const std::int64_t kb = b.size() == 1 ? b[0] : b[b.size() - 2];
    if (ka != kb)
        shapeError(a, b, ka, kb);
    g.k = ka;
    g.m = a.size() == 1 ? 1 : a[a.size() - 2];
    g.n = b.size() == 1 ? 1 : b.back();
    const Shape ab(a.begin(), a.end() - std::min<std::ptrdiff_t>(2, std::ptrdiff_t(a.size())));
    const Shape bb(b.begin(), b.end() - std::min<std::ptrdiff_t>(2, std::ptrdiff_t(b.size())));
    try {
        g.batch = broadcastShapes(ab, bb);
    } catch (const BroadcastError&) {
        throw BroadcastError(fmt::format("matmul: batch shapes {} and {} of operands {} and {} do not broadcast",
                                         formatShape(ab), formatShape(bb), formatShape(a), formatShape(b)));
    }
    g.result = g.batch;
    if (a.size() > 1)
        g.result.push_back(g.m);
    if (b.size() > 1)
        g.result.push_back(g.n);
    return g;
}

// Eigen needs a unit stride in one direction and a positive other one; otherwise copy.
bool usable(std::int64_t rs, std::int64_t cs, std::int64_t rows, std::int64_t cols)
{
    const bool rowMajor = (cs == 1 || cols == 1) && (rs >= std::max<std::int64_t>(cols, 1) || rows == 1);
    const bool colMajor = (rs == 1 || rows == 1) && (cs >= std::max<std::int64_t>(rows, 1) || cols == 1);
    return rowMajor || colMajor;
}

} // namespace

Shape matmulShape(const Shape& a, const Shape& b) { return geometry(a, b).result; }

void matmul(const Tensor& a0, const Tensor& b0, const Tensor& out)
{
    const Geometry g = geometry(a0.shape(), b0.shape());
    if (out.shape() != g.result)
        throw BroadcastError(fmt::format("matmul: output array of shape {} does not match the result shape {}",
                                         formatShape(out.shape()), formatShape(g.result)));
    DType t = promoteTypes(a0.dtype(), b0.dtype());
    if (out.dtype() != t)
        throw InputError(fmt::format("matmul: the output array holds {}, the result is {}", dtypeName(out.dtype()),
                                     dtypeName(t)));
    if (t == DType::Bool) {
        Tensor r = matmul(a0.astype(DType::Int64), b0.astype(DType::Int64));
        detail::copyInto(out, notEqual(r, Tensor::scalar(0, DType::Int64)));
        return;
    }
    // 2-D views with the batch axes in front: a (…, M, K), b (…, K, N), out (…, M, N).
    Tensor a = a0.dtype() == t ? a0 : a0.astype(t);
    Tensor b = b0.dtype() == t ? b0 : b0.astype(t);
    if (a.ndim() == 1)
        a = a.expandDims(0);
    if (b.ndim() == 1)
        b = b.expandDims(1);
    Tensor c = out;
    if (b0.ndim() == 1)
        c = c.expandDims(c.ndim());
    if (a0.ndim() == 1)
        c = c.expandDims(c.ndim() - 1);
    if (sharesMemory(a, c))
        a = a.copy();
    if (sharesMemory(b, c))
        b = b.copy();
    const std::int64_t item = static_cast<std::int64_t>(itemsize(t));
    const auto strides2 = [&](const Tensor& x) {
        return Strides2{x.strides()[std::size_t(x.ndim() - 2)] / item, x.strides()[std::size_t(x.ndim() - 1)] / item};
    };
    const auto fix = [&](Tensor& x, std::int64_t rows, std::int64_t cols) {
        const Strides2 s = strides2(x);
        bool ok = usable(s.rs, s.cs, rows, cols);
        for (std::int64_t st : x.strides())
            ok = ok && st % item == 0;
        if (!ok)
            x = x.copy();
    };
    fix(a, g.m, g.k);
    fix(b, g.k, g.n);
    Tensor cTarget = c;
    if (!usable(strides2(c).rs, strides2(c).cs, g.m, g.n))
        cTarget = Tensor::empty(c.shape(), t);
    const Strides2 as = strides2(a), bs = strides2(b), cs = strides2(cTarget);
    if (g.m == 0 || g.n == 0 || shapeSize(g.batch) == 0) {
        if (cTarget.bytes() != c.bytes())
            detail::copyInto(c, cTarget);
        return;
    }
    if (g.k == 0) {
        detail::copyInto(cTarget, Tensor::scalar(0, t));
        if (cTarget.bytes() != c.bytes())
            detail::copyInto(c, cTarget);
        return;
    }
    // Byte offsets of each batch's slice, broadcasting size-1 batch axes (zero stride).
    const int nb = static_cast<int>(g.batch.size());
    const std::int64_t batches = shapeSize(g.batch);
    const auto batchStrides = [&](const Tensor& x) {
        std::vector<std::int64_t> s(std::size_t(nb), 0);
        const int xb = x.ndim() - 2;
        for (int i = 0; i < xb; ++i) {
            const int d = nb - xb + i;
            s[std::size_t(d)] = x.shape()[std::size_t(i)] == 1 ? 0 : x.strides()[std::size_t(i)];
        }
        return s;
    };
    const std::vector<std::int64_t> sa = batchStrides(a), sb = batchStrides(b), sc = batchStrides(cTarget);
    const double flopsPerBatch = 2.0 * double(g.m) * double(g.k) * double(g.n);
    const bool parallelBatches = batches > 1 && flopsPerBatch * double(batches) > 2e6 && !inParallelWork();
    const detail::GemmKernels& kernels = detail::gemmKernels();
    visitDType(t, [&]<class T>(T) {
        if constexpr (!std::is_same_v<T, bool>) {
            detail::GemmFn<T> gemm;
            if constexpr (std::is_same_v<T, std::int64_t>)
                gemm = kernels.i64;
            else if constexpr (std::is_same_v<T, float>)
                gemm = kernels.f32;
            else
                gemm = kernels.f64;
            const auto one = [&](std::int64_t i) {
                std::int64_t oa = 0, ob = 0, oc = 0, rem = i;
                for (int d = nb - 1; d >= 0; --d) {
                    const std::int64_t idx = rem % g.batch[std::size_t(d)];
                    rem /= g.batch[std::size_t(d)];
                    oa += idx * sa[std::size_t(d)];
                    ob += idx * sb[std::size_t(d)];
                    oc += idx * sc[std::size_t(d)];
                }
                gemm(reinterpret_cast<const T*>(a.bytes() + oa), as, reinterpret_cast<const T*>(b.bytes() + ob), bs,
                     reinterpret_cast<T*>(cTarget.bytes() + oc), cs, g.m, g.k, g.n);
            };
            if (parallelBatches) {
                // Runs of products taken as the threads finish, at least eight per thread and
                // about half a million flops each: a thread on a core another program shares takes
                // fewer. (schedule(guided) was no help: with two threads its first chunk is half
                // of all the products.)
                const std::int64_t chunks = std::min<std::int64_t>(
                    batches, std::max<std::int64_t>(8 * omp_get_max_threads(), std::int64_t(flopsPerBatch * double(batches) / 5e5)));
                forEachPiece(chunks, [&](std::int64_t c) {
                    for (std::int64_t i = batches * c / chunks; i < batches * (c + 1) / chunks; ++i)
                        one(i);
                });
            } else {
                for (std::int64_t i = 0; i < batches; ++i)
                    one(i);
            }
        }
    });
    if (cTarget.bytes() != c.bytes())
        detail::copyInto(c, cTarget);
}

Tensor matmul(const Tensor& a, const Tensor& b)
{
    Tensor out = Tensor::empty(geometry(a.shape(), b.shape()).result, promoteTypes(a.dtype(), b.dtype()));
    matmul(a, b, out);
    return out;
}

} // namespace mlwb::tensor
