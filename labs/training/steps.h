#pragma once
// The steps of the training lab, one file each.
#include "lab.h"

namespace mlwb::labs::training {

ui::Step dataStep();
ui::Step trainStep();
ui::Step overfittingStep();
ui::Step confusionStep();
ui::Step importanceStep();
ui::Step predictionsStep();
ui::Step dashboardStep();

} // namespace mlwb::labs::training
