#pragma once
#include "lab.h"

namespace mlwb::labs {

ui::Lab optimizersLab();
ui::Lab broadcastingLab();
ui::Lab einsumLab();
ui::Lab preprocessingLab();
ui::Lab trainingLab();
ui::Lab mcmcLab();
ui::Lab pcaLab();

// Every lab, in the order the navigator lists them.
QList<ui::Lab> allLabs();

} // namespace mlwb::labs
