#pragma once
// Bayesian linear regression y = Xβ + ε, ε ~ N(0, σ²I), prior β ~ N(0, τ²I), as a target.
// The likelihood needs X and y only through XᵀX, Xᵀy and yᵀy:
//   ‖y − Xβ‖² = yᵀy − 2βᵀXᵀy + βᵀXᵀXβ,
// so a step costs O(p²) whatever the number of rows n. No intercept: standardise X and y
// (standardizeColumns) so that none is needed.
#include "mcmc/target.h"

#include <cmath>

namespace mlwb::mcmc {

struct SufficientStatistics {
    Eigen::MatrixXd xtx;  // XᵀX, p × p
    Eigen::VectorXd xty;  // Xᵀy
    double yty = 0;       // yᵀy
    Eigen::Index rows = 0;
};
// InputError when the shapes disagree, X has no rows or columns, or a value is not finite.
SufficientStatistics sufficientStatistics(const Eigen::MatrixXd& x, const Eigen::VectorXd& y);

// Each column minus its mean, over its population standard deviation (divisor n).
// InputError naming the column (0-based) when it is constant.
Eigen::MatrixXd standardizeColumns(const Eigen::MatrixXd& values);

struct RegressionPrior {
    double priorSd = 10;  // τ
    double noiseSd = 1;   // σ, when known
    // Unknown σ: σ² ~ InverseGamma(shape, scale), independent of β, sampled jointly with β
    // as log σ (the last parameter).
    bool unknownNoise = false;
    double noiseShape = 1, noiseScale = 1;
};

// The exact posterior for known σ: precision A = XᵀX/σ² + I/τ², covariance A⁻¹, mean
// A⁻¹Xᵀy/σ². As τ → ∞ the mean tends to the least-squares solution.
struct ExactPosterior {
    Eigen::VectorXd mean, sd;
    Eigen::MatrixXd covariance;
};
ExactPosterior exactPosterior(const SufficientStatistics& stats, double priorSd, double noiseSd);

class BayesianLinearRegression final : public Target {
public:
    // names: one per feature; empty gives beta1 … betap. InputError for a non-positive sd,
    // shape or scale, or as many names as features.
    BayesianLinearRegression(SufficientStatistics stats, RegressionPrior prior, std::vector<std::string> names = {});

    std::string name() const override { return "Bayesian linear regression"; }
    int dimension() const override { return p_ + (prior_.unknownNoise ? 1 : 0); }
    std::vector<std::string> parameterNames() const override;
    double logDensity(std::span<const double> theta) const override
    {
        if (!prior_.unknownNoise)
            return knownNoise(theta.data(), nullptr);
        return unknownNoise(theta.data(), nullptr);
    }
    bool hasGradient() const override { return true; }
    double logDensityGradient(std::span<const double> theta, std::span<double> g) const override
    {
        if (!prior_.unknownNoise)
            return knownNoise(theta.data(), g.data());
        return unknownNoise(theta.data(), g.data());
    }
    // Known σ only: the exact posterior's mean and covariance.
    std::optional<Moments> exactMoments() const override;
    const SufficientStatistics& statistics() const { return stats_; }
    const RegressionPrior& prior() const { return prior_; }

private:
    // bᵀβ − ½βᵀAβ with A = XᵀX/σ² + I/τ², b = Xᵀy/σ²; gradient b − Aβ.
    double knownNoise(const double* beta, double* g) const
    {
        double lin = 0, quad = 0;
        for (int i = 0; i < p_; ++i) {
            const double* row = &a_[std::size_t(i * p_)];
            double ai = 0;
            for (int j = 0; j < p_; ++j)
                ai += row[j] * beta[j];
            lin += b_[std::size_t(i)] * beta[i];
            quad += beta[i] * ai;
            if (g)
                g[i] = b_[std::size_t(i)] - ai;
        }
        return lin - 0.5 * quad;
    }
    // With s = log σ (the Jacobian of σ² = e^{2s} folded in):
    //   −n·s − RSS(β)·e^{−2s}/2 − βᵀβ/(2τ²) − 2a·s − b·e^{−2s}
    double unknownNoise(const double* theta, double* g) const
    {
        const double s = theta[p_];
        double rss = stats_.yty, betaSq = 0;
        for (int i = 0; i < p_; ++i) {
            const double* row = &xtx_[std::size_t(i * p_)];
            double gi = 0;
            for (int j = 0; j < p_; ++j)
                gi += row[j] * theta[j];
            rss += theta[i] * (gi - 2 * xty_[std::size_t(i)]);
            betaSq += theta[i] * theta[i];
            if (g)
                g[i] = xty_[std::size_t(i)] - gi;  // scaled below, once e^{−2s} is known
        }
        const double invVar = std::exp(-2 * s);
        if (g) {
            for (int i = 0; i < p_; ++i)
                g[i] = g[i] * invVar - theta[i] * invPriorVar_;
            g[p_] = -double(stats_.rows) + rss * invVar - 2 * prior_.noiseShape + 2 * prior_.noiseScale * invVar;
        }
        return -double(stats_.rows) * s - 0.5 * rss * invVar - 0.5 * betaSq * invPriorVar_ -
               2 * prior_.noiseShape * s - prior_.noiseScale * invVar;
    }

    SufficientStatistics stats_;
    RegressionPrior prior_;
    std::vector<std::string> names_;
    int p_;
    double invPriorVar_;
    // Row-major copies for the inner loops: A and b (known σ), XᵀX and Xᵀy (unknown σ).
    std::vector<double> a_, b_, xtx_, xty_;
};

} // namespace mlwb::mcmc
