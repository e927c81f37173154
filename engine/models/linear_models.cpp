#include "models/linear_models.h"

#include "models/active_isa.h"
#include "models/logistic_kernels.h"
#include "models/mlp.h"
#include "tensor/detail/vector_arithmetic.h"

#include <cassert>

namespace mlwb::models {

LogisticRegression::LogisticRegression(int features) : features_(features) { params_ = Vec::Zero(features + 1); }

Matrix LogisticRegression::coefficients() const { return params_.head(features_).transpose(); }

void LogisticRegression::initialize(std::mt19937_64&) { params_.setZero(); }

Vec LogisticRegression::scores(const Vec& params, ConstView x) const
{
    Vec z(x.rows);
    multiply(x, view(params.data(), features_, 1), mut(z.data(), z.size(), 1));
    z.array() += params[features_];
    return z;
}

Matrix LogisticRegression::probabilities(const Vec& params, ConstView x) const
{
    const Vec z = scores(params, x);
    Matrix p(x.rows, 2);
    p.col(1) = (1.0 + (-z.array()).exp()).inverse();
    p.col(0) = 1.0 - p.col(1).array();
    return p;
}

Evaluation LogisticRegression::evaluate(const Vec& params, ConstView x, std::span<const int> y, double l2,
                                        Vec* gradient) const
{
    assert(x.rs == 1 && x.cols == features_);
    const Eigen::Index n = x.rows;
    if (gradient)
        gradient->resize(params.size());
    const auto kernel = detail::activeIsaBuild(detail::logisticBaseline, detail::logisticAvx2, detail::logisticAvx512);
    const detail::LogisticSums sums = kernel(x.data, n, x.cs, features_, params.data(), params[features_], y.data(),
                                             gradient ? gradient->data() : nullptr);
    Evaluation out;
    out.correct = sums.correct;
    out.loss = n > 0 ? sums.loss / double(n) : 0.0;
    if (l2 != 0) {  // skipped at 0: full-batch training calls this thousands of times
        const auto w = params.head(features_);
        out.penalty = 0.5 * l2 * w.squaredNorm();
        out.loss += out.penalty;
        if (gradient)
            gradient->head(features_) += l2 * w;
    }
    return out;
}

bool LogisticRegression::stepSgd(ConstView x, std::span<const int> y, double rate, Evaluation& before)
{
    before = evaluate(params_, x, y, 0.0, &stepGradient_);
    before.gradientSquares = stepGradient_.squaredNorm();
    // As optim's SGD steps (one rounding for both paths).
    tensor::detail::scaledAdd(-rate, stepGradient_.data(), params_.data(), params_.size());
    return true;
}

std::unique_ptr<Classifier> makeSoftmaxRegression(int features, int classes)
{
    return std::make_unique<Mlp>(Mlp::Options{.inputs = features, .hidden = {}, .classes = classes});
}

} // namespace mlwb::models
