#pragma once
// Posterior summaries of one parameter, as ArviZ's summary() reports them.
#include "mcmc/chains.h"

namespace mlwb::mcmc {

// The p-quantile with linear interpolation between order statistics (NumPy's default,
// R's type 7; scipy's mquantiles(alphap=1, betap=1), which ArviZ uses). NaN when empty.
double quantile(std::span<const double> values, double p);

struct Interval {
    double low = 0, high = 0;
};
// The highest-density interval: the narrowest interval between two draws holding
// ⌊prob·N⌋ + 1 of them (ArviZ's hdi for one mode). InputError for prob outside (0, 1) or
// too few draws.
Interval hdi(std::span<const double> values, double prob);

struct SummaryOptions {
    std::vector<double> quantiles{0.05, 0.5, 0.95};
    double hdiProb = 0.94;  // ArviZ's default
};

struct ParameterSummary {
    double mean = 0, sd = 0;  // over all chains; sd with divisor N − 1
    double mcseMean = 0, essBulk = 0, essTail = 0, rhat = 0;
    Interval hdi;
    std::vector<double> quantiles;  // at SummaryOptions::quantiles
};

ParameterSummary summarize(const ChainMatrix& chains, const SummaryOptions& options = {});

} // namespace mlwb::mcmc
