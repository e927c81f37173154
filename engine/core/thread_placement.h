#pragma once
// Where the threads of parallel work run, on a machine that another program keeps busy.
//
// Measured with `yes` on one of two cores (kernel 6.18, ticks of 4 ms), parallel work of a few
// milliseconds ran at up to twice its quiet time, for these reasons:
// - A woken helper is placed on the core of the thread that woke it: the two took turns there
//   while the other program had the second core to itself (process CPU 1.0 core).
// - A loop ends when its last thread does. A thread the other program preempts in the middle
//   of a piece of work holds everyone for the rest of that program's time slice (up to 4 ms),
//   however small the pieces: all the other pieces are done, that one is not.
// - A thread that sleeps leaves its core idle, the other program moves onto it, and on waking
//   the thread waits for that program's time slice. OpenMP's threads sleep at the end of every
//   region, and the next region cannot start before each of them has woken and docked: traced
//   with `perf sched`, the calling thread slept there 4 ms at a time while its core stood idle
//   (8–10 % of both cores over a bench of attention).
// So parallel loops run on the engine's own pool (parallel_pool.h), where the caller waits only
// for threads in the middle of a piece: a helper that wakes late finds the loop done. Helpers
// are each held on a core other than the caller's, look for the next loop a little before
// they sleep, and at the end of a loop a thread that has done its part watches the others: one
// that makes no progress (its CPU time stands still: it is not running) is moved onto the
// watcher's own core, where the watcher then sleeps. The caller is not held: after a loop it
// may run anywhere, and the helpers are placed away from wherever it is at the next one.

#include <memory>

namespace mlwb {

class SavedPlacement;

// While alive, the parallel loops this thread starts (parallel_pieces.h) place the pool's
// helpers each on a core other than the one this thread is on as the loop starts (round and
// round when there are more helpers than other cores) and end as described above. Helpers
// stay where they are between loops. Does nothing outside Linux, when the process has one
// core, or within another PlacedParallelWork of this thread.
class PlacedParallelWork {
public:
    PlacedParallelWork();
    ~PlacedParallelWork();
    PlacedParallelWork(const PlacedParallelWork&) = delete;
    PlacedParallelWork& operator=(const PlacedParallelWork&) = delete;

private:
    std::unique_ptr<SavedPlacement> callersOwn_;
};

// Holds the calling thread on the index-th core (round and round) of those the process may use:
// threads that work side by side without the pool (MCMC's chains) each on their own core, for
// the first reason above.
void holdOnCore(int index);

} // namespace mlwb
