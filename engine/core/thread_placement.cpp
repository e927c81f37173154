#include "core/thread_placement.h"

#if defined(__linux__)
#include <omp.h>
#include <pthread.h>
#include <sched.h>

namespace mlwb {

namespace {

// The cores the process may use.
const cpu_set_t& processCores()
{
    static const cpu_set_t cores = [] {
        cpu_set_t set;
        CPU_ZERO(&set);
        if (pthread_getaffinity_np(pthread_self(), sizeof set, &set) != 0)
            CPU_ZERO(&set);
        return set;
    }();
    return cores;
}

// Read as the program starts, before any thread is pinned (a thread started by a pinned one
// would read a single core).
[[maybe_unused]] const cpu_set_t& readAtStart = processCores();

bool pinTo(int cpu)
{
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    return pthread_setaffinity_np(pthread_self(), sizeof one, &one) == 0;
}

// The i-th core of the process's set, counting on from the one after `from`, round and round.
int coreAfter(int from, int i)
{
    const cpu_set_t& cores = processCores();
    int cpu = from;
    for (int seen = 0; seen < i;) {
        cpu = (cpu + 1) % CPU_SETSIZE;
        if (CPU_ISSET(cpu, &cores))
            ++seen;
    }
    return cpu;
}

} // namespace

PinnedParallelWork::PinnedParallelWork()
{
    const int cpu = sched_getcpu();
    if (CPU_COUNT(&processCores()) < 2 || cpu < 0 || !CPU_ISSET(cpu, &processCores()) || omp_get_level() > 0 ||
        pthread_getaffinity_np(pthread_self(), sizeof previous_, &previous_) != 0 || CPU_COUNT(&previous_) < 2)
        return;
    pinned_ = pinTo(cpu);
    if (!pinned_)
        return;
#pragma omp parallel
    if (const int helper = omp_get_thread_num(); helper > 0)
        pinTo(coreAfter(cpu, helper));
}

PinnedParallelWork::~PinnedParallelWork()
{
    if (pinned_)
        pthread_setaffinity_np(pthread_self(), sizeof previous_, &previous_);
}

void holdOnCore(int index)
{
    if (CPU_COUNT(&processCores()) > 1)
        pinTo(coreAfter(CPU_SETSIZE - 1, index + 1));
}

void runOnAnyCore()
{
    // Every core: the kernel keeps those the process may use (sched_setaffinity(2)).
    cpu_set_t all;
    CPU_ZERO(&all);
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
        CPU_SET(cpu, &all);
    sched_setaffinity(0, sizeof all, &all);
}

} // namespace mlwb

#else

namespace mlwb {
PinnedParallelWork::PinnedParallelWork() = default;
PinnedParallelWork::~PinnedParallelWork() = default;
void holdOnCore(int) {}
void runOnAnyCore() {}
} // namespace mlwb

#endif
