#include "tensor/dtype.h"

#include "core/input_error.h"

#include <fmt/format.h>

namespace mlwb::tensor {

std::string_view dtypeName(DType t)
{
    switch (t) {
    case DType::Bool: return "bool";
    case DType::Int64: return "int64";
    case DType::Float32: return "float32";
    case DType::Float64: break;
    }
    return "float64";
}

DType parseDType(std::string_view name)
{
    if (name == "bool" || name == "?")
        return DType::Bool;
    if (name == "int64" || name == "int" || name == "i8")
        return DType::Int64;
    if (name == "float32" || name == "f4" || name == "single")
        return DType::Float32;
    if (name == "float64" || name == "float" || name == "f8" || name == "double")
        return DType::Float64;
    throw InputError(fmt::format("unknown dtype '{}': expected bool, int64, float32 or float64", name));
}

std::size_t itemsize(DType t)
{
    switch (t) {
    case DType::Bool: return 1;
    case DType::Float32: return 4;
    case DType::Int64:
    case DType::Float64: break;
    }
    return 8;
}

bool isFloating(DType t) { return t == DType::Float32 || t == DType::Float64; }

DType promoteTypes(DType a, DType b)
{
    if ((a == DType::Int64 && b == DType::Float32) || (a == DType::Float32 && b == DType::Int64))
        return DType::Float64;
    return static_cast<int>(a) >= static_cast<int>(b) ? a : b;
}

DType floatResultType(DType t) { return t == DType::Float32 ? DType::Float32 : DType::Float64; }

} // namespace mlwb::tensor
