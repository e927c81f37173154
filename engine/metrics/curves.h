#pragma once
#include <span>
#include <vector>

// Threshold curves of a binary classifier, computed as scikit-learn computes them. truth is 0/1
// and score is higher for class 1. Every function throws InputError when sizes differ, when
// truth holds another value than 0/1, or when a score is NaN or infinite (naming the first index,
// counting from 0: "score 17 is NaN").
namespace mlwb::metrics {

struct Curve {
    std::vector<double> x, y;        // ROC: false-positive rate, true-positive rate; PR: recall, precision
    std::vector<double> thresholds;  // one per point
};

// As scikit-learn's roc_curve(drop_intermediate=False): thresholds are the distinct scores in
// decreasing order, with a first point (0,0) at threshold +inf.
// InputError also when only one class is present.
Curve rocCurve(std::span<const int> truth, std::span<const double> score);
double rocAuc(std::span<const int> truth, std::span<const double> score);  // trapezoid area under rocCurve

// As scikit-learn's precision_recall_curve: points in order of increasing threshold, ending at
// (recall 0, precision 1) with no threshold for that last point (thresholds.size() == x.size() − 1).
// InputError also when no label is 1: recall would divide by zero (scikit-learn warns and goes on).
Curve precisionRecallCurve(std::span<const int> truth, std::span<const double> score);
// As scikit-learn's average_precision_score: sum over thresholds of (R_n − R_{n−1}) P_n (no interpolation).
double averagePrecision(std::span<const int> truth, std::span<const double> score);

// Reliability diagram as scikit-learn's calibration_curve(strategy="uniform"): bins equal-width
// over [0,1]; only non-empty bins are returned. probability must lie in [0,1] (InputError naming
// the index otherwise), bins must be at least 1.
struct Calibration {
    std::vector<double> meanPredicted, fractionPositive;
    std::vector<long> count;
};
Calibration calibrationCurve(std::span<const int> truth, std::span<const double> probability, int bins);

} // namespace mlwb::metrics
