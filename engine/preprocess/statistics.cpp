#include "preprocess/statistics.h"

#include "data/moments.h"

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
    return data::lerp(a, b, t);
}

MeanStd meanAndStd(std::span<const double> values)
{
    const data::Moments m = data::moments(values, 0);
    if (m.count == 0)
        return {};
    return {m.mean, m.std, m.count};
}

} // namespace mlwb::preprocess
