#pragma once
// The threads that run parallel_pieces.h's loops. thread_placement.h says why they are the
// engine's own rather than OpenMP's, and where they run.

namespace mlwb {

class SavedPlacement;

// Within a loop's piece: 0 on the thread that started the loop, 1, 2, … on the helpers.
// Outside loops: 0.
int pieceThreadNumber();

// Whether this thread runs a parallel loop's pieces or an OpenMP region now: a loop it starts
// runs here, alone.
bool inParallelWork();

namespace detail {

// Runs participate(context) on this thread and on each helper that joins before this thread's
// own call has returned, then returns true once every call has returned. Returns false, running nothing,
// when the loop can have no helper: this thread asks for one thread (omp_set_num_threads),
// works inside a parallel loop already, or another thread's loop has the helpers.
bool runOnHelpers(void (*participate)(void*), void* context);

// Loops this thread starts place their helpers and may move it (thread_placement.h) while
// `callersOwn` is set: where this thread may run outside a loop.
void setPlacement(const SavedPlacement* callersOwn);
const SavedPlacement* placement();

} // namespace detail

} // namespace mlwb
