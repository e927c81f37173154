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
