#pragma once
// The steps of the preprocessing lab, one file each.
#include "lab.h"

namespace mlwb::labs::preprocessing {

ui::Step loadStep();
ui::Step missingValuesStep();
ui::Step encodingStep();
ui::Step scalingStep();
ui::Step pipelineStep();

} // namespace mlwb::labs::preprocessing
