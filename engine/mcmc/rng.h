#pragma once
// The samplers' random numbers: xoshiro256++ (Blackman & Vigna 2019) with its jump-ahead, so
// chain c draws from its own stream (the seed's generator advanced c × 2^128 steps) and the
// same seed gives the same samples whatever the number of threads. Normals come from a
// 256-layer ziggurat (Marsaglia & Tsang 2000, in Doornik's 2005 form): about one random word
// and a compare per normal, where Box–Muller costs a log, a sqrt and a cosine.
#include <cmath>
#include <cstdint>
#include <span>

namespace mlwb::mcmc {

namespace detail {
struct Ziggurat {
    static constexpr int kLayers = 256;
    static constexpr double kEdge = 3.6541528853610088;  // R: where the base strip's tail starts
    double x[kLayers + 1];  // right edges of the layers, x[0] the base strip, x[kLayers] = 0
    double ratio[kLayers];  // x[i+1] / x[i]: below it a point lies in the layer's inner box
};
const Ziggurat& ziggurat();  // built once, thread-safe
} // namespace detail

class Rng {
public:
    using result_type = std::uint64_t;

    // The state is the seed expanded by SplitMix64, as the xoshiro authors advise.
    explicit Rng(std::uint64_t seed);
    // This generator advanced by `index` jumps of 2^128 steps: independent stream number `index`.
    Rng stream(std::uint64_t index) const;

    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return ~result_type{0}; }
    result_type operator()() noexcept
    {
        const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform in [0, 1), from the top 53 bits.
    double uniform() noexcept { return double((*this)() >> 11) * 0x1.0p-53; }

    // Standard normal.
    double normal() noexcept
    {
        for (;;) {
            const std::uint64_t bits = (*this)();
            const unsigned layer = unsigned(bits & 0xFF);
            // Bits 11..63 as a signed uniform in [-1, 1): disjoint from the layer's bits.
            const double u = double(std::int64_t(bits) >> 11) * 0x1.0p-52;
            if (std::abs(u) < zig_->ratio[layer])
                return u * zig_->x[layer];
            if (layer == 0)
                return normalTail(u < 0);
            // In the layer's wedge: accept where the point falls under the density.
            const double x = u * zig_->x[layer];
            const double f0 = std::exp(-0.5 * (zig_->x[layer] * zig_->x[layer] - x * x));
            const double f1 = std::exp(-0.5 * (zig_->x[layer + 1] * zig_->x[layer + 1] - x * x));
            if (f1 + uniform() * (f0 - f1) < 1.0)
                return x;
        }
    }

    // Fill `out` with standard normals or uniforms: the samplers draw a batch at a time.
    // Out of line on purpose: inlined, the generator's loop crowded the sampler's registers
    // and cost it 15%.
    void fillNormals(std::span<double> out) noexcept;
    void fillUniforms(std::span<double> out) noexcept;

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    double normalTail(bool negative) noexcept;  // beyond the base strip's edge (rare)
    void jump() noexcept;

    std::uint64_t s_[4];
    const detail::Ziggurat* zig_;
};

} // namespace mlwb::mcmc
