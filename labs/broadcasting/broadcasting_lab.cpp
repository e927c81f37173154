#include "all_labs.h"
#include "broadcasting/steps.h"

namespace mlwb::labs {

ui::Lab broadcastingLab()
{
    using namespace broadcasting;
    ui::Lab lab;
    lab.id = "broadcasting";
    lab.title = "Broadcasting and vectorization";
    lab.summary = "Shapes, strides and memory order; NumPy's broadcasting rules; loops against vectorized code; views";
    lab.steps = {memoryOrderStep(), rulesStep(), outerAndBatchStep(), loopVsVectorizedStep(), viewsAndCopiesStep()};
    return lab;
}

} // namespace mlwb::labs
