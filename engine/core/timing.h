#pragma once
// Wall-clock timing that a learner can trust on a machine that is never idle: repeated until
// the runs agree, with the spread between runs and the CPU other programs used meanwhile.
#include <functional>
#include <stop_token>

namespace mlwb {

struct Timing {
    int runs = 0;
    double minSeconds = 0, medianSeconds = 0, maxSeconds = 0;
    // Interquartile range over the median: how much one run differs from the next.
    double spread = 0;
    // The share of the machine's CPU (0–1, all cores) that other programs used while timing;
    // negative when it cannot be read (not Linux).
    double otherLoad = -1;
};

struct TimingOptions {
    int minRuns = 5;
    int maxRuns = 100;
    double budgetSeconds = 3.0;  // stop repeating once this much time was spent
    double stableSpread = 0.2;   // ... or once minRuns are done, a tenth of it spent, and the runs agree this well
};

// Runs fn (the first run only warms up: threads, caches and the heap wake up) until the
// options say the timing is stable or the budget is spent. Fewer runs when stop is requested;
// zero runs when it was requested before the first.
Timing timeRepeatedly(const std::function<void()>& fn, const TimingOptions& options, std::stop_token stop = {});

// Measures the CPU that other programs use from construction until otherLoad() is called.
class OtherLoadMeter {
public:
    OtherLoadMeter();
    double otherLoad() const;  // see Timing::otherLoad

private:
    double machineBusy_ = -1, machineTotal_ = -1, self_ = 0;
};

} // namespace mlwb
