#include "all_labs.h"
#include "pca_lab/steps.h"

namespace mlwb::labs {

ui::Lab pcaLab()
{
    using namespace pcalab;
    ui::Lab lab;
    lab.id = "pca";
    lab.title = "PCA, SVD and spectral methods";
    lab.summary = "Principal components two ways (eigendecomposition and SVD), real data, digits rebuilt from a few "
                  "components, a low-rank recommender, and spectral clustering";
    lab.steps = {intuitionStep(), eigenStep(),        svdStep(),     realDataStep(),
                 reconstructionStep(), recommenderStep(), spectralStep()};
    return lab;
}

} // namespace mlwb::labs
