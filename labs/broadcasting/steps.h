#pragma once
// The steps of the broadcasting lab, one file each.
#include "lab.h"

namespace mlwb::labs::broadcasting {

ui::Step memoryOrderStep();
ui::Step rulesStep();
ui::Step outerAndBatchStep();
ui::Step loopVsVectorizedStep();
ui::Step viewsAndCopiesStep();

} // namespace mlwb::labs::broadcasting
