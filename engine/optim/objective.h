#pragma once
#include <Eigen/Core>
#include <string>

namespace mlwb::optim {

using Vec = Eigen::VectorXd;

// A differentiable function to minimise, with its analytic gradient.
class Objective {
public:
    virtual ~Objective() = default;
    virtual std::string name() const = 0;
    virtual int dimension() const = 0;
    virtual double value(const Vec& x) const = 0;
    virtual Vec gradient(const Vec& x) const = 0;
};

} // namespace mlwb::optim
