#pragma once
// Mean and standard deviation that stay finite whenever the true values are: the sums run
// on values scaled by a power of two (exact, so ordinary data gives the same bits as plain
// sums), since near ±1.7e308 the plain sum and the squares overflow to inf.
#include <cstddef>
#include <span>

namespace mlwb::data {

struct Moments {
    double mean = 0;
    double std = 0;  // inf only when the true standard deviation exceeds DBL_MAX
    std::size_t count = 0;
};

// NaNs are skipped; ddof 0 divides by n (population), 1 by n - 1 (sample). Empty: count 0.
Moments moments(std::span<const double> values, int ddof);

// NumPy's lerp of a and b at t in [0, 1], without overflow when b - a exceeds DBL_MAX.
double lerp(double a, double b, double t);

} // namespace mlwb::data
