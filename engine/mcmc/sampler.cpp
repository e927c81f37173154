#include "mcmc/sampler.h"

#include "core/input_error.h"
#include "mcmc/gaussian.h"
#include "mcmc/kernel.h"
#include "mcmc/regression.h"
#include "mcmc/targets2d.h"

#include <Eigen/Cholesky>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace mlwb::mcmc {

namespace {

std::string pointText(std::span<const double> x)
{
    return fmt::format("({:g})", fmt::join(x, ", "));
}

void checkStart(const Target& target, const SamplerOptions& options, std::span<const double> start)
{
    if (int(start.size()) != target.dimension())
        throw InputError(fmt::format("the start point has {} values but the {} has {} parameters", start.size(),
                                     target.name(), target.dimension()));
    const double lp = target.logDensity(start);
    if (std::isnan(lp))
        throw InputError(fmt::format("the {}'s log density is NaN at the start point {}", target.name(),
                                     pointText(start)));
    if (lp == INFINITY)
        throw InputError(fmt::format("the {}'s log density is +infinity at the start point {}: the density must be "
                                     "finite",
                                     target.name(), pointText(start)));
    if (lp == -INFINITY)
        throw InputError(fmt::format("the start point {} lies outside the {}'s support (log density -infinity)",
                                     pointText(start), target.name()));
    if (options.method == Method::Mala) {
        std::vector<double> g(start.size());
        target.logDensityGradient(start, g);
        for (const double v : g)
            if (!std::isfinite(v))
                throw InputError(fmt::format("the {}'s gradient is not finite at the start point {}", target.name(),
                                             pointText(start)));
    }
}

detail::Setup makeSetup(const Target& target, const SamplerOptions& options)
{
    const int d = target.dimension();
    if (!(options.scale > 0) || !std::isfinite(options.scale))
        throw InputError(fmt::format("the proposal scale must be a positive number, got {}", options.scale));
    if (options.method == Method::Mala && !target.hasGradient())
        throw InputError(fmt::format("MALA needs the gradient of the log density, and the {} has none", target.name()));
    detail::Setup setup{.method = options.method, .stepSize = options.scale};
    setup.proposalFactor.assign(std::size_t(d * d), 0.0);
    const Eigen::MatrixXd& cov = options.proposalCovariance;
    if (cov.size() == 0 || options.method == Method::Mala) {
        for (int i = 0; i < d; ++i)
            setup.proposalFactor[std::size_t(i * d + i)] = options.scale;
    } else {
        if (cov.rows() != d || cov.cols() != d)
            throw InputError(fmt::format("the proposal covariance is {} × {} but the {} has {} parameters", cov.rows(),
                                         cov.cols(), target.name(), d));
        const Eigen::LLT<Eigen::MatrixXd> llt(cov);
        if (!cov.allFinite() || !cov.isApprox(cov.transpose()) || llt.info() != Eigen::Success)
            throw InputError("the proposal covariance must be symmetric and positive definite");
        const Eigen::MatrixXd l = llt.matrixL();
        for (int i = 0; i < d; ++i)
            for (int j = 0; j <= i; ++j)
                setup.proposalFactor[std::size_t(i * d + j)] = l(i, j);
    }
    if (options.method == Method::Adaptive) {
        if (options.adaptStart < 2)
            throw InputError(fmt::format("adaptation needs a history of at least 2 states; adaptStart is {}",
                                         options.adaptStart));
        if (!(options.adaptEpsilon >= 0) || !std::isfinite(options.adaptEpsilon))
            throw InputError(fmt::format("the adaptation's epsilon must be 0 or more, got {}", options.adaptEpsilon));
        setup.adaptStart = options.adaptStart;
        setup.adaptEpsilon = options.adaptEpsilon;
    }
    return setup;
}

template <class T>
bool makeFor(const Target& target, const detail::Setup& setup, std::span<const double> start, const Rng& rng,
             std::unique_ptr<detail::Chain>& chain)
{
    const auto* concrete = dynamic_cast<const T*>(&target);
    if (concrete)
        chain = std::make_unique<detail::Kernel<T>>(*concrete, setup, start, rng);
    return concrete != nullptr;
}

// The one place that knows the targets of this folder: each gets a kernel compiled for its
// type; any other target runs through virtual calls.
template <class... Known>
std::unique_ptr<detail::Chain> makeChain(const Target& target, const detail::Setup& setup,
                                         std::span<const double> start, const Rng& rng)
{
    std::unique_ptr<detail::Chain> chain;
    if (!(makeFor<Known>(target, setup, start, rng, chain) || ...))
        chain = std::make_unique<detail::Kernel<Target>>(target, setup, start, rng);
    return chain;
}

} // namespace

ChainSampler::ChainSampler(const Target& target, const SamplerOptions& options, std::span<const double> start,
                           std::uint64_t seed, std::uint64_t stream)
    : dimension_(target.dimension())
{
    const detail::Setup setup = makeSetup(target, options);
    checkStart(target, options, start);
    chain_ = makeChain<CorrelatedGaussian, Banana, BimodalMixture, Donut, NealsFunnel, Gaussian,
                       BayesianLinearRegression>(target, setup, start, Rng(seed).stream(stream));
}

ChainSampler::ChainSampler(ChainSampler&&) noexcept = default;
ChainSampler& ChainSampler::operator=(ChainSampler&&) noexcept = default;
ChainSampler::~ChainSampler() = default;

StepRecord ChainSampler::step()
{
    return chain_->step();
}

std::size_t ChainSampler::draw(std::size_t draws, int thin, std::span<double> out, std::stop_token stop)
{
    if (thin < 1)
        throw InputError(fmt::format("thinning keeps every n-th state and needs n ≥ 1, got {}", thin));
    if (!out.empty() && out.size() < draws * std::size_t(dimension_))
        throw InputError(fmt::format("room for {} values, but {} draws of {} parameters need {}", out.size(), draws,
                                     dimension_, draws * std::size_t(dimension_)));
    return chain_->draw(draws, thin, out.empty() ? nullptr : out.data(), std::move(stop));
}

std::span<const double> ChainSampler::position() const
{
    return chain_->position();
}

double ChainSampler::logDensity() const
{
    return chain_->logDensity();
}

std::size_t ChainSampler::proposals() const
{
    return chain_->proposals();
}

std::size_t ChainSampler::accepted() const
{
    return chain_->accepted();
}

} // namespace mlwb::mcmc
