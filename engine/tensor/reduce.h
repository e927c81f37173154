#pragma once
// Reductions over any set of axes, as NumPy's sum(axis=…, keepdims=…).
//
// `axes` lists axis numbers (negative count from the end, each at most once); an EMPTY list
// means every axis (NumPy's axis=None). With keepdims the reduced axes stay as size 1, so the
// result broadcasts against the input. A bad axis is an AxisError:
// "axis 3 is out of range for an array of 2 dimensions".
#include "tensor/tensor.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace mlwb::tensor {

using Axes = std::vector<std::int64_t>;

// bool and int64 sum to int64; floats keep their dtype (accumulated in double).
Tensor sum(const Tensor& a, const Axes& axes = {}, bool keepdims = false);
// float64 for bool/int64, else the input's float type. NaN for an empty reduction.
Tensor mean(const Tensor& a, const Axes& axes = {}, bool keepdims = false);
// Population variance (divides by n - ddof; ddof = 0 as NumPy's default), two-pass.
Tensor var(const Tensor& a, const Axes& axes = {}, bool keepdims = false, int ddof = 0);
// Keeps the dtype; NaN propagates. InputError on an empty reduction (no identity).
Tensor max(const Tensor& a, const Axes& axes = {}, bool keepdims = false);
Tensor min(const Tensor& a, const Axes& axes = {}, bool keepdims = false);
// Index of the first maximum along one axis (int64), or into the C-order flattened array when
// axis is empty (NumPy's axis=None). The first NaN counts as the maximum.
Tensor argmax(const Tensor& a, std::optional<std::int64_t> axis = std::nullopt, bool keepdims = false);
// log(sum(exp(a))) computed as m + log(sum(exp(a - m))) with m the maximum: no overflow.
Tensor logsumexp(const Tensor& a, const Axes& axes = {}, bool keepdims = false);
// exp(a - max) / sum(exp(a - max)) over the axes (default: the last): stable for huge inputs.
// Same shape as a; float dtype.
Tensor softmax(const Tensor& a, const Axes& axes = {-1});
void softmax(const Tensor& a, const Axes& axes, const Tensor& out);

// The shape a reduction over axes produces (for labs showing "(3, 4) -> (4,)").
Shape reducedShape(const Shape& shape, const Axes& axes, bool keepdims);

} // namespace mlwb::tensor
