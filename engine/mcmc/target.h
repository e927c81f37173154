#pragma once
// What a sampler draws from: a log-density known up to a constant, with an optional gradient.
#include <Eigen/Core>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace mlwb::mcmc {

// Mean and covariance of a distribution, where they are known exactly (tests, the lab's
// "exact" overlays).
struct Moments {
    Eigen::VectorXd mean;
    Eigen::MatrixXd covariance;
};

// The targets in this folder are `final` and define logDensity inline: a sampler built for
// the concrete type (mcmc/sampler.cpp) calls it without a virtual call, which a step of a
// few nanoseconds cannot afford. Other targets work through the virtual interface.
// The chains of a run call one target from several threads at once: its const members
// must be safe to call concurrently.
class Target {
public:
    virtual ~Target() = default;
    virtual std::string name() const = 0;
    virtual int dimension() const = 0;
    virtual std::vector<std::string> parameterNames() const = 0;
    // log π(x) + constant at x (dimension() values); −∞ outside the support.
    virtual double logDensity(std::span<const double> x) const = 0;
    virtual bool hasGradient() const { return false; }
    // log π(x) + constant, and ∇ log π(x) into gradient. Only called when hasGradient().
    virtual double logDensityGradient(std::span<const double> x, std::span<double> gradient) const;
    virtual std::optional<Moments> exactMoments() const { return std::nullopt; }
};

// An evenly spaced grid over a rectangle of the plane, for density contours.
struct Grid2D {
    double xMin = -3, xMax = 3, yMin = -3, yMax = 3;
    int nx = 101, ny = 101;  // points along each axis, ends included
};

// logDensity at every grid point: values(iy, ix) at (xMin + ix·Δx, yMin + iy·Δy).
// InputError unless the target has 2 parameters and the grid has ≥ 2 points a side.
Eigen::MatrixXd logDensityGrid(const Target& target, const Grid2D& grid);

} // namespace mlwb::mcmc
