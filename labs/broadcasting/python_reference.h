#pragma once
// The distance-matrix step timed in real Python and NumPy, when this machine has them.
#include "run_context.h"

#include <QString>

#include <optional>
#include <span>

namespace mlwb::labs::broadcasting {

struct PythonTimings {
    QString interpreter;  // "/usr/bin/python3"
    QString pythonVersion, numpyVersion;  // numpyVersion empty: the interpreter has no NumPy
    double loopSeconds = 0;  // extrapolated from loopRows rows, as the lab's own loop is
    std::int64_t loopRows = 0;
    double broadcastingSeconds = 0;  // 0: left out (its temporary is too large)
    double matrixProductSeconds = 0;
};

// Runs resources/labs/broadcasting/python_distance.py on x (n × d) with the first python3
// that has NumPy (the one on PATH, then /usr/bin/python3). Empty when there is no python3 at
// all or the step is stopped; *why says what happened in a sentence for the learner.
std::optional<PythonTimings> timeInPython(ui::RunContext& ctx, std::span<const double> x, std::int64_t n,
                                          std::int64_t d, double loopBudgetSeconds, bool withBroadcasting,
                                          QString* why);

} // namespace mlwb::labs::broadcasting
