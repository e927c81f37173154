#include "tensor/reduce.h"

#include "core/parallel_pieces.h"
#include "tensor/detail/strided_loop.h"
#include "tensor/ops.h"

#include <Eigen/Core>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace mlwb::tensor {

namespace {

// The reduced axes of one input (and, for softmax, of an output of the same shape), merged
// where contiguous, walked as rows along the last one.
struct Block {
    int nd = 0;
    std::int64_t count = 1;
    std::int64_t shape[kMaxDims] = {};
    std::int64_t s0[kMaxDims] = {};
    std::int64_t s1[kMaxDims] = {};
};

// The kept axes: output element k (C order over them) starts at in + offset0, out + offset1.
struct Outer {
    int nd = 0;
    std::int64_t count = 1;
    std::int64_t shape[kMaxDims] = {};
    std::int64_t s0[kMaxDims] = {};
    std::int64_t s1[kMaxDims] = {};
    void offsets(std::int64_t k, std::int64_t& o0, std::int64_t& o1) const
    {
        o0 = o1 = 0;
        for (int d = nd - 1; d >= 0; --d) {
            const std::int64_t i = k % shape[d];
            k /= shape[d];
            o0 += i * s0[d];
            o1 += i * s1[d];
        }
    }
};

struct Split {
    Outer outer;
    Block block;
};

// in: the input; outStrides: strides of an output with the input's full shape (softmax) or
// nullptr (then outer s1 are C strides over the kept axes, in elements of outItem bytes).
Split split(const Tensor& in, const std::vector<int>& axes, const Strides* outStrides, std::int64_t outItem)
{
    Split sp;
    std::vector<bool> reduced(std::size_t(in.ndim()), false);
    for (int a : axes)
        reduced[std::size_t(a)] = true;
    for (int d = 0; d < in.ndim(); ++d) {
        const std::int64_t n = in.shape()[std::size_t(d)];
        const std::int64_t s1 = outStrides ? (*outStrides)[std::size_t(d)] : 0;
        if (reduced[std::size_t(d)]) {
            sp.block.count *= n;
            if (n == 1)
                continue;
            sp.block.shape[sp.block.nd] = n;
            sp.block.s0[sp.block.nd] = in.strides()[std::size_t(d)];
            sp.block.s1[sp.block.nd] = s1;
            ++sp.block.nd;
        } else {
            sp.outer.count *= n;
            sp.outer.shape[sp.outer.nd] = n;
            sp.outer.s0[sp.outer.nd] = in.strides()[std::size_t(d)];
            sp.outer.s1[sp.outer.nd] = s1;
            ++sp.outer.nd;
        }
    }
    if (!outStrides) {
        std::int64_t step = outItem;
        for (int d = sp.outer.nd - 1; d >= 0; --d) {
            sp.outer.s1[d] = step;
            step *= sp.outer.shape[d];
        }
    }
    // Order the block by input stride, largest first, then merge contiguous neighbours.
    Block& b = sp.block;
    for (int i = 1; i < b.nd; ++i)
        for (int j = i; j > 0 && std::llabs(b.s0[j]) > std::llabs(b.s0[j - 1]); --j) {
            std::swap(b.shape[j], b.shape[j - 1]);
            std::swap(b.s0[j], b.s0[j - 1]);
            std::swap(b.s1[j], b.s1[j - 1]);
        }
    int out = b.nd > 0 ? 1 : 0;
    for (int i = 1; i < b.nd; ++i) {
        if (b.s0[out - 1] == b.s0[i] * b.shape[i] && b.s1[out - 1] == b.s1[i] * b.shape[i]) {
            b.shape[out - 1] *= b.shape[i];
            b.s0[out - 1] = b.s0[i];
            b.s1[out - 1] = b.s1[i];
        } else {
            b.shape[out] = b.shape[i];
            b.s0[out] = b.s0[i];
            b.s1[out] = b.s1[i];
            ++out;
        }
    }
    b.nd = out;
    return sp;
}

// Calls row(p0, p1, n, stride0, stride1) for each innermost row of the block.
template <class Row> void forRows(const Block& b, const std::byte* p0, std::byte* p1, Row&& row)
{
    if (b.count == 0)
        return;
    if (b.nd <= 1) {  // one row: the common case, called once per output element
        row(p0, p1, b.nd == 0 ? 1 : b.shape[0], b.s0[0], b.s1[0]);
        return;
    }
    const int last = b.nd - 1;
    // Only the axes in use are cleared: clearing all kMaxDims cost more than a short row's sum.
    std::int64_t idx[kMaxDims];
    std::fill(idx, idx + last, 0);
    for (;;) {
        row(p0, p1, b.shape[last], b.s0[last], b.s1[last]);
        int d = last - 1;
        for (; d >= 0; --d) {
            p0 += b.s0[d];
            p1 += b.s1[d];
            if (++idx[d] < b.shape[d])
                break;
            p0 -= b.shape[d] * b.s0[d];
            p1 -= b.shape[d] * b.s1[d];
            idx[d] = 0;
        }
        if (d < 0)
            return;
    }
}

// Calls run(inPtr, outPtr, count, inStep, outStep) for runs of consecutive output elements
// along the innermost kept axis, covering every output, in parallel when the work is large.
// Each range of outputs finds its first element's offsets by division once, then steps an
// odometer: with short rows (a sum over 16 values) a division per output cost as much as the
// sum. The ranges are handed out as the threads ask for them, several per thread: a thread on
// a core another program keeps busy takes fewer instead of holding up the rest.
// cost: the work per input element relative to a sum's (as a kernel's kCost in strided_loop.h).
template <class Run> void forOutputRuns(const Tensor& in, std::byte* outBase, const Split& sp, Run run, std::int64_t cost = 1)
{
    const Outer& outer = sp.outer;
    const std::int64_t n = outer.count;
    const std::byte* base = in.bytes();
    const int last = outer.nd - 1;
    const auto range = [&](std::int64_t begin, std::int64_t end) {
        if (begin >= end)
            return;
        if (last < 0) {  // a single output
            run(base, outBase, end - begin, 0, 0);
            return;
        }
        std::int64_t idx[kMaxDims];
        std::int64_t o0 = 0, o1 = 0;
        for (std::int64_t d = last, rem = begin; d >= 0; --d) {
            idx[d] = rem % outer.shape[d];
            rem /= outer.shape[d];
            o0 += idx[d] * outer.s0[d];
            o1 += idx[d] * outer.s1[d];
        }
        for (std::int64_t left = end - begin;;) {
            const std::int64_t m = std::min(outer.shape[last] - idx[last], left);
            run(base + o0, outBase + o1, m, outer.s0[last], outer.s1[last]);
            left -= m;
            if (left == 0)
                return;
            o0 -= idx[last] * outer.s0[last];
            o1 -= idx[last] * outer.s1[last];
            idx[last] = 0;
            for (int d = last - 1; d >= 0; --d) {
                o0 += outer.s0[d];
                o1 += outer.s1[d];
                if (++idx[d] < outer.shape[d])
                    break;
                o0 -= outer.shape[d] * outer.s0[d];
                o1 -= outer.shape[d] * outer.s1[d];
                idx[d] = 0;
            }
        }
    };
    const std::int64_t work = n * std::max<std::int64_t>(sp.block.count, 1) * cost;
    if (n < 2 || work < detail::kParallelWork || omp_get_max_threads() == 1 || inParallelWork()) {
        range(0, n);
        return;
    }
    const std::int64_t chunks = detail::chunkCount(work, n);
    forEachPiece(chunks, [&](std::int64_t c) { range(n * c / chunks, n * (c + 1) / chunks); });
}

// Runs body(inPtr, outPtr) for every output element.
template <class Body> void forOutputs(const Tensor& in, std::byte* outBase, const Split& sp, Body body, std::int64_t cost = 1)
{
    forOutputRuns(
        in, outBase, sp,
        [&](const std::byte* x, std::byte* o, std::int64_t m, std::int64_t xs, std::int64_t os) {
            for (std::int64_t r = 0; r < m; ++r)
                body(x + r * xs, o + r * os);
        },
        cost);
}

// An exp per element (logsumexp, softmax) costs about this many sums.
inline constexpr std::int64_t kExpCost = 8;

template <class T> inline const T& el(const std::byte* p, std::int64_t i, std::int64_t s)
{
    return *reinterpret_cast<const T*>(p + i * s);
}

// Sum of a row in double (or int64), four partial sums on contiguous rows.
template <class T, class Acc> inline Acc rowSum(const std::byte* p, std::int64_t n, std::int64_t s)
{
    if (s == sizeof(T)) {
        const T* x = reinterpret_cast<const T*>(p);
        Acc a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        std::int64_t i = 0;
        for (; i + 4 <= n; i += 4) {
            a0 += Acc(x[i]);
            a1 += Acc(x[i + 1]);
            a2 += Acc(x[i + 2]);
            a3 += Acc(x[i + 3]);
        }
        for (; i < n; ++i)
            a0 += Acc(x[i]);
        return (a0 + a1) + (a2 + a3);
    }
    Acc a = 0;
    for (std::int64_t i = 0; i < n; ++i)
        a += Acc(el<T>(p, i, s));
    return a;
}

// Sums of m short contiguous rows of n values (n <= kShortRow), four rows at a time with two
// partial sums each: eight independent additions in flight instead of one row's chain. Every
// row, the last few too, is summed in the same order, so equal rows give equal sums.
inline constexpr std::int64_t kShortRow = 64;

template <class T, class Acc> inline Acc pairSum(const T* x, std::int64_t n)
{
    Acc a0 = 0, a1 = 0;
    std::int64_t i = 0;
    for (; i + 2 <= n; i += 2) {
        a0 += Acc(x[i]);
        a1 += Acc(x[i + 1]);
    }
    return i < n ? (a0 + a1) + Acc(x[i]) : a0 + a1;
}

template <class T, class Acc>
void sumShortRows(const std::byte* in, std::byte* out, std::int64_t m, std::int64_t inStep, std::int64_t outStep,
                  std::int64_t n)
{
    const auto row = [&](std::int64_t r) { return reinterpret_cast<const T*>(in + r * inStep); };
    const auto store = [&](std::int64_t r, Acc v) { *reinterpret_cast<T*>(out + r * outStep) = static_cast<T>(v); };
    std::int64_t r = 0;
    for (; r + 4 <= m; r += 4) {
        const T *x0 = row(r), *x1 = row(r + 1), *x2 = row(r + 2), *x3 = row(r + 3);
        Acc a[4][2] = {};
        std::int64_t i = 0;
        for (; i + 2 <= n; i += 2) {
            a[0][0] += Acc(x0[i]), a[0][1] += Acc(x0[i + 1]);
            a[1][0] += Acc(x1[i]), a[1][1] += Acc(x1[i + 1]);
            a[2][0] += Acc(x2[i]), a[2][1] += Acc(x2[i + 1]);
            a[3][0] += Acc(x3[i]), a[3][1] += Acc(x3[i + 1]);
        }
        const T* xs[4] = {x0, x1, x2, x3};
        for (int j = 0; j < 4; ++j)
            store(r + j, i < n ? (a[j][0] + a[j][1]) + Acc(xs[j][i]) : a[j][0] + a[j][1]);
    }
    for (; r < m; ++r)
        store(r, pairSum<T, Acc>(row(r), n));
}

template <class T> inline T rowMax(const std::byte* p, std::int64_t n, std::int64_t s, T acc)
{
    for (std::int64_t i = 0; i < n; ++i) {
        const T x = el<T>(p, i, s);
        if (x > acc || x != x)
            acc = x;
    }
    return acc;
}

template <class T> inline T rowMin(const std::byte* p, std::int64_t n, std::int64_t s, T acc)
{
    for (std::int64_t i = 0; i < n; ++i) {
        const T x = el<T>(p, i, s);
        if (x < acc || x != x)
            acc = x;
    }
    return acc;
}

Tensor asType(const Tensor& t, DType d) { return t.dtype() == d ? t : t.astype(d); }

struct Prepared {
    Tensor in;
    std::vector<int> axes;
    Shape outShape;      // without keepdims
    Shape keptShape;     // with keepdims
};

Prepared prepare(const Tensor& a, const Axes& axes, DType compute)
{
    Prepared p;
    p.in = asType(a, compute);
    p.axes = normalizeAxes(axes, a.ndim(), true);
    p.outShape = reducedShape(a.shape(), axes, false);
    p.keptShape = reducedShape(a.shape(), axes, true);
    return p;
}

Tensor finish(Tensor out, const Prepared& p, bool keepdims)
{
    return keepdims ? out.reshape(p.keptShape).tensor : out;
}

void requireNonEmpty(std::string_view name, const Tensor& a, const Prepared& p)
{
    for (int ax : p.axes)
        if (a.shape()[std::size_t(ax)] == 0)
            throw InputError(fmt::format("{}: cannot reduce axis {} of shape {}: it is empty and {} has no identity",
                                         name, ax, formatShape(a.shape()), name));
}

enum class Extreme { Max, Min };

Tensor extreme(const Tensor& a, const Axes& axes, bool keepdims, Extreme which)
{
    Prepared p = prepare(a, axes, a.dtype());
    requireNonEmpty(which == Extreme::Max ? "max" : "min", a, p);
    Tensor out = Tensor::empty(p.outShape, a.dtype());
    const Split sp = split(p.in, p.axes, nullptr, std::int64_t(out.itemsize()));
    visitDType(a.dtype(), [&]<class T>(T) {
        forOutputs(p.in, out.bytes(), sp, [&](const std::byte* in, std::byte* o) {
            T acc = *reinterpret_cast<const T*>(in);
            forRows(sp.block, in, nullptr, [&](const std::byte* r, std::byte*, std::int64_t n, std::int64_t s, std::int64_t) {
                acc = which == Extreme::Max ? rowMax<T>(r, n, s, acc) : rowMin<T>(r, n, s, acc);
            });
            *reinterpret_cast<T*>(o) = acc;
        });
    });
    return finish(out, p, keepdims);
}

// Softmax of one contiguous row through Eigen's SIMD exp, several times faster than a
// std::exp per element (it dominated W4_attention). Returns false, touching nothing, when the
// row's maximum is not finite (NaN, +inf, all -inf): the generic loop gives NumPy's answer.
// Eigen's exp clamps its argument (about -88.7 for float) and so returns a tiny subnormal
// where the true value underflows; those are flushed to 0 so a masked (-inf) score gets
// weight exactly 0, as in NumPy.
template <class T> bool softmaxRow(const T* x, T* w, std::int64_t n)
{
    using Row = Eigen::Array<T, Eigen::Dynamic, 1>;
    const Eigen::Map<const Row> in(x, n);
    const T m = in.template maxCoeff<Eigen::PropagateNaN>();
    if (!std::isfinite(m))
        return false;
    Eigen::Map<Row> out(w, n);
    out = (in - m).exp();
    const T scale = T(1) / out.sum();
    const T smallest = std::numeric_limits<T>::min();
    for (std::int64_t i = 0; i < n; ++i)
        w[i] = w[i] < smallest ? T(0) : w[i] * scale;
    return true;
}

// The float type a mean/var/logsumexp/softmax computes and returns.
DType floatOf(DType t) { return floatResultType(t); }

} // namespace

Shape reducedShape(const Shape& shape, const Axes& axes, bool keepdims)
{
    const std::vector<int> ax = normalizeAxes(axes, static_cast<int>(shape.size()), true);
    std::vector<bool> reduced(shape.size(), false);
    for (int a : ax)
        reduced[std::size_t(a)] = true;
    Shape out;
    for (std::size_t d = 0; d < shape.size(); ++d) {
        if (!reduced[d])
            out.push_back(shape[d]);
        else if (keepdims)
            out.push_back(1);
    }
    return out;
}

Tensor sum(const Tensor& a, const Axes& axes, bool keepdims)
{
    const DType t = a.dtype() == DType::Bool ? DType::Int64 : a.dtype();
    Prepared p = prepare(a, axes, t);
    Tensor out = Tensor::empty(p.outShape, t);
    const Split sp = split(p.in, p.axes, nullptr, std::int64_t(out.itemsize()));
    visitDType(t, [&]<class T>(T) {
        using Acc = std::conditional_t<std::is_same_v<T, std::int64_t>, std::int64_t, double>;
        if constexpr (!std::is_same_v<T, bool>) {
            const Block& b = sp.block;
            const bool shortRows = b.nd == 1 && b.s0[0] == sizeof(T) && b.shape[0] <= kShortRow;
            forOutputRuns(p.in, out.bytes(), sp, [&](const std::byte* in, std::byte* o, std::int64_t m, std::int64_t is,
                                                     std::int64_t os) {
                if (shortRows)
                    return sumShortRows<T, Acc>(in, o, m, is, os, b.shape[0]);
                for (std::int64_t k = 0; k < m; ++k) {
                    Acc acc = 0;
                    forRows(b, in + k * is, nullptr, [&](const std::byte* r, std::byte*, std::int64_t n, std::int64_t s, std::int64_t) {
                        acc += rowSum<T, Acc>(r, n, s);
                    });
                    *reinterpret_cast<T*>(o + k * os) = static_cast<T>(acc);
                }
            });
        }
    });
    return finish(out, p, keepdims);
}

Tensor mean(const Tensor& a, const Axes& axes, bool keepdims)
{
    const DType t = floatOf(a.dtype());
    Prepared p = prepare(a, axes, t);
    Tensor s = sum(p.in, axes, keepdims);
    std::int64_t count = 1;
    for (int ax : p.axes)
        count *= a.shape()[std::size_t(ax)];
    divideInPlace(s, Tensor::scalar(double(count), t));
    return s;
}

Tensor var(const Tensor& a, const Axes& axes, bool keepdims, int ddof)
{
    const DType t = floatOf(a.dtype());
    Prepared p = prepare(a, axes, t);
    Tensor out = Tensor::empty(p.outShape, t);
    const Split sp = split(p.in, p.axes, nullptr, std::int64_t(out.itemsize()));
    const double denom = double(sp.block.count - ddof);
    visitDType(t, [&]<class T>(T) {
        if constexpr (std::is_floating_point_v<T>) {
            forOutputs(p.in, out.bytes(), sp, [&](const std::byte* in, std::byte* o) {
                double total = 0;
                forRows(sp.block, in, nullptr, [&](const std::byte* r, std::byte*, std::int64_t n, std::int64_t s, std::int64_t) {
                    total += rowSum<T, double>(r, n, s);
                });
                const double m = total / double(sp.block.count);
                double sq = 0;
                forRows(sp.block, in, nullptr, [&](const std::byte* r, std::byte*, std::int64_t n, std::int64_t s, std::int64_t) {
                    for (std::int64_t i = 0; i < n; ++i) {
                        const double d = double(el<T>(r, i, s)) - m;
                        sq += d * d;
                    }
                });
                *reinterpret_cast<T*>(o) = static_cast<T>(denom > 0 ? sq / denom : std::numeric_limits<double>::quiet_NaN());
            });
        }
    });
    return finish(out, p, keepdims);
}

Tensor max(const Tensor& a, const Axes& axes, bool keepdims) { return extreme(a, axes, keepdims, Extreme::Max); }
Tensor min(const Tensor& a, const Axes& axes, bool keepdims) { return extreme(a, axes, keepdims, Extreme::Min); }

Tensor argmax(const Tensor& a, std::optional<std::int64_t> axis, bool keepdims)
{
    if (!axis) {
        Tensor flat = a.contiguous().reshape({a.size()}).tensor;
        Tensor r = argmax(flat, 0, false);
        return keepdims ? r.reshape(Shape(std::size_t(a.ndim()), 1)).tensor : r;
    }
    const Axes axes{*axis};
    Prepared p = prepare(a, axes, a.dtype());
    requireNonEmpty("argmax", a, p);
    const int ax = p.axes[0];
    const std::int64_t n = a.shape()[std::size_t(ax)];
    const std::int64_t stride = a.strides()[std::size_t(ax)];
    Tensor out = Tensor::empty(p.outShape, DType::Int64);
    const Split sp = split(p.in, p.axes, nullptr, 8);
    visitDType(a.dtype(), [&]<class T>(T) {
        forOutputs(p.in, out.bytes(), sp, [&](const std::byte* in, std::byte* o) {
            std::int64_t best = 0;
            T bv = el<T>(in, 0, stride);
            for (std::int64_t i = 1; i < n && bv == bv; ++i) {
                const T x = el<T>(in, i, stride);
                if (x > bv || x != x) {
                    bv = x;
                    best = i;
                }
            }
            *reinterpret_cast<std::int64_t*>(o) = best;
        });
    });
    return finish(out, p, keepdims);
}

Tensor logsumexp(const Tensor& a, const Axes& axes, bool keepdims)
{
    const DType t = floatOf(a.dtype());
    Prepared p = prepare(a, axes, t);
    requireNonEmpty("logsumexp", a, p);
    Tensor out = Tensor::empty(p.outShape, t);
    const Split sp = split(p.in, p.axes, nullptr, std::int64_t(out.itemsize()));
    visitDType(t, [&]<class T>(T) {
        if constexpr (std::is_floating_point_v<T>) {
            forOutputs(p.in, out.bytes(), sp, [&](const std::byte* in, std::byte* o) {
                T m = *reinterpret_cast<const T*>(in);
                forRows(sp.block, in, nullptr, [&](const std::byte* r, std::byte*, std::int64_t n, std::int64_t s, std::int64_t) {
                    m = rowMax<T>(r, n, s, m);
                });
                if (!std::isfinite(m)) {  // NaN, all -inf, or some +inf: the answer is m itself
                    *reinterpret_cast<T*>(o) = m;
                    return;
                }
                double total = 0;
                forRows(sp.block, in, nullptr, [&](const std::byte* r, std::byte*, std::int64_t n, std::int64_t s, std::int64_t) {
                    for (std::int64_t i = 0; i < n; ++i)
                        total += std::exp(double(el<T>(r, i, s)) - double(m));
                });
                *reinterpret_cast<T*>(o) = static_cast<T>(double(m) + std::log(total));
            }, kExpCost);
        }
    });
    return finish(out, p, keepdims);
}

void softmax(const Tensor& a, const Axes& axes, const Tensor& out)
{
    const DType t = floatOf(a.dtype());
    if (out.shape() != a.shape())
        throw BroadcastError(fmt::format("softmax: output array of shape {} does not match the input's shape {}",
                                         formatShape(out.shape()), formatShape(a.shape())));
    if (out.dtype() != t)
        throw InputError(fmt::format("softmax: the output array holds {}, the result is {}", dtypeName(out.dtype()),
                                     dtypeName(t)));
    Tensor in = asType(a, t);
    const std::vector<int> ax = normalizeAxes(axes, a.ndim(), true);
    const Split sp = split(in, ax, &out.strides(), 0);
    visitDType(t, [&]<class T>(T) {
        if constexpr (std::is_floating_point_v<T>) {
            const bool contiguousRows = sp.block.nd == 1 && sp.block.s0[0] == sizeof(T) && sp.block.s1[0] == sizeof(T);
            forOutputs(in, out.bytes(), sp, [&](const std::byte* x, std::byte* o) {
                if (contiguousRows && softmaxRow(reinterpret_cast<const T*>(x), reinterpret_cast<T*>(o), sp.block.count))
                    return;
                T m = -std::numeric_limits<T>::infinity();
                forRows(sp.block, x, nullptr, [&](const std::byte* r, std::byte*, std::int64_t n, std::int64_t s, std::int64_t) {
                    m = rowMax<T>(r, n, s, m);
                });
                if (std::isinf(m) && m < 0)
                    m = 0;  // every input -inf: exp gives 0 everywhere, 0/0 = nan as NumPy's
                T total = 0;
                forRows(sp.block, x, o, [&](const std::byte* r, std::byte* w, std::int64_t n, std::int64_t s, std::int64_t ws) {
                    if (s == sizeof(T) && ws == sizeof(T)) {
                        const T* xr = reinterpret_cast<const T*>(r);
                        T* wr = reinterpret_cast<T*>(w);
                        for (std::int64_t i = 0; i < n; ++i) {
                            wr[i] = std::exp(xr[i] - m);
                            total += wr[i];
                        }
                    } else {
                        for (std::int64_t i = 0; i < n; ++i) {
                            const T e = std::exp(el<T>(r, i, s) - m);
                            *reinterpret_cast<T*>(w + i * ws) = e;
                            total += e;
                        }
                    }
                });
                const T scale = T(1) / total;
                forRows(sp.block, o, o, [&](const std::byte*, std::byte* w, std::int64_t n, std::int64_t, std::int64_t ws) {
                    for (std::int64_t i = 0; i < n; ++i)
                        *reinterpret_cast<T*>(w + i * ws) *= scale;
                });
            }, kExpCost);
        }
    });
}

Tensor softmax(const Tensor& a, const Axes& axes)
{
    Tensor out = Tensor::empty(a.shape(), floatOf(a.dtype()));
    softmax(a, axes, out);
    return out;
}

} // namespace mlwb::tensor
