#pragma once
// The lab's 2-D targets, each with its exact mean and covariance. Log-densities leave out
// their normalising constants; all have gradients (for MALA).
#include "mcmc/target.h"

#include <cmath>

namespace mlwb::mcmc {

// Zero means, unit variances, correlation ρ ∈ (−1, 1).
class CorrelatedGaussian final : public Target {
public:
    static constexpr int kDimension = 2;
    explicit CorrelatedGaussian(double correlation);
    std::string name() const override { return "correlated Gaussian"; }
    int dimension() const override { return 2; }
    std::vector<std::string> parameterNames() const override { return {"x", "y"}; }
    double logDensity(std::span<const double> p) const override
    {
        return scale_ * (p[0] * p[0] - 2 * rho_ * p[0] * p[1] + p[1] * p[1]);
    }
    bool hasGradient() const override { return true; }
    double logDensityGradient(std::span<const double> p, std::span<double> g) const override
    {
        g[0] = 2 * scale_ * (p[0] - rho_ * p[1]);
        g[1] = 2 * scale_ * (p[1] - rho_ * p[0]);
        return logDensity(p);
    }
    std::optional<Moments> exactMoments() const override;

private:
    double rho_, scale_;  // scale = −1 / (2(1 − ρ²))
};

// Haario, Saksman & Tamminen's twisted Gaussian ("banana"), centred: x ~ N(0, a²) and
// y = z + b(x² − a²) with z ~ N(0, 1). A curved, Rosenbrock-like valley; mean 0 exactly.
class Banana final : public Target {
public:
    struct Options {
        double scale = 2;    // a, the sd of x
        double twist = 0.25; // b; 0 gives an uncorrelated Gaussian
    };
    static constexpr int kDimension = 2;
    explicit Banana(Options options);
    std::string name() const override { return "banana"; }
    int dimension() const override { return 2; }
    std::vector<std::string> parameterNames() const override { return {"x", "y"}; }
    double logDensity(std::span<const double> p) const override
    {
        const double w = valley(p);
        return -0.5 * (p[0] * p[0] / (a_ * a_) + w * w);
    }
    bool hasGradient() const override { return true; }
    double logDensityGradient(std::span<const double> p, std::span<double> g) const override
    {
        const double w = valley(p);
        g[0] = -p[0] / (a_ * a_) + 2 * b_ * p[0] * w;
        g[1] = -w;
        return logDensity(p);
    }
    std::optional<Moments> exactMoments() const override;

private:
    double valley(std::span<const double> p) const { return p[1] - b_ * (p[0] * p[0] - a_ * a_); }
    double a_, b_;
};

// w·N((−s/2, 0), σ²I) + (1 − w)·N((s/2, 0), σ²I): two modes a distance s apart.
class BimodalMixture final : public Target {
public:
    struct Options {
        double separation = 4;  // s
        double sd = 1;          // σ of each component
        double weight = 0.5;    // w, of the left component
    };
    static constexpr int kDimension = 2;
    explicit BimodalMixture(Options options);
    std::string name() const override { return "bimodal mixture"; }
    int dimension() const override { return 2; }
    std::vector<std::string> parameterNames() const override { return {"x", "y"}; }
    double logDensity(std::span<const double> p) const override
    {
        double left, right;
        return components(p, left, right);
    }
    bool hasGradient() const override { return true; }
    double logDensityGradient(std::span<const double> p, std::span<double> g) const override
    {
        double left, right;
        const double lp = components(p, left, right);
        const double rLeft = std::exp(left - lp);  // responsibility of the left mode
        g[0] = -(p[0] - half_ * (1 - 2 * rLeft)) / var_;
        g[1] = -p[1] / var_;
        return lp;
    }
    std::optional<Moments> exactMoments() const override;

private:
    // The two weighted component log-densities and their log-sum-exp.
    double components(std::span<const double> p, double& left, double& right) const
    {
        const double yy = p[1] * p[1];
        left = logWeightLeft_ - ((p[0] + half_) * (p[0] + half_) + yy) / (2 * var_);
        right = logWeightRight_ - ((p[0] - half_) * (p[0] - half_) + yy) / (2 * var_);
        const double top = std::max(left, right);
        return top + std::log1p(std::exp(-std::abs(left - right)));
    }
    double half_, var_, weight_, logWeightLeft_, logWeightRight_;
};

// A ring: the distance from the origin is near r, within about w.
class Donut final : public Target {
public:
    struct Options {
        double radius = 2.5;
        double width = 0.3;
    };
    static constexpr int kDimension = 2;
    explicit Donut(Options options);
    std::string name() const override { return "donut"; }
    int dimension() const override { return 2; }
    std::vector<std::string> parameterNames() const override { return {"x", "y"}; }
    double logDensity(std::span<const double> p) const override
    {
        const double d = std::hypot(p[0], p[1]) - r_;
        return -d * d / (2 * w_ * w_);
    }
    bool hasGradient() const override { return true; }
    double logDensityGradient(std::span<const double> p, std::span<double> g) const override
    {
        const double norm = std::hypot(p[0], p[1]);
        // At the origin every direction is steepest; 0 is as good as any.
        const double f = norm > 0 ? -(norm - r_) / (w_ * w_ * norm) : 0.0;
        g[0] = f * p[0];
        g[1] = f * p[1];
        return logDensity(p);
    }
    std::optional<Moments> exactMoments() const override;

private:
    double r_, w_;
};

// Neal's funnel (2003) on (x, v): v ~ N(0, 3²), x | v ~ N(0, e^v). A neck too narrow for a
// step size that suits the mouth.
class NealsFunnel final : public Target {
public:
    static constexpr int kDimension = 2;
    explicit NealsFunnel(double vSd = 3);
    std::string name() const override { return "Neal's funnel"; }
    int dimension() const override { return 2; }
    std::vector<std::string> parameterNames() const override { return {"x", "v"}; }
    double logDensity(std::span<const double> p) const override
    {
        return -p[1] * p[1] / (2 * vVar_) - 0.5 * p[0] * p[0] * std::exp(-p[1]) - 0.5 * p[1];
    }
    bool hasGradient() const override { return true; }
    double logDensityGradient(std::span<const double> p, std::span<double> g) const override
    {
        const double precision = std::exp(-p[1]);
        g[0] = -p[0] * precision;
        g[1] = -p[1] / vVar_ + 0.5 * p[0] * p[0] * precision - 0.5;
        return -p[1] * p[1] / (2 * vVar_) - 0.5 * p[0] * p[0] * precision - 0.5 * p[1];
    }
    std::optional<Moments> exactMoments() const override;

private:
    double vVar_;
};

} // namespace mlwb::mcmc
