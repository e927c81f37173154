#include "all_labs.h"

namespace mlwb::labs {

QList<ui::Lab> allLabs()
{
    return {optimizersLab(), broadcastingLab(), einsumLab(), preprocessingLab(), trainingLab(), mcmcLab(), pcaLab()};
}

} // namespace mlwb::labs
