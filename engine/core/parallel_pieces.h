#pragma once
// Parallel loops over pieces of work that the engine's threads take as they finish.

#include "core/parallel_pool.h"

#include <algorithm>
#include <atomic>
#include <cstdint>

namespace mlwb {

// Calls body(piece) for every piece in [0, pieces), on this thread and the pool's helpers
// (core/parallel_pool.h) when `parallel` and there are two pieces or more, otherwise here in
// order. Pieces rather than one even share per thread: a thread on a core another program
// shares takes fewer, and the loop ends as thread_placement.h describes. Each thread works
// with its own copy of body, so a body may keep scratch state; it must not throw.
template <class Body> void forEachPiece(std::int64_t pieces, const Body& body, bool parallel = true)
{
    if (parallel && pieces >= 2) {
        struct Loop {
            const Body& body;
            const std::int64_t pieces;
            std::atomic<std::int64_t> next{0};
        };
        Loop loop{body, pieces};
        // noexcept: a body that throws ends the program, as it did inside an OpenMP region,
        // rather than leave helpers working on a loop whose caller has gone.
        const auto participate = [](void* context) noexcept {
            Loop& l = *static_cast<Loop*>(context);
            if (l.next.load(std::memory_order_relaxed) >= l.pieces)
                return;  // a helper that came late copies nothing
            Body local = l.body;
            for (std::int64_t p; (p = l.next.fetch_add(1, std::memory_order_relaxed)) < l.pieces;)
                local(p);
        };
        if (detail::runOnHelpers(participate, &loop))
            return;
    }
    Body local = body;
    for (std::int64_t p = 0; p < pieces; ++p)
        local(p);
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
