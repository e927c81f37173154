#include "all_labs.h"

namespace mlwb::labs {

QList<ui::Lab> allLabs()
{
    return {optimizersLab(), broadcastingLab(), einsumLab(), preprocessingLab(), trainingLab()};
}

} // namespace mlwb::labs
