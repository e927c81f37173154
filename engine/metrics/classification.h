#pragma once
#include <Eigen/Core>

#include <span>
#include <utility>
#include <vector>

// Classification metrics computed as scikit-learn computes them, so figures in the app match
// the ones learners see in course notebooks. Indices in error messages count from 0.
namespace mlwb::metrics {

// Counts of (true class, predicted class); classes are 0 … classes−1.
struct ConfusionMatrix {
    int classes = 0;
    std::vector<long> counts;  // row-major classes × classes, row = true class
    long at(int truth, int predicted) const;
    long total() const;
};

// InputError when sizes differ, classes < 1, or a label lies outside 0 … classes−1 (naming the index and value).
ConfusionMatrix confusionMatrix(std::span<const int> truth, std::span<const int> predicted, int classes);

enum class Normalize { None, ByTrue, ByPredicted };
// Row-major doubles: counts, or each row (ByTrue) / column (ByPredicted) divided by its sum; a
// row/column with sum 0 gives 0s (as scikit-learn).
std::vector<double> normalized(const ConfusionMatrix& m, Normalize how);

struct ClassificationReport {
    std::vector<double> precision, recall, f1;  // per class; 0 where undefined (scikit-learn's zero_division=0)
    std::vector<long> support;                   // true rows per class
    double accuracy = 0;
    double macroPrecision = 0, macroRecall = 0, macroF1 = 0;
    double weightedPrecision = 0, weightedRecall = 0, weightedF1 = 0;  // weighted by support
};
// Macro averages run over all m.classes classes, also those absent from both truth and
// predictions (scikit-learn with labels=range(classes)). An empty matrix gives all 0s.
ClassificationReport classificationReport(const ConfusionMatrix& m);

// Fraction of equal entries. InputError when sizes differ or there are no rows.
double accuracy(std::span<const int> truth, std::span<const int> predicted);

// The off-diagonal cell with the most rows (true, predicted); {-1,-1} when there are no errors.
// Ties: the first in row-major order.
std::pair<int, int> mostConfusedPair(const ConfusionMatrix& m);

// Mean cross-entropy; probabilities is n × classes (rows sum to 1), clipped to [1e-15, 1 − 1e-15]
// as scikit-learn's log_loss. InputError on size mismatch, no rows, a probability that is NaN or
// outside [0, 1], a row whose sum is not 1 (within 1e-6), or a label outside 0 … classes−1.
double logLoss(std::span<const int> truth, const Eigen::MatrixXd& probabilities);

} // namespace mlwb::metrics
