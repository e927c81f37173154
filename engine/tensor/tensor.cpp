#include "tensor/tensor.h"

#include "core/large_allocator.h"
#include "tensor/detail/strided_loop.h"

#include <fmt/format.h>
#include <sanitizer/asan_interface.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <mutex>
#include <new>
#include <numeric>

namespace mlwb::tensor {

// ---- storage ----

namespace {

constexpr std::size_t kHugePage = std::size_t(2) << 20;
// Buffers from this size on are large: whole huge pages, and cached when released.
constexpr std::size_t kLargeBlock = 4 * kHugePage;

// Freed large blocks, kept to serve the next request of the same size (see
// releaseCachedBuffers() in tensor.h). For a new 512 MiB result the kernel's zeroing of fresh
// pages takes longer than computing it; an operation run again (each bench run, a training
// loop, a lab step run once more) instead reuses the block its previous result has just
// released. The oldest blocks go back to the system first.
class BlockCache {
public:
    static BlockCache& instance()
    {
        // Never destroyed: tensors held by static objects may release blocks after it.
        static BlockCache* cache = new BlockCache;
        return *cache;
    }

    void releaseAll()
    {
        const std::lock_guard lock(mutex_);
        for (const Block& b : blocks_) {
            ASAN_UNPOISON_MEMORY_REGION(b.ptr, b.bytes);
            freeLarge(b.ptr, b.bytes);
        }
        blocks_.clear();
        held_ = 0;
    }

    // A cached block of exactly this many bytes, or nullptr.
    std::byte* take(std::size_t bytes)
    {
        const std::lock_guard lock(mutex_);
        for (auto it = blocks_.begin(); it != blocks_.end(); ++it) {
            if (it->bytes != bytes)
                continue;
            std::byte* p = it->ptr;
            held_ -= bytes;
            blocks_.erase(it);
            ASAN_UNPOISON_MEMORY_REGION(p, bytes);
            return p;
        }
        return nullptr;
    }

    // Keeps a block from allocateLarge, or frees it (or older ones) beyond the limit.
    void give(std::byte* p, std::size_t bytes)
    {
        const std::lock_guard lock(mutex_);
        if (bytes > limit_) {
            freeLarge(p, bytes);
            return;
        }
        ASAN_POISON_MEMORY_REGION(p, bytes);  // so AddressSanitizer still reports a use after free
        blocks_.push_back({p, bytes});        // never reallocates: see the constructor
        held_ += bytes;
        while (held_ > limit_) {
            const Block oldest = blocks_.front();
            blocks_.erase(blocks_.begin());
            held_ -= oldest.bytes;
            ASAN_UNPOISON_MEMORY_REGION(oldest.ptr, oldest.bytes);
            freeLarge(oldest.ptr, oldest.bytes);
        }
    }

private:
    struct Block {
        std::byte* ptr;
        std::size_t bytes;
    };

    BlockCache()
    {
        limit_ = std::min(std::size_t(1) << 30, physicalMemoryBytes() / 8);
        // Every cached block has at least kLargeBlock bytes: room for all of them and one more.
        blocks_.reserve(limit_ / kLargeBlock + 1);
    }

    std::mutex mutex_;
    std::vector<Block> blocks_;  // oldest first
    std::size_t held_ = 0;
    std::size_t limit_ = 0;
};

} // namespace

struct Tensor::Storage {
    std::byte* ptr = nullptr;
    std::size_t nbytes = 0;
    std::size_t largeBytes = 0;  // the whole block when it is large, else 0

    explicit Storage(std::size_t n) : nbytes(n)
    {
        if (n >= kLargeBlock) {
            // Large buffers are whole 2 MiB pages from allocateLarge (transparent huge pages: a
            // fresh 500 MB result costs a few hundred page faults instead of 130 000), and come
            // from the cache when possible.
            largeBytes = (n + kHugePage - 1) / kHugePage * kHugePage;
            ptr = BlockCache::instance().take(largeBytes);
            if (!ptr)
                ptr = static_cast<std::byte*>(allocateLarge(largeBytes));
        } else {
            ptr = static_cast<std::byte*>(::operator new(std::max<std::size_t>(n, 1), std::align_val_t{64}));
        }
    }
    ~Storage()
    {
        if (largeBytes > 0)
            BlockCache::instance().give(ptr, largeBytes);
        else
            ::operator delete(ptr, std::align_val_t{64});
    }
    Storage(const Storage&) = delete;
    Storage& operator=(const Storage&) = delete;
};

void releaseCachedBuffers() { BlockCache::instance().releaseAll(); }

Strides contiguousStrides(const Shape& shape, std::size_t itemsize, Order order)
{
    Strides s(shape.size());
    std::int64_t step = static_cast<std::int64_t>(itemsize);
    const auto next = [&](std::size_t i) {
        s[i] = step;
        if (__builtin_mul_overflow(step, std::max<std::int64_t>(shape[i], 1), &step))
            throw InputError(fmt::format("array is too big: the strides of shape {} with {}-byte items do not fit in "
                                         "64 bits",
                                         formatShape(shape), itemsize));
    };
    if (order == Order::C) {
        for (std::size_t i = shape.size(); i-- > 0;)
            next(i);
    } else {
        for (std::size_t i = 0; i < shape.size(); ++i)
            next(i);
    }
    return s;
}

Tensor::Tensor() : Tensor(scalar(0.0)) {}

Tensor::Tensor(std::shared_ptr<Storage> storage, DType dtype, Shape shape, Strides strides, std::int64_t offset)
    : storage_(std::move(storage)), dtype_(dtype), shape_(std::move(shape)), strides_(std::move(strides)),
      offset_(offset)
{
}

Tensor Tensor::view(Shape shape, Strides strides, std::int64_t offset) const
{
    return Tensor(storage_, dtype_, std::move(shape), std::move(strides), offset);
}

// ---- factories ----

namespace {

// The bytes an array of this shape needs, or an error in NumPy's words when the machine cannot
// hold it. More than half the physical memory is refused up front: Linux would grant the
// mapping and then kill the whole program when the pages are touched.
std::size_t checkedBytes(const Shape& shape, DType dtype)
{
    // Sizes of 0 count as 1, as in NumPy: the strides must be representable even when the
    // array holds nothing.
    const std::size_t ram = physicalMemoryBytes();
    std::size_t bytes = itemsize(dtype);
    bool overflow = false;
    for (std::int64_t s : shape)
        overflow = overflow || __builtin_mul_overflow(bytes, static_cast<std::size_t>(std::max<std::int64_t>(s, 1)), &bytes) ||
                   bytes > std::size_t(std::numeric_limits<std::int64_t>::max());
    if (!overflow && std::find(shape.begin(), shape.end(), 0) != shape.end())
        return 0;
    if (!overflow && bytes <= ram / 2)
        return bytes;
    constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
    const std::string size = overflow ? std::string("more bytes than a 64-bit address has")
                                      : fmt::format("{:.3g} GiB", double(bytes) / kGiB);
    throw InputError(fmt::format("unable to allocate {} for an array with shape {} and data type {}: this machine has "
                                 "{:.3g} GiB of memory",
                                 size, formatShape(shape), dtypeName(dtype), double(ram) / kGiB));
}

} // namespace

Tensor Tensor::empty(const Shape& shape, DType dtype, Order order)
{
    if (shape.size() > std::size_t(kMaxDims))
        throw InputError(fmt::format("shape {} has more than {} dimensions", formatShape(shape), kMaxDims));
    for (std::int64_t s : shape)
        if (s < 0)
            throw InputError(fmt::format("negative dimensions are not allowed: shape {}", formatShape(shape)));
    const std::size_t n = checkedBytes(shape, dtype);
    return Tensor(std::make_shared<Storage>(n), dtype, shape, contiguousStrides(shape, mlwb::tensor::itemsize(dtype), order),
                  0);
}

Tensor Tensor::zeros(const Shape& shape, DType dtype, Order order)
{
    Tensor t = empty(shape, dtype, order);
    std::memset(t.storage_->ptr, 0, t.storage_->nbytes);
    return t;
}

Tensor Tensor::ones(const Shape& shape, DType dtype, Order order) { return full(shape, 1.0, dtype, order); }

Tensor Tensor::full(const Shape& shape, double value, DType dtype, Order order)
{
    Tensor t = empty(shape, dtype, order);
    visitDType(dtype, [&]<class T>(T) {
        const T v = detail::convertElement<T>(value);
        std::fill_n(reinterpret_cast<T*>(t.storage_->ptr), t.size(), v);
    });
    return t;
}

Tensor Tensor::scalar(double value, DType dtype) { return full({}, value, dtype); }

Tensor Tensor::arange(double start, double stop, double step, DType dtype)
{
    if (step == 0.0)
        throw InputError("arange: step must not be zero");
    const double count = std::ceil((stop - start) / step);
    const std::int64_t n = count > 0 ? static_cast<std::int64_t>(count) : 0;
    Tensor t = empty({n}, dtype);
    visitDType(dtype, [&]<class T>(T) {
        T* p = reinterpret_cast<T*>(t.storage_->ptr);
        for (std::int64_t i = 0; i < n; ++i)
            p[i] = detail::convertElement<T>(start + double(i) * step);
    });
    return t;
}

Tensor Tensor::arange(std::int64_t n)
{
    Tensor t = empty({std::max<std::int64_t>(n, 0)}, DType::Int64);
    std::iota(reinterpret_cast<std::int64_t*>(t.storage_->ptr), reinterpret_cast<std::int64_t*>(t.storage_->ptr) + t.size(),
              std::int64_t{0});
    return t;
}

template <Element T> Tensor Tensor::fromVector(std::span<const T> values, const Shape& shape, Order order)
{
    Tensor t = empty(shape, dtypeOf<T>(), order);
    if (static_cast<std::int64_t>(values.size()) != t.size())
        throw InputError(fmt::format("cannot make an array of shape {} ({} elements) from {} values",
                                     formatShape(shape), t.size(), values.size()));
    std::copy(values.begin(), values.end(), reinterpret_cast<T*>(t.storage_->ptr));
    return t;
}

template Tensor Tensor::fromVector<bool>(std::span<const bool>, const Shape&, Order);
template Tensor Tensor::fromVector<std::int64_t>(std::span<const std::int64_t>, const Shape&, Order);
template Tensor Tensor::fromVector<float>(std::span<const float>, const Shape&, Order);
template Tensor Tensor::fromVector<double>(std::span<const double>, const Shape&, Order);

// ---- description ----

std::int64_t Tensor::size() const { return shapeSize(shape_); }

std::int64_t Tensor::dim(std::int64_t axis) const { return shape_[static_cast<std::size_t>(normalizeAxis(axis, ndim()))]; }

namespace {
// True when the strides are those of a dense array whose axes, taken in `axes` order from
// the fastest-varying, each step over everything before them. Size-1 axes may have any stride.
bool denseIn(const Shape& shape, const Strides& strides, std::size_t itemsize, const std::vector<std::size_t>& axes)
{
    std::int64_t step = static_cast<std::int64_t>(itemsize);
    for (std::size_t i : axes) {
        if (shape[i] == 0)
            return true;
        if (shape[i] != 1 && strides[i] != step)
            return false;
        step *= shape[i];
    }
    return true;
}
} // namespace

bool Tensor::isCContiguous() const
{
    std::vector<std::size_t> lastFirst(shape_.size());
    std::iota(lastFirst.rbegin(), lastFirst.rend(), std::size_t{0});
    return denseIn(shape_, strides_, itemsize(), lastFirst);
}

bool Tensor::isFContiguous() const
{
    std::vector<std::size_t> firstFirst(shape_.size());
    std::iota(firstFirst.begin(), firstFirst.end(), std::size_t{0});
    return denseIn(shape_, strides_, itemsize(), firstFirst);
}

namespace {
// [lo, hi) byte range a view can reach; empty when it has no elements.
std::pair<std::int64_t, std::int64_t> extent(const Tensor& t)
{
    if (t.size() == 0)
        return {0, 0};
    std::int64_t lo = t.offset(), hi = t.offset();
    for (int d = 0; d < t.ndim(); ++d) {
        const std::int64_t span = (t.shape()[std::size_t(d)] - 1) * t.strides()[std::size_t(d)];
        (span < 0 ? lo : hi) += span;
    }
    return {lo, hi + static_cast<std::int64_t>(t.itemsize())};
}
} // namespace

bool sharesMemory(const Tensor& a, const Tensor& b)
{
    if (a.storage_ != b.storage_)
        return false;
    const auto [alo, ahi] = extent(a);
    const auto [blo, bhi] = extent(b);
    return alo < ahi && blo < bhi && alo < bhi && blo < ahi;
}

// ---- elements ----

void Tensor::requireType(DType t) const
{
    if (t != dtype_)
        throw InputError(fmt::format("the array holds {}, not {}", dtypeName(dtype_), dtypeName(t)));
}

std::byte* Tensor::bytes() const { return storage_->ptr + offset_; }

template <Element T> T* Tensor::data() const
{
    requireType(dtypeOf<T>());
    return reinterpret_cast<T*>(bytes());
}

std::int64_t Tensor::byteOffsetOf(std::span<const std::int64_t> index) const
{
    if (static_cast<int>(index.size()) != ndim())
        throw InputError(fmt::format("{} indices given for an array of shape {}", index.size(), formatShape(shape_)));
    std::int64_t off = offset_;
    for (std::size_t d = 0; d < index.size(); ++d) {
        std::int64_t i = index[d];
        if (i < -shape_[d] || i >= shape_[d])
            throw InputError(fmt::format("index {} is out of range for axis {} with size {}", i, d, shape_[d]));
        if (i < 0)
            i += shape_[d];
        off += i * strides_[d];
    }
    return off;
}

template <Element T> T& Tensor::at(std::span<const std::int64_t> index) const
{
    requireType(dtypeOf<T>());
    return *reinterpret_cast<T*>(storage_->ptr + byteOffsetOf(index));
}

double Tensor::value(std::span<const std::int64_t> index) const
{
    const std::byte* p = storage_->ptr + byteOffsetOf(index);
    return visitDType(dtype_, [&]<class T>(T) { return static_cast<double>(*reinterpret_cast<const T*>(p)); });
}

template <Element T> T Tensor::item() const
{
    if (size() != 1)
        throw InputError(fmt::format("item() needs an array of one element, not shape {}", formatShape(shape_)));
    const std::byte* p = bytes();
    return visitDType(dtype_, [&]<class U>(U) { return detail::convertElement<T>(*reinterpret_cast<const U*>(p)); });
}

template <Element T> std::vector<T> Tensor::toVector() const
{
    Tensor c = dtype_ == dtypeOf<T>() ? contiguous() : astype(dtypeOf<T>());
    const T* p = reinterpret_cast<const T*>(c.bytes());
    return std::vector<T>(p, p + c.size());
}

#define MLWB_INSTANTIATE(T)                                                                                           \
    template T* Tensor::data<T>() const;                                                                              \
    template T& Tensor::at<T>(std::span<const std::int64_t>) const;                                                   \
    template T Tensor::item<T>() const;                                                                               \
    template std::vector<T> Tensor::toVector<T>() const;
MLWB_INSTANTIATE(bool)
MLWB_INSTANTIATE(std::int64_t)
MLWB_INSTANTIATE(float)
MLWB_INSTANTIATE(double)
#undef MLWB_INSTANTIATE

// ---- views ----

Tensor Tensor::slice(std::int64_t axis, std::optional<std::int64_t> start, std::optional<std::int64_t> stop,
                     std::int64_t step) const
{
    const int ax = normalizeAxis(axis, ndim());
    if (step == 0)
        throw InputError(fmt::format("slice step cannot be zero (axis {})", axis));
    const std::int64_t n = shape_[std::size_t(ax)];
    // Python's slice.indices().
    std::int64_t lo, hi;
    if (step > 0) {
        lo = start ? (*start < 0 ? std::max<std::int64_t>(*start + n, 0) : std::min(*start, n)) : 0;
        hi = stop ? (*stop < 0 ? std::max<std::int64_t>(*stop + n, 0) : std::min(*stop, n)) : n;
    } else {
        lo = start ? (*start < 0 ? std::max<std::int64_t>(*start + n, -1) : std::min(*start, n - 1)) : n - 1;
        hi = stop ? (*stop < 0 ? std::max<std::int64_t>(*stop + n, -1) : std::min(*stop, n - 1)) : -1;
    }
    std::int64_t count = 0;
    if (step > 0 && hi > lo)
        count = (hi - lo + step - 1) / step;
    else if (step < 0 && lo > hi)
        count = (lo - hi + (-step) - 1) / (-step);
    Shape shape = shape_;
    Strides strides = strides_;
    shape[std::size_t(ax)] = count;
    strides[std::size_t(ax)] = strides_[std::size_t(ax)] * step;
    const std::int64_t off = count > 0 ? offset_ + lo * strides_[std::size_t(ax)] : offset_;
    return view(std::move(shape), std::move(strides), off);
}

Tensor Tensor::slice(std::span<const Slice> slices) const
{
    if (static_cast<int>(slices.size()) > ndim())
        throw InputError(fmt::format("too many slices: {} for an array of shape {}", slices.size(), formatShape(shape_)));
    Tensor t = *this;
    for (std::size_t i = 0; i < slices.size(); ++i)
        t = t.slice(static_cast<std::int64_t>(i), slices[i].start, slices[i].stop, slices[i].step);
    return t;
}

Tensor Tensor::index(std::int64_t axis, std::int64_t i) const
{
    const int ax = normalizeAxis(axis, ndim());
    const std::int64_t n = shape_[std::size_t(ax)];
    if (i < -n || i >= n)
        throw InputError(fmt::format("index {} is out of range for axis {} with size {}", i, ax, n));
    if (i < 0)
        i += n;
    Shape shape = shape_;
    Strides strides = strides_;
    shape.erase(shape.begin() + ax);
    strides.erase(strides.begin() + ax);
    return view(std::move(shape), std::move(strides), offset_ + i * strides_[std::size_t(ax)]);
}

Tensor Tensor::transpose() const
{
    return view(Shape(shape_.rbegin(), shape_.rend()), Strides(strides_.rbegin(), strides_.rend()), offset_);
}

Tensor Tensor::permute(std::span<const std::int64_t> axes) const
{
    if (static_cast<int>(axes.size()) != ndim())
        throw AxisError(fmt::format("axes ({}) do not match an array of {} dimensions", fmt::join(axes, ", "), ndim()));
    const std::vector<int> ax = normalizeAxes(axes, ndim(), false);
    Shape shape(ax.size());
    Strides strides(ax.size());
    for (std::size_t i = 0; i < ax.size(); ++i) {
        shape[i] = shape_[std::size_t(ax[i])];
        strides[i] = strides_[std::size_t(ax[i])];
    }
    return view(std::move(shape), std::move(strides), offset_);
}

Tensor Tensor::swapAxes(std::int64_t a, std::int64_t b) const
{
    std::vector<std::int64_t> axes(static_cast<std::size_t>(ndim()));
    std::iota(axes.begin(), axes.end(), 0);
    std::swap(axes[std::size_t(normalizeAxis(a, ndim()))], axes[std::size_t(normalizeAxis(b, ndim()))]);
    return permute(axes);
}

ReshapeResult Tensor::reshape(const Shape& requested) const
{
    Shape shape = requested;
    int unknown = -1;
    std::int64_t known = 1;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == -1) {
            if (unknown >= 0)
                throw InputError(fmt::format("cannot reshape to {}: only one size can be -1", formatShape(requested)));
            unknown = int(i);
        } else if (shape[i] < 0) {
            throw InputError(fmt::format("cannot reshape to {}: negative size", formatShape(requested)));
        } else {
            known *= shape[i];
        }
    }
    shapeSize(shape);  // refuses sizes whose product overflows before `known` is trusted
    const std::int64_t n = size();
    if (unknown >= 0) {
        if (known == 0 || n % known != 0)
            throw InputError(fmt::format("cannot reshape array of size {} into shape {}", n, formatShape(requested)));
        shape[std::size_t(unknown)] = n / known;
    } else if (known != n) {
        throw InputError(fmt::format("cannot reshape array of size {} into shape {}", n, formatShape(requested)));
    }
    if (shape.size() > std::size_t(kMaxDims))
        throw InputError(fmt::format("shape {} has more than {} dimensions", formatShape(requested), kMaxDims));
    if (n == 0 || n == 1)
        return {view(shape, contiguousStrides(shape, itemsize()), offset_), false};
    // NumPy's attempt_nocopy_reshape: walk groups of old axes and new axes with equal products;
    // inside a group the old axes must be contiguous relative to each other.
    Shape oshape;
    Strides ostrides;
    for (std::size_t i = 0; i < shape_.size(); ++i)
        if (shape_[i] != 1) {
            oshape.push_back(shape_[i]);
            ostrides.push_back(strides_[i]);
        }
    Strides nstrides(shape.size(), 0);
    std::size_t oi = 0, oj = 1, ni = 0, nj = 1;
    const std::size_t onum = oshape.size(), nnum = shape.size();
    bool ok = true;
    while (ni < nnum && oi < onum) {
        std::int64_t np = shape[ni], op = oshape[oi];
        while (np != op) {
            if (np < op)
                np *= shape[nj++];
            else
                op *= oshape[oj++];
        }
        for (std::size_t k = oi; k < oj - 1; ++k)
            if (ostrides[k] != oshape[k + 1] * ostrides[k + 1]) {
                ok = false;
                break;
            }
        if (!ok)
            break;
        nstrides[nj - 1] = ostrides[oj - 1];
        for (std::size_t k = nj - 1; k > ni; --k)
            nstrides[k - 1] = nstrides[k] * shape[k];
        ni = nj++;
        oi = oj++;
    }
    if (ok) {
        // Trailing size-1 axes.
        const std::int64_t last = ni > 0 ? nstrides[ni - 1] : static_cast<std::int64_t>(itemsize());
        for (std::size_t k = ni; k < nnum; ++k)
            nstrides[k] = last;
        return {view(shape, nstrides, offset_), false};
    }
    Tensor c = copy(Order::C);
    return {c.view(shape, contiguousStrides(shape, itemsize()), c.offset_), true};
}

Tensor Tensor::broadcastTo(const Shape& shape) const
{
    const Shape result = broadcastShapes(shape_, shape);
    if (result != shape)
        throw BroadcastError(fmt::format("cannot broadcast an array of shape {} to shape {}", formatShape(shape_),
                                         formatShape(shape)));
    Strides strides(shape.size(), 0);
    const std::size_t missing = shape.size() - shape_.size();
    for (std::size_t i = 0; i < shape_.size(); ++i)
        strides[missing + i] = shape_[i] == shape[missing + i] ? strides_[i] : 0;
    return view(shape, std::move(strides), offset_);
}

Tensor Tensor::slidingWindowView(std::int64_t window, std::int64_t axis) const
{
    const int ax = normalizeAxis(axis, ndim());
    const std::int64_t n = shape_[std::size_t(ax)];
    if (window < 0 || window > n)
        throw InputError(fmt::format("window of {} does not fit axis {} of size {} (shape {})", window, axis, n,
                                     formatShape(shape_)));
    Shape shape = shape_;
    Strides strides = strides_;
    shape[std::size_t(ax)] = n - window + 1;
    shape.push_back(window);
    strides.push_back(strides_[std::size_t(ax)]);
    if (shape.size() > std::size_t(kMaxDims))
        throw InputError(fmt::format("a window view of shape {} would have more than {} dimensions", formatShape(shape_), kMaxDims));
    return view(std::move(shape), std::move(strides), offset_);
}

Tensor Tensor::asStrided(const Shape& shape, const Strides& strides) const
{
    if (shape.size() != strides.size())
        throw InputError(fmt::format("as_strided: shape {} and strides {} differ in length", formatShape(shape),
                                     formatShape(strides)));
    Tensor t = view(shape, strides, offset_);
    for (std::int64_t s : shape)
        if (s < 0)
            throw InputError(fmt::format("as_strided: negative size in shape {}", formatShape(shape)));
    const auto [lo, hi] = extent(t);
    if (lo < hi && (lo < 0 || hi > static_cast<std::int64_t>(storage_->nbytes)))
        throw InputError(fmt::format("as_strided: shape {} with strides {} reaches outside the array's {}-byte buffer",
                                     formatShape(shape), formatShape(strides), storage_->nbytes));
    return t;
}

Tensor Tensor::squeeze() const
{
    Shape shape;
    Strides strides;
    for (std::size_t i = 0; i < shape_.size(); ++i)
        if (shape_[i] != 1) {
            shape.push_back(shape_[i]);
            strides.push_back(strides_[i]);
        }
    return view(std::move(shape), std::move(strides), offset_);
}

Tensor Tensor::squeeze(std::int64_t axis) const
{
    const int ax = normalizeAxis(axis, ndim());
    if (shape_[std::size_t(ax)] != 1)
        throw InputError(fmt::format("cannot squeeze axis {} of shape {}: its size is {}, not 1", axis,
                                     formatShape(shape_), shape_[std::size_t(ax)]));
    Shape shape = shape_;
    Strides strides = strides_;
    shape.erase(shape.begin() + ax);
    strides.erase(strides.begin() + ax);
    return view(std::move(shape), std::move(strides), offset_);
}

Tensor Tensor::expandDims(std::int64_t axis) const
{
    const int ax = normalizeAxis(axis, ndim() + 1);
    if (ndim() + 1 > kMaxDims)
        throw InputError(fmt::format("cannot add an axis to shape {}: at most {} dimensions", formatShape(shape_), kMaxDims));
    Shape shape = shape_;
    Strides strides = strides_;
    const std::int64_t s = ax < ndim() ? strides_[std::size_t(ax)] * shape_[std::size_t(ax)] : static_cast<std::int64_t>(itemsize());
    shape.insert(shape.begin() + ax, 1);
    strides.insert(strides.begin() + ax, s);
    return view(std::move(shape), std::move(strides), offset_);
}

// ---- copies ----

namespace detail {
void copyInto(const Tensor& out, const Tensor& in)
{
    LoopPlan p;
    planFor(p, out, {&in});
    visitDType(out.dtype(), [&]<class To>(To) {
        visitDType(in.dtype(), [&]<class From>(From) {
            runPlan(p, [](std::int64_t n, std::byte** ptr, const std::int64_t* s) {
                To* o = reinterpret_cast<To*>(ptr[0]);
                const From* a = reinterpret_cast<const From*>(ptr[1]);
                if (s[0] == sizeof(To) && s[1] == sizeof(From)) {
                    for (std::int64_t i = 0; i < n; ++i)
                        o[i] = convertElement<To>(a[i]);
                } else if (s[0] == sizeof(To) && s[1] == 0) {
                    std::fill_n(o, n, convertElement<To>(*a));
                } else {
                    for (std::int64_t i = 0; i < n; ++i)
                        *reinterpret_cast<To*>(ptr[0] + i * s[0]) =
                            convertElement<To>(*reinterpret_cast<const From*>(ptr[1] + i * s[1]));
                }
            });
        });
    });
}
} // namespace detail

Tensor Tensor::copy(Order order) const
{
    Tensor out = empty(shape_, dtype_, order);
    detail::copyInto(out, *this);
    return out;
}

Tensor Tensor::contiguous() const { return isCContiguous() ? *this : copy(Order::C); }

Tensor Tensor::astype(DType dtype) const
{
    Tensor out = empty(shape_, dtype, Order::C);
    detail::copyInto(out, *this);
    return out;
}

} // namespace mlwb::tensor
