#include "all_labs.h"

namespace mlwb::labs {

QList<ui::Lab> allLabs()
{
    return {optimizersLab(), broadcastingLab(), einsumLab()};
}

} // namespace mlwb::labs
