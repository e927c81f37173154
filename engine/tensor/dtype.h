#pragma once
// Element types of a Tensor and NumPy's promotion rules between them.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace mlwb::tensor {

// The element types, ordered as NumPy promotes them: bool < int64 < float32 < float64.
enum class DType { Bool, Int64, Float32, Float64 };

// NumPy's name: "bool", "int64", "float32", "float64".
std::string_view dtypeName(DType t);
// Parses a NumPy name ("float64", "f8", "float", "int64", "int", "bool", "float32", "f4");
// InputError naming the text otherwise.
DType parseDType(std::string_view name);
// Bytes per element: 1, 8, 4, 8.
std::size_t itemsize(DType t);
bool isFloating(DType t);

// np.result_type(a, b) for these types: the larger in the order above, except that
// int64 with float32 gives float64 (float32 cannot hold every int64), as NumPy does.
DType promoteTypes(DType a, DType b);
// The type true division and the float-valued unary functions (exp, log, …) produce:
// float32 stays float32, float64 stays, bool and int64 become float64.
DType floatResultType(DType t);

// The C++ type stored for a DType, and back.
template <class T> constexpr DType dtypeOf();
template <> constexpr DType dtypeOf<bool>() { return DType::Bool; }
template <> constexpr DType dtypeOf<std::int64_t>() { return DType::Int64; }
template <> constexpr DType dtypeOf<float>() { return DType::Float32; }
template <> constexpr DType dtypeOf<double>() { return DType::Float64; }

template <class T>
concept Element = std::is_same_v<T, bool> || std::is_same_v<T, std::int64_t> || std::is_same_v<T, float> ||
                  std::is_same_v<T, double>;

// Calls f(T{}) with the C++ type of t; returns what f returns.
template <class F> decltype(auto) visitDType(DType t, F&& f)
{
    switch (t) {
    case DType::Bool: return f(bool{});
    case DType::Int64: return f(std::int64_t{});
    case DType::Float32: return f(float{});
    case DType::Float64: break;
    }
    return f(double{});
}

} // namespace mlwb::tensor
