#include "models/linear_models.h"

#include "models/mlp.h"

#include <cmath>

namespace mlwb::models {

LogisticRegression::LogisticRegression(int features) : features_(features) { params_ = Vec::Zero(features + 1); }

Matrix LogisticRegression::coefficients() const { return params_.head(features_).transpose(); }

void LogisticRegression::initialize(std::mt19937_64&) { params_.setZero(); }

Vec LogisticRegression::scores(const Vec& params, const Matrix& x) const
{
    Vec z(x.rows());
    multiply(view(x), view(params.data(), features_, 1), mut(z.data(), z.size(), 1));
    z.array() += params[features_];
    return z;
}

Matrix LogisticRegression::probabilities(const Vec& params, const Matrix& x) const
{
    const Vec z = scores(params, x);
    Matrix p(x.rows(), 2);
    p.col(1) = (1.0 + (-z.array()).exp()).inverse();
    p.col(0) = 1.0 - p.col(1).array();
    return p;
}

Evaluation LogisticRegression::evaluate(const Vec& params, const Matrix& x, std::span<const int> y, double l2,
                                        Vec* gradient) const
{
    const Eigen::Index n = x.rows();
    Vec residual = scores(params, x);  // becomes (σ(z) − y) / n in place
    Evaluation e;
    for (Eigen::Index i = 0; i < n; ++i) {
        const double z = residual[i];
        const int label = y[std::size_t(i)];
        // log(1 + e^z) without overflow for large |z|
        e.loss += std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))) - label * z;
        e.correct += (z > 0) == (label == 1);
        residual[i] = (1.0 / (1.0 + std::exp(-z)) - label) / double(n);
    }
    const auto w = params.head(features_);
    e.penalty = 0.5 * l2 * w.squaredNorm();
    e.loss = (n > 0 ? e.loss / double(n) : 0.0) + e.penalty;
    if (gradient) {
        gradient->resize(params.size());
        multiply(view(x).t(), view(residual.data(), n, 1), mut(gradient->data(), features_, 1));
        gradient->head(features_) += l2 * w;
        (*gradient)[features_] = residual.sum();
    }
    return e;
}

std::unique_ptr<Classifier> makeSoftmaxRegression(int features, int classes)
{
    return std::make_unique<Mlp>(Mlp::Options{.inputs = features, .hidden = {}, .classes = classes});
}

} // namespace mlwb::models
