#include "all_labs.h"
#include "preprocessing/steps.h"

namespace mlwb::labs {

ui::Lab preprocessingLab()
{
    using namespace preprocessing;
    ui::Lab lab;
    lab.id = "preprocessing";
    lab.title = "Preprocessing real data";
    lab.summary = "Load a CSV file, fill missing values, encode categories, scale features, and build a reusable pipeline";
    lab.steps = {loadStep(), missingValuesStep(), encodingStep(), scalingStep(), pipelineStep()};
    return lab;
}

} // namespace mlwb::labs
