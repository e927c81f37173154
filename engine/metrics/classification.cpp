#include "metrics/classification.h"

#include "core/input_error.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numeric>

namespace mlwb::metrics {

namespace {

void checkSameSize(std::size_t truth, std::size_t predicted)
{
    if (truth != predicted)
        throw InputError(fmt::format("the true labels have {} entries but the predictions have {}", truth, predicted));
}

void checkLabels(std::span<const int> labels, const char* which, int classes)
{
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (labels[i] < 0 || labels[i] >= classes)
            throw InputError(fmt::format("{} label {} at index {} is outside the classes 0 … {}", which, labels[i], i,
                                         classes - 1));
}

double ratio(double numerator, double denominator)
{
    return denominator == 0 ? 0 : numerator / denominator;
}

double mean(const std::vector<double>& v)
{
    return ratio(std::accumulate(v.begin(), v.end(), 0.0), double(v.size()));
}

double weightedMean(const std::vector<double>& v, const std::vector<long>& weights)
{
    double sum = 0;
    for (std::size_t k = 0; k < v.size(); ++k)
        sum += v[k] * double(weights[k]);
    return ratio(sum, double(std::accumulate(weights.begin(), weights.end(), 0L)));
}

} // namespace

long ConfusionMatrix::at(int truth, int predicted) const
{
    return counts[std::size_t(truth) * std::size_t(classes) + std::size_t(predicted)];
}

long ConfusionMatrix::total() const
{
    return std::accumulate(counts.begin(), counts.end(), 0L);
}

ConfusionMatrix confusionMatrix(std::span<const int> truth, std::span<const int> predicted, int classes)
{
    checkSameSize(truth.size(), predicted.size());
    if (classes < 1)
        throw InputError(fmt::format("the number of classes must be at least 1, not {}", classes));
    checkLabels(truth, "true", classes);
    checkLabels(predicted, "predicted", classes);
    ConfusionMatrix m{classes, std::vector<long>(std::size_t(classes) * std::size_t(classes), 0)};
    for (std::size_t i = 0; i < truth.size(); ++i)
        ++m.counts[std::size_t(truth[i]) * std::size_t(classes) + std::size_t(predicted[i])];
    return m;
}

std::vector<double> normalized(const ConfusionMatrix& m, Normalize how)
{
    std::vector<double> out(m.counts.begin(), m.counts.end());
    if (how == Normalize::None)
        return out;
    const bool byRow = how == Normalize::ByTrue;
    for (int a = 0; a < m.classes; ++a) {
        // Cell b of row a (ByTrue) or of column a (ByPredicted).
        auto cell = [&](int b) -> double& { return out[std::size_t(byRow ? a * m.classes + b : b * m.classes + a)]; };
        double sum = 0;
        for (int b = 0; b < m.classes; ++b)
            sum += cell(b);
        for (int b = 0; b < m.classes; ++b)
            cell(b) = ratio(cell(b), sum);
    }
    return out;
}

ClassificationReport classificationReport(const ConfusionMatrix& m)
{
    ClassificationReport r;
    long correct = 0;
    for (int k = 0; k < m.classes; ++k) {
        long support = 0, predicted = 0;
        for (int j = 0; j < m.classes; ++j) {
            support += m.at(k, j);
            predicted += m.at(j, k);
        }
        const long tp = m.at(k, k);
        correct += tp;
        r.precision.push_back(ratio(double(tp), double(predicted)));
        r.recall.push_back(ratio(double(tp), double(support)));
        // 2tp / (2tp + fp + fn), scikit-learn's form, with predicted + support = 2tp + fp + fn:
        // equal to 2PR / (P + R) but defined (as 0) when only one of P and R is.
        r.f1.push_back(ratio(2.0 * double(tp), double(predicted + support)));
        r.support.push_back(support);
    }
    r.accuracy = ratio(double(correct), double(m.total()));
    r.macroPrecision = mean(r.precision);
    r.macroRecall = mean(r.recall);
    r.macroF1 = mean(r.f1);
    r.weightedPrecision = weightedMean(r.precision, r.support);
    r.weightedRecall = weightedMean(r.recall, r.support);
    r.weightedF1 = weightedMean(r.f1, r.support);
    return r;
}

double accuracy(std::span<const int> truth, std::span<const int> predicted)
{
    checkSameSize(truth.size(), predicted.size());
    if (truth.empty())
        throw InputError("there are no labels to score; accuracy needs at least one row");
    std::size_t correct = 0;
    for (std::size_t i = 0; i < truth.size(); ++i)
        correct += truth[i] == predicted[i];
    return double(correct) / double(truth.size());
}

std::pair<int, int> mostConfusedPair(const ConfusionMatrix& m)
{
    std::pair<int, int> best{-1, -1};
    long most = 0;
    for (int t = 0; t < m.classes; ++t)
        for (int p = 0; p < m.classes; ++p)
            if (t != p && m.at(t, p) > most) {
                most = m.at(t, p);
                best = {t, p};
            }
    return best;
}

double logLoss(std::span<const int> truth, const Eigen::MatrixXd& probabilities)
{
    const auto rows = std::size_t(probabilities.rows());
    if (truth.size() != rows)
        throw InputError(fmt::format("the true labels have {} entries but the probabilities have {} rows",
                                     truth.size(), rows));
    if (rows == 0)
        throw InputError("there are no labels to score; log loss needs at least one row");
    // Clipping keeps log finite for a confident wrong prediction (a probability of exactly 0).
    constexpr double eps = 1e-15;
    const int classes = int(probabilities.cols());
    double sum = 0;
    for (std::size_t i = 0; i < rows; ++i) {
        const auto row = probabilities.row(Eigen::Index(i));
        for (int k = 0; k < classes; ++k) {
            if (std::isnan(row(k)))
                throw InputError(fmt::format("probability row {}, column {} is NaN", i, k));
            if (row(k) < 0 || row(k) > 1)
                throw InputError(fmt::format("probability row {}, column {} is {}; probabilities must lie in [0, 1]",
                                             i, k, row(k)));
        }
        // Scores that are not a distribution over the classes would give a meaningless loss; the
        // tolerance admits probabilities that went through single precision.
        if (std::abs(row.sum() - 1) > 1e-6)
            throw InputError(fmt::format("probability row {} sums to {}, not 1; log loss needs each row to be a "
                                         "distribution over the classes",
                                         i, row.sum()));
        if (truth[i] < 0 || truth[i] >= classes)
            throw InputError(fmt::format("true label {} at index {} is outside the classes 0 … {} of the "
                                         "probability columns",
                                         truth[i], i, classes - 1));
        sum -= std::log(std::clamp(row(truth[i]), eps, 1 - eps));
    }
    return sum / double(rows);
}

} // namespace mlwb::metrics
