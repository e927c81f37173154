#pragma once
// Low-rank matrix completion for recommendations: a ratings matrix of which only some entries
// are known, factored as U·Vᵀ (users × k times items × k) by alternating least squares with an
// L2 penalty, judged by the RMSE on held-out ratings.
#include <Eigen/Core>

#include <cstdint>
#include <functional>
#include <vector>

namespace mlwb::linalg {

// Which entries of a matrix take part (true) and which do not.
using Mask = Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic>;

struct AlsOptions {
    int rank = 5;
    // Minimises Σ over the training entries of (r − uᵀv)² + l2·(Σ‖u‖² + Σ‖v‖²).
    double l2 = 0.1;
    int iterations = 50;    // sweeps, each solving all users, then all items
    std::uint64_t seed = 0;  // the items' starting factors, N(0, 1/k)
};

struct Completion {
    Eigen::MatrixXd userFactors;  // users × rank
    Eigen::MatrixXd itemFactors;  // items × rank
    // Per sweep: RMSE over the training entries and over the held-out ones (NaN without any).
    std::vector<double> trainRmse, heldOutRmse;
    bool stopped = false;  // the callback ended it before `iterations`

    Eigen::MatrixXd predictions() const { return userFactors * itemFactors.transpose(); }
};

// Called after each sweep (from 1) with the two RMSEs; returning true stops the factorisation
// (progress, a live chart and a Stop button are all this one callback).
using CompletionCallback = std::function<bool(int iteration, double trainRmse, double heldOutRmse)>;

// Factors `ratings` from its entries under `train`; the entries under `heldOut` only measure.
// Other entries may hold anything (NaN for unknown). InputError when the masks' shape differs
// from the ratings', the masks overlap, no entry is trained on, a used entry is NaN or
// infinite (naming its row and column), the rank is not in 1 … min(users, items), or l2 < 0.
Completion completeAls(const Eigen::MatrixXd& ratings, const Mask& train, const Mask& heldOut,
                       const AlsOptions& options, const CompletionCallback& onIteration = {});

// √(mean of (a − b)² over the entries under mask); NaN when the mask is empty.
double maskedRmse(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, const Mask& mask);

} // namespace mlwb::linalg
