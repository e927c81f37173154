#include "metrics/curves.h"

#include "core/input_error.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <numeric>

namespace mlwb::metrics {

namespace {

// Sizes agree, truth is 0/1, and every value is a finite number ("score 17 is NaN").
void checkBinary(std::span<const int> truth, std::span<const double> values, const char* valueName,
                 const char* valuesName)
{
    if (truth.size() != values.size())
        throw InputError(fmt::format("the labels have {} entries but the {} have {}", truth.size(), valuesName,
                                     values.size()));
    for (std::size_t i = 0; i < truth.size(); ++i)
        if (truth[i] != 0 && truth[i] != 1)
            throw InputError(fmt::format("label {} is {}; the labels must be 0 or 1", i, truth[i]));
    for (std::size_t i = 0; i < values.size(); ++i)
        if (!std::isfinite(values[i]))
            throw InputError(fmt::format("{} {} is {}", valueName, i, std::isnan(values[i]) ? "NaN" : "infinite"));
}

// Rows scoring at least each distinct score, scores in decreasing order: scikit-learn's
// _binary_clf_curve. Rows with tied scores fall under one threshold together.
struct Counts {
    std::vector<double> thresholds;
    std::vector<long> truePositives, falsePositives;
};

Counts countByThreshold(std::span<const int> truth, std::span<const double> score)
{
    checkBinary(truth, score, "score", "scores");
    std::vector<std::size_t> order(score.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
    Counts c;
    long positives = 0;
    for (std::size_t i = 0; i < order.size(); ++i) {
        positives += truth[order[i]];
        const bool lastOfTie = i + 1 == order.size() || score[order[i + 1]] != score[order[i]];
        if (lastOfTie) {
            c.thresholds.push_back(score[order[i]]);
            c.truePositives.push_back(positives);
            c.falsePositives.push_back(long(i + 1) - positives);
        }
    }
    return c;
}

} // namespace

Curve rocCurve(std::span<const int> truth, std::span<const double> score)
{
    const Counts c = countByThreshold(truth, score);
    const long positives = c.truePositives.empty() ? 0 : c.truePositives.back();
    const long negatives = c.falsePositives.empty() ? 0 : c.falsePositives.back();
    if (positives == 0 || negatives == 0)
        throw InputError(fmt::format("the labels have {} rows of class 0 and {} of class 1; a ROC curve needs both "
                                     "classes",
                                     negatives, positives));
    Curve r{{0}, {0}, {std::numeric_limits<double>::infinity()}};
    for (std::size_t i = 0; i < c.thresholds.size(); ++i) {
        r.x.push_back(double(c.falsePositives[i]) / double(negatives));
        r.y.push_back(double(c.truePositives[i]) / double(positives));
        r.thresholds.push_back(c.thresholds[i]);
    }
    return r;
}

double rocAuc(std::span<const int> truth, std::span<const double> score)
{
    const Curve r = rocCurve(truth, score);
    double area = 0;
    for (std::size_t i = 1; i < r.x.size(); ++i)
        area += (r.x[i] - r.x[i - 1]) * (r.y[i] + r.y[i - 1]) / 2;
    return area;
}

Curve precisionRecallCurve(std::span<const int> truth, std::span<const double> score)
{
    const Counts c = countByThreshold(truth, score);
    if (c.truePositives.empty() || c.truePositives.back() == 0)
        throw InputError("no label is 1; a precision-recall curve needs at least one row of class 1, since recall "
                         "is the fraction of them found");
    const double positives = double(c.truePositives.back());
    Curve r;
    for (std::size_t i = c.thresholds.size(); i-- > 0;) {
        const double tp = double(c.truePositives[i]);
        r.x.push_back(tp / positives);
        r.y.push_back(tp / (tp + double(c.falsePositives[i])));  // > 0: every threshold holds a row
        r.thresholds.push_back(c.thresholds[i]);
    }
    r.x.push_back(0);
    r.y.push_back(1);
    return r;
}

double averagePrecision(std::span<const int> truth, std::span<const double> score)
{
    // Walks the curve from its end (highest threshold) as scikit-learn does, so the sum rounds alike.
    const Curve pr = precisionRecallCurve(truth, score);
    double sum = 0;
    for (std::size_t i = 0; i + 1 < pr.x.size(); ++i)
        sum += (pr.x[i] - pr.x[i + 1]) * pr.y[i];
    return sum;
}

Calibration calibrationCurve(std::span<const int> truth, std::span<const double> probability, int bins)
{
    if (bins < 1)
        throw InputError(fmt::format("the number of bins must be at least 1, not {}", bins));
    checkBinary(truth, probability, "probability", "probabilities");
    for (std::size_t i = 0; i < probability.size(); ++i)
        if (probability[i] < 0 || probability[i] > 1)
            throw InputError(fmt::format("probability {} is {}; probabilities must lie in [0, 1]", i, probability[i]));
    // Inner edges k × (1 / bins) as numpy.linspace rounds them, and a value on an edge goes to the
    // lower bin (numpy.searchsorted, side "left"), so edge cases fall where scikit-learn puts them.
    std::vector<double> edges;
    for (int k = 1; k < bins; ++k)
        edges.push_back(double(k) * (1.0 / bins));
    std::vector<double> sums(std::size_t(bins), 0), positives(std::size_t(bins), 0);
    std::vector<long> counts(std::size_t(bins), 0);
    for (std::size_t i = 0; i < probability.size(); ++i) {
        const auto bin = std::size_t(std::lower_bound(edges.begin(), edges.end(), probability[i]) - edges.begin());
        sums[bin] += probability[i];
        positives[bin] += truth[i];
        ++counts[bin];
    }
    Calibration c;
    for (std::size_t b = 0; b < counts.size(); ++b)
        if (counts[b] > 0) {
            c.meanPredicted.push_back(sums[b] / double(counts[b]));
            c.fractionPositive.push_back(positives[b] / double(counts[b]));
            c.count.push_back(counts[b]);
        }
    return c;
}

} // namespace mlwb::metrics
