#include "core/thread_placement.h"

#include "core/parallel_pool.h"
#include "core/team_thread.h"

namespace mlwb {

PlacedParallelWork::PlacedParallelWork()
{
    if (processCoreCount() < 2 || detail::placement() || inParallelWork())
        return;
    callersOwn_ = std::make_unique<SavedPlacement>();
    if (!callersOwn_->valid()) {
        callersOwn_.reset();
        return;
    }
    detail::setPlacement(callersOwn_.get());
}

PlacedParallelWork::~PlacedParallelWork()
{
    if (callersOwn_)
        detail::setPlacement(nullptr);
}

void holdOnCore(int index)
{
    if (processCoreCount() > 1)
        holdThisThreadOn(coreAfter(-1, index + 1));
}

} // namespace mlwb
