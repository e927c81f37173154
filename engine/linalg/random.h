#pragma once
// The linear-algebra engine's random numbers, drawn from an explicit seeded generator. Both
// are computed here rather than by the standard library's distributions, whose algorithms
// differ between implementations: the same seed gives the same data with any compiler.
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>

namespace mlwb::linalg {

using Rng = std::mt19937_64;

// Uniform in [0, 1), from the top 53 bits.
inline double uniform01(Rng& rng) { return double(rng() >> 11) * 0x1.0p-53; }

// Standard normal by Box–Muller (one of the pair; the log's argument stays in (0, 1]).
inline double standardNormal(Rng& rng)
{
    const double r = std::sqrt(-2.0 * std::log(1.0 - uniform01(rng)));
    return r * std::cos(2.0 * std::numbers::pi * uniform01(rng));
}

// Uniform in {0, …, n − 1}; n > 0.
inline std::uint64_t uniformIndex(Rng& rng, std::uint64_t n) { return std::uint64_t(uniform01(rng) * double(n)) % n; }

} // namespace mlwb::linalg
