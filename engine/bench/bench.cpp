// With -fsanitize=address and optimisation GCC 12 warns that libstdc++'s regex compiler,
// instantiated by workloadFilter(), moves a maybe-uninitialised std::function: a false
// positive (GCC bug 105616). It is reported where templates are instantiated, at the end of
// this file, so only a file-wide pragma silences it.
#ifdef __SANITIZE_ADDRESS__
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "bench/bench.h"

#include "core/heap_policy.h"
#include "core/input_error.h"
#include "core/thread_placement.h"
#include "core/vector_state.h"
#include "tensor/tensor.h"

#include <algorithm>
#include <chrono>
#include <fmt/format.h>
#include <fstream>
#include <string>

namespace mlwb::bench {

namespace {

void validate(const Options& options)
{
    if (options.warmupRuns < 0 || options.minRuns < 1 || options.maxRuns < options.minRuns)
        throw InputError(fmt::format("bench options need warm-up runs ≥ 0 and 1 ≤ min runs ≤ max "
                                     "runs, got {}, {} and {}",
                                     options.warmupRuns, options.minRuns, options.maxRuns));
}

double secondsToRun(const PreparedWorkload& work)
{
    clearUpperVectorState();  // the workload's SSE code must not pay for what ran before it
    const auto begin = std::chrono::steady_clock::now();
    work.run();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
}

Result summarize(const std::string& name, const PreparedWorkload& work, std::vector<double> times)
{
    std::ranges::sort(times);
    const std::size_t n = times.size();
    Result r;
    r.name = name;
    r.n = static_cast<int>(n);
    r.minSeconds = times.front();
    r.maxSeconds = times.back();
    r.medianSeconds = n % 2 == 1 ? times[n / 2] : 0.5 * (times[n / 2 - 1] + times[n / 2]);
    r.rate = work.workPerRun / r.medianSeconds / work.rateScale;
    r.rateUnit = work.rateUnit;
    if (work.details)
        r.details = work.details();
    return r;
}

// Linux: writing 5 to clear_refs resets the process's peak resident size (VmHWM), so the
// peak can be read per workload. Elsewhere both do nothing and the peak reads 0.
void resetPeakRss() { std::ofstream("/proc/self/clear_refs") << "5"; }

double peakRssBytes()
{
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.starts_with("VmHWM:"))
            return std::stod(line.substr(6)) * 1024.0;  // "VmHWM:   123456 kB"
    return 0;
}

} // namespace

std::regex workloadFilter(std::string_view pattern)
{
    try {
        return std::regex(pattern.begin(), pattern.end());
    } catch (const std::regex_error& e) {
        throw InputError(fmt::format("invalid workload filter \"{}\": {}", pattern, e.what()));
    }
}

std::vector<Result> run(const std::vector<Workload>& workloads, const std::regex& filter,
                        const Options& options,
                        const std::function<void(const Result&)>& onResult, std::stop_token stop)
{
    validate(options);
    // The OpenMP threads, started from this thread, took its vector registers with them.
    clearUpperVectorState();
#pragma omp parallel
    clearUpperVectorState();
    std::vector<Result> results;
    for (const Workload& workload : workloads) {
        if (!std::regex_search(workload.name, filter))
            continue;
        // Blocks the previous workload's arrays left for reuse go back to the system: no
        // workload starts with another's memory, in its first runs or in its peak.
        tensor::releaseCachedBuffers();
        returnFreedHeapMemory();
        const PreparedWorkload work = workload.prepare();
        const PlacedParallelWork placed;  // outside the timing: it starts a parallel region
        resetPeakRss();
        for (int i = 0; i < options.warmupRuns && !stop.stop_requested(); ++i)
            work.run();
        std::vector<double> times;
        double total = 0.0;
        while (!stop.stop_requested() && static_cast<int>(times.size()) < options.maxRuns &&
               (static_cast<int>(times.size()) < options.minRuns || total < options.minSeconds)) {
            times.push_back(secondsToRun(work));
            total += times.back();
        }
        if (stop.stop_requested())
            break;
        results.push_back(summarize(workload.name, work, std::move(times)));
        results.back().peakRssBytes = peakRssBytes();
        if (onResult)
            onResult(results.back());
    }
    return results;
}

std::vector<Result> run(const std::regex& filter, const Options& options,
                        const std::function<void(const Result&)>& onResult, std::stop_token stop)
{
    return run(allWorkloads(), filter, options, onResult, stop);
}

} // namespace mlwb::bench
