#include "models/mlp.h"

#include "core/input_error.h"
#include "tensor/detail/vector_math.h"

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

std::vector<Matrix> Mlp::forward(const Vec& params, const Matrix& x) const
{
    std::vector<Matrix> out;
    out.reserve(sizes_.size());
    out.emplace_back();  // x itself, not copied
    for (int l = 0; l < layers(); ++l) {
        const Matrix& in = l == 0 ? x : out.back();
        const double* w = params.data() + offset_[l];
        const Eigen::Map<const Vec> b(w + Eigen::Index(sizes_[l + 1]) * sizes_[l], sizes_[l + 1]);
        Matrix a(in.rows(), sizes_[l + 1]);
        multiply(view(in), view(w, sizes_[l + 1], sizes_[l]).t(), mut(a));  // a = in · Wᵀ
        a.rowwise() += b.transpose();
        if (l + 1 < layers()) {
            if (options_.activation == Activation::ReLU)
                a.array() = a.array().max(0.0);
            else
                tensor::detail::vectorMath(tensor::detail::VectorFn::Tanh, a.data(), a.data(), a.size());
        } else {
            softmaxRows(a);
        }
        out.push_back(std::move(a));
    }
    return out;
}

Matrix Mlp::probabilities(const Vec& params, const Matrix& x) const { return forward(params, x).back(); }

Evaluation Mlp::evaluate(const Vec& params, const Matrix& x, std::span<const int> y, double l2, Vec* gradient) const
{
    const std::vector<Matrix> h = forward(params, x);
    Evaluation e = scoreProbabilities(h.back(), y);
    for (int l = 0; l < layers(); ++l) {
        const Eigen::Map<const Vec> w(params.data() + offset_[l], Eigen::Index(sizes_[l + 1]) * sizes_[l]);
        e.penalty += 0.5 * l2 * w.squaredNorm();
    }
    e.loss += e.penalty;
    if (!gradient)
        return e;
    gradient->resize(params.size());
    // delta: d loss / d (pre-activation) of the current layer, rows × outputs.
    Matrix delta = h.back();
    for (Eigen::Index i = 0; i < delta.rows(); ++i)
        delta(i, y[std::size_t(i)]) -= 1.0;
    if (delta.rows() > 0)
        delta /= double(delta.rows());
    for (int l = layers() - 1; l >= 0; --l) {
        const Eigen::Index outputs = sizes_[l + 1], inputs = sizes_[l];
        const double* w = params.data() + offset_[l];
        double* gw = gradient->data() + offset_[l];
        multiply(view(delta).t(), view(l == 0 ? x : h[l]), mut(gw, outputs, inputs));  // dW = deltaᵀ · in
        Eigen::Map<Vec>(gw, outputs * inputs) += l2 * Eigen::Map<const Vec>(w, outputs * inputs);
        Eigen::Map<Vec>(gw + outputs * inputs, outputs) = delta.colwise().sum().transpose();
        if (l == 0)
            break;
        Matrix back(delta.rows(), inputs);
        multiply(view(delta), view(w, outputs, inputs), mut(back));  // d in = delta · W
        if (options_.activation == Activation::ReLU)
            delta = (h[l].array() > 0).select(back, 0.0);
        else
            delta = back.array() * (1.0 - h[l].array().square());
    }
    return e;
}

} // namespace mlwb::models
