#pragma once
// The steps of the PCA lab, one file each.
#include "lab.h"

namespace mlwb::labs::pcalab {

ui::Step intuitionStep();
ui::Step eigenStep();
ui::Step svdStep();
ui::Step realDataStep();
ui::Step reconstructionStep();
ui::Step recommenderStep();
ui::Step spectralStep();

} // namespace mlwb::labs::pcalab
