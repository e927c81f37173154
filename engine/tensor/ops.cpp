#include "tensor/ops.h"

#include "tensor/detail/strided_loop.h"
#include "tensor/detail/vector_math.h"

#include <Eigen/Core>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>

namespace mlwb::tensor {

using detail::LoopPlan;

std::string_view opName(BinaryOp op)
{
    switch (op) {
    case BinaryOp::Add: return "add";
    case BinaryOp::Subtract: return "subtract";
    case BinaryOp::Multiply: return "multiply";
    case BinaryOp::Divide: return "divide";
    case BinaryOp::Maximum: return "maximum";
    case BinaryOp::Minimum: return "minimum";
    case BinaryOp::Power: return "power";
    case BinaryOp::Equal: return "equal";
    case BinaryOp::NotEqual: return "not_equal";
    case BinaryOp::Less: return "less";
    case BinaryOp::LessEqual: return "less_equal";
    case BinaryOp::Greater: return "greater";
    case BinaryOp::GreaterEqual: break;
    }
    return "greater_equal";
}

std::string_view opName(UnaryOp op)
{
    switch (op) {
    case UnaryOp::Exp: return "exp";
    case UnaryOp::Log: return "log";
    case UnaryOp::Sqrt: return "sqrt";
    case UnaryOp::Abs: return "abs";
    case UnaryOp::Tanh: return "tanh";
    case UnaryOp::Sigmoid: return "sigmoid";
    case UnaryOp::Relu: return "relu";
    case UnaryOp::Negative: break;
    }
    return "negative";
}

namespace {

bool isComparison(BinaryOp op) { return op >= BinaryOp::Equal; }

// The dtype the loop computes in.
DType computeType(BinaryOp op, DType a, DType b)
{
    const DType t = promoteTypes(a, b);
    if (op == BinaryOp::Divide)
        return floatResultType(t);
    if (op == BinaryOp::Power && t == DType::Bool)
        return DType::Int64;
    return t;
}

int kind(DType t) { return t == DType::Bool ? 0 : t == DType::Int64 ? 1 : 2; }

void checkOutType(std::string_view name, DType result, const Tensor& out)
{
    if (kind(result) > kind(out.dtype()))
        throw InputError(fmt::format("{}: cannot write {} results into an array of {}", name, dtypeName(result),
                                     dtypeName(out.dtype())));
}

void checkOutShape(const Shape& shape, const Tensor& out)
{
    if (shape != out.shape())
        throw BroadcastError(fmt::format("output array of shape {} does not match the broadcast shape {}",
                                         formatShape(out.shape()), formatShape(shape)));
}

// An input converted to the compute type, and copied when it shares memory with out in any
// other layout (NumPy does the same), so that writing out never changes elements still to be
// read. Holds a pointer to the caller's array when neither is needed: no copy of the handle,
// so the out= path allocates nothing.
class Input {
public:
    Input(const Tensor& in, DType compute, const Tensor& out) : ptr_(&in)
    {
        if (in.dtype() != compute) {
            held_ = in.astype(compute);
            ptr_ = &*held_;
        }
        if (sharesMemory(*ptr_, out) &&
            !(ptr_->offset() == out.offset() && ptr_->shape() == out.shape() && ptr_->strides() == out.strides())) {
            held_ = ptr_->copy();
            ptr_ = &*held_;
        }
    }
    const Tensor& operator*() const { return *ptr_; }
    const Tensor* get() const { return ptr_; }

private:
    std::optional<Tensor> held_;
    const Tensor* ptr_;
};

// ---- the element functions ----

template <class T> inline T ipow(T base, T exp)
{
    T result = 1;
    while (exp > 0) {
        if (exp & 1)
            result *= base;
        base *= base;
        exp >>= 1;
    }
    return result;
}

template <BinaryOp op, class T> inline auto applyBinary(T a, T b)
{
    if constexpr (op == BinaryOp::Add) {
        if constexpr (std::is_same_v<T, bool>) return bool(a || b); else return T(a + b);
    } else if constexpr (op == BinaryOp::Subtract) {
        return T(a - b);
    } else if constexpr (op == BinaryOp::Multiply) {
        if constexpr (std::is_same_v<T, bool>) return bool(a && b); else return T(a * b);
    } else if constexpr (op == BinaryOp::Divide) {
        return T(a / b);
    } else if constexpr (op == BinaryOp::Maximum) {
        return (a >= b || a != a) ? a : b;
    } else if constexpr (op == BinaryOp::Minimum) {
        return (a <= b || a != a) ? a : b;
    } else if constexpr (op == BinaryOp::Power) {
        if constexpr (std::is_same_v<T, std::int64_t>) return ipow(a, b); else return T(std::pow(a, b));
    } else if constexpr (op == BinaryOp::Equal) {
        return a == b;
    } else if constexpr (op == BinaryOp::NotEqual) {
        return a != b;
    } else if constexpr (op == BinaryOp::Less) {
        return a < b;
    } else if constexpr (op == BinaryOp::LessEqual) {
        return a <= b;
    } else if constexpr (op == BinaryOp::Greater) {
        return a > b;
    } else {
        return a >= b;
    }
}

// The stride pattern (all contiguous, or one operand a broadcast scalar) is chosen once per
// block of rows; each row is then a loop the compiler vectorizes.
template <BinaryOp op, class T> struct BinaryKernel {
    using R = decltype(applyBinary<op>(T{}, T{}));
    static constexpr std::int64_t kCost = op == BinaryOp::Power ? 8 : 1;  // see detail::kParallelWork
    void operator()(std::int64_t n, std::byte** p, const std::int64_t* s) const { rows(1, n, p, s, s); }
    void rows(std::int64_t m, std::int64_t n, std::byte** p, const std::int64_t* s, const std::int64_t* rs) const
    {
        constexpr std::int64_t rsz = sizeof(R), tsz = sizeof(T);
        if (s[0] == rsz && s[1] == tsz && s[2] == tsz) {
            eachRow(m, p, rs, [n](R* o, const T* a, const T* b) {
                for (std::int64_t i = 0; i < n; ++i)
                    o[i] = applyBinary<op>(a[i], b[i]);
            });
        } else if (s[0] == rsz && s[1] == 0 && s[2] == tsz) {
            eachRow(m, p, rs, [n](R* o, const T* a, const T* b) {
                const T av = *a;
                for (std::int64_t i = 0; i < n; ++i)
                    o[i] = applyBinary<op>(av, b[i]);
            });
        } else if (s[0] == rsz && s[1] == tsz && s[2] == 0) {
            eachRow(m, p, rs, [n](R* o, const T* a, const T* b) {
                const T bv = *b;
                for (std::int64_t i = 0; i < n; ++i)
                    o[i] = applyBinary<op>(a[i], bv);
            });
        } else {
            for (std::int64_t r = 0; r < m; ++r) {
                std::byte* o = p[0] + r * rs[0];
                const std::byte* a = p[1] + r * rs[1];
                const std::byte* b = p[2] + r * rs[2];
                for (std::int64_t i = 0; i < n; ++i)
                    *reinterpret_cast<R*>(o + i * s[0]) =
                        applyBinary<op>(*reinterpret_cast<const T*>(a + i * s[1]), *reinterpret_cast<const T*>(b + i * s[2]));
            }
        }
    }
    template <class Row> static void eachRow(std::int64_t m, std::byte** p, const std::int64_t* rs, Row row)
    {
        for (std::int64_t r = 0; r < m; ++r)
            row(reinterpret_cast<R*>(p[0] + r * rs[0]), reinterpret_cast<const T*>(p[1] + r * rs[1]),
                reinterpret_cast<const T*>(p[2] + r * rs[2]));
    }
};

template <class T> inline T sigmoidOf(T x)
{
    if (x >= T(0))
        return T(1) / (T(1) + std::exp(-x));
    const T e = std::exp(x);
    return e / (T(1) + e);
}

template <UnaryOp op, class T> inline T applyUnary(T x)
{
    if constexpr (op == UnaryOp::Abs) {
        if constexpr (std::is_same_v<T, bool>) return x; else return x < T(0) ? T(-x) : x;
    } else if constexpr (op == UnaryOp::Relu) {
        if constexpr (std::is_same_v<T, bool>) return x; else return x > T(0) ? x : T(0);
    } else if constexpr (op == UnaryOp::Negative) {
        if constexpr (std::is_same_v<T, bool>) return !x; else return T(-x);
    } else if constexpr (std::is_floating_point_v<T>) {
        if constexpr (op == UnaryOp::Exp) return std::exp(x);
        else if constexpr (op == UnaryOp::Log) return std::log(x);
        else if constexpr (op == UnaryOp::Sqrt) return std::sqrt(x);
        else if constexpr (op == UnaryOp::Tanh) return std::tanh(x);
        else return sigmoidOf(x);
    } else {
        return x;  // never instantiated for a non-float type: inputs are converted first
    }
}

constexpr bool hasVectorForm(UnaryOp op)
{
    return op == UnaryOp::Exp || op == UnaryOp::Log || op == UnaryOp::Tanh || op == UnaryOp::Sigmoid;
}

// A contiguous float or double array through the vector math library (several times faster
// than a std::exp per element; NumPy vectorizes these too). sigmoid is built from exp(-|x|)
// in stack-sized chunks, with sigmoidOf's two stable branches.
template <UnaryOp op, class T> void vectorUnary(const T* a, T* o, std::int64_t n)
{
    using detail::VectorFn;
    if constexpr (op == UnaryOp::Exp) {
        detail::vectorMath(VectorFn::Exp, a, o, n);
    } else if constexpr (op == UnaryOp::Log) {
        detail::vectorMath(VectorFn::Log, a, o, n);
    } else if constexpr (op == UnaryOp::Tanh) {
        detail::vectorMath(VectorFn::Tanh, a, o, n);
    } else {
        constexpr std::int64_t kChunk = 512;
        T e[kChunk];
        for (std::int64_t start = 0; start < n; start += kChunk) {
            const std::int64_t m = std::min(kChunk, n - start);
            for (std::int64_t i = 0; i < m; ++i)
                e[i] = -std::abs(a[start + i]);
            detail::vectorMath(VectorFn::Exp, e, e, m);
            // Into the local buffer, then copied: o may be a, and a loop storing into it would
            // not be vectorized.
            for (std::int64_t i = 0; i < m; ++i)
                e[i] = (a[start + i] >= T(0) ? T(1) : e[i]) / (T(1) + e[i]);
            std::memcpy(o + start, e, std::size_t(m) * sizeof(T));
        }
    }
}

template <UnaryOp op, class T> struct UnaryKernel {
    static constexpr std::int64_t kCost = hasVectorForm(op) ? 8 : 1;  // exp, log, tanh, sigmoid
    void operator()(std::int64_t n, std::byte** p, const std::int64_t* s) const
    {
        T* o = reinterpret_cast<T*>(p[0]);
        const T* a = reinterpret_cast<const T*>(p[1]);
        if constexpr (std::is_floating_point_v<T> && hasVectorForm(op)) {
            if (s[0] == sizeof(T) && s[1] == sizeof(T)) {
                vectorUnary<op>(a, o, n);
                return;
            }
        }
        if constexpr (std::is_floating_point_v<T> && op == UnaryOp::Sqrt) {
            // std::sqrt sets errno for a negative input, which keeps GCC from vectorizing the
            // loop; Eigen's packet sqrt gives the same values (NaN below zero) several at a time.
            if (s[0] == sizeof(T) && s[1] == sizeof(T)) {
                using Row = Eigen::Array<T, Eigen::Dynamic, 1>;
                Eigen::Map<Row>(o, n) = Eigen::Map<const Row>(a, n).sqrt();
                return;
            }
        }
        if (s[0] == sizeof(T) && s[1] == sizeof(T)) {
            for (std::int64_t i = 0; i < n; ++i)
                o[i] = applyUnary<op>(a[i]);
        } else {
            for (std::int64_t i = 0; i < n; ++i)
                *reinterpret_cast<T*>(p[0] + i * s[0]) = applyUnary<op>(*reinterpret_cast<const T*>(p[1] + i * s[1]));
        }
    }
};

template <class T> struct ClipKernel {
    T lo, hi;
    void operator()(std::int64_t n, std::byte** p, const std::int64_t* s) const
    {
        T* o = reinterpret_cast<T*>(p[0]);
        const T* a = reinterpret_cast<const T*>(p[1]);
        const auto f = [this](T x) { return x < lo ? lo : (x > hi ? hi : x); };
        if (s[0] == sizeof(T) && s[1] == sizeof(T)) {
            for (std::int64_t i = 0; i < n; ++i)
                o[i] = f(a[i]);
        } else {
            for (std::int64_t i = 0; i < n; ++i)
                *reinterpret_cast<T*>(p[0] + i * s[0]) = f(*reinterpret_cast<const T*>(p[1] + i * s[1]));
        }
    }
};

template <class T> struct WhereKernel {
    void operator()(std::int64_t n, std::byte** p, const std::int64_t* s) const
    {
        for (std::int64_t i = 0; i < n; ++i)
            *reinterpret_cast<T*>(p[0] + i * s[0]) = *reinterpret_cast<const bool*>(p[1] + i * s[1])
                                                          ? *reinterpret_cast<const T*>(p[2] + i * s[2])
                                                          : *reinterpret_cast<const T*>(p[3] + i * s[3]);
    }
};

template <BinaryOp op> void runBinaryTyped(const LoopPlan& plan, DType t)
{
    visitDType(t, [&]<class T>(T) { detail::runPlan(plan, BinaryKernel<op, T>{}); });
}

void runBinary(BinaryOp op, const LoopPlan& plan, DType t)
{
    switch (op) {
    case BinaryOp::Add: return runBinaryTyped<BinaryOp::Add>(plan, t);
    case BinaryOp::Subtract: return runBinaryTyped<BinaryOp::Subtract>(plan, t);
    case BinaryOp::Multiply: return runBinaryTyped<BinaryOp::Multiply>(plan, t);
    case BinaryOp::Divide: return runBinaryTyped<BinaryOp::Divide>(plan, t);
    case BinaryOp::Maximum: return runBinaryTyped<BinaryOp::Maximum>(plan, t);
    case BinaryOp::Minimum: return runBinaryTyped<BinaryOp::Minimum>(plan, t);
    case BinaryOp::Power: return runBinaryTyped<BinaryOp::Power>(plan, t);
    case BinaryOp::Equal: return runBinaryTyped<BinaryOp::Equal>(plan, t);
    case BinaryOp::NotEqual: return runBinaryTyped<BinaryOp::NotEqual>(plan, t);
    case BinaryOp::Less: return runBinaryTyped<BinaryOp::Less>(plan, t);
    case BinaryOp::LessEqual: return runBinaryTyped<BinaryOp::LessEqual>(plan, t);
    case BinaryOp::Greater: return runBinaryTyped<BinaryOp::Greater>(plan, t);
    case BinaryOp::GreaterEqual: return runBinaryTyped<BinaryOp::GreaterEqual>(plan, t);
    }
}

template <UnaryOp op> void runUnaryTyped(const LoopPlan& plan, DType t)
{
    visitDType(t, [&]<class T>(T) { detail::runPlan(plan, UnaryKernel<op, T>{}); });
}

void runUnary(UnaryOp op, const LoopPlan& plan, DType t)
{
    switch (op) {
    case UnaryOp::Exp: return runUnaryTyped<UnaryOp::Exp>(plan, t);
    case UnaryOp::Log: return runUnaryTyped<UnaryOp::Log>(plan, t);
    case UnaryOp::Sqrt: return runUnaryTyped<UnaryOp::Sqrt>(plan, t);
    case UnaryOp::Abs: return runUnaryTyped<UnaryOp::Abs>(plan, t);
    case UnaryOp::Tanh: return runUnaryTyped<UnaryOp::Tanh>(plan, t);
    case UnaryOp::Sigmoid: return runUnaryTyped<UnaryOp::Sigmoid>(plan, t);
    case UnaryOp::Relu: return runUnaryTyped<UnaryOp::Relu>(plan, t);
    case UnaryOp::Negative: return runUnaryTyped<UnaryOp::Negative>(plan, t);
    }
}

bool floatValued(UnaryOp op) { return op != UnaryOp::Abs && op != UnaryOp::Relu && op != UnaryOp::Negative; }

// Checks and computes the broadcast shape of two operands without allocating (the common
// out= case); falls back to broadcastShapes() for the error message.
bool sameBroadcastShape(const Tensor& a, const Tensor& b, const Tensor& out)
{
    const int nd = out.ndim();
    if (a.ndim() > nd || b.ndim() > nd)
        return false;
    for (int i = 0; i < nd; ++i) {
        const std::int64_t o = out.shape()[std::size_t(i)];
        for (const Tensor* t : {&a, &b}) {
            const int d = i - (nd - t->ndim());
            if (d < 0)
                continue;
            const std::int64_t s = t->shape()[std::size_t(d)];
            if (s != o && s != 1)
                return false;
        }
    }
    // Every out axis must be produced by some operand (or be 1).
    for (int i = 0; i < nd; ++i) {
        const std::int64_t o = out.shape()[std::size_t(i)];
        if (o == 1)
            continue;
        bool produced = false;
        for (const Tensor* t : {&a, &b}) {
            const int d = i - (nd - t->ndim());
            produced = produced || (d >= 0 && t->shape()[std::size_t(d)] == o);
        }
        if (!produced)
            return false;
    }
    return true;
}

} // namespace

DType resultType(BinaryOp op, DType a, DType b) { return isComparison(op) ? DType::Bool : computeType(op, a, b); }

DType resultType(UnaryOp op, DType a) { return floatValued(op) ? floatResultType(a) : a; }

Tensor scalarLike(const Tensor& like, double value)
{
    if (isFloating(like.dtype()))
        return Tensor::scalar(value, like.dtype());
    if (std::isfinite(value) && value == std::trunc(value) && std::abs(value) < 9.2e18)
        return Tensor::scalar(value, DType::Int64);
    return Tensor::scalar(value, DType::Float64);
}

void binary(BinaryOp op, const Tensor& a, const Tensor& b, const Tensor& out)
{
    if (op == BinaryOp::Subtract && a.dtype() == DType::Bool && b.dtype() == DType::Bool)
        throw InputError("subtract: booleans cannot be subtracted (NumPy refuses too); use not_equal for xor");
    if (!sameBroadcastShape(a, b, out))
        checkOutShape(broadcastShapes(a.shape(), b.shape()), out);
    const DType result = resultType(op, a.dtype(), b.dtype());
    checkOutType(opName(op), result, out);
    // Compute in the promoted type; when out holds a narrower type of the same kind
    // (float32 += float64), compute in out's type.
    DType compute = computeType(op, a.dtype(), b.dtype());
    if (!isComparison(op) && out.dtype() != result)
        compute = out.dtype();
    const Input ca(a, compute, out);
    const Input cb(b, compute, out);
    if (op == BinaryOp::Power && compute == DType::Int64) {
        const Tensor negative = less(*cb, Tensor::scalar(0, DType::Int64));
        for (bool n : negative.toVector<bool>())
            if (n)
                throw InputError("power: integers to negative integer powers are not allowed; use float exponents");
    }
    const Tensor* target = &out;
    std::optional<Tensor> staging;
    if (isComparison(op) ? out.dtype() != DType::Bool : out.dtype() != compute) {
        staging = Tensor::empty(out.shape(), isComparison(op) ? DType::Bool : compute);
        target = &*staging;
    }
    LoopPlan plan;
    detail::planFor(plan, *target, {ca.get(), cb.get()});
    runBinary(op, plan, compute);
    if (staging)
        detail::copyInto(out, *staging);
}

Tensor binary(BinaryOp op, const Tensor& a, const Tensor& b)
{
    Tensor out = Tensor::empty(broadcastShapes(a.shape(), b.shape()), resultType(op, a.dtype(), b.dtype()));
    binary(op, a, b, out);
    return out;
}

void unary(UnaryOp op, const Tensor& a, const Tensor& out)
{
    checkOutShape(a.shape(), out);
    const DType result = resultType(op, a.dtype());
    checkOutType(opName(op), result, out);
    const DType compute = out.dtype() == DType::Bool || out.dtype() == DType::Int64 ? result : out.dtype();
    const Input ca(a, compute, out);
    const Tensor* target = &out;
    std::optional<Tensor> staging;
    if (out.dtype() != compute) {
        staging = Tensor::empty(out.shape(), compute);
        target = &*staging;
    }
    LoopPlan plan;
    detail::planFor(plan, *target, {ca.get()});
    runUnary(op, plan, compute);
    if (staging)
        detail::copyInto(out, *staging);
}

Tensor unary(UnaryOp op, const Tensor& a)
{
    Tensor out = Tensor::empty(a.shape(), resultType(op, a.dtype()));
    unary(op, a, out);
    return out;
}

void clip(const Tensor& a, double lo, double hi, const Tensor& out)
{
    if (lo > hi)
        throw InputError(fmt::format("clip: the lower bound {} is above the upper bound {}", lo, hi));
    checkOutShape(a.shape(), out);
    checkOutType("clip", a.dtype(), out);
    const Input ca(a, out.dtype(), out);
    LoopPlan plan;
    detail::planFor(plan, out, {ca.get()});
    visitDType(out.dtype(), [&]<class T>(T) {
        if constexpr (std::is_same_v<T, bool>) {
            detail::runPlan(plan, ClipKernel<T>{lo > 0, hi > 0 || hi < 0});
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
            detail::runPlan(plan, ClipKernel<T>{static_cast<T>(std::ceil(std::max(lo, -9.2e18))),
                                                static_cast<T>(std::floor(std::min(hi, 9.2e18)))});
        } else {
            detail::runPlan(plan, ClipKernel<T>{static_cast<T>(lo), static_cast<T>(hi)});
        }
    });
}

Tensor clip(const Tensor& a, double lo, double hi)
{
    Tensor out = Tensor::empty(a.shape(), a.dtype());
    clip(a, lo, hi, out);
    return out;
}

void where(const Tensor& cond, const Tensor& a, const Tensor& b, const Tensor& out)
{
    const Shape operands[3] = {cond.shape(), a.shape(), b.shape()};
    checkOutShape(broadcastShapes(operands), out);
    const DType result = promoteTypes(a.dtype(), b.dtype());
    checkOutType("where", result, out);
    const Input cc(cond, DType::Bool, out);
    const Input ca(a, out.dtype(), out);
    const Input cb(b, out.dtype(), out);
    LoopPlan plan;
    detail::planFor(plan, out, {cc.get(), ca.get(), cb.get()});
    visitDType(out.dtype(), [&]<class T>(T) { detail::runPlan(plan, WhereKernel<T>{}); });
}

Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b)
{
    const Shape operands[3] = {cond.shape(), a.shape(), b.shape()};
    Tensor out = Tensor::empty(broadcastShapes(operands), promoteTypes(a.dtype(), b.dtype()));
    where(cond, a, b, out);
    return out;
}

} // namespace mlwb::tensor
