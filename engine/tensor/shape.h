#pragma once
// Shapes, their NumPy text form and NumPy's broadcasting rules.
#include "core/input_error.h"

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mlwb::tensor {

// Sizes per axis, outermost first, as NumPy's shape tuple. Strides use the same type (bytes).
using Shape = std::vector<std::int64_t>;
using Strides = std::vector<std::int64_t>;

// Arrays have at most this many axes (NumPy's limit too).
inline constexpr int kMaxDims = 32;

// Two shapes (or more) that cannot be broadcast together, or an output operand whose shape is
// not the broadcast shape.
class BroadcastError : public InputError {
public:
    using InputError::InputError;
};

// An axis number outside [-ndim, ndim), or repeated where axes must be distinct.
class AxisError : public InputError {
public:
    using InputError::InputError;
};

// NumPy's repr of a shape tuple: "(3, 4)", "(5,)", "()".
std::string formatShape(std::span<const std::int64_t> shape);
inline std::string formatShape(std::initializer_list<std::int64_t> shape)
{
    return formatShape(std::span<const std::int64_t>(shape.begin(), shape.size()));
}

// Reads "(3,4)", "3, 4", "(5,)", "5", "()", "" or "[3, 4]". InputError on anything else, naming
// the text and the 1-based column: "invalid shape '(3,x)': expected a number at column 4".
Shape parseShape(std::string_view text);

// Number of elements: the product of the sizes (1 for "()").
std::int64_t shapeSize(std::span<const std::int64_t> shape);

// An axis in [-ndim, ndim) as a position in [0, ndim); AxisError
// "axis 3 is out of range for an array of 2 dimensions" otherwise.
int normalizeAxis(std::int64_t axis, int ndim);
// Several axes, normalized, each at most once (AxisError "axis 1 is repeated" otherwise).
// An empty list means every axis when allIfEmpty.
std::vector<int> normalizeAxes(std::span<const std::int64_t> axes, int ndim, bool allIfEmpty);

// NumPy's broadcasting: align on the right; each axis pair must be equal or one of them 1.
// BroadcastError otherwise, e.g. "cannot broadcast shapes (3, 4) and (5,): axis -1 is 4 vs 5"
// (axes counted from the right, as they are aligned).
Shape broadcastShapes(std::span<const std::int64_t> a, std::span<const std::int64_t> b);
// Any number of shapes: "cannot broadcast shapes (2, 1), (3, 4) and (5,): axis -1 is 4 vs 5".
Shape broadcastShapes(std::span<const Shape> shapes);

// What broadcasting does to one input, axis by axis of the result.
enum class AxisRole {
    Kept,       // the input has this axis at the result's size
    Stretched,  // the input's size is 1 and is repeated to the result's size (zero stride)
    Prepended,  // the input has fewer axes: a size-1 axis is added on the left, then stretched
};

// For the Broadcasting lab: how each input lines up with the result.
struct BroadcastAlignment {
    Shape result;
    std::vector<Shape> inputs;
    std::vector<std::vector<AxisRole>> roles;  // roles[input][result axis]
};
// Throws BroadcastError as broadcastShapes() does.
BroadcastAlignment explainBroadcast(std::span<const Shape> shapes);
// One line per input, e.g. "(3, 1) -> (2, 3, 4): axis 0 prepended (1 -> 2), axis 2 stretched (1 -> 4)".
std::string describe(const BroadcastAlignment& alignment);

} // namespace mlwb::tensor
