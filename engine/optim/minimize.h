#pragma once
#include "optim/optimizer.h"

#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace mlwb::optim {

struct MinimizeOptions {
    int maxIterations = 1000;
    // Converged when f(x) − optimalValue ≤ tolerance if the optimum is known,
    // otherwise when ‖∇f(x)‖ ≤ tolerance.
    double tolerance = 1e-8;
    std::optional<double> optimalValue;
    bool stopAtTolerance = false;  // keep iterating after convergence unless set
    // Diverged when f is not finite or exceeds divergenceFactor · max(1, |f(x0)|).
    double divergenceFactor = 1e8;
};

struct Iterate {
    int iteration;  // 0 is the start point
    const Vec& x;
    double value;
};
// Called after every iterate; returning true stops the loop (ensmallen style).
using IterationCallback = std::function<bool(const Iterate&)>;

struct MinimizeResult {
    std::vector<Vec> path;       // x0, x1, ...: finite points only
    std::vector<double> values;  // f at each point of path
    int iterationsToTolerance = -1;  // −1: never reached
    bool diverged = false;
    int divergedAt = -1;
    double divergedValue = 0.0;  // may be inf or nan
    bool stopped = false;        // the callback or the stop token ended it
    // "diverged at iteration 37: loss 3.1e12"; empty when it did not diverge.
    std::string divergenceMessage() const;
};

MinimizeResult minimize(const Objective& f, Optimizer& opt, const Vec& start,
                        const MinimizeOptions& options, const IterationCallback& onIterate = {},
                        std::stop_token stop = {});

// "3.1e12", "4.2e-07" → "4.2e-7", "inf", "nan": short scientific notation for messages.
std::string shortScientific(double v);

} // namespace mlwb::optim
