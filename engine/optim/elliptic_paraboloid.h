#pragma once
#include "optim/objective.h"

namespace mlwb::optim {

// f(x, y) = a(x − cx)² + b(y − cy)²: a bowl with its minimum 0 at (cx, cy) and axes
// along x and y; the objective of the constrained-minimisation step.
class EllipticParaboloid final : public Objective {
public:
    EllipticParaboloid(double cx, double cy, double a, double b) : cx_(cx), cy_(cy), a_(a), b_(b) {}
    std::string name() const override;
    int dimension() const override { return 2; }
    double value(const Vec& x) const override;
    Vec gradient(const Vec& x) const override;

private:
    double cx_, cy_, a_, b_;
};

} // namespace mlwb::optim
