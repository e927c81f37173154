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

// Calls body(i) for every i in [0, count), with i of count's type, `grain` consecutive
// indices to a piece. As with forEachPiece, each thread works with its own copy of body.
template <class Count, class Body>
void forEachIndex(Count count, std::int64_t grain, const Body& body, bool parallel = true)
{
    const auto n = std::int64_t(count);
    forEachPiece((n + grain - 1) / grain, [own = body, n, grain](std::int64_t piece) mutable {
        for (std::int64_t i = piece * grain; i < std::min(n, (piece + 1) * grain); ++i)
            own(Count(i));
    }, parallel);
}

} // namespace mlwb
