#include "optim/lagrange.h"

#include "core/input_error.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace mlwb::optim {

namespace {

// "(x − 1)²" or "x²" when the centre is 0.
std::string squaredOffset(std::string_view var, double centre)
{
    if (centre == 0.0)
        return fmt::format("{}²", var);
    return fmt::format("({} {} {:g})²", var, centre > 0 ? "−" : "+", std::abs(centre));
}

// Appends "± |coefficient|·var" to a linear expression, omitting zero terms and unit factors.
void appendTerm(std::string& expression, double coefficient, std::string_view var)
{
    if (coefficient == 0.0)
        return;
    const bool negative = coefficient < 0;
    if (expression.empty())
        expression += negative ? "−" : "";
    else
        expression += negative ? " − " : " + ";
    const double magnitude = std::abs(coefficient);
    expression += magnitude == 1.0 ? std::string(var) : fmt::format("{:g}{}", magnitude, var);
}

} // namespace

CircleConstraint::CircleConstraint(double cx, double cy, double r) : cx_(cx), cy_(cy), r_(r)
{
    if (!(r > 0.0) || !std::isfinite(r))
        throw InputError(fmt::format("circle constraint: radius must be positive, got {:g}", r));
}

std::string CircleConstraint::description() const
{
    return fmt::format("{} + {} = {:g}", squaredOffset("x", cx_), squaredOffset("y", cy_), r_ * r_);
}

double CircleConstraint::value(const Vec& p) const
{
    const double dx = p[0] - cx_, dy = p[1] - cy_;
    return dx * dx + dy * dy - r_ * r_;
}

Vec CircleConstraint::gradient(const Vec& p) const
{
    Vec g(2);
    g << 2.0 * (p[0] - cx_), 2.0 * (p[1] - cy_);
    return g;
}

LineConstraint::LineConstraint(double a, double b, double c) : a_(a), b_(b), c_(c)
{
    if (a == 0.0 && b == 0.0)
        throw InputError("line constraint: a and b cannot both be 0");
}

std::string LineConstraint::description() const
{
    std::string lhs;
    appendTerm(lhs, a_, "x");
    appendTerm(lhs, b_, "y");
    return fmt::format("{} = {:g}", lhs, c_);
}

double LineConstraint::value(const Vec& p) const
{
    return a_ * p[0] + b_ * p[1] - c_;
}

Vec LineConstraint::gradient(const Vec&) const
{
    Vec g(2);
    g << a_, b_;
    return g;
}

namespace {

void validate(const Objective& f, const Vec& start, const AugmentedLagrangianOptions& options)
{
    if (start.size() != f.dimension())
        throw InputError(fmt::format("start point has {} coordinates, {} needs {}", start.size(),
                                     f.name(), f.dimension()));
    if (!(options.penalty > 0.0) || !std::isfinite(options.penalty))
        throw InputError(fmt::format("penalty ρ must be positive, got {:g}", options.penalty));
    if (options.outerIterations < 0 || options.innerIterations < 0)
        throw InputError("the numbers of outer and inner iterations must not be negative");
}

// Armijo's sufficient decrease constant, the step below which backtracking gives up, and the
// relative change in L below which rounding hides whether a step went down.
constexpr double armijo = 1e-4;
constexpr double smallestStep = 1e-16;
constexpr double roundingLevel = 1e-12;

} // namespace

ConstrainedResult minimizeWithConstraint(const Objective& f, const EqualityConstraint& g,
                                         const Vec& start,
                                         const AugmentedLagrangianOptions& options,
                                         const MultiplierCallback& onOuter, std::stop_token stop)
{
    validate(f, start, options);
    const double rho = options.penalty;
    double lambda = 0.0;
    const auto augmented = [&](const Vec& p) {
        const double gp = g.value(p);
        return f.value(p) + lambda * gp + 0.5 * rho * gp * gp;
    };
    const auto augmentedGradient = [&](const Vec& p) -> Vec {
        return f.gradient(p) + (lambda + rho * g.value(p)) * g.gradient(p);
    };

    ConstrainedResult result;
    Vec x = start;
    result.path.push_back(x);
    result.multipliers.push_back(lambda);
    for (int outer = 1; outer <= options.outerIterations; ++outer) {
        double gradientNorm = 0.0;
        for (int inner = 0; inner < options.innerIterations; ++inner) {
            if (stop.stop_requested()) {
                result.stopped = true;
                break;
            }
            const Vec d = augmentedGradient(x);
            gradientNorm = d.norm();
            if (gradientNorm <= options.tolerance)
                break;
            const double l0 = augmented(x);
            const double squaredNorm = gradientNorm * gradientNorm;
            // Armijo's test while the decrease it asks for stands out of rounding; nearer the
            // minimum Hager and Zhang's approximate form of it on the slope along d, which stays
            // accurate, with a guard that L did not go up by more than rounding.
            const double noise = roundingLevel * std::max(1.0, std::abs(l0));
            const auto acceptable = [&](double t) {
                const Vec trial = x - t * d;
                const double l = augmented(trial);
                const double decrease = t * armijo * squaredNorm;
                if (decrease > noise)
                    return l <= l0 - decrease;
                return l <= l0 + noise &&
                       d.dot(augmentedGradient(trial)) >= -(1.0 - 2.0 * armijo) * squaredNorm;
            };
            double t = 1.0;
            while (t > smallestStep && !acceptable(t))
                t *= 0.5;
            if (t <= smallestStep)
                break;  // no descent left at this precision
            x -= t * d;
            result.path.push_back(x);
        }
        if (result.stopped)
            break;
        const double violation = g.value(x);
        lambda += rho * violation;
        result.multipliers.push_back(lambda);
        result.violations.push_back(std::abs(violation));
        if (onOuter && onOuter(outer, x, lambda)) {
            result.stopped = true;
            break;
        }
        if (std::abs(violation) <= options.tolerance && gradientNorm <= options.tolerance)
            break;
    }
    result.point = x;
    result.multiplier = lambda;
    result.value = f.value(x);
    return result;
}

} // namespace mlwb::optim
