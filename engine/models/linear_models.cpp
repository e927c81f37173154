#include "models/linear_models.h"

#include "models/mlp.h"
#include "tensor/detail/vector_math.h"

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
    using tensor::detail::VectorFn;
    using tensor::detail::vectorMath;
    const Eigen::Index n = x.rows();
    const Vec z = scores(params, x);
    // e = exp(−|z|) once per row gives both the loss log(1 + e^z) − y·z = max(z, 0) + log(1 + e) − y·z,
    // exact for large |z| where a clipped probability would not be, and σ(z) without overflow.
    Vec e = -z.cwiseAbs();
    vectorMath(VectorFn::Exp, e.data(), e.data(), n);
    Vec logTerm = e.array() + 1.0;
    vectorMath(VectorFn::Log, logTerm.data(), logTerm.data(), n);
    // As whole-array expressions, so the compiler vectorises them.
    Eigen::ArrayXd label(n);
    for (Eigen::Index i = 0; i < n; ++i)
        label[i] = y[std::size_t(i)];
    const auto za = z.array();
    const auto ea = e.array();
    Evaluation out;
    out.loss = (za.max(0.0) + logTerm.array() - label * za).sum();
    out.correct = long(((za > 0).cast<double>() == label).count());
    const Eigen::ArrayXd sigma = (za >= 0).select(Eigen::ArrayXd::Ones(n), ea) / (1.0 + ea);
    const Vec residual = ((sigma - label) / double(n)).matrix();  // (σ(z) − y) / n
    const auto w = params.head(features_);
    out.penalty = 0.5 * l2 * w.squaredNorm();
    out.loss = (n > 0 ? out.loss / double(n) : 0.0) + out.penalty;
    if (gradient) {
        gradient->resize(params.size());
        multiply(view(x).t(), view(residual.data(), n, 1), mut(gradient->data(), features_, 1));
        gradient->head(features_) += l2 * w;
        (*gradient)[features_] = residual.sum();
    }
    return out;
}

std::unique_ptr<Classifier> makeSoftmaxRegression(int features, int classes)
{
    return std::make_unique<Mlp>(Mlp::Options{.inputs = features, .hidden = {}, .classes = classes});
}

} // namespace mlwb::models
