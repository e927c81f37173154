#pragma once
// An N-dimensional array as NumPy has it: a shared, reference-counted byte buffer seen
// through a dtype, a shape, strides in bytes and a byte offset. Slicing, transposing,
// broadcasting and most reshapes make views that share the buffer; copy() makes new memory.
//
// Like a NumPy array, a Tensor is a handle: copying a Tensor object copies the handle, not
// the elements, and `const` on a handle does not make the elements read-only.
#include "tensor/dtype.h"
#include "tensor/shape.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace mlwb::tensor {

// Memory layout of new arrays: C (last index varies fastest) or Fortran (first index fastest).
enum class Order { C, F };

// One axis of a basic slice, Python's start:stop:step. Missing start/stop mean "from the
// beginning"/"to the end" in the direction of step (so ::-1 reverses). Out-of-range values are
// clamped as Python does; step 0 is an InputError.
struct Slice {
    std::optional<std::int64_t> start, stop;
    std::int64_t step = 1;
};

class Tensor;

// What reshape() did: a view sharing memory when the strides allow it, a C-order copy otherwise.
struct ReshapeResult;

class Tensor {
public:
    // A 0-d float64 array holding 0.
    Tensor();

    // ---- factories (new memory) ----
    // Uninitialised elements: for outputs that are about to be overwritten.
    static Tensor empty(const Shape& shape, DType dtype = DType::Float64, Order order = Order::C);
    static Tensor zeros(const Shape& shape, DType dtype = DType::Float64, Order order = Order::C);
    static Tensor ones(const Shape& shape, DType dtype = DType::Float64, Order order = Order::C);
    static Tensor full(const Shape& shape, double value, DType dtype = DType::Float64, Order order = Order::C);
    // A 0-d array.
    static Tensor scalar(double value, DType dtype = DType::Float64);
    // np.arange(start, stop, step): ceil((stop - start) / step) values; step 0 is an InputError.
    static Tensor arange(double start, double stop, double step = 1.0, DType dtype = DType::Float64);
    // np.arange(n): int64 0 … n-1.
    static Tensor arange(std::int64_t n);
    // The values laid out in the given order (F: the first index varies fastest) into a new
    // array of that order. InputError when values.size() differs from the shape's size.
    template <Element T> static Tensor fromVector(std::span<const T> values, const Shape& shape, Order order = Order::C);
    template <Element T>
    static Tensor fromVector(const std::vector<T>& values, const Shape& shape, Order order = Order::C)
    {
        return fromVector(std::span<const T>(values.data(), values.size()), shape, order);
    }
    static Tensor fromVector(const std::vector<bool>& values, const Shape& shape, Order order = Order::C)
    {
        std::vector<char> bytes(values.begin(), values.end());  // vector<bool> has no data()
        return fromVector(std::span<const bool>(reinterpret_cast<const bool*>(bytes.data()), bytes.size()), shape, order);
    }
    // 1-D from a list: Tensor::fromList({1.0, 2.0}).
    template <Element T> static Tensor fromList(std::initializer_list<T> values)
    {
        return fromVector(std::span<const T>(values.begin(), values.size()),
                          Shape{static_cast<std::int64_t>(values.size())});
    }

    // ---- description ----
    DType dtype() const { return dtype_; }
    const Shape& shape() const { return shape_; }
    const Strides& strides() const { return strides_; }  // bytes, may be 0 or negative
    std::int64_t offset() const { return offset_; }      // bytes from the buffer's start
    int ndim() const { return static_cast<int>(shape_.size()); }
    std::int64_t size() const;                            // number of elements
    std::int64_t nbytes() const { return size() * static_cast<std::int64_t>(itemsize()); }
    std::size_t itemsize() const { return mlwb::tensor::itemsize(dtype_); }
    std::int64_t dim(std::int64_t axis) const;  // shape()[axis], negative axes allowed
    bool isCContiguous() const;
    bool isFContiguous() const;
    // True when a and b see overlapping bytes of the same buffer (NumPy's may_share_memory:
    // compares the byte ranges the two can reach).
    friend bool sharesMemory(const Tensor& a, const Tensor& b);

    // ---- elements ----
    // Address of the element at index (0, …, 0). InputError when T is not the dtype's type.
    template <Element T> T* data() const;
    std::byte* bytes() const;
    // The element at an index (negative indices count from the end); the reference writes
    // through to the buffer. InputError on a wrong count, an out-of-range index or a wrong T.
    template <Element T> T& at(std::span<const std::int64_t> index) const;
    template <Element T> T& at(std::initializer_list<std::int64_t> index) const
    {
        return at<T>(std::span<const std::int64_t>(index.begin(), index.size()));
    }
    // Any dtype read as double.
    double value(std::span<const std::int64_t> index) const;
    double value(std::initializer_list<std::int64_t> index) const
    {
        return value(std::span<const std::int64_t>(index.begin(), index.size()));
    }
    // The one element of a size-1 array, converted to T; InputError otherwise.
    template <Element T> T item() const;
    // Every element converted to T, in C order (for tests and charts).
    template <Element T> std::vector<T> toVector() const;

    // ---- views (share memory) ----
    Tensor slice(std::int64_t axis, std::optional<std::int64_t> start, std::optional<std::int64_t> stop,
                 std::int64_t step = 1) const;
    // One Slice per leading axis (a[1:3, ::-1]); later axes are kept whole.
    Tensor slice(std::span<const Slice> slices) const;
    Tensor slice(std::initializer_list<Slice> slices) const
    {
        return slice(std::span<const Slice>(slices.begin(), slices.size()));
    }
    // a[..., i, ...] at the given axis: that axis disappears.
    Tensor index(std::int64_t axis, std::int64_t i) const;
    // Axes reversed (a.T).
    Tensor transpose() const;
    // np.transpose(a, axes): axes must be a permutation of 0 … ndim-1 (negatives allowed).
    Tensor permute(std::span<const std::int64_t> axes) const;
    Tensor permute(std::initializer_list<std::int64_t> axes) const
    {
        return permute(std::span<const std::int64_t>(axes.begin(), axes.size()));
    }
    Tensor swapAxes(std::int64_t a, std::int64_t b) const;
    // A new shape with the same number of elements (one size may be -1: inferred), read in C
    // order. A view when the strides allow it, otherwise a C-order copy; the result says which.
    ReshapeResult reshape(const Shape& shape) const;
    // np.broadcast_to: a view with zero strides on stretched axes. Writing through it writes
    // the shared elements. BroadcastError when the shape is not a broadcast of this one.
    Tensor broadcastTo(const Shape& shape) const;
    // np.lib.stride_tricks.sliding_window_view(a, window, axis): that axis becomes
    // n - window + 1 long and a new last axis of length window walks each window.
    Tensor slidingWindowView(std::int64_t window, std::int64_t axis = -1) const;
    // np.lib.stride_tricks.as_strided with a bounds check: every reachable byte must lie inside
    // the buffer (InputError otherwise). Strides in bytes, relative to this view's start.
    Tensor asStrided(const Shape& shape, const Strides& strides) const;
    // Removes every size-1 axis, or just the given one (InputError when its size is not 1).
    Tensor squeeze() const;
    Tensor squeeze(std::int64_t axis) const;
    // Inserts a size-1 axis so that it ends up at position axis (-ndim-1 … ndim).
    Tensor expandDims(std::int64_t axis) const;

    // ---- copies (new memory) ----
    Tensor copy(Order order = Order::C) const;
    // This array when already C-contiguous (no copy), else a C-order copy.
    Tensor contiguous() const;
    // A copy with elements converted as NumPy's astype does (float → int truncates toward 0,
    // anything → bool is "!= 0").
    Tensor astype(DType dtype) const;

    // NumPy's repr: "array([[1., 2.],\n       [3., 4.]])"; large arrays are summarised with
    // "..." as NumPy does beyond 1000 elements (3 items at each edge).
    std::string toString() const;

private:
    struct Storage;
    Tensor(std::shared_ptr<Storage> storage, DType dtype, Shape shape, Strides strides, std::int64_t offset);
    Tensor view(Shape shape, Strides strides, std::int64_t offset) const;
    void requireType(DType t) const;
    std::int64_t byteOffsetOf(std::span<const std::int64_t> index) const;

    std::shared_ptr<Storage> storage_;
    DType dtype_ = DType::Float64;
    Shape shape_;
    Strides strides_;
    std::int64_t offset_ = 0;
};

struct ReshapeResult {
    Tensor tensor;
    bool copied = false;  // false: a view of the original memory
};

// Strides in bytes of a new array of this shape and order (C: last axis itemsize).
Strides contiguousStrides(const Shape& shape, std::size_t itemsize, Order order = Order::C);

// Buffers of 8 MiB and more that tensors release are kept, up to min(1 GiB, RAM / 8), for the
// next new array of the same byte size: the kernel zeroes fresh memory page by page as it is
// first touched, which costs as long as writing a big result. This gives them back to the
// system now (when a lab step or a benchmark is done with its arrays).
void releaseCachedBuffers();

} // namespace mlwb::tensor
