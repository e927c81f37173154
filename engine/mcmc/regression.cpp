#include "mcmc/regression.h"

#include "core/input_error.h"

#include <Eigen/Cholesky>
#include <fmt/format.h>

namespace mlwb::mcmc {

SufficientStatistics sufficientStatistics(const Eigen::MatrixXd& x, const Eigen::VectorXd& y)
{
    if (x.rows() != y.size())
        throw InputError(fmt::format("regression: X has {} rows but y has {} values", x.rows(), y.size()));
    if (x.rows() == 0 || x.cols() == 0)
        throw InputError(fmt::format("regression: X is empty ({} × {})", x.rows(), x.cols()));
    if (!x.allFinite() || !y.allFinite())
        throw InputError("regression: X and y must not contain NaN or infinite values");
    SufficientStatistics s;
    s.xtx = x.transpose() * x;
    s.xty = x.transpose() * y;
    s.yty = y.squaredNorm();
    s.rows = x.rows();
    return s;
}

Eigen::MatrixXd standardizeColumns(const Eigen::MatrixXd& values)
{
    if (values.rows() < 2)
        throw InputError(fmt::format("standardising needs at least 2 rows, got {}", values.rows()));
    Eigen::MatrixXd out(values.rows(), values.cols());
    for (Eigen::Index c = 0; c < values.cols(); ++c) {
        const double mean = values.col(c).mean();
        out.col(c) = values.col(c).array() - mean;
        const double sd = std::sqrt(out.col(c).squaredNorm() / double(values.rows()));
        if (!(sd > 1e-12 * std::max(1.0, std::abs(mean))))
            throw InputError(fmt::format("column {} is constant (every value is {:g}), so it cannot be standardised",
                                         c, values(0, c)));
        out.col(c) /= sd;
    }
    return out;
}

namespace {
void requirePositive(double value, const char* what)
{
    if (!(value > 0) || !std::isfinite(value))
        throw InputError(fmt::format("Bayesian linear regression: the {} must be a positive number, got {}", what, value));
}
} // namespace

ExactPosterior exactPosterior(const SufficientStatistics& stats, double priorSd, double noiseSd)
{
    requirePositive(priorSd, "prior sd");
    requirePositive(noiseSd, "noise sd");
    const Eigen::Index p = stats.xty.size();
    const double noiseVar = noiseSd * noiseSd;
    const Eigen::MatrixXd precision =
        stats.xtx / noiseVar + Eigen::MatrixXd::Identity(p, p) / (priorSd * priorSd);
    const Eigen::LDLT<Eigen::MatrixXd> ldlt(precision);
    ExactPosterior post;
    post.covariance = ldlt.solve(Eigen::MatrixXd::Identity(p, p));
    post.mean = ldlt.solve(stats.xty / noiseVar);
    post.sd = post.covariance.diagonal().cwiseSqrt();
    return post;
}

BayesianLinearRegression::BayesianLinearRegression(SufficientStatistics stats, RegressionPrior prior,
                                                   std::vector<std::string> names)
    : stats_(std::move(stats)), prior_(prior), names_(std::move(names)), p_(int(stats_.xty.size()))
{
    if (p_ == 0 || stats_.xtx.rows() != p_ || stats_.xtx.cols() != p_)
        throw InputError(fmt::format("Bayesian linear regression: XᵀX is {} × {} but Xᵀy has {} values",
                                     stats_.xtx.rows(), stats_.xtx.cols(), p_));
    requirePositive(prior_.priorSd, "prior sd");
    if (prior_.unknownNoise) {
        requirePositive(prior_.noiseShape, "inverse-gamma shape");
        requirePositive(prior_.noiseScale, "inverse-gamma scale");
    } else {
        requirePositive(prior_.noiseSd, "noise sd");
    }
    if (!names_.empty() && int(names_.size()) != p_)
        throw InputError(fmt::format("Bayesian linear regression: {} names for {} features", names_.size(), p_));
    if (names_.empty())
        for (int i = 1; i <= p_; ++i)
            names_.push_back(fmt::format("beta{}", i));
    invPriorVar_ = 1 / (prior_.priorSd * prior_.priorSd);
    const double invNoiseVar = 1 / (prior_.noiseSd * prior_.noiseSd);
    for (int i = 0; i < p_; ++i) {
        for (int j = 0; j < p_; ++j) {
            xtx_.push_back(stats_.xtx(i, j));
            a_.push_back(stats_.xtx(i, j) * invNoiseVar + (i == j ? invPriorVar_ : 0.0));
        }
        xty_.push_back(stats_.xty(i));
        b_.push_back(stats_.xty(i) * invNoiseVar);
    }
}

std::vector<std::string> BayesianLinearRegression::parameterNames() const
{
    std::vector<std::string> names = names_;
    if (prior_.unknownNoise)
        names.push_back("log_sigma");
    return names;
}

std::optional<Moments> BayesianLinearRegression::exactMoments() const
{
    if (prior_.unknownNoise)
        return std::nullopt;
    ExactPosterior post = exactPosterior(stats_, prior_.priorSd, prior_.noiseSd);
    return Moments{std::move(post.mean), std::move(post.covariance)};
}

} // namespace mlwb::mcmc
