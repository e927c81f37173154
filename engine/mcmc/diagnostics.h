#pragma once
// Convergence diagnostics of Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021),
// "Rank-normalization, folding, and localization: an improved R̂ for assessing convergence of
// MCMC", computed exactly as ArviZ 0.15 does (arviz/stats/diagnostics.py): the test compares
// them with tests/engine/reference/mcmc_arviz_reference.py. Each takes one parameter's
// draws, one row per chain, and returns NaN where ArviZ does: a NaN draw, fewer than 4
// draws per chain, or (R̂) fewer than 2 chains.
#include "mcmc/chains.h"

namespace mlwb::mcmc {

// ESS of the draws as they are: Geyer's initial monotone sequence over the chains'
// combined autocorrelation (ArviZ's _ess). Used for the AR(1) check and by the others.
double effectiveSampleSize(const ChainMatrix& chains);

// ArviZ ess(method="bulk"): ESS of the rank-normalised split chains.
double essBulk(const ChainMatrix& chains);
// ArviZ ess(method="tail"): the smaller ESS of the indicators x ≤ q(5%) and x ≤ q(95%).
double essTail(const ChainMatrix& chains);
// ArviZ ess(method="mean"): ESS of the split chains, for the MCSE of the mean.
double essMean(const ChainMatrix& chains);

// ArviZ rhat(method="rank"): the larger split-R̂ of the rank-normalised draws and of their
// rank-normalised distances from the median.
double rhatRank(const ChainMatrix& chains);

// ArviZ mcse(method="mean"): sd / √essMean.
double mcseMean(const ChainMatrix& chains);

} // namespace mlwb::mcmc
