// Tensor::toString: NumPy's repr, including its summarising of large arrays.
#include "tensor/tensor.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace mlwb::tensor {

namespace {

struct ReprFormat {
    DType dtype;
    bool integral = true;  // floats that are all whole numbers print as "1."
    bool scientific = false;
    int precision = 0;     // digits after the point in fixed notation
};

std::string formatFloat(double v, const ReprFormat& f)
{
    if (std::isnan(v))
        return "nan";
    if (std::isinf(v))
        return v > 0 ? "inf" : "-inf";
    if (f.scientific)
        return fmt::format("{:.{}e}", v, f.precision);
    if (f.integral)
        return fmt::format("{:.0f}.", v);
    // NumPy pads to a common number of decimals with spaces, not zeros: "0.5 " next to "0.25".
    std::string s = fmt::format("{:.{}f}", v, f.precision);
    for (std::size_t i = s.size(); i-- > 0 && s[i] == '0';)
        s[i] = ' ';
    return s;
}

std::string formatElement(const Tensor& t, const std::byte* p, const ReprFormat& f)
{
    switch (t.dtype()) {
    case DType::Bool: return *reinterpret_cast<const bool*>(p) ? "True" : "False";
    case DType::Int64: return fmt::format("{}", *reinterpret_cast<const std::int64_t*>(p));
    case DType::Float32: return formatFloat(*reinterpret_cast<const float*>(p), f);
    case DType::Float64: break;
    }
    return formatFloat(*reinterpret_cast<const double*>(p), f);
}

// Digits after the point needed to show v to 8 significant decimals, trailing zeros dropped.
// Digits after the point that show v. A float32 value is shown by its shortest decimal
// form, as NumPy does: 0.9167f is 0.916700005531… as a double, and printed "0.91670001".
int neededPrecision(double v, DType dtype)
{
    if (dtype == DType::Float32) {
        const std::string shortest = fmt::format("{}", static_cast<float>(v));
        const std::size_t dot = shortest.find('.');
        if (shortest.find_first_of("eE") == std::string::npos)
            return dot == std::string::npos ? 0 : std::min(8, static_cast<int>(shortest.size() - dot - 1));
    }
    std::string s = fmt::format("{:.8f}", v);
    std::size_t dot = s.find('.');
    std::size_t last = s.find_last_not_of('0');
    return last == dot ? 0 : static_cast<int>(last - dot);
}

} // namespace

std::string Tensor::toString() const
{
    const std::int64_t n = size();
    const bool summarise = n > 1000;
    constexpr std::int64_t kEdge = 3;
    // Which indices of an axis are shown.
    const auto shown = [&](std::int64_t len) {
        std::vector<std::int64_t> idx;
        if (summarise && len > 2 * kEdge) {
            for (std::int64_t i = 0; i < kEdge; ++i)
                idx.push_back(i);
            idx.push_back(-1);  // the "..." marker
            for (std::int64_t i = len - kEdge; i < len; ++i)
                idx.push_back(i);
        } else {
            for (std::int64_t i = 0; i < len; ++i)
                idx.push_back(i);
        }
        return idx;
    };
    // First pass: the format for floats over the shown elements.
    ReprFormat f{dtype_};
    std::vector<std::string> cells;
    if (isFloating(dtype_)) {
        double maxAbs = 0, minAbs = INFINITY;
        bool any = false;
        std::vector<std::int64_t> index(shape_.size(), 0);
        std::function<void(std::size_t, std::int64_t)> walk = [&](std::size_t d, std::int64_t off) {
            if (d == shape_.size()) {
                const double v = visitDType(dtype_, [&]<class T>(T) {
                    return double(*reinterpret_cast<const T*>(bytes() + off));
                });
                if (!std::isfinite(v))
                    return;
                any = true;
                if (v != std::floor(v))
                    f.integral = false;
                maxAbs = std::max(maxAbs, std::abs(v));
                if (v != 0)
                    minAbs = std::min(minAbs, std::abs(v));
                f.precision = std::max(f.precision, neededPrecision(v, dtype_));
                return;
            }
            for (std::int64_t i : shown(shape_[d]))
                if (i >= 0)
                    walk(d + 1, off + i * strides_[d]);
        };
        walk(0, 0);  // byte offsets from this view's first element
        if (any && (maxAbs >= 1e16 || (!f.integral && (maxAbs >= 1e8 || minAbs < 1e-4 || maxAbs / minAbs > 1e3)))) {
            f.scientific = true;
            f.integral = false;
            f.precision = 8;
            // Fewest digits that keep every shown value (up to 8).
            int need = 0;
            std::function<void(std::size_t, std::int64_t)> digits = [&](std::size_t d, std::int64_t off) {
                if (d == shape_.size()) {
                    const double v = visitDType(dtype_, [&]<class T>(T) {
                        return double(*reinterpret_cast<const T*>(bytes() + off));
                    });
                    if (!std::isfinite(v))
                        return;
                    std::string s = fmt::format("{:.8e}", v);
                    const std::size_t e = s.find('e');
                    const std::size_t last = s.find_last_not_of('0', e - 1);
                    need = std::max(need, static_cast<int>(last - s.find('.')));
                    return;
                }
                for (std::int64_t i : shown(shape_[d]))
                    if (i >= 0)
                        digits(d + 1, off + i * strides_[d]);
            };
            digits(0, 0);  // byte offsets from this view's first element
            f.precision = std::max(need, 1);
        }
    }
    // Second pass: the strings, padded to a common width.
    std::size_t width = 0;
    {
        std::function<void(std::size_t, std::int64_t)> measure = [&](std::size_t d, std::int64_t off) {
            if (d == shape_.size()) {
                width = std::max(width, formatElement(*this, bytes() + off, f).size());
                return;
            }
            for (std::int64_t i : shown(shape_[d]))
                if (i >= 0)
                    measure(d + 1, off + i * strides_[d]);
        };
        measure(0, 0);  // byte offsets from this view's first element
    }
    const std::string prefix = "array(";
    std::string out = prefix;
    std::function<void(std::size_t, std::int64_t)> emit = [&](std::size_t d, std::int64_t off) {
        if (d == shape_.size()) {
            std::string s = formatElement(*this, bytes() + off, f);
            out += std::string(width - s.size(), ' ') + s;
            return;
        }
        out += '[';
        const std::vector<std::int64_t> idx = shown(shape_[d]);
        const std::size_t rest = shape_.size() - d - 1;
        for (std::size_t k = 0; k < idx.size(); ++k) {
            if (k > 0) {
                out += ',';
                if (rest == 0)
                    out += ' ';
                else
                    out += std::string(rest, '\n') + std::string(prefix.size() + d + 1, ' ');
            }
            if (idx[k] < 0)
                out += "...";
            else
                emit(d + 1, off + idx[k] * strides_[d]);
        }
        out += ']';
    };
    if (n == 0) {
        out += std::string(shape_.size() > 0 ? shape_.size() : 1, '[') + std::string(shape_.size() > 0 ? shape_.size() : 1, ']');
        if (shape_.size() > 1)
            out += fmt::format(", shape={}", formatShape(shape_));
        return out + fmt::format(", dtype={})", dtypeName(dtype_));
    }
    emit(0, 0);  // byte offsets from this view's first element
    if (dtype_ == DType::Float32)
        out += ", dtype=float32";
    return out + ")";
}

} // namespace mlwb::tensor
