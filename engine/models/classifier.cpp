#include "models/classifier.h"

#include "tensor/detail/vector_math.h"

#include <algorithm>
#include <cmath>

namespace mlwb::models {

Matrix Classifier::predictProba(const Matrix& x) const { return probabilities(params_, x); }

std::vector<int> Classifier::predict(const Matrix& x) const
{
    const Matrix p = predictProba(x);
    std::vector<int> out(std::size_t(p.rows()));
    for (Eigen::Index i = 0; i < p.rows(); ++i)
        p.row(i).maxCoeff(&out[std::size_t(i)]);
    return out;
}

double crossEntropyTerm(double probability) { return -std::log(std::clamp(probability, 1e-15, 1.0)); }

void softmaxRows(Matrix& scores)
{
    // Column by column over the whole matrix (rows are strided in column-major storage), with
    // one call into the vector exp for all entries.
    const Vec largest = scores.rowwise().maxCoeff();
    scores.colwise() -= largest;
    tensor::detail::vectorMath(tensor::detail::VectorFn::Exp, scores.data(), scores.data(), scores.size());
    const Vec sums = scores.rowwise().sum();
    scores.array().colwise() /= sums.array();
}

Evaluation scoreProbabilities(const Matrix& probabilities, std::span<const int> y)
{
    Evaluation e;
    for (Eigen::Index i = 0; i < probabilities.rows(); ++i) {
        const int truth = y[std::size_t(i)];
        e.loss += crossEntropyTerm(probabilities(i, truth));
        Eigen::Index best = 0;
        probabilities.row(i).maxCoeff(&best);
        e.correct += best == truth;
    }
    if (probabilities.rows() > 0)
        e.loss /= double(probabilities.rows());
    return e;
}

} // namespace mlwb::models
