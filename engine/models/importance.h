#pragma once
// Which features a trained model relies on.
#include "models/classifier.h"

#include <cstdint>
#include <stop_token>

namespace mlwb::models {

struct FeatureImportance {
    std::vector<double> mean, sd;  // per feature
    double baseline = 0;           // the accuracy with no column shuffled
};

// Permutation importance (Breiman 2001; scikit-learn's permutation_importance with accuracy
// as the score): how much the accuracy on (x, y) drops when one column's values are shuffled
// among the rows, `repeats` times per column; sd is the population sd over the repeats.
// InputError for repeats < 1 or no rows; Cancelled when stopped.
FeatureImportance permutationImportance(const Classifier& model, const LabeledData& data, int repeats,
                                        std::uint64_t seed, std::stop_token stop = {});

// The linear models' weights in standard deviations of each feature: w_kj · sd(x_j) over the
// rows of x, so features on different scales compare (classes × features; one row for
// binary logistic regression). Empty for other models.
Matrix standardizedCoefficients(const Classifier& model, const Matrix& x);

} // namespace mlwb::models
