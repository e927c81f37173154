#include "mcmc/run.h"

#include "core/input_error.h"
#include "core/large_allocator.h"
#include "core/thread_placement.h"
#include "core/vector_state.h"

#include <algorithm>
#include <exception>
#include <fmt/format.h>
#include <mutex>
#include <thread>

namespace mlwb::mcmc {

namespace {

void checkOptions(const RunOptions& o, int dimension)
{
    if (o.chains < 1)
        throw InputError(fmt::format("a run needs at least one chain, got {}", o.chains));
    if (o.chains > kMaxChains)
        throw InputError(fmt::format("{} chains are more than the {} a run can hold", o.chains, kMaxChains));
    if (o.thin < 1)
        throw InputError(fmt::format("thinning keeps every n-th state and needs n ≥ 1, got {}", o.thin));
    if (o.threads < 0)
        throw InputError(fmt::format("the number of threads must be 0 (one per core) or more, got {}", o.threads));
    if (o.blockDraws < 1)
        throw InputError("blocks need at least one draw");
    if (!o.starts.empty() && o.starts.size() != 1 && o.starts.size() != std::size_t(o.chains))
        throw InputError(fmt::format("{} start points for {} chains: give none, one for all, or one per chain",
                                     o.starts.size(), o.chains));
    if (o.storeDraws) {
        // In doubles, so that absurd sizes cannot overflow before they are refused.
        const double bytes = double(o.chains) * double(o.draws) * double(dimension) * sizeof(double);
        const double memory = double(physicalMemoryBytes());
        if (bytes > memory / 2)
            throw InputError(fmt::format("storing {} chains × {} draws × {} parameters needs {:.1f} GB, more than half "
                                         "of this machine's {:.1f} GB: keep fewer draws, thin more, or stream them "
                                         "without storing",
                                         o.chains, o.draws, dimension, bytes / 1e9, memory / 1e9));
    }
}

std::span<const double> startOf(const RunOptions& o, int chain, const std::vector<double>& origin)
{
    if (o.starts.empty())
        return origin;
    return o.starts[o.starts.size() == 1 ? 0 : std::size_t(chain)];
}

// One chain's place in a run.
struct Slot {
    int chain;
    ChainSampler sampler;
    ChainResult& result;
    std::size_t burnt = 0;  // burn-in proposals made
    std::size_t proposalsBefore = 0, acceptedBefore = 0;  // at the end of burn-in
    bool held = false;  // a worker is running a block of it
};

} // namespace

RunResult sample(const Target& target, const SamplerOptions& sampler, const RunOptions& options,
                 const BlockCallback& onBlock, std::stop_token stop)
{
    const int d = target.dimension();
    checkOptions(options, d);
    RunResult run{.dimension = d, .names = target.parameterNames()};
    run.chains.resize(std::size_t(options.chains));
    std::vector<Slot> slots;
    slots.reserve(std::size_t(options.chains));
    const std::vector<double> origin(std::size_t(d), 0.0);
    for (int c = 0; c < options.chains; ++c) {
        slots.push_back({c, ChainSampler(target, sampler, startOf(options, c, origin), options.seed, std::uint64_t(c)),
                         run.chains[std::size_t(c)]});
        if (options.storeDraws)
            run.chains[std::size_t(c)].draws.reserve(options.draws * std::size_t(d));
    }

    std::stop_source source;
    const std::stop_callback forward(stop, [&source] { source.request_stop(); });
    const std::stop_token token = source.get_token();
    std::mutex blockMutex;  // one block at a time: its callback, and the stop decision with it
    std::exception_ptr error;
    const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    const int threads = std::min(options.chains, options.threads > 0 ? options.threads : cores);

    // Each worker takes the chain furthest behind that no other worker holds and runs a block
    // of it, so that all chains advance together (the lab's live R̂ compares them as they grow)
    // and a worker on a core another program shares takes fewer blocks instead of holding the
    // run up: with a fixed share of the chains each, that worker set the pace, and four chains
    // on two cores took twice as long with one core busy elsewhere.
    const auto progress = [&](const Slot& s) { return s.burnt + s.result.drawn; };
    const auto done = [&](const Slot& s) { return s.burnt >= options.burnIn && s.result.drawn >= options.draws; };
    const auto take = [&]() -> Slot* {  // under blockMutex
        Slot* next = nullptr;
        for (Slot& s : slots)
            if (!s.held && !done(s) && (!next || progress(s) < progress(*next)))
                next = &s;
        if (next)
            next->held = true;
        return next;
    };
    auto work = [&](int t) {
        clearUpperVectorState();  // a new thread starts with its parent's vector registers
        if (threads > 1)
            holdOnCore(t);
        try {
            std::vector<double> scratch(options.storeDraws ? 0 : options.blockDraws * std::size_t(d));
            for (;;) {
                Slot* s = nullptr;
                {
                    const std::scoped_lock lock(blockMutex);
                    if (token.stop_requested() || !(s = take()))
                        break;
                }
                if (s->burnt < options.burnIn) {
                    const std::size_t n = std::min(options.blockDraws, options.burnIn - s->burnt);
                    const std::size_t burnt = s->sampler.draw(n, 1, {}, token);
                    const std::scoped_lock lock(blockMutex);
                    s->burnt += burnt;
                    s->proposalsBefore = s->sampler.proposals();
                    s->acceptedBefore = s->sampler.accepted();
                    s->held = false;
                    continue;
                }
                ChainResult& r = s->result;
                const std::size_t n = std::min(options.blockDraws, options.draws - r.drawn);
                // Grown a block at a time within the reserved room: the zeros resize writes
                // are still in cache when the draws overwrite them (one pass over memory, not two).
                if (options.storeDraws)
                    r.draws.resize((r.drawn + n) * std::size_t(d));
                double* out = options.storeDraws ? r.draws.data() + r.drawn * std::size_t(d) : scratch.data();
                const std::size_t got = s->sampler.draw(n, options.thin, {out, n * std::size_t(d)}, token);
                const std::scoped_lock lock(blockMutex);
                s->held = false;
                if (token.stop_requested())  // a stopped run keeps and sends no block completed after the stop
                    break;
                const SampleBlock block{.chain = s->chain,
                                        .firstDraw = r.drawn,
                                        .draws = got,
                                        .values = {out, got * std::size_t(d)},
                                        .proposals = s->sampler.proposals() - s->proposalsBefore,
                                        .accepted = s->sampler.accepted() - s->acceptedBefore};
                r.drawn += got;
                if (got > 0 && onBlock && onBlock(block.chain, block))
                    source.request_stop();
            }
        } catch (...) {
            const std::scoped_lock lock(blockMutex);
            if (!error)
                error = std::current_exception();
            source.request_stop();
        }
    };
    {
        std::vector<std::jthread> pool;
        try {
            for (int t = 0; t < threads; ++t)
                pool.emplace_back(work, t);
        } catch (...) {
            source.request_stop();  // no thread left behind sampling a run nobody waits for
            throw;
        }
    }  // joined here
    if (error)
        std::rethrow_exception(error);

    for (Slot& s : slots) {
        ChainResult& r = s.result;
        if (options.storeDraws)
            r.draws.resize(r.drawn * std::size_t(d));
        r.proposals = s.sampler.proposals() - s.proposalsBefore;
        r.accepted = s.sampler.accepted() - s.acceptedBefore;
        r.last.assign(s.sampler.position().begin(), s.sampler.position().end());
        run.stopped = run.stopped || r.drawn < options.draws || s.burnt < options.burnIn;
    }
    return run;
}

} // namespace mlwb::mcmc
