#pragma once
// The steps of the optimizers lab, one file each.
#include "lab.h"

namespace mlwb::labs::optimizers {

ui::Step learningRateStep();
ui::Step conditioningStep();
ui::Step rosenbrockRaceStep();
ui::Step miniBatchStep();
ui::Step lagrangeStep();

} // namespace mlwb::labs::optimizers
