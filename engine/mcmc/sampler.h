#pragma once
// One Markov chain: random-walk Metropolis–Hastings, Adaptive Metropolis or MALA, stepped one
// proposal at a time (what the lab animates) or in blocks (the fast path).
#include "mcmc/target.h"

#include <cstdint>
#include <memory>
#include <span>
#include <stop_token>
#include <vector>

namespace mlwb::mcmc {

enum class Method {
    RandomWalk,  // proposal N(x, Σ), Σ = scale²·I or the given covariance
    Adaptive,    // Haario, Saksman & Tamminen (2001): Σ learnt from the chain's history
    Mala,        // Metropolis-adjusted Langevin: N(x + ε²/2·∇log π(x), ε²I), needs the gradient
};

struct SamplerOptions {
    Method method = Method::RandomWalk;
    // RandomWalk and Adaptive (until it adapts): the proposal sd in every direction. Mala: ε.
    double scale = 1.0;
    // RandomWalk and Adaptive: a full proposal covariance instead of scale²·I (empty: none).
    Eigen::MatrixXd proposalCovariance;
    // Adaptive: the first adaptStart proposals use the fixed proposal above; proposal t after
    // that uses 2.38²/d · (Cov(X₀ … X_{t−1}) + ε·I), ε = adaptEpsilon keeping it nonsingular.
    std::size_t adaptStart = 500;
    double adaptEpsilon = 1e-6;
};

// One proposal, as the lab draws it.
struct StepRecord {
    std::vector<double> from, proposal;
    double acceptProbability = 0;  // min(1, Metropolis–Hastings ratio); 0 when the ratio is NaN
    bool accepted = false;
};

namespace detail {
class Chain;
}

class ChainSampler {
public:
    // `target` must outlive the sampler. The chain draws from stream `stream` of `seed`
    // (mcmc/rng.h), so chain c of a run is the same wherever it runs. InputError for a start
    // point of the wrong size or where the log density is NaN, +∞ or −∞, a proposal scale ≤ 0,
    // a proposal covariance that is not positive definite, MALA without a gradient.
    ChainSampler(const Target& target, const SamplerOptions& options, std::span<const double> start,
                 std::uint64_t seed, std::uint64_t stream = 0);
    ChainSampler(ChainSampler&&) noexcept;
    ChainSampler& operator=(ChainSampler&&) noexcept;
    ~ChainSampler();

    int dimension() const { return dimension_; }
    // One proposal, accepted or rejected, with what it looked like.
    StepRecord step();
    // Makes draws × thin proposals and writes the state after every thin-th into out (row-major,
    // draws × dimension values; out may be empty to discard them, as burn-in does). Returns the
    // draws completed: fewer when stop is requested, which is checked every 256 proposals.
    std::size_t draw(std::size_t draws, int thin, std::span<double> out, std::stop_token stop = {});

    std::span<const double> position() const;
    double logDensity() const;  // at position()
    std::size_t proposals() const;
    std::size_t accepted() const;

private:
    std::unique_ptr<detail::Chain> chain_;
    int dimension_;
};

} // namespace mlwb::mcmc
