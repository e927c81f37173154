#include "optim/elliptic_paraboloid.h"

#include <fmt/format.h>

namespace mlwb::optim {

std::string EllipticParaboloid::name() const
{
    auto weight = [](double w) { return w == 1.0 ? std::string() : fmt::format("{:g}·", w); };
    return fmt::format("{}(x − {:g})² + {}(y − {:g})²", weight(a_), cx_, weight(b_), cy_);
}

double EllipticParaboloid::value(const Vec& x) const
{
    const double dx = x[0] - cx_, dy = x[1] - cy_;
    return a_ * dx * dx + b_ * dy * dy;
}

Vec EllipticParaboloid::gradient(const Vec& x) const
{
    Vec g(2);
    g << 2 * a_ * (x[0] - cx_), 2 * b_ * (x[1] - cy_);
    return g;
}

} // namespace mlwb::optim
