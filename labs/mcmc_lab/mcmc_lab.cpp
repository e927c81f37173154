#include "all_labs.h"
#include "mcmc_lab/steps.h"

namespace mlwb::labs {

ui::Lab mcmcLab()
{
    using namespace mcmclab;
    ui::Lab lab;
    lab.id = "mcmc";
    lab.title = "MCMC: sampling a posterior";
    lab.summary = "Metropolis–Hastings one proposal at a time, proposal scales, several chains with live R̂ and "
                  "ESS, hard targets for MALA and adaptive MH, and a Bayesian linear regression";
    lab.steps = {oneProposalStep(), proposalScaleStep(), chainsStep(), hardTargetsStep(), regressionStep(), numbersStep()};
    return lab;
}

} // namespace mlwb::labs
