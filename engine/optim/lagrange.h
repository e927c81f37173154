#pragma once
#include "optim/minimize.h"

namespace mlwb::optim {

// An equality constraint g(x) = 0.
class EqualityConstraint {
public:
    virtual ~EqualityConstraint() = default;
    virtual std::string description() const = 0;  // "x² + y² = 1"
    virtual double value(const Vec& x) const = 0;
    virtual Vec gradient(const Vec& x) const = 0;
};

// (x − cx)² + (y − cy)² − r² = 0
class CircleConstraint final : public EqualityConstraint {
public:
    CircleConstraint(double cx, double cy, double r);
    std::string description() const override;
    double value(const Vec& x) const override;
    Vec gradient(const Vec& x) const override;

private:
    double cx_, cy_, r_;
};

// a·x + b·y − c = 0
class LineConstraint final : public EqualityConstraint {
public:
    LineConstraint(double a, double b, double c);
    std::string description() const override;
    double value(const Vec& x) const override;
    Vec gradient(const Vec& x) const override;

private:
    double a_, b_, c_;
};

// Method of multipliers on L(x, λ) = f(x) + λ g(x) + ρ/2 g(x)²: minimise over x
// (gradient descent with backtracking), then λ ← λ + ρ g(x). At the optimum
// ∇f = −λ ∇g.
struct AugmentedLagrangianOptions {
    double penalty = 10.0;     // ρ
    int outerIterations = 30;  // multiplier updates
    int innerIterations = 200; // at most, per multiplier update
    double tolerance = 1e-10;  // stops when |g| and the inner gradient norm are below it
};

struct ConstrainedResult {
    std::vector<Vec> path;            // every inner iterate, start first
    std::vector<double> multipliers;  // λ after each outer iteration (λ0 = 0 first)
    std::vector<double> violations;   // |g(x)| after each outer iteration
    Vec point;
    double multiplier = 0.0;
    double value = 0.0;
    bool stopped = false;
};

// Called after each outer iteration with (outer index, x, λ); returning true stops.
using MultiplierCallback = std::function<bool(int outer, const Vec& x, double lambda)>;

ConstrainedResult minimizeWithConstraint(const Objective& f, const EqualityConstraint& g,
                                         const Vec& start,
                                         const AugmentedLagrangianOptions& options,
                                         const MultiplierCallback& onOuter = {},
                                         std::stop_token stop = {});

} // namespace mlwb::optim
