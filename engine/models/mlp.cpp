#include "models/mlp.h"

#include "core/input_error.h"
#include "models/active_isa.h"

#include <cassert>
#include <cmath>
#include <string>

namespace mlwb::models {

// Layer l maps sizes_[l] inputs to sizes_[l+1] outputs with weights W (outputs × inputs,
// column-major) followed by a bias per output, both in the flat parameter vector.

Mlp::Mlp(Options options) : options_(std::move(options))
{
    if (options_.hidden.size() > 3)
        throw InputError("an MLP here has 1 to 3 hidden layers, not " + std::to_string(options_.hidden.size()));
    if (options_.classes < 2)
        throw InputError("a classifier needs at least 2 classes, not " + std::to_string(options_.classes));
    if (options_.inputs < 1)
        throw InputError("a classifier needs at least one feature");
    sizes_.push_back(options_.inputs);
    for (const int h : options_.hidden) {
        if (h < 1)
            throw InputError("a hidden layer needs at least 1 unit, not " + std::to_string(h));
        sizes_.push_back(h);
    }
    sizes_.push_back(options_.classes);
    Eigen::Index total = 0;
    for (int l = 0; l < layers(); ++l) {
        offset_.push_back(total);
        total += Eigen::Index(sizes_[l + 1]) * (sizes_[l] + 1);
    }
    params_ = Vec::Zero(total);
}

std::string Mlp::describe() const
{
    if (isLinear())
        return "softmax regression";
    std::string s = "MLP";
    for (std::size_t i = 0; i < sizes_.size(); ++i)
        s += (i ? "-" : " ") + std::to_string(sizes_[i]);
    return s + (options_.activation == Activation::ReLU ? " (ReLU)" : " (tanh)");
}

Matrix Mlp::coefficients() const
{
    if (!isLinear())
        return {};
    return Eigen::Map<const Matrix>(params_.data(), sizes_[1], sizes_[0]);
}

void Mlp::initialize(std::mt19937_64& rng)
{
    params_.setZero();
    if (isLinear())
        return;
    for (int l = 0; l < layers(); ++l) {
        const double fanIn = sizes_[l], fanOut = sizes_[l + 1];
        double* w = params_.data() + offset_[l];
        const Eigen::Index count = Eigen::Index(sizes_[l + 1]) * sizes_[l];
        if (options_.init == Initialization::He) {
            std::normal_distribution<double> normal(0.0, std::sqrt(2.0 / fanIn));
            for (Eigen::Index i = 0; i < count; ++i)
                w[i] = normal(rng);
        } else {
            const double limit = std::sqrt(6.0 / (fanIn + fanOut));
            std::uniform_real_distribution<double> uniform(-limit, limit);
            for (Eigen::Index i = 0; i < count; ++i)
                w[i] = uniform(rng);
        }
    }
}

detail::MlpNet Mlp::net() const
{
    return {.layers = layers(),
            .sizes = sizes_.data(),
            .offsets = offset_.data(),
            .relu = options_.activation == Activation::ReLU};
}

detail::MlpSums Mlp::run(const Vec& params, ConstView x, const int* y, double* gradient, double* probabilities) const
{
    assert(x.rs == 1 && x.cols == options_.inputs);
    const auto kernel = detail::activeIsaBuild(detail::mlpBaseline, detail::mlpAvx2, detail::mlpAvx512);
    return kernel(net(), params.data(), x.data, x.rows, x.cs, y, gradient, probabilities);
}

bool Mlp::stepSgd(ConstView x, std::span<const int> y, double rate, Evaluation& before)
{
    assert(x.rs == 1 && x.cols == options_.inputs && Eigen::Index(y.size()) == x.rows);
    // The kernel scales deltas by the rate and divides the squares by rate²: that must be a
    // normal number (not 0, subnormal, infinite or NaN).
    if (x.rows == 0 || x.rows > detail::kMlpPassRows || !std::isnormal(rate * rate))
        return false;
    const auto kernel = detail::activeIsaBuild(detail::mlpStepBaseline, detail::mlpStepAvx2, detail::mlpStepAvx512);
    const detail::MlpSums sums = kernel(net(), params_.data(), x.data, x.rows, x.cs, y.data(), rate);
    before = {.loss = sums.loss / double(x.rows), .correct = sums.correct, .gradientSquares = sums.gradientSquares};
    return true;
}

Matrix Mlp::probabilities(const Vec& params, ConstView x) const
{
    Matrix p(x.rows, options_.classes);
    run(params, x, nullptr, nullptr, p.data());
    return p;
}

Evaluation Mlp::evaluate(const Vec& params, ConstView x, std::span<const int> y, double l2, Vec* gradient) const
{
    if (gradient)
        gradient->resize(params.size());
    const detail::MlpSums sums = run(params, x, y.data(), gradient ? gradient->data() : nullptr, nullptr);
    Evaluation e;
    e.correct = sums.correct;
    e.loss = x.rows > 0 ? sums.loss / double(x.rows) : 0.0;
    if (l2 == 0) {  // skipped at 0: training calls this once per batch
        if (gradient)
            e.gradientSquares = sums.gradientSquares;
        return e;
    }
    for (int l = 0; l < layers(); ++l) {
        const Eigen::Index count = Eigen::Index(sizes_[l + 1]) * sizes_[l];
        const Eigen::Map<const Vec> w(params.data() + offset_[l], count);
        e.penalty += 0.5 * l2 * w.squaredNorm();
        if (gradient)
            Eigen::Map<Vec>(gradient->data() + offset_[l], count) += l2 * w;
    }
    e.loss += e.penalty;
    return e;
}

} // namespace mlwb::models
