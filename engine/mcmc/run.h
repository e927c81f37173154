#pragma once
// Several chains at once on worker threads, their draws streamed out in blocks as they come.
#include "mcmc/sampler.h"

#include <functional>

namespace mlwb::mcmc {

// More chains than this are refused: the lab shows a handful, the diagnostics need ≥ 2, and
// each chain costs a thread's share of a core.
inline constexpr int kMaxChains = 64;

struct RunOptions {
    int chains = 4;
    std::size_t draws = 1000;  // kept per chain, after burn-in and thinning
    std::size_t burnIn = 0;    // proposals discarded at the start of each chain
    int thin = 1;              // keep the state after every thin-th proposal
    std::uint64_t seed = 1;    // chain c uses stream c of the seed (mcmc/rng.h)
    int threads = 0;           // 0: one per core; never more than chains
    std::size_t blockDraws = 4096;  // draws per streamed block
    bool storeDraws = true;         // false: draws only reach the callback
    // Where the chains start: empty for the origin, one point for all, or one per chain.
    std::vector<std::vector<double>> starts;
};

// A block of one chain's draws, as they stream out.
struct SampleBlock {
    int chain = 0;
    std::size_t firstDraw = 0;        // index in the chain of values' first row
    std::size_t draws = 0;            // rows in values
    std::span<const double> values;   // draws × dimension, row-major; valid during the call
    std::size_t proposals = 0, accepted = 0;  // the chain's totals after burn-in, so far
};

// Called on a worker thread, never two at once; returning true stops the run.
using BlockCallback = std::function<bool(int chain, const SampleBlock& block)>;

struct ChainResult {
    // drawn × dimension, row-major (empty without storeDraws). A plain vector: malloc keeps
    // freed blocks of this size for the next run, where the fresh pages LargeVector maps are
    // cleared by the kernel anew each time (10% of a million-draw run, the W7 bench's).
    std::vector<double> draws;
    std::size_t drawn = 0;      // fewer than asked when the run stopped
    std::size_t proposals = 0, accepted = 0;  // after burn-in
    std::vector<double> last;                 // the final state
    double acceptanceRate() const { return proposals ? double(accepted) / double(proposals) : 0.0; }
};

struct RunResult {
    int dimension = 0;
    std::vector<std::string> names;
    std::vector<ChainResult> chains;
    bool stopped = false;  // by the token or the callback
};

// Runs options.chains chains of the sampler on a few threads, each chain from its own stream,
// so the draws depend on the seed alone, not on the threads. Stops within 256 proposals per
// chain of a stop request; a stopped run keeps, and sends, only the blocks completed before
// the stop. InputError for no chains, more than kMaxChains, draws to store beyond half the
// machine's memory, thin < 1, starts that do not fit, and whatever ChainSampler refuses; a
// worker's exception is rethrown here.
RunResult sample(const Target& target, const SamplerOptions& sampler, const RunOptions& options,
                 const BlockCallback& onBlock = {}, std::stop_token stop = {});

} // namespace mlwb::mcmc
