#include "core/heap_policy.h"

#include <malloc.h>

namespace mlwb {

void keepFreedHeapMemory()
{
    // Setting either value turns off glibc's sliding thresholds, which otherwise reset with
    // every mapped block freed and make the speed of a loop depend on what ran before it.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's maximum on 64-bit systems
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
}

void returnFreedHeapMemory() { malloc_trim(0); }

} // namespace mlwb
