#include "mcmc/targets2d.h"

#include "core/input_error.h"

#include <fmt/format.h>
#include <numbers>

namespace mlwb::mcmc {

namespace {
void requirePositive(double value, const char* what, const char* target)
{
    if (!(value > 0) || !std::isfinite(value))
        throw InputError(fmt::format("{}: the {} must be a positive number, got {}", target, what, value));
}

Moments diagonalMoments(double mean0, double var0, double var1)
{
    Moments m{Eigen::Vector2d(mean0, 0.0), Eigen::Matrix2d::Zero()};
    m.covariance(0, 0) = var0;
    m.covariance(1, 1) = var1;
    return m;
}
} // namespace

CorrelatedGaussian::CorrelatedGaussian(double correlation) : rho_(correlation)
{
    if (!(std::abs(correlation) < 1))
        throw InputError(fmt::format("correlated Gaussian: the correlation must lie strictly between -1 and 1, got {}",
                                     correlation));
    scale_ = -1 / (2 * (1 - rho_ * rho_));
}

std::optional<Moments> CorrelatedGaussian::exactMoments() const
{
    Moments m = diagonalMoments(0, 1, 1);
    m.covariance(0, 1) = m.covariance(1, 0) = rho_;
    return m;
}

Banana::Banana(Options options) : a_(options.scale), b_(options.twist)
{
    requirePositive(a_, "scale", "banana");
    if (!std::isfinite(b_))
        throw InputError(fmt::format("banana: the twist must be a finite number, got {}", b_));
}

// Var y = 1 + b² Var(x²) = 1 + 2b²a⁴; Cov(x, y) = b E[x³] = 0.
std::optional<Moments> Banana::exactMoments() const
{
    return diagonalMoments(0, a_ * a_, 1 + 2 * b_ * b_ * a_ * a_ * a_ * a_);
}

BimodalMixture::BimodalMixture(Options options)
    : half_(options.separation / 2), var_(options.sd * options.sd), weight_(options.weight)
{
    if (!(options.separation >= 0) || !std::isfinite(options.separation))
        throw InputError(fmt::format("bimodal mixture: the separation must be 0 or more, got {}", options.separation));
    requirePositive(options.sd, "sd", "bimodal mixture");
    if (!(weight_ > 0 && weight_ < 1))
        throw InputError(fmt::format("bimodal mixture: the weight must lie strictly between 0 and 1, got {}", weight_));
    logWeightLeft_ = std::log(weight_);
    logWeightRight_ = std::log1p(-weight_);
}

// The law of total variance: σ²I + w(1 − w)(m₁ − m₂)(m₁ − m₂)ᵀ, with m₁ − m₂ = (−s, 0).
std::optional<Moments> BimodalMixture::exactMoments() const
{
    const double s = 2 * half_;
    return diagonalMoments((1 - 2 * weight_) * half_, var_ + weight_ * (1 - weight_) * s * s, var_);
}

Donut::Donut(Options options) : r_(options.radius), w_(options.width)
{
    requirePositive(r_, "radius", "donut");
    requirePositive(w_, "width", "donut");
}

// The radius R has density ∝ R·φ((R − r)/w) on R > 0 and the angle is uniform, so the mean
// is 0 and the covariance E[R²]/2 · I. With R = r + w·t and a = r/w, the truncated normal
// moments ∫_{−a}^∞ tᵏ φ(t) dt are Φ(a), φ(a), Φ(a) − a·φ(a), (a² + 2)·φ(a) for k = 0…3.
std::optional<Moments> Donut::exactMoments() const
{
    const double a = r_ / w_;
    const double phi = std::exp(-0.5 * a * a) / std::sqrt(2 * std::numbers::pi);
    const double cdf = 0.5 * std::erfc(-a / std::numbers::sqrt2);
    const double m0 = cdf, m1 = phi, m2 = cdf - a * phi, m3 = (a * a + 2) * phi;
    const double r = r_, w = w_;
    const double meanR3 = r * r * r * m0 + 3 * r * r * w * m1 + 3 * r * w * w * m2 + w * w * w * m3;
    const double meanR1 = r * m0 + w * m1;
    const double halfR2 = meanR3 / meanR1 / 2;
    return diagonalMoments(0, halfR2, halfR2);
}

NealsFunnel::NealsFunnel(double vSd) : vVar_(vSd * vSd)
{
    requirePositive(vSd, "sd of v", "Neal's funnel");
}

// Var x = E[Var(x | v)] = E[e^v] = e^{σ²/2}.
std::optional<Moments> NealsFunnel::exactMoments() const
{
    return diagonalMoments(0, std::exp(vVar_ / 2), vVar_);
}

} // namespace mlwb::mcmc
