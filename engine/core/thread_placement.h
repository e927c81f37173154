#pragma once
// Where the threads of parallel work run, on a machine that another program keeps busy.
//
// With one of two cores taken by another program, a parallel region of a few milliseconds got
// one core, not the fair 4/3: the OpenMP helper, woken for each region, was placed on the core
// of the thread that woke it, and the two took turns there while the other program had the
// second core to itself (measured with `yes` on one core: process CPU 1.0 core, every parallel
// workload 1.8–2× its quiet time). The scheduler cannot fix this: two tasks on one core and one
// on the other look balanced to it. Pinning only the helpers did not help either (the caller,
// woken at the join, followed them). With the caller held on its core and each helper on
// another one, the helpers share a core with the other program and the caller has its own.

#if defined(__linux__)
#include <sched.h>
#endif

namespace mlwb {

// While alive, this thread stays on the core it runs on and its OpenMP helpers (the team its
// parallel regions start) are each held on another of the cores the process may use. The
// thread's own placement is restored at the end; the helpers stay where they are (they serve
// only this thread's regions). A thread started meanwhile inherits the single core: it must
// place itself (holdOnCore); so does a child process (runOnAnyCore). Does nothing outside
// Linux, when the process has one core, or within another PinnedParallelWork of this thread.
class PinnedParallelWork {
public:
    PinnedParallelWork();
    ~PinnedParallelWork();
    PinnedParallelWork(const PinnedParallelWork&) = delete;
    PinnedParallelWork& operator=(const PinnedParallelWork&) = delete;

private:
    bool pinned_ = false;
#if defined(__linux__)
    cpu_set_t previous_{};  // this thread's placement before
#endif
};

// Holds the calling thread on the index-th core (round and round) of those the process may use:
// threads that work side by side without OpenMP (MCMC's chains) each on their own core, for
// the reason above.
void holdOnCore(int index);

// Lets the calling thread run on any core, within what the system allows the process. Safe
// between fork and exec: a child process started by a pinned thread (Python, for the lab's
// NumPy comparison) would otherwise inherit its single core.
void runOnAnyCore();

} // namespace mlwb
