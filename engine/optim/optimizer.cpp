#include "optim/optimizer.h"

#include "core/input_error.h"
#include "tensor/detail/vector_arithmetic.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cmath>
#include <fmt/format.h>

namespace mlwb::optim {

std::string_view methodName(Method m)
{
    switch (m) {
    case Method::SGD: return "SGD";
    case Method::Momentum: return "Momentum";
    case Method::Nesterov: return "Nesterov";
    case Method::AdaGrad: return "AdaGrad";
    case Method::RMSProp: return "RMSProp";
    case Method::Adam: return "Adam";
    }
    return "?";
}

Method methodFromName(std::string_view name)
{
    const auto sameIgnoringCase = [](std::string_view a, std::string_view b) {
        return std::ranges::equal(a, b, [](char x, char y) {
            return std::tolower(static_cast<unsigned char>(x)) ==
                   std::tolower(static_cast<unsigned char>(y));
        });
    };
    std::string known;
    for (Method m : allMethods) {
        if (sameIgnoringCase(name, methodName(m)))
            return m;
        known += fmt::format("{}{}", known.empty() ? "" : ", ", methodName(m));
    }
    throw InputError(fmt::format("unknown optimizer \"{}\"; known: {}", name, known));
}

// Settings tuned on Rosenbrock from (−1.2, 1) (other fields at their textbook defaults).
// "In for good" is the first iteration after which every iterate stays within 1e-3 of (1, 1);
// tst_optimizers checks that the last 1000 of 20 000 iterations are all that close.
//   SGD       η = 1.5e-3   11 379  (stable near (1, 1) up to 2/λmax(∇²f) ≈ 2.0e-3)
//   Momentum  η = 1e-3      1 580  (μ = 0.9)
//   Nesterov  η = 1e-3      1 621  (μ = 0.9; η ≳ 1.4e-3 gets caught in a cycle far away)
//   AdaGrad   η = 0.5       8 923
//   RMSProp   η = 5e-4     10 502  (ρ = 0.9; circles (1, 1) at ≈ 3.5e-4 for good, about 0.7η)
//   Adam      η = 1.5e-3    9 959  (still wobbles by ≈ 5e-4 at 20 000 iterations)
Hyperparameters defaultHyperparameters(Method m)
{
    Hyperparameters h;
    switch (m) {
    case Method::SGD: h.learningRate = 1.5e-3; break;
    case Method::Momentum: h.learningRate = 1e-3; break;
    case Method::Nesterov: h.learningRate = 1e-3; break;
    case Method::AdaGrad: h.learningRate = 0.5; break;
    case Method::RMSProp: h.learningRate = 5e-4; break;
    case Method::Adam: h.learningRate = 1.5e-3; break;
    }
    return h;
}

namespace {

// Resizes per-coordinate state to x's dimension on first use (or after reset()).
void ensureSize(Vec& state, const Vec& x)
{
    if (state.size() != x.size())
        state = Vec::Zero(x.size());
}

class Sgd final : public Optimizer {
public:
    explicit Sgd(const Hyperparameters& h) : h_(h) {}
    Method method() const override { return Method::SGD; }
    void step(Vec& x, const GradientFn& gradient) override
    {
        const Vec g = gradient(x);
        assert(g.size() == x.size());
        tensor::detail::scaledAdd(-h_.learningRate, g.data(), x.data(), x.size());
    }
    void reset() override {}

private:
    Hyperparameters h_;
};

// Heavy ball: v ← μv − η∇f(x); x ← x + v.
class Momentum final : public Optimizer {
public:
    explicit Momentum(const Hyperparameters& h) : h_(h) {}
    Method method() const override { return Method::Momentum; }
    void step(Vec& x, const GradientFn& gradient) override
    {
        ensureSize(v_, x);
        v_ = h_.momentum * v_ - h_.learningRate * gradient(x);
        x += v_;
    }
    void reset() override { v_.resize(0); }

private:
    Hyperparameters h_;
    Vec v_;
};

// Like Momentum, but the gradient is taken where the velocity is about to carry x.
class Nesterov final : public Optimizer {
public:
    explicit Nesterov(const Hyperparameters& h) : h_(h) {}
    Method method() const override { return Method::Nesterov; }
    void step(Vec& x, const GradientFn& gradient) override
    {
        ensureSize(v_, x);
        const Vec lookahead = x + h_.momentum * v_;
        v_ = h_.momentum * v_ - h_.learningRate * gradient(lookahead);
        x += v_;
    }
    void reset() override { v_.resize(0); }

private:
    Hyperparameters h_;
    Vec v_;
};

class AdaGrad final : public Optimizer {
public:
    explicit AdaGrad(const Hyperparameters& h) : h_(h) {}
    Method method() const override { return Method::AdaGrad; }
    void step(Vec& x, const GradientFn& gradient) override
    {
        ensureSize(sumSquares_, x);
        const Vec g = gradient(x);
        sumSquares_ += g.cwiseAbs2();
        x.array() -= h_.learningRate * g.array() / (sumSquares_.array().sqrt() + h_.epsilon);
    }
    void reset() override { sumSquares_.resize(0); }

private:
    Hyperparameters h_;
    Vec sumSquares_;
};

class RmsProp final : public Optimizer {
public:
    explicit RmsProp(const Hyperparameters& h) : h_(h) {}
    Method method() const override { return Method::RMSProp; }
    void step(Vec& x, const GradientFn& gradient) override
    {
        ensureSize(meanSquares_, x);
        const Vec g = gradient(x);
        meanSquares_ = h_.decay * meanSquares_ + (1.0 - h_.decay) * g.cwiseAbs2();
        x.array() -= h_.learningRate * g.array() / (meanSquares_.array().sqrt() + h_.epsilon);
    }
    void reset() override { meanSquares_.resize(0); }

private:
    Hyperparameters h_;
    Vec meanSquares_;
};

class Adam final : public Optimizer {
public:
    explicit Adam(const Hyperparameters& h) : h_(h) {}
    Method method() const override { return Method::Adam; }
    void step(Vec& x, const GradientFn& gradient) override
    {
        ensureSize(m_, x);
        ensureSize(v_, x);
        const Vec g = gradient(x);
        ++t_;
        m_ = h_.beta1 * m_ + (1.0 - h_.beta1) * g;
        v_ = h_.beta2 * v_ + (1.0 - h_.beta2) * g.cwiseAbs2();
        const Vec mHat = m_ / (1.0 - std::pow(h_.beta1, t_));
        const Vec vHat = v_ / (1.0 - std::pow(h_.beta2, t_));
        x.array() -= h_.learningRate * mHat.array() / (vHat.array().sqrt() + h_.epsilon);
    }
    void reset() override
    {
        m_.resize(0);
        v_.resize(0);
        t_ = 0;
    }

private:
    Hyperparameters h_;
    Vec m_, v_;
    int t_ = 0;
};

} // namespace

namespace {

void require(bool ok, std::string_view name, std::string_view range, double value)
{
    if (!ok)
        throw InputError(fmt::format("{} must be {}, got {:g}", name, range, value));
}

void validate(const Hyperparameters& h)
{
    const auto positive = [](double v) { return v > 0.0 && std::isfinite(v); };
    const auto fraction = [](double v) { return v >= 0.0 && v < 1.0; };
    require(positive(h.learningRate), "learning rate", "positive", h.learningRate);
    require(positive(h.epsilon), "epsilon", "positive", h.epsilon);
    require(fraction(h.momentum), "momentum", "in [0, 1)", h.momentum);
    require(fraction(h.beta1), "beta1", "in [0, 1)", h.beta1);
    require(fraction(h.beta2), "beta2", "in [0, 1)", h.beta2);
    require(fraction(h.decay), "decay", "in [0, 1)", h.decay);
}

} // namespace

std::unique_ptr<Optimizer> makeOptimizer(Method m, const Hyperparameters& h)
{
    validate(h);
    switch (m) {
    case Method::SGD: return std::make_unique<Sgd>(h);
    case Method::Momentum: return std::make_unique<Momentum>(h);
    case Method::Nesterov: return std::make_unique<Nesterov>(h);
    case Method::AdaGrad: return std::make_unique<AdaGrad>(h);
    case Method::RMSProp: return std::make_unique<RmsProp>(h);
    case Method::Adam: return std::make_unique<Adam>(h);
    }
    throw InputError(fmt::format("unknown optimizer #{}", static_cast<int>(m)));
}

} // namespace mlwb::optim
