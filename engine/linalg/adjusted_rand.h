#pragma once
// The adjusted Rand index (Hubert & Arabie 1985): agreement of two clusterings of the same
// points, corrected for chance, as scikit-learn's adjusted_rand_score computes it.
#include <span>

namespace mlwb::linalg {

// 1 for the same partition whatever the labels' names, about 0 for independent ones, negative
// below chance. Labels are any integers. Both partitions trivial in the same way (one cluster,
// or one per point) give 1, as in scikit-learn. InputError when the sizes differ or are 0.
double adjustedRandIndex(std::span<const int> truth, std::span<const int> predicted);

} // namespace mlwb::linalg
