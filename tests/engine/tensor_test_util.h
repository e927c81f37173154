#pragma once
// Shared by the tst_tensor_* tests: brute-force index walks and seeded random arrays.
#include "tensor/tensor.h"

#include <functional>
#include <random>
#include <vector>

namespace tensortest {

using mlwb::tensor::Shape;
using mlwb::tensor::Tensor;

// Calls f(index) for every index of shape in C order (once for a 0-d shape, never when empty).
inline void forEachIndex(const Shape& shape, const std::function<void(const std::vector<std::int64_t>&)>& f)
{
    for (std::int64_t s : shape)
        if (s == 0)
            return;
    std::vector<std::int64_t> idx(shape.size(), 0);
    for (;;) {
        f(idx);
        int d = static_cast<int>(shape.size()) - 1;
        for (; d >= 0; --d) {
            if (++idx[std::size_t(d)] < shape[std::size_t(d)])
                break;
            idx[std::size_t(d)] = 0;
        }
        if (d < 0)
            return;
    }
}

// The index into an operand of shape `of` that broadcasting reads for result index idx.
inline std::vector<std::int64_t> broadcastIndex(const std::vector<std::int64_t>& idx, const Shape& of)
{
    std::vector<std::int64_t> r(of.size());
    const std::size_t off = idx.size() - of.size();
    for (std::size_t i = 0; i < of.size(); ++i)
        r[i] = of[i] == 1 ? 0 : idx[off + i];
    return r;
}

// Random values in [-3, 3] with a few exact small integers mixed in.
inline Tensor randomTensor(std::mt19937_64& rng, const Shape& shape,
                           mlwb::tensor::DType dtype = mlwb::tensor::DType::Float64)
{
    std::int64_t n = 1;
    for (std::int64_t s : shape)
        n *= s;
    std::vector<double> v(static_cast<std::size_t>(n));
    std::uniform_real_distribution<double> u(-3.0, 3.0);
    for (double& x : v)
        x = dtype == mlwb::tensor::DType::Int64 ? std::round(u(rng)) : u(rng);
    return Tensor::fromVector(v, shape).astype(dtype);
}

inline Shape randomShape(std::mt19937_64& rng, int maxNdim, int maxSize)
{
    std::uniform_int_distribution<int> nd(0, maxNdim), sz(0, maxSize);
    Shape s(static_cast<std::size_t>(nd(rng)));
    for (auto& x : s)
        x = sz(rng);
    return s;
}

} // namespace tensortest

namespace tensortest {

// The broadcast rule written out longhand: the result shape, or the error message expected.
inline bool expectedBroadcast(const Shape& a, const Shape& b, Shape& result, std::string& error)
{
    const std::size_t n = std::max(a.size(), b.size());
    Shape pa(n - a.size(), 1), pb(n - b.size(), 1);
    pa.insert(pa.end(), a.begin(), a.end());
    pb.insert(pb.end(), b.begin(), b.end());
    result.assign(n, 0);
    error.clear();
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = n - 1 - k;
        if (pa[i] == pb[i] || pb[i] == 1) {
            result[i] = pa[i];
        } else if (pa[i] == 1) {
            result[i] = pb[i];
        } else if (error.empty()) {
            error = "cannot broadcast shapes " + mlwb::tensor::formatShape(a) + " and " + mlwb::tensor::formatShape(b) +
                    ": axis -" + std::to_string(k + 1) + " is " + std::to_string(pa[i]) + " vs " + std::to_string(pb[i]);
        }
    }
    return error.empty();
}

// Memory layouts for the same values: C order, Fortran order, reversed along an axis
// (negative stride) or every other element of a larger array along an axis.
enum class Layout { C, F, Reversed, Strided };

inline Tensor inLayout(const Tensor& t, Layout kind, std::int64_t axis)
{
    if (t.ndim() == 0 || kind == Layout::C)
        return t.copy();
    if (kind == Layout::F)
        return t.copy(mlwb::tensor::Order::F);
    if (axis < 0)
        axis += t.ndim();
    if (kind == Layout::Reversed) {
        // Store reversed, view reversed again: same values, negative stride on axis.
        Tensor stored = t.slice(axis, std::nullopt, std::nullopt, -1).copy();
        return stored.slice(axis, std::nullopt, std::nullopt, -1);
    }
    Shape big = t.shape();
    big[std::size_t(axis)] *= 2;
    Tensor wide = Tensor::zeros(big, t.dtype());
    Tensor view = wide.slice(axis, std::nullopt, std::nullopt, 2);
    forEachIndex(t.shape(), [&](const std::vector<std::int64_t>& i) {
        mlwb::tensor::visitDType(t.dtype(), [&]<class T>(T) { view.at<T>(i) = t.at<T>(i); });
    });
    return view;
}

// The same values in a randomly chosen one of those layouts, along a random axis.
inline Tensor randomLayout(std::mt19937_64& rng, const Tensor& t)
{
    const int kind = std::uniform_int_distribution<int>(0, 3)(rng);
    if (t.ndim() == 0 || kind == 0)
        return t.copy();
    if (kind == 1)
        return t.copy(mlwb::tensor::Order::F);
    const std::int64_t axis = std::uniform_int_distribution<std::int64_t>(0, t.ndim() - 1)(rng);
    return inLayout(t, kind == 2 ? Layout::Reversed : Layout::Strided, axis);
}

} // namespace tensortest
