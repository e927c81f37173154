#include "models/dense.h"

#include "tensor/detail/gemm.h"

#include <cassert>

namespace mlwb::models {

void multiply(ConstView a, ConstView b, MutView c)
{
    assert(a.cols == b.rows && c.rows == a.rows && c.cols == b.cols);
    if (c.rows == 0 || c.cols == 0)
        return;
    if (a.cols == 0) {  // an empty sum
        for (Eigen::Index j = 0; j < c.cols; ++j)
            for (Eigen::Index i = 0; i < c.rows; ++i)
                c.data[i * c.rs + j * c.cs] = 0;
        return;
    }
    using tensor::detail::Strides2;
    tensor::detail::gemmKernels().f64(a.data, Strides2{a.rs, a.cs}, b.data, Strides2{b.rs, b.cs}, c.data,
                                      Strides2{c.rs, c.cs}, a.rows, a.cols, b.cols);
}

void subtractProduct(ConstView a, ConstView b, MutView c)
{
    assert(a.cols == b.rows && c.rows == a.rows && c.cols == b.cols);
    if (c.rows == 0 || c.cols == 0 || a.cols == 0)
        return;
    using tensor::detail::Strides2;
    tensor::detail::gemmKernels().f64Subtract(a.data, Strides2{a.rs, a.cs}, b.data, Strides2{b.rs, b.cs}, c.data,
                                              Strides2{c.rs, c.cs}, a.rows, a.cols, b.cols);
}

} // namespace mlwb::models
