#pragma once
// A ratings matrix of known low rank for the recommender: its truth, the noisy ratings, and
// which of them are observed for training or held out for measuring.
#include "linalg/completion.h"

#include <Eigen/Core>

#include <cstdint>

namespace mlwb::linalg {

struct SyntheticRatingsOptions {
    int users = 300;
    int items = 200;
    int rank = 5;
    double noise = 0.1;              // standard deviation of the noise added to observed ratings
    double observedFraction = 0.2;   // of all entries, each independently
    double heldOutFraction = 0.2;    // of the observed ones, each independently
    std::uint64_t seed = 0;
};

struct SyntheticRatings {
    Eigen::MatrixXd truth;    // U·Vᵀ with U, V entries N(0, 1/√rank): truth entries have variance 1
    Eigen::MatrixXd ratings;  // truth + noise where observed, NaN elsewhere
    Eigen::MatrixXd userFactors, itemFactors;  // U and V
    Mask train, heldOut;      // disjoint; together the observed entries
};

// InputError for sizes or a rank below 1, a rank above min(users, items), a negative noise, or
// fractions outside [0, 1].
SyntheticRatings syntheticRatings(const SyntheticRatingsOptions& options);

} // namespace mlwb::linalg
