#include "all_labs.h"
#include "training/steps.h"

namespace mlwb::labs {

ui::Lab trainingLab()
{
    using namespace training;
    ui::Lab lab;
    lab.id = "training";
    lab.title = "Training a classifier";
    lab.summary = "Train logistic regression, softmax regression or an MLP on real data and watch the loss curves, "
                  "confusion matrix, feature importance and predictions fill in live";
    lab.steps = {dataStep(),       trainStep(),       overfittingStep(), confusionStep(),
                 importanceStep(), predictionsStep(), dashboardStep()};
    return lab;
}

} // namespace mlwb::labs
