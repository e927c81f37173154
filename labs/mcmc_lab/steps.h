#pragma once
// The steps of the MCMC lab, one file each.
#include "lab.h"

namespace mlwb::labs::mcmclab {

ui::Step oneProposalStep();
ui::Step proposalScaleStep();
ui::Step chainsStep();
ui::Step hardTargetsStep();
ui::Step regressionStep();
ui::Step numbersStep();

} // namespace mlwb::labs::mcmclab
