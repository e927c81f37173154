#pragma once
// Where the threads of parallel work run, on a machine that another program keeps busy.
//
// Measured with `yes` on one of two cores (kernel 6.18, ticks of 4 ms), a parallel region of a
// few milliseconds ran at twice its quiet time, for three reasons:
// - A woken OpenMP helper is placed on the core of the thread that woke it: the two took
//   turns there while the other program had the second core to itself (process CPU 1.0 core).
// - A region ends when its last thread does. A thread the other program preempts in the middle
//   of a piece of work holds everyone for the rest of that program's time slice (up to 4 ms),
//   however small the pieces: all the other pieces are done, that one is not.
// - A thread that sleeps (waiting at the end of a region) leaves its core idle, the other
//   program moves onto it, and on waking the thread waits for that program's time slice.
// So the helpers are each held on a core other than the calling thread's, and at the end of
// a region a thread that has done its pieces does not sleep but watches the others: one that
// makes no progress (its CPU time stands still: it is not running) is moved onto the watcher's
// own core, where the watcher then sleeps. The caller is not held: after a region it
// may run anywhere, and the helpers are placed away from wherever it is at the next one.

#include <memory>

namespace mlwb {

struct ParallelTeam;

// While alive, the parallel loops this thread starts (parallel_pieces.h) place its OpenMP
// helpers each on a core other than the one this thread is on as the loop starts (round and
// round when there are more helpers than other cores) and end as described above. Helpers
// stay where they are between loops; OpenMP regions of other kinds (Eigen's own) leave them
// as they are. Does nothing outside Linux, when the process has one core, or within another
// PlacedParallelWork of this thread.
class PlacedParallelWork {
public:
    PlacedParallelWork();
    ~PlacedParallelWork();
    PlacedParallelWork(const PlacedParallelWork&) = delete;
    PlacedParallelWork& operator=(const PlacedParallelWork&) = delete;

private:
    std::unique_ptr<ParallelTeam> team_;
};

// One parallel loop of pieces taken as threads finish (see parallel_pieces.h): made before
// the region; every thread of it calls enter() first and arrive() after its last piece.
// Within a PlacedParallelWork, enter() puts each helper on its core and arrive() returns when
// every thread of the region has arrived, moving a stalled one onto the core of a thread that
// is waiting; otherwise both do nothing and OpenMP's barrier waits.
class TeamJoin {
public:
    TeamJoin();
    ~TeamJoin();
    TeamJoin(const TeamJoin&) = delete;
    TeamJoin& operator=(const TeamJoin&) = delete;
    void enter();
    void arrive();

private:
    bool placesThisRegion() const;
    ParallelTeam* team_ = nullptr;
};

// Holds the calling thread on the index-th core (round and round) of those the process may use:
// threads that work side by side without OpenMP (MCMC's chains) each on their own core, for
// the first reason above.
void holdOnCore(int index);

} // namespace mlwb
