#pragma once
// What every sampling step reports: per parameter, in the target's order, as lists
// (acceptance_rate, sample_mean, sample_sd, ess_bulk, ess_tail, rhat, mcse_mean), sample_cov, and a
// table of the same for the window.
#include "chart_spec.h"
#include "mcmc/run.h"
#include "mcmc/summary.h"
#include "run_context.h"

namespace mlwb::labs::mcmclab {

struct Diagnosed {
    std::vector<std::string> names;
    std::vector<mcmc::ParameterSummary> summaries;  // one per parameter
    double acceptanceRate = 0;                     // over all chains
    Eigen::MatrixXd covariance;                    // of all chains' draws together
};
Diagnosed diagnose(const mcmc::RunResult& run);

// The metrics of the command line's contract, for `run`.
void reportMetrics(ui::RunContext& ctx, const Diagnosed& d);

// Mean, sd, MCSE, the 94% HDI, ESS bulk and tail and R̂ per parameter, as ArviZ's summary().
ui::ChartSpec summaryTable(const QString& id, const QString& title, const Diagnosed& d);

// "3.2 M/s", "850 k/s"
QString perSecond(double rate);

} // namespace mlwb::labs::mcmclab
