#include "models/classifier.h"

namespace mlwb::models {

Matrix Classifier::predictProba(const Matrix& x) const { return probabilities(params_, view(x)); }

std::vector<int> Classifier::predict(const Matrix& x) const
{
    const Matrix p = predictProba(x);
    std::vector<int> out(std::size_t(p.rows()));
    for (Eigen::Index i = 0; i < p.rows(); ++i)
        p.row(i).maxCoeff(&out[std::size_t(i)]);
    return out;
}

} // namespace mlwb::models
