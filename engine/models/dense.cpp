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

void gramLower(ConstView a, MutView c)
{
    assert(a.rs == 1 && c.rs == 1 && c.rows == a.cols && c.cols == a.cols);
    if (a.cols == 0)
        return;
    if (a.rows == 0) {  // an empty sum
        for (Eigen::Index j = 0; j < c.cols; ++j)
            for (Eigen::Index i = j; i < c.rows; ++i)
                c.data[i + j * c.cs] = 0;
        return;
    }
    tensor::detail::gemmKernels().f64GramLower(a.data, a.cs, a.rows, a.cols, c.data, c.cs);
}

} // namespace mlwb::models
