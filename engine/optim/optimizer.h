#pragma once
#include "optim/objective.h"

#include <array>
#include <functional>
#include <memory>
#include <string_view>

namespace mlwb::optim {

enum class Method { SGD, Momentum, Nesterov, AdaGrad, RMSProp, Adam };
inline constexpr std::array<Method, 6> allMethods{Method::SGD,     Method::Momentum,
                                                  Method::Nesterov, Method::AdaGrad,
                                                  Method::RMSProp, Method::Adam};
std::string_view methodName(Method m);  // "SGD", "Momentum", ... (display names)
Method methodFromName(std::string_view name);  // case-insensitive; InputError if unknown

struct Hyperparameters {
    double learningRate = 1e-3;
    double momentum = 0.9;  // Momentum, Nesterov
    double beta1 = 0.9;     // Adam
    double beta2 = 0.999;   // Adam
    double decay = 0.9;     // RMSProp's moving average of squared gradients
    double epsilon = 1e-8;  // AdaGrad, RMSProp, Adam
};

// Settings with which each method reaches Rosenbrock's minimum (1,1) from (−1.2, 1).
Hyperparameters defaultHyperparameters(Method m);

using GradientFn = std::function<Vec(const Vec&)>;

// One update rule. step() may evaluate the gradient at points other than x (Nesterov).
class Optimizer {
public:
    virtual ~Optimizer() = default;
    virtual Method method() const = 0;
    virtual void step(Vec& x, const GradientFn& gradient) = 0;
    virtual void reset() = 0;  // forget accumulated state (velocity, moments)
};

std::unique_ptr<Optimizer> makeOptimizer(Method m, const Hyperparameters& h);

} // namespace mlwb::optim
