#pragma once
// Elementwise operations with NumPy's broadcasting and type promotion.
//
// Every binary operation comes in three forms:
//   Tensor add(a, b);            // a new array of the broadcast shape
//   void   add(a, b, out);       // writes into out, allocates no array memory
//   void   addInPlace(a, b);     // a += b: a's shape must be the broadcast shape
// The result dtype is promoteTypes(a, b) (divide: at least float, comparisons: bool). When an
// output array (out or a) has another dtype, the result is converted into it if NumPy's
// "same_kind" rule allows (float64 into float32 yes, float into int64 no: InputError).
//
// Contiguous operands, scalars and broadcast rows run as tight 1-D loops, short rows in blocks;
// anything else (transposed, negative or zero strides) through one strided N-d loop. Work
// above 262 144 elements (32 768 for exp, log, tanh, sigmoid and power) is split into pieces
// the engine's threads take as they finish (core/parallel_pieces.h).
#include "tensor/tensor.h"

#include <string_view>

namespace mlwb::tensor {

enum class BinaryOp {
    Add, Subtract, Multiply, Divide, Maximum, Minimum, Power,
    Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual,
};
enum class UnaryOp { Exp, Log, Sqrt, Abs, Tanh, Sigmoid, Relu, Negative };

// NumPy's ufunc names: "add", "true_divide" is "divide", "greater_equal", "exp", "relu", …
std::string_view opName(BinaryOp op);
std::string_view opName(UnaryOp op);
// The dtype a binary/unary op produces for these input dtypes.
DType resultType(BinaryOp op, DType a, DType b);
DType resultType(UnaryOp op, DType a);

// Generic forms (for a lab that lets the learner pick the operation).
Tensor binary(BinaryOp op, const Tensor& a, const Tensor& b);
void binary(BinaryOp op, const Tensor& a, const Tensor& b, const Tensor& out);
Tensor unary(UnaryOp op, const Tensor& a);
void unary(UnaryOp op, const Tensor& a, const Tensor& out);

// A 0-d array for a Python-style scalar next to `like`, following NumPy 1.24's value-based
// rule: a float array keeps its dtype (float32 * 0.5 stays float32); an int or bool array
// with a whole number gives int64, with a fractional one float64.
Tensor scalarLike(const Tensor& like, double value);

#define MLWB_TENSOR_BINARY(name, OP)                                                                                  \
    inline Tensor name(const Tensor& a, const Tensor& b) { return binary(BinaryOp::OP, a, b); }                       \
    inline void name(const Tensor& a, const Tensor& b, const Tensor& out) { binary(BinaryOp::OP, a, b, out); }        \
    inline Tensor name(const Tensor& a, double b) { return binary(BinaryOp::OP, a, scalarLike(a, b)); }               \
    inline Tensor name(double a, const Tensor& b) { return binary(BinaryOp::OP, scalarLike(b, a), b); }               \
    inline void name(const Tensor& a, double b, const Tensor& out) { binary(BinaryOp::OP, a, scalarLike(a, b), out); } \
    inline void name##InPlace(const Tensor& a, const Tensor& b) { binary(BinaryOp::OP, a, b, a); }                    \
    inline void name##InPlace(const Tensor& a, double b) { binary(BinaryOp::OP, a, scalarLike(a, b), a); }

MLWB_TENSOR_BINARY(add, Add)
MLWB_TENSOR_BINARY(subtract, Subtract)
MLWB_TENSOR_BINARY(multiply, Multiply)
MLWB_TENSOR_BINARY(divide, Divide)  // true division: int / int gives float64
MLWB_TENSOR_BINARY(maximum, Maximum)  // NaN wins, as in NumPy
MLWB_TENSOR_BINARY(minimum, Minimum)
MLWB_TENSOR_BINARY(power, Power)  // int64 to a negative int64 power is an InputError
MLWB_TENSOR_BINARY(equal, Equal)
MLWB_TENSOR_BINARY(notEqual, NotEqual)
MLWB_TENSOR_BINARY(less, Less)
MLWB_TENSOR_BINARY(lessEqual, LessEqual)
MLWB_TENSOR_BINARY(greater, Greater)
MLWB_TENSOR_BINARY(greaterEqual, GreaterEqual)
#undef MLWB_TENSOR_BINARY

#define MLWB_TENSOR_UNARY(name, OP)                                                                                   \
    inline Tensor name(const Tensor& a) { return unary(UnaryOp::OP, a); }                                             \
    inline void name(const Tensor& a, const Tensor& out) { unary(UnaryOp::OP, a, out); }                              \
    inline void name##InPlace(const Tensor& a) { unary(UnaryOp::OP, a, a); }

// exp, log, sqrt, tanh, sigmoid give float (int64 → float64); abs, relu, negative keep the dtype.
MLWB_TENSOR_UNARY(exp, Exp)
MLWB_TENSOR_UNARY(log, Log)
MLWB_TENSOR_UNARY(sqrt, Sqrt)
MLWB_TENSOR_UNARY(abs, Abs)
MLWB_TENSOR_UNARY(tanh, Tanh)
MLWB_TENSOR_UNARY(sigmoid, Sigmoid)  // 1 / (1 + e^-x), computed without overflow for large |x|
MLWB_TENSOR_UNARY(relu, Relu)        // max(x, 0)
MLWB_TENSOR_UNARY(negative, Negative)
#undef MLWB_TENSOR_UNARY

// np.clip(a, lo, hi): keeps a's dtype; InputError when lo > hi.
Tensor clip(const Tensor& a, double lo, double hi);
void clip(const Tensor& a, double lo, double hi, const Tensor& out);
inline void clipInPlace(const Tensor& a, double lo, double hi) { clip(a, lo, hi, a); }

// np.where(cond, a, b) with three-way broadcasting; cond of another dtype is read as != 0.
Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b);
void where(const Tensor& cond, const Tensor& a, const Tensor& b, const Tensor& out);

// Operators for lab code: a + b, a * 2.0, a < b, -a.
inline Tensor operator+(const Tensor& a, const Tensor& b) { return add(a, b); }
inline Tensor operator-(const Tensor& a, const Tensor& b) { return subtract(a, b); }
inline Tensor operator*(const Tensor& a, const Tensor& b) { return multiply(a, b); }
inline Tensor operator/(const Tensor& a, const Tensor& b) { return divide(a, b); }
inline Tensor operator+(const Tensor& a, double b) { return add(a, b); }
inline Tensor operator-(const Tensor& a, double b) { return subtract(a, b); }
inline Tensor operator*(const Tensor& a, double b) { return multiply(a, b); }
inline Tensor operator/(const Tensor& a, double b) { return divide(a, b); }
inline Tensor operator+(double a, const Tensor& b) { return add(a, b); }
inline Tensor operator-(double a, const Tensor& b) { return subtract(a, b); }
inline Tensor operator*(double a, const Tensor& b) { return multiply(a, b); }
inline Tensor operator/(double a, const Tensor& b) { return divide(a, b); }
inline Tensor operator-(const Tensor& a) { return negative(a); }
inline Tensor operator<(const Tensor& a, const Tensor& b) { return less(a, b); }
inline Tensor operator<=(const Tensor& a, const Tensor& b) { return lessEqual(a, b); }
inline Tensor operator>(const Tensor& a, const Tensor& b) { return greater(a, b); }
inline Tensor operator>=(const Tensor& a, const Tensor& b) { return greaterEqual(a, b); }

} // namespace mlwb::tensor
