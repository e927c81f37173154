#include "mcmc/chains.h"

#include "core/input_error.h"

#include <algorithm>
#include <fmt/format.h>

namespace mlwb::mcmc {

namespace {
std::size_t shortestChain(const RunResult& run)
{
    std::size_t n = run.chains.empty() ? 0 : run.chains.front().draws.size();
    for (const ChainResult& c : run.chains)
        n = std::min(n, c.draws.size());
    return run.dimension > 0 ? n / std::size_t(run.dimension) : 0;
}
} // namespace

ChainMatrix parameterDraws(const RunResult& run, int parameter)
{
    if (parameter < 0 || parameter >= run.dimension)
        throw InputError(fmt::format("parameter {} does not exist: the run has {} (0 to {})", parameter,
                                     run.dimension, run.dimension - 1));
    const std::size_t n = shortestChain(run);
    ChainMatrix m(Eigen::Index(run.chains.size()), Eigen::Index(n));
    for (std::size_t c = 0; c < run.chains.size(); ++c)
        for (std::size_t i = 0; i < n; ++i)
            m(Eigen::Index(c), Eigen::Index(i)) = run.chains[c].draws[i * std::size_t(run.dimension) + std::size_t(parameter)];
    return m;
}

Moments sampleMoments(const RunResult& run)
{
    const std::size_t n = shortestChain(run);
    const Eigen::Index d = run.dimension;
    Moments m{Eigen::VectorXd::Zero(d), Eigen::MatrixXd::Zero(d, d)};
    const double total = double(n * run.chains.size());
    for (const ChainResult& c : run.chains)
        m.mean += Eigen::Map<const Eigen::MatrixXd>(c.draws.data(), d, Eigen::Index(n)).rowwise().sum();
    m.mean /= total;
    for (const ChainResult& c : run.chains) {
        const Eigen::MatrixXd centred =
            Eigen::Map<const Eigen::MatrixXd>(c.draws.data(), d, Eigen::Index(n)).colwise() - m.mean;
        m.covariance.noalias() += centred * centred.transpose();
    }
    m.covariance /= total - 1;
    return m;
}

} // namespace mlwb::mcmc
