#include "models/importance.h"

#include "core/cancelled.h"
#include "core/input_error.h"

#include <cmath>
#include <random>

namespace mlwb::models {

namespace {

double accuracyOf(const Classifier& model, const Matrix& x, std::span<const int> y)
{
    const std::vector<int> predicted = model.predict(x);
    long correct = 0;
    for (std::size_t i = 0; i < y.size(); ++i)
        correct += predicted[i] == y[i];
    return double(correct) / double(y.size());
}

} // namespace

FeatureImportance permutationImportance(const Classifier& model, const LabeledData& data, int repeats,
                                        std::uint64_t seed, std::stop_token stop)
{
    if (repeats < 1)
        throw InputError("permutation importance needs at least 1 repeat, not " + std::to_string(repeats));
    if (data.rows() == 0)
        throw InputError("permutation importance needs rows to score; the split has none");
    FeatureImportance out;
    out.baseline = accuracyOf(model, data.x, data.y);
    std::mt19937_64 rng(seed);
    Matrix shuffled = data.x;
    const Eigen::Index n = shuffled.rows();
    for (Eigen::Index j = 0; j < shuffled.cols(); ++j) {
        double sum = 0, squares = 0;
        for (int r = 0; r < repeats; ++r) {
            if (stop.stop_requested())
                throw Cancelled();
            auto column = shuffled.col(j);
            for (Eigen::Index i = n - 1; i > 0; --i)  // Fisher–Yates
                std::swap(column[i], column[Eigen::Index(rng() % std::uint64_t(i + 1))]);
            const double drop = out.baseline - accuracyOf(model, shuffled, data.y);
            sum += drop;
            squares += drop * drop;
        }
        shuffled.col(j) = data.x.col(j);
        const double mean = sum / repeats;
        out.mean.push_back(mean);
        out.sd.push_back(std::sqrt(std::max(0.0, squares / repeats - mean * mean)));
    }
    return out;
}

Matrix standardizedCoefficients(const Classifier& model, const Matrix& x)
{
    Matrix w = model.coefficients();
    if (w.size() == 0 || x.rows() == 0)
        return {};
    const Eigen::RowVectorXd mean = x.colwise().mean();
    const Eigen::RowVectorXd sd = ((x.rowwise() - mean).array().square().colwise().sum() / double(x.rows())).sqrt();
    return w.array().rowwise() * sd.array();
}

} // namespace mlwb::models
