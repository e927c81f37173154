#pragma once
// The MCMC workloads (W7), judged against Python on this machine: a plain Python loop of
// random-walk Metropolis–Hastings draws 0.24 M samples/s on the 2-D Gaussian, four NumPy
// chains in lockstep 0.59 M/s in total, and Python 0.14 M/s on the regression posterior.
#include "bench/bench.h"

#include <cstddef>

namespace mlwb::bench {

// W7_mcmc_gauss2d.1chain / .<n>chains: random-walk MH on the 2-D Gaussian with correlation
// 0.9, proposal sd 0.5, `steps` proposals per chain, every draw stored (M samples/s over all
// chains; the acceptance rate as a detail).
Workload mcmcGauss2dWorkload(int chains, std::size_t steps);

// W7_mcmc_blr: random-walk MH on the posterior of a Bayesian linear regression of `rows`
// generated rows and `features` features (prior sd 10, noise sd 1), with the proposal
// covariance 2.38²/p times the exact posterior covariance, from the exact posterior mean,
// `steps` proposals (M samples/s).
Workload mcmcRegressionWorkload(std::size_t steps, int rows = 1000, int features = 5);

} // namespace mlwb::bench
