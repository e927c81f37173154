#pragma once
#include "optim/objective.h"

#include <memory>
#include <string_view>
#include <vector>

namespace mlwb::optim {

// f(x) = ½ xᵀAx with A = R(angle) · diag(1, condition) · R(angle)ᵀ. Minimum 0 at the origin.
class QuadraticBowl final : public Objective {
public:
    explicit QuadraticBowl(double condition, double angleRadians = 0.0);
    std::string name() const override;
    int dimension() const override { return 2; }
    double value(const Vec& x) const override;
    Vec gradient(const Vec& x) const override;
    const Eigen::Matrix2d& hessian() const { return a_; }
    double smallestCurvature() const { return 1.0; }
    double largestCurvature() const { return condition_; }

private:
    double condition_;
    Eigen::Matrix2d a_;
};

// (a − x)² + b(y − x²)², minimum 0 at (a, a²).
class Rosenbrock final : public Objective {
public:
    explicit Rosenbrock(double a = 1.0, double b = 100.0) : a_(a), b_(b) {}
    std::string name() const override { return "Rosenbrock"; }
    int dimension() const override { return 2; }
    double value(const Vec& x) const override;
    Vec gradient(const Vec& x) const override;

private:
    double a_, b_;
};

// (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², minimum 0 at (3, 0.5).
class Beale final : public Objective {
public:
    std::string name() const override { return "Beale"; }
    int dimension() const override { return 2; }
    double value(const Vec& x) const override;
    Vec gradient(const Vec& x) const override;
};

// (x² + y − 11)² + (x + y² − 7)², four minima of value 0, one at (3, 2).
class Himmelblau final : public Objective {
public:
    std::string name() const override { return "Himmelblau"; }
    int dimension() const override { return 2; }
    double value(const Vec& x) const override;
    Vec gradient(const Vec& x) const override;
};

// What a 2-D test function's lab needs to draw and start it.
struct TestFunctionInfo {
    std::string id;                 // "rosenbrock", "beale", "himmelblau"
    Eigen::Vector2d start;          // a classic starting point
    double xmin, xmax, ymin, ymax;  // the region worth drawing
    std::vector<Eigen::Vector2d> minima;
};

const std::vector<TestFunctionInfo>& testFunctions();
// Throws InputError naming the id and the known ids when the id is unknown.
const TestFunctionInfo& testFunction(std::string_view id);
std::unique_ptr<Objective> makeTestFunction(std::string_view id);

} // namespace mlwb::optim
