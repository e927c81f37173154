#include "models/linear_models.h"

#include "models/logistic_kernels.h"
#include "models/mlp.h"
#include "tensor/detail/gemm.h"

namespace mlwb::models {

namespace {

// The loss and gradient built for the ISA level matmul uses (models/logistic_kernels.h).
detail::LogisticFn logisticKernel()
{
    switch (tensor::detail::activeGemmIsa()) {
    case tensor::detail::GemmIsa::Baseline: return detail::logisticBaseline;
    case tensor::detail::GemmIsa::Avx2: return detail::logisticAvx2;
    case tensor::detail::GemmIsa::Avx512: return detail::logisticAvx512;
    }
    return detail::logisticBaseline;
}

} // namespace

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
    if (gradient)
        gradient->resize(params.size());
    const detail::LogisticSums sums = logisticKernel()(x.data(), n, features_, params.data(), params[features_],
                                                       y.data(), gradient ? gradient->data() : nullptr);
    const auto w = params.head(features_);
    Evaluation out;
    out.correct = sums.correct;
    out.penalty = 0.5 * l2 * w.squaredNorm();
    out.loss = (n > 0 ? sums.loss / double(n) : 0.0) + out.penalty;
    if (gradient)
        gradient->head(features_) += l2 * w;
    return out;
}

std::unique_ptr<Classifier> makeSoftmaxRegression(int features, int classes)
{
    return std::make_unique<Mlp>(Mlp::Options{.inputs = features, .hidden = {}, .classes = classes});
}

} // namespace mlwb::models
