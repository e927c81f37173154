#include "bench/mcmc_workloads.h"

#include "mcmc/regression.h"
#include "mcmc/rng.h"
#include "mcmc/run.h"
#include "mcmc/targets2d.h"

#include <cmath>
#include <fmt/format.h>
#include <memory>

namespace mlwb::bench {

namespace {

// A run's draws are really the chain's: with thin 1 and no burn-in, the state changes at a
// draw exactly when that proposal was accepted, so the changes counted from the start point
// equal the accepted count. A sampler that skipped work or stored garbage fails this.
bool drawsMatchAcceptances(const mcmc::RunResult& run, std::size_t steps, const std::vector<double>& start)
{
    const std::size_t d = std::size_t(run.dimension);
    for (const mcmc::ChainResult& c : run.chains) {
        if (c.drawn != steps || c.draws.size() != steps * d || c.proposals != steps)
            return false;
        std::size_t changes = 0;
        const double* previous = start.data();
        for (std::size_t i = 0; i < steps; ++i) {
            const double* row = c.draws.data() + i * d;
            bool changed = false;
            for (std::size_t k = 0; k < d; ++k) {
                if (!std::isfinite(row[k]))
                    return false;
                changed = changed || row[k] != previous[k];
            }
            changes += changed;
            previous = row;
        }
        if (changes != c.accepted)
            return false;
    }
    return true;
}

std::vector<Detail> acceptanceDetail(const mcmc::RunResult& run)
{
    double proposals = 0, accepted = 0;
    for (const mcmc::ChainResult& c : run.chains)
        proposals += double(c.proposals), accepted += double(c.accepted);
    return {{"acceptance rate", proposals > 0 ? accepted / proposals : 0.0, ""}};
}

} // namespace

Workload mcmcGauss2dWorkload(int chains, std::size_t steps)
{
    const std::string name = chains == 1 ? "W7_mcmc_gauss2d.1chain" : fmt::format("W7_mcmc_gauss2d.{}chains", chains);
    return {name,
            fmt::format("random-walk Metropolis–Hastings on a 2-D Gaussian (correlation 0.9, proposal sd 0.5): "
                        "{} chain(s) × {} steps, draws stored",
                        chains, steps),
            [chains, steps] {
                auto target = std::make_shared<mcmc::CorrelatedGaussian>(0.9);
                auto result = std::make_shared<mcmc::RunResult>();
                const mcmc::RunOptions options{.chains = chains, .draws = steps, .seed = 7};
                auto run = [target, result, options] {
                    *result = {};  // the previous run's draws must not add to this run's peak memory
                    *result = mcmc::sample(*target, {.method = mcmc::Method::RandomWalk, .scale = 0.5}, options);
                };
                auto verify = [result, steps, chains] {
                    return int(result->chains.size()) == chains && drawsMatchAcceptances(*result, steps, {0.0, 0.0});
                };
                auto details = [result] { return acceptanceDetail(*result); };
                return PreparedWorkload{run, double(chains) * double(steps), 1e6, "M samples/s", verify, details};
            }};
}

Workload mcmcRegressionWorkload(std::size_t steps, int rows, int features)
{
    return {"W7_mcmc_blr",
            fmt::format("random-walk Metropolis–Hastings on a Bayesian linear regression posterior ({} rows, "
                        "{} features, prior sd 10, noise sd 1): {} steps",
                        rows, features, steps),
            [steps, rows, features] {
                // y = Xβ + ε with X and ε standard normal and β = (1, −1, 2, −2, …).
                mcmc::Rng rng(11);
                Eigen::MatrixXd x(rows, features);
                for (double& v : x.reshaped())
                    v = rng.normal();
                Eigen::VectorXd beta(features);
                for (int j = 0; j < features; ++j)
                    beta[j] = (j % 2 ? -1.0 : 1.0) * (1 + j / 2);
                Eigen::VectorXd y = x * beta;
                for (double& v : y)
                    v += rng.normal();
                const mcmc::RegressionPrior prior{.priorSd = 10, .noiseSd = 1};
                const mcmc::ExactPosterior exact = mcmc::exactPosterior(mcmc::sufficientStatistics(x, y), 10, 1);
                const std::vector<double> start(exact.mean.begin(), exact.mean.end());
                const mcmc::SamplerOptions sampler{
                    .method = mcmc::Method::RandomWalk,
                    .proposalCovariance = 2.38 * 2.38 / features * exact.covariance};
                const mcmc::RunOptions options{.chains = 1, .draws = steps, .seed = 7, .starts = {start}};
                auto result = std::make_shared<mcmc::RunResult>();
                // The target is built inside the timed run: XᵀX costs O(np²) once, then each step O(p²).
                auto run = [x, y, prior, sampler, options, result] {
                    *result = {};
                    const mcmc::BayesianLinearRegression target(mcmc::sufficientStatistics(x, y), prior);
                    *result = mcmc::sample(target, sampler, options);
                };
                auto verify = [result, steps, start, exact] {
                    if (result->chains.size() != 1 || !drawsMatchAcceptances(*result, steps, start))
                        return false;
                    // The chain stays within a posterior sd of the exact mean on average.
                    const auto& draws = result->chains[0].draws;
                    const std::size_t p = std::size_t(exact.mean.size());
                    for (std::size_t j = 0; j < p; ++j) {
                        double mean = 0;
                        for (std::size_t i = 0; i < steps; ++i)
                            mean += draws[i * p + j] / double(steps);
                        if (std::abs(mean - exact.mean[Eigen::Index(j)]) > exact.sd[Eigen::Index(j)])
                            return false;
                    }
                    return true;
                };
                auto details = [result] { return acceptanceDetail(*result); };
                return PreparedWorkload{run, double(steps), 1e6, "M samples/s", verify, details};
            }};
}

} // namespace mlwb::bench
