#pragma once
// Draws of one parameter across chains, in the layout the diagnostics take.
#include "mcmc/run.h"

namespace mlwb::mcmc {

// One row per chain, one column per draw: ArviZ's (chain, draw) array.
using ChainMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Parameter `parameter` of every chain of a run that stored its draws, cut to the shortest
// chain (a stopped run's chains may differ by a block). InputError for a parameter out of range.
ChainMatrix parameterDraws(const RunResult& run, int parameter);

// Mean and covariance (divisor N − 1) of the stored draws of all chains together.
Moments sampleMoments(const RunResult& run);

} // namespace mlwb::mcmc
