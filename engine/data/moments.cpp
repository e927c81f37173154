#include "data/moments.h"

#include <algorithm>
#include <cmath>

namespace mlwb::data {

Moments moments(std::span<const double> values, int ddof)
{
    double largest = 0, lo = INFINITY, hi = -INFINITY;
    std::size_t count = 0;
    for (const double v : values)
        if (!std::isnan(v)) {
            largest = std::max(largest, std::abs(v));
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            ++count;
        }
    if (count == 0)
        return {};
    const double divisor = double(count) - double(ddof);
    if (lo == hi)  // exactly, where a sum of n copies would round
        return {lo, divisor > 0 ? 0.0 : std::nan(""), count};
    // 2^k with |v| / 2^k below 1; for ordinary magnitudes no scaling at all.
    const int exponent = largest > 1e150 ? std::ilogb(largest) + 1 : 0;
    double sum = 0;
    for (const double v : values)
        if (!std::isnan(v))
            sum += std::ldexp(v, -exponent);
    const double scaledMean = sum / double(count);
    double squares = 0;  // two passes: no cancellation for data far from zero
    for (const double v : values)
        if (!std::isnan(v)) {
            const double d = std::ldexp(v, -exponent) - scaledMean;
            squares += d * d;
        }
    Moments m;
    m.count = count;
    m.mean = std::ldexp(scaledMean, exponent);
    m.std = divisor > 0 ? std::ldexp(std::sqrt(squares / divisor), exponent) : std::nan("");
    return m;
}

double lerp(double a, double b, double t)
{
    const double diff = b - a;
    if (!std::isfinite(diff))
        return a * (1 - t) + b * t;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

} // namespace mlwb::data
