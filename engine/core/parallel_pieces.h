#pragma once
// Parallel loops over pieces of work that the OpenMP threads take as they finish.

#include "core/thread_placement.h"

#include <algorithm>
#include <cstdint>
#include <omp.h>

namespace mlwb {

// Calls body(piece) for every piece in [0, pieces), on this thread's OpenMP team when
// `parallel` and there are two pieces or more, otherwise here in order. Pieces rather than
// one even share per thread: a thread on a core another program shares takes fewer, and the
// region ends as thread_placement.h describes. Each thread works with its own copy of body,
// so a body may keep scratch state; it must not throw.
template <class Body> void forEachPiece(std::int64_t pieces, const Body& body, bool parallel = true)
{
    if (!parallel || pieces < 2 || omp_get_max_threads() == 1 || omp_get_level() > 0) {
        Body local = body;
        for (std::int64_t p = 0; p < pieces; ++p)
            local(p);
        return;
    }
    TeamJoin join;
#pragma omp parallel
    {
        join.enter();
        Body local = body;
#pragma omp for schedule(dynamic, 1) nowait
        for (std::int64_t p = 0; p < pieces; ++p)
            local(p);
        join.arrive();
    }
}

// Calls body(i) for every i in [0, count), pieces of `grain` consecutive indices at a time.
// The threads share body (it is called as const): scratch state needs forEachPiece.
template <class Body>
void forEachIndex(std::int64_t count, std::int64_t grain, const Body& body, bool parallel = true)
{
    forEachPiece((count + grain - 1) / grain, [&body, count, grain](std::int64_t piece) {
        for (std::int64_t i = piece * grain; i < std::min(count, (piece + 1) * grain); ++i)
            body(i);
    }, parallel);
}

} // namespace mlwb
