#include "all_labs.h"
#include "optimizers/steps.h"

namespace mlwb::labs {

ui::Lab optimizersLab()
{
    using namespace optimizers;
    ui::Lab lab;
    lab.id = "optimizers";
    lab.title = "Gradient descent and its variants";
    lab.summary = "Learning rates, conditioning, momentum, adaptive methods, mini-batches and constraints";
    lab.steps = {learningRateStep(), conditioningStep(), rosenbrockRaceStep(), miniBatchStep(), lagrangeStep()};
    return lab;
}

} // namespace mlwb::labs
