#include "mcmc/rng.h"

namespace mlwb::mcmc {

namespace detail {

// Doornik (2005), "An improved ziggurat method to generate normal random samples", with 256
// layers: R is the base strip's right edge and V each layer's area under exp(−x²/2)
// (Marsaglia & Tsang 2000).
const Ziggurat& ziggurat()
{
    static const Ziggurat table = [] {
        constexpr double r = Ziggurat::kEdge;
        constexpr double v = 4.92867323399e-3;
        Ziggurat z{};
        double f = std::exp(-0.5 * r * r);
        z.x[0] = v / f;  // the base strip: the rectangle under f(R) plus the tail
        z.x[1] = r;
        z.x[Ziggurat::kLayers] = 0;
        for (int i = 2; i < Ziggurat::kLayers; ++i) {
            z.x[i] = std::sqrt(-2 * std::log(v / z.x[i - 1] + f));
            f = std::exp(-0.5 * z.x[i] * z.x[i]);
        }
        for (int i = 0; i < Ziggurat::kLayers; ++i)
            z.ratio[i] = z.x[i + 1] / z.x[i];
        return z;
    }();
    return table;
}

} // namespace detail

namespace {
std::uint64_t splitMix64(std::uint64_t& state)
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
}
} // namespace

Rng::Rng(std::uint64_t seed) : zig_(&detail::ziggurat())
{
    for (auto& word : s_)
        word = splitMix64(seed);
}

Rng Rng::stream(std::uint64_t index) const
{
    Rng r = *this;
    for (std::uint64_t i = 0; i < index; ++i)
        r.jump();
    return r;
}

void Rng::fillNormals(std::span<double> out) noexcept
{
    for (double& v : out)
        v = normal();
}

void Rng::fillUniforms(std::span<double> out) noexcept
{
    for (double& v : out)
        v = uniform();
}

// The jump polynomial published with xoshiro256++: equivalent to 2^128 calls.
void Rng::jump() noexcept
{
    static constexpr std::uint64_t kJump[] = {0x180ec6d33cfd0aba, 0xd5a61266f0c9392c, 0xa9582618e03fc9aa,
                                              0x39abdc4529b1661c};
    std::uint64_t s[4] = {0, 0, 0, 0};
    for (const std::uint64_t word : kJump)
        for (int b = 0; b < 64; ++b) {
            if (word & (std::uint64_t{1} << b))
                for (int k = 0; k < 4; ++k)
                    s[k] ^= s_[k];
            (*this)();
        }
    for (int k = 0; k < 4; ++k)
        s_[k] = s[k];
}

// Marsaglia (1964): x = −log(U₁)/R, y = −log(U₂), accepted when 2y > x²; returns R + x.
double Rng::normalTail(bool negative) noexcept
{
    constexpr double r = detail::Ziggurat::kEdge;
    double x, y;
    do {
        x = -std::log(1.0 - uniform()) / r;
        y = -std::log(1.0 - uniform());
    } while (2 * y < x * x);
    return negative ? -(r + x) : r + x;
}

} // namespace mlwb::mcmc
