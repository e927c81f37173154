#include "optim/minimize.h"

#include "core/input_error.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace mlwb::optim {

std::string shortScientific(double v)
{
    if (std::isnan(v))
        return "nan";
    if (std::isinf(v))
        return v > 0 ? "inf" : "-inf";
    const std::string s = fmt::format("{:.1e}", v);  // "3.1e+12", "4.2e-07"
    const auto e = s.find('e');
    return fmt::format("{}e{}", s.substr(0, e), std::stoi(s.substr(e + 1)));
}

std::string MinimizeResult::divergenceMessage() const
{
    if (!diverged)
        return {};
    return fmt::format("diverged at iteration {}: loss {}", divergedAt, shortScientific(divergedValue));
}

namespace {

bool converged(const Objective& f, const Vec& x, double value, const MinimizeOptions& options)
{
    if (options.optimalValue)
        return value - *options.optimalValue <= options.tolerance;
    return f.gradient(x).norm() <= options.tolerance;
}

} // namespace

MinimizeResult minimize(const Objective& f, Optimizer& opt, const Vec& start,
                        const MinimizeOptions& options, const IterationCallback& onIterate,
                        std::stop_token stop)
{
    if (start.size() != f.dimension())
        throw InputError(fmt::format("start point has {} coordinates, {} needs {}", start.size(),
                                     f.name(), f.dimension()));
    if (options.maxIterations < 0)
        throw InputError(fmt::format("the number of iterations must not be negative, got {}",
                                     options.maxIterations));
    MinimizeResult result;
    opt.reset();
    Vec x = start;
    const double f0 = f.value(x);
    const double limit = options.divergenceFactor * std::max(1.0, std::abs(f0));
    const GradientFn gradient = [&f](const Vec& p) { return f.gradient(p); };

    for (int k = 0;; ++k) {
        if (k > 0) {
            if (stop.stop_requested()) {
                result.stopped = true;
                break;
            }
            opt.step(x, gradient);
        }
        const double value = k == 0 ? f0 : f.value(x);
        if (!std::isfinite(value) || value > limit || !x.allFinite()) {
            result.diverged = true;
            result.divergedAt = k;
            result.divergedValue = value;
            break;
        }
        result.path.push_back(x);
        result.values.push_back(value);
        const bool justConverged = result.iterationsToTolerance < 0 && converged(f, x, value, options);
        if (justConverged)
            result.iterationsToTolerance = k;
        if (onIterate && onIterate(Iterate{k, x, value})) {
            result.stopped = true;
            break;
        }
        if ((justConverged && options.stopAtTolerance) || k == options.maxIterations)
            break;  // tested here, not in the for, so that maxIterations = INT_MAX cannot overflow k
    }
    return result;
}

} // namespace mlwb::optim
