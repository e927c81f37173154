#pragma once
// The steps of the einsum lab, one file each.
#include "lab.h"

namespace mlwb::labs::einsum {

ui::Step notationStep();
ui::Step classicsStep();
ui::Step attentionStep();
ui::Step speedStep();

} // namespace mlwb::labs::einsum
