#include "core/thread_policy.h"

#include <cstdlib>
#include <unistd.h>

namespace mlwb {

void ensurePassiveOpenMpWaiting(char** argv)
{
    if (std::getenv("OMP_WAIT_POLICY"))
        return;
    ::setenv("OMP_WAIT_POLICY", "passive", 1);
    // No thread has started yet, so nothing is lost; execv returns only on failure.
    ::execv("/proc/self/exe", argv);
}

} // namespace mlwb
