#include "preprocess/statistics.h"

#include <algorithm>
#include <cmath>

namespace mlwb::preprocess {

namespace {

// The k-th smallest value, leaving smaller ones before it.
double kth(std::span<double> values, std::size_t k)
{
    std::nth_element(values.begin(), values.begin() + std::ptrdiff_t(k), values.end());
    return values[k];
}

// The smallest value after position k (valid after kth(values, k)).
double nextAfter(std::span<const double> values, std::size_t k)
{
    return *std::min_element(values.begin() + std::ptrdiff_t(k) + 1, values.end());
}

} // namespace

double median(std::span<double> values)
{
    const std::size_t n = values.size();
    const std::size_t mid = n / 2;
    const double upper = kth(values, mid);
    if (n % 2 == 1)
        return upper;
    const double lower = *std::max_element(values.begin(), values.begin() + std::ptrdiff_t(mid));
    return (lower + upper) / 2;
}

double percentile(std::span<double> values, double q)
{
    const double position = q / 100 * double(values.size() - 1);
    const auto below = std::size_t(std::floor(position));
    const double t = position - double(below);
    const double a = kth(values, below);
    if (t == 0)
        return a;
    const double b = nextAfter(values, below);
    // NumPy's _lerp: interpolate from the nearer end so t = 1 gives exactly b.
    const double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

MeanStd meanAndStd(std::span<const double> values)
{
    double sum = 0;
    double lo = INFINITY;
    double hi = -INFINITY;
    std::size_t count = 0;
    for (double v : values) {
        if (std::isnan(v))
            continue;
        sum += v;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        ++count;
    }
    if (count == 0)
        return {};
    if (lo == hi)
        return {lo, 0.0, count};
    const double mean = sum / double(count);
    double squares = 0;
    for (double v : values)
        if (!std::isnan(v))
            squares += (v - mean) * (v - mean);
    return {mean, std::sqrt(squares / double(count)), count};
}

} // namespace mlwb::preprocess
