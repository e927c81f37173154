#include "linalg/adjusted_rand.h"

#include "core/input_error.h"

#include <fmt/format.h>

#include <map>
#include <utility>

namespace mlwb::linalg {

double adjustedRandIndex(std::span<const int> truth, std::span<const int> predicted)
{
    if (truth.size() != predicted.size() || truth.empty())
        throw InputError(fmt::format("the adjusted Rand index compares two labelings of the same points; got {} and {} "
                                     "labels",
                                     truth.size(), predicted.size()));
    // The contingency table's cells, row sums and column sums; then scikit-learn's pair
    // confusion matrix (ordered pairs of distinct points), in doubles: n⁴ overflows 64 bits.
    std::map<std::pair<int, int>, double> cells;
    std::map<int, double> rows, cols;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        cells[{truth[i], predicted[i]}] += 1;
        rows[truth[i]] += 1;
        cols[predicted[i]] += 1;
    }
    const auto sumOfSquares = [](const auto& counts) {
        double s = 0;
        for (const auto& [key, count] : counts)
            s += count * count;
        return s;
    };
    const double n = double(truth.size()), both = sumOfSquares(cells);
    const double tp = both - n;                      // pairs together in both
    const double fp = sumOfSquares(cols) - both;     // together in predicted only
    const double fn = sumOfSquares(rows) - both;     // together in truth only
    const double tn = n * n - fp - fn - both;        // apart in both
    if (fn == 0 && fp == 0)
        return 1.0;
    return 2.0 * (tp * tn - fn * fp) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}

} // namespace mlwb::linalg
