#include "tensor/shape.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <limits>

namespace mlwb::tensor {

std::string formatShape(std::span<const std::int64_t> shape)
{
    if (shape.size() == 1)
        return fmt::format("({},)", shape[0]);
    return fmt::format("({})", fmt::join(shape, ", "));
}

Shape parseShape(std::string_view text)
{
    const auto fail = [&](std::size_t pos, std::string_view what) -> Shape {
        throw InputError(fmt::format("invalid shape '{}': {} at column {}", text, what, pos + 1));
    };
    std::size_t i = 0;
    const auto skipSpace = [&] {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
            ++i;
    };
    skipSpace();
    char close = 0;
    if (i < text.size() && (text[i] == '(' || text[i] == '[')) {
        close = text[i] == '(' ? ')' : ']';
        ++i;
    }
    Shape shape;
    for (;;) {
        skipSpace();
        if (i == text.size() || text[i] == close) {
            break;
        }
        if (text[i] == '-')
            return fail(i, "negative dimension");
        if (!std::isdigit(static_cast<unsigned char>(text[i])))
            return fail(i, "expected a number");
        std::int64_t value = 0;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            if (value > (std::numeric_limits<std::int64_t>::max() - 9) / 10)
                return fail(i, "dimension too large");
            value = value * 10 + (text[i] - '0');
            ++i;
        }
        shape.push_back(value);
        if (shape.size() > std::size_t(kMaxDims))
            return fail(i, fmt::format("more than {} dimensions", kMaxDims));
        skipSpace();
        if (i < text.size() && text[i] == ',') {
            ++i;
            continue;
        }
        if (i == text.size() || text[i] == close)
            break;
        return fail(i, "expected ',' or the end");
    }
    if (close) {
        if (i == text.size())
            return fail(i, fmt::format("expected '{}'", close));
        ++i;
    } else if (i < text.size()) {
        return fail(i, "unexpected character");
    }
    skipSpace();
    if (i != text.size())
        return fail(i, "unexpected text after the shape");
    return shape;
}

std::int64_t shapeSize(std::span<const std::int64_t> shape)
{
    // Zero sizes count as 1 in the overflow check, as in NumPy: (0, 2**62, 4) is also too big.
    std::int64_t n = 1;
    bool empty = false;
    for (std::int64_t s : shape) {
        empty = empty || s == 0;
        if (__builtin_mul_overflow(n, std::max<std::int64_t>(s, 1), &n))
            throw InputError(fmt::format("array is too big: shape {} has more elements than a 64-bit count holds",
                                         formatShape(shape)));
    }
    return empty ? 0 : n;
}

int normalizeAxis(std::int64_t axis, int ndim)
{
    if (axis < -ndim || axis >= ndim)
        throw AxisError(fmt::format("axis {} is out of range for an array of {} dimension{}", axis, ndim,
                                    ndim == 1 ? "" : "s"));
    return static_cast<int>(axis < 0 ? axis + ndim : axis);
}

std::vector<int> normalizeAxes(std::span<const std::int64_t> axes, int ndim, bool allIfEmpty)
{
    std::vector<int> out;
    if (axes.empty() && allIfEmpty) {
        for (int i = 0; i < ndim; ++i)
            out.push_back(i);
        return out;
    }
    std::vector<bool> seen(static_cast<std::size_t>(ndim), false);
    for (std::int64_t a : axes) {
        const int n = normalizeAxis(a, ndim);
        if (seen[static_cast<std::size_t>(n)])
            throw AxisError(fmt::format("axis {} is repeated", a));
        seen[static_cast<std::size_t>(n)] = true;
        out.push_back(n);
    }
    return out;
}

namespace {

std::string joinShapes(std::span<const Shape> shapes)
{
    std::string s;
    for (std::size_t i = 0; i < shapes.size(); ++i) {
        if (i > 0)
            s += i + 1 == shapes.size() ? " and " : ", ";
        s += formatShape(shapes[i]);
    }
    return s;
}

} // namespace

Shape broadcastShapes(std::span<const Shape> shapes)
{
    std::size_t nd = 0;
    for (const Shape& s : shapes)
        nd = std::max(nd, s.size());
    Shape result(nd, 1);
    for (std::size_t k = 0; k < nd; ++k) {  // k-th axis from the right
        std::int64_t& r = result[nd - 1 - k];
        for (const Shape& s : shapes) {
            if (k >= s.size())
                continue;
            const std::int64_t d = s[s.size() - 1 - k];
            if (d == r || d == 1)
                continue;
            if (r == 1) {
                r = d;
                continue;
            }
            throw BroadcastError(fmt::format("cannot broadcast shapes {}: axis -{} is {} vs {}", joinShapes(shapes),
                                             k + 1, r, d));
        }
    }
    return result;
}

Shape broadcastShapes(std::span<const std::int64_t> a, std::span<const std::int64_t> b)
{
    const Shape both[2] = {Shape(a.begin(), a.end()), Shape(b.begin(), b.end())};
    return broadcastShapes(both);
}

BroadcastAlignment explainBroadcast(std::span<const Shape> shapes)
{
    BroadcastAlignment out;
    out.result = broadcastShapes(shapes);
    const std::size_t nd = out.result.size();
    for (const Shape& s : shapes) {
        out.inputs.push_back(s);
        std::vector<AxisRole> roles(nd, AxisRole::Kept);
        const std::size_t missing = nd - s.size();
        for (std::size_t i = 0; i < nd; ++i) {
            if (i < missing)
                roles[i] = AxisRole::Prepended;
            else if (s[i - missing] != out.result[i])
                roles[i] = AxisRole::Stretched;
        }
        out.roles.push_back(std::move(roles));
    }
    return out;
}

std::string describe(const BroadcastAlignment& alignment)
{
    std::string text;
    for (std::size_t k = 0; k < alignment.inputs.size(); ++k) {
        text += fmt::format("{} -> {}", formatShape(alignment.inputs[k]), formatShape(alignment.result));
        std::vector<std::string> notes;
        for (std::size_t i = 0; i < alignment.result.size(); ++i) {
            if (alignment.roles[k][i] == AxisRole::Prepended)
                notes.push_back(fmt::format("axis {} prepended (1 -> {})", i, alignment.result[i]));
            else if (alignment.roles[k][i] == AxisRole::Stretched)
                notes.push_back(fmt::format("axis {} stretched (1 -> {})", i, alignment.result[i]));
        }
        text += notes.empty() ? ": unchanged" : ": " + fmt::format("{}", fmt::join(notes, ", "));
        text += '\n';
    }
    return text;
}

} // namespace mlwb::tensor
