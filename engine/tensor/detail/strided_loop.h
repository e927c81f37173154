#pragma once
// Internal to engine/tensor: the one strided N-d loop every elementwise kernel runs on, in
// NumPy's manner. Operands (operand 0 is the output) are aligned to the output's shape with
// zero strides on broadcast axes; size-1 axes are dropped; axes are ordered by the output's
// strides and merged wherever every operand is contiguous across them, so a contiguous or
// row-broadcast operation becomes a few long 1-D inner loops. The inner kernel gets
// (count, pointers, inner strides in bytes) and picks a tight loop for the stride pattern.
// Everything here works on fixed-size arrays: building and running a plan allocates nothing.
#include "core/parallel_pieces.h"
#include "tensor/tensor.h"

#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>

namespace mlwb::tensor::detail {

inline constexpr int kMaxOperands = 4;
// Below this much work an operation runs on one thread: a parallel region costs some 10 µs,
// and when another program keeps a core busy it can wait a scheduler time slice for the
// thread on that core. Work counts elements of a cheap operation (add, copy, sum); a kernel
// whose elements cost more (exp, pow) declares the factor as kCost.
inline constexpr std::int64_t kParallelWork = 1 << 18;
// The largest piece of parallel work: the threads take pieces as they finish, and the last
// piece a thread slowed by another program holds must be short (a 10-million-value sigmoid in
// 16 pieces waited a millisecond for its last one).
inline constexpr std::int64_t kMaxChunk = 1 << 18;

// How many pieces to cut `work` into, at most `items` (the indivisible units): at least eight
// per thread, so that a thread on a shared core takes fewer, and none above kMaxChunk.
inline std::int64_t chunkCount(std::int64_t work, std::int64_t items)
{
    const std::int64_t wanted = std::max<std::int64_t>(8 * omp_get_max_threads(), work / kMaxChunk);
    return std::clamp<std::int64_t>(wanted, 1, std::max<std::int64_t>(items, 1));
}

template <class Inner> constexpr std::int64_t costOf()
{
    if constexpr (requires { Inner::kCost; })
        return Inner::kCost;
    else
        return 1;
}

struct LoopPlan {
    int ndim = 0;
    int nops = 0;
    std::int64_t size = 0;
    std::int64_t shape[kMaxDims] = {};
    std::byte* ptr[kMaxOperands] = {};
    std::int64_t strides[kMaxOperands][kMaxDims] = {};
};

struct OperandView {
    std::byte* ptr;
    const std::int64_t* shape;
    const std::int64_t* strides;
    int ndim;
};

inline OperandView operandOf(const Tensor& t)
{
    return {t.bytes(), t.shape().data(), t.strides().data(), t.ndim()};
}

// Operands must already be known to broadcast to outShape (the caller checked the shapes).
inline void buildPlan(LoopPlan& p, const std::int64_t* outShape, int outNdim, const OperandView* ops, int nops)
{
    p.nops = nops;
    p.size = 1;
    int nd = 0;
    for (int d = 0; d < outNdim; ++d)
        p.size *= outShape[d];
    for (int k = 0; k < nops; ++k)
        p.ptr[k] = ops[k].ptr;
    // Align right; drop size-1 axes.
    for (int d = 0; d < outNdim; ++d) {
        if (outShape[d] == 1 && p.size != 0)
            continue;
        p.shape[nd] = outShape[d];
        for (int k = 0; k < nops; ++k) {
            const int od = d - (outNdim - ops[k].ndim);
            p.strides[k][nd] = (od < 0 || ops[k].shape[od] == 1) ? 0 : ops[k].strides[od];
        }
        ++nd;
    }
    // Order axes by the output's stride magnitude, largest first (stable insertion sort), so an
    // F-ordered output is walked in memory order too.
    for (int i = 1; i < nd; ++i) {
        for (int j = i; j > 0 && std::llabs(p.strides[0][j]) > std::llabs(p.strides[0][j - 1]); --j) {
            std::swap(p.shape[j], p.shape[j - 1]);
            for (int k = 0; k < nops; ++k)
                std::swap(p.strides[k][j], p.strides[k][j - 1]);
        }
    }
    // Merge axis i into the next inner one when every operand steps across both evenly.
    int out = nd > 0 ? 1 : 0;
    for (int i = 1; i < nd; ++i) {
        bool merge = true;
        for (int k = 0; k < nops && merge; ++k)
            merge = p.strides[k][out - 1] == p.strides[k][i] * p.shape[i];
        if (merge) {
            p.shape[out - 1] *= p.shape[i];
            for (int k = 0; k < nops; ++k)
                p.strides[k][out - 1] = p.strides[k][i];
        } else {
            p.shape[out] = p.shape[i];
            for (int k = 0; k < nops; ++k)
                p.strides[k][out] = p.strides[k][i];
            ++out;
        }
    }
    nd = out;
    if (nd == 0) {
        nd = 1;
        p.shape[0] = 1;
        for (int k = 0; k < nops; ++k)
            p.strides[k][0] = 0;
    }
    p.ndim = nd;
}

// Whole rows of the innermost axis, `rows` of them one step of the next axis apart. A kernel
// may define rows(rows, n, ptrs, strides, rowStrides) to pick its loop for the stride pattern
// once per block instead of once per row: with short rows (a (300, 300, 16) broadcast) that
// choice and the index carry cost more than the row's arithmetic.
template <class Inner>
inline void runRows(Inner& inner, int nops, std::int64_t rows, std::int64_t n, std::byte* const* ptrs,
                    const std::int64_t* strides, const std::int64_t* rowStrides)
{
    if constexpr (requires { inner.rows(rows, n, static_cast<std::byte**>(nullptr), strides, rowStrides); }) {
        std::byte* q[kMaxOperands];
        std::copy(ptrs, ptrs + nops, q);
        inner.rows(rows, n, q, strides, rowStrides);
    } else {
        std::byte* q[kMaxOperands];
        for (std::int64_t r = 0; r < rows; ++r) {
            for (int k = 0; k < nops; ++k)
                q[k] = ptrs[k] + r * rowStrides[k];
            inner(n, q, strides);
        }
    }
}

// Runs inner over the flat iteration range [begin, end) (C order over the plan's axes): a
// partial first row, then blocks of whole rows along the second-innermost axis, then a
// partial last row.
template <class Inner> void runRange(const LoopPlan& p, std::int64_t begin, std::int64_t end, Inner& inner)
{
    if (begin >= end)
        return;
    const int last = p.ndim - 1;
    const int nops = p.nops;
    std::int64_t idx[kMaxDims];
    std::byte* ptrs[kMaxOperands];
    std::int64_t innerStrides[kMaxOperands] = {};
    std::int64_t rowStrides[kMaxOperands] = {};
    std::int64_t rem = begin;
    for (int d = last; d >= 0; --d) {
        idx[d] = rem % p.shape[d];
        rem /= p.shape[d];
    }
    for (int k = 0; k < nops; ++k) {
        ptrs[k] = p.ptr[k];
        for (int d = 0; d <= last; ++d)
            ptrs[k] += idx[d] * p.strides[k][d];
        innerStrides[k] = p.strides[k][last];
        rowStrides[k] = last > 0 ? p.strides[k][last - 1] : 0;
    }
    // Steps axis d (and the ones outside it on overflow) by one.
    const auto carry = [&](int d) {
        for (; d >= 0; --d) {
            ++idx[d];
            for (int k = 0; k < nops; ++k)
                ptrs[k] += p.strides[k][d];
            if (idx[d] < p.shape[d])
                return;
            for (int k = 0; k < nops; ++k)
                ptrs[k] -= p.shape[d] * p.strides[k][d];
            idx[d] = 0;
        }
    };
    const std::int64_t rowLength = p.shape[last];
    std::int64_t left = end - begin;
    while (left > 0) {
        if (last == 0 || idx[last] != 0 || left < rowLength) {
            const std::int64_t n = std::min(rowLength - idx[last], left);
            inner(n, ptrs, innerStrides);
            left -= n;
            if (left == 0)
                return;
            // Back to the start of the row, then on to the next one.
            for (int k = 0; k < nops; ++k)
                ptrs[k] -= idx[last] * innerStrides[k];
            idx[last] = 0;
            carry(last - 1);
        } else {
            const int row = last - 1;
            const std::int64_t rows = std::min(p.shape[row] - idx[row], left / rowLength);
            runRows(inner, nops, rows, rowLength, ptrs, innerStrides, rowStrides);
            left -= rows * rowLength;
            idx[row] += rows;
            for (int k = 0; k < nops; ++k)
                ptrs[k] += rows * rowStrides[k];
            if (idx[row] == p.shape[row]) {
                for (int k = 0; k < nops; ++k)
                    ptrs[k] -= p.shape[row] * rowStrides[k];
                idx[row] = 0;
                carry(row - 1);
            }
        }
    }
}

// Runs the whole plan, in chunks the pool's threads take as they finish, when it is large
// enough. Chunks rather than one even share per thread: on a machine where another program
// keeps a core busy, the thread sharing that core would hold up all the others. inner must
// not throw.
template <class Inner> void runPlan(const LoopPlan& p, Inner inner)
{
    if (p.size == 0)
        return;
    const std::int64_t work = p.size * costOf<Inner>();
    if (work < kParallelWork || omp_get_max_threads() == 1 || inParallelWork()) {
        runRange(p, 0, p.size, inner);
        return;
    }
    // Chunk edges on multiples of 64 elements keep each thread's writes on its own cache lines.
    const std::int64_t chunks = chunkCount(work, p.size / 64);
    const auto edge = [&](std::int64_t i) { return std::min(p.size, (p.size * i / chunks + 63) / 64 * 64); };
    forEachPiece(chunks, [&p, &edge, chunks, inner](std::int64_t c) mutable {
        runRange(p, c == 0 ? 0 : edge(c), c + 1 == chunks ? p.size : edge(c + 1), inner);
    });
}

// Tensor-level helpers.
inline void planFor(LoopPlan& p, const Tensor& out, std::initializer_list<const Tensor*> inputs)
{
    OperandView ops[kMaxOperands];
    int n = 0;
    ops[n++] = operandOf(out);
    for (const Tensor* t : inputs)
        ops[n++] = operandOf(*t);
    buildPlan(p, out.shape().data(), out.ndim(), ops, n);
}

// Converts one element; float → int64 outside the range (or NaN) gives INT64_MIN as NumPy does.
template <class To, class From> inline To convertElement(From v)
{
    if constexpr (std::is_same_v<To, std::int64_t> && std::is_floating_point_v<From>) {
        if (!(v >= From(-9.2233720368547758e18) && v < From(9.2233720368547758e18)))
            return INT64_MIN;
        return static_cast<To>(v);
    } else {
        return static_cast<To>(v);
    }
}

// out[...] = convert(in[...]) for already-broadcast-compatible shapes.
void copyInto(const Tensor& out, const Tensor& in);

} // namespace mlwb::tensor::detail
