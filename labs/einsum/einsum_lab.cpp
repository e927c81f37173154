#include "all_labs.h"
#include "einsum/steps.h"

namespace mlwb::labs {

ui::Lab einsumLab()
{
    using namespace einsum;
    ui::Lab lab;
    lab.id = "einsum";
    lab.title = "Einsum and attention";
    lab.summary = "Einstein summation: the notation, the classic operations, attention weights, and speed";
    lab.steps = {notationStep(), classicsStep(), attentionStep(), speedStep()};
    return lab;
}

} // namespace mlwb::labs
