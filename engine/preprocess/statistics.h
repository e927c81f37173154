#pragma once
#include <cstddef>
#include <span>

// Order statistics and moments the transformers learn, matching NumPy bit for bit where that
// is cheap to do. Inputs hold observed values only (no NaN) and are not empty.
namespace mlwb::preprocess {

// np.median: the middle value, or (a + b) / 2 of the two middle values. Reorders `values`
// (nth_element, O(n) on average, no full sort).
double median(std::span<double> values);

// np.percentile(values, q) with NumPy's default "linear" method, q in [0, 100], including
// NumPy's two-sided interpolation formula. Reorders `values`.
double percentile(std::span<double> values, double q);

// Mean and population standard deviation (divide by n, as scikit-learn's StandardScaler) of
// the non-NaN entries, two passes for accuracy, no copy. If all observed values are equal,
// exactly that value and 0 (so the scaled column is exactly 0). `count` is 0 if all are NaN.
struct MeanStd {
    double mean = 0;
    double std = 0;
    std::size_t count = 0;
};
MeanStd meanAndStd(std::span<const double> values);

} // namespace mlwb::preprocess
