#include "core/timing.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

namespace mlwb {

namespace {

// Seconds of CPU all cores spent busy and in total since boot, from /proc/stat's first line
// ("cpu user nice system idle iowait irq softirq steal ..." in clock ticks); false elsewhere.
bool machineCpuSeconds(double& busy, double& total)
{
    std::ifstream stat("/proc/stat");
    std::string cpu;
    double v[8] = {};
    if (!(stat >> cpu) || cpu != "cpu")
        return false;
    for (double& x : v)
        if (!(stat >> x))
            return false;
    const double tick = double(::sysconf(_SC_CLK_TCK));
    const double idle = v[3] + v[4];
    total = (v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7]) / tick;
    busy = total - idle / tick;
    return true;
}

double selfCpuSeconds()
{
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    const auto s = [](const timeval& t) { return double(t.tv_sec) + 1e-6 * double(t.tv_usec); };
    return s(u.ru_utime) + s(u.ru_stime);
}

double quantile(const std::vector<double>& sorted, double q)
{
    const double pos = q * double(sorted.size() - 1);
    const auto i = std::size_t(pos);
    const double f = pos - double(i);
    return i + 1 < sorted.size() ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i];
}

} // namespace

OtherLoadMeter::OtherLoadMeter()
{
    if (!machineCpuSeconds(machineBusy_, machineTotal_))
        machineTotal_ = -1;
    self_ = selfCpuSeconds();
}

double OtherLoadMeter::otherLoad() const
{
    double busy = 0, total = 0;
    if (machineTotal_ < 0 || !machineCpuSeconds(busy, total) || total <= machineTotal_)
        return -1;
    const double others = (busy - machineBusy_) - (selfCpuSeconds() - self_);
    return std::clamp(others / (total - machineTotal_), 0.0, 1.0);
}

Timing timeRepeatedly(const std::function<void()>& fn, const TimingOptions& options, std::stop_token stop)
{
    using Clock = std::chrono::steady_clock;
    const auto seconds = [](Clock::time_point from) { return std::chrono::duration<double>(Clock::now() - from).count(); };
    Timing t;
    if (stop.stop_requested())
        return t;
    const OtherLoadMeter meter;
    const auto begin = Clock::now();
    fn();  // warm-up
    std::vector<double> times, sorted;
    // A run that takes half the budget is timed once, by its warm-up.
    const bool repeat = seconds(begin) <= options.budgetSeconds / 2;
    while (repeat && int(times.size()) < options.maxRuns && !stop.stop_requested()) {
        const auto start = Clock::now();
        fn();
        times.push_back(seconds(start));
        sorted = times;
        std::ranges::sort(sorted);
        t.medianSeconds = quantile(sorted, 0.5);
        t.spread = t.medianSeconds > 0 ? (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / t.medianSeconds : 0;
        const double spent = seconds(begin);
        if (spent > options.budgetSeconds)
            break;
        if (int(times.size()) >= options.minRuns && spent >= options.budgetSeconds / 10 && t.spread <= options.stableSpread)
            break;
    }
    if (times.empty()) {
        // Stopped during the warm-up, or one run takes half the budget: the warm-up is the time.
        t.runs = 1;
        t.minSeconds = t.medianSeconds = t.maxSeconds = seconds(begin);
    } else {
        t.runs = int(times.size());
        t.minSeconds = sorted.front();
        t.maxSeconds = sorted.back();
    }
    t.otherLoad = meter.otherLoad();
    return t;
}

} // namespace mlwb
