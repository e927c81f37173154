#pragma once
#include <functional>
#include <regex>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace mlwb::bench {

// A named number a workload reports beside its run time ("median frame", 2.1, "ms").
struct Detail {
    std::string name;
    double value = 0;
    std::string unit;
};

// A workload ready to run: inputs allocated, run() does the timed work once.
struct PreparedWorkload {
    std::function<void()> run;
    double workPerRun = 0.0;  // in units of rateUnit's numerator (bytes, flops)
    double rateScale = 1.0;   // rate = workPerRun / seconds / rateScale
    std::string rateUnit;     // "GB/s", "GFLOP/s"
    // True when the last run's output is right (checked against a plain loop); lets tests
    // run a small instance and prove the work is really done. Empty: nothing to check.
    std::function<bool()> verify;
    // Numbers measured inside the timed runs (frame times of a chart stream, one export
    // format of several); asked for once all runs are done. Empty: none.
    std::function<std::vector<Detail>()> details;
};

// A named workload; prepare() allocates only when the filter selects it.
struct Workload {
    std::string name;
    std::string description;
    std::function<PreparedWorkload()> prepare;
};

struct Result {
    std::string name;
    int n = 0;
    double minSeconds = 0, medianSeconds = 0, maxSeconds = 0;
    double rate = 0;  // at the median
    std::string rateUnit;
    double peakRssBytes = 0;  // resident memory high-water mark during the runs (0: unknown)
    std::vector<Detail> details;
};

struct Options {
    int warmupRuns = 1;
    int minRuns = 5;
    double minSeconds = 1.0;  // keep repeating until both minRuns and minSeconds are met
    int maxRuns = 50;
};

// Compiles a filter for run() (ECMAScript syntax); InputError naming the pattern if invalid.
std::regex workloadFilter(std::string_view pattern);

// Every workload the engine knows, in a fixed order (L1_triad, L2_gemm, ...).
const std::vector<Workload>& allWorkloads();

// Runs the workloads whose name matches filter (std::regex_search). onResult is called
// as each finishes, so a caller can print progressively.
std::vector<Result> run(const std::regex& filter, const Options& options,
                        const std::function<void(const Result&)>& onResult = {},
                        std::stop_token stop = {});
// The same over a given list of workloads instead of allWorkloads().
std::vector<Result> run(const std::vector<Workload>& workloads, const std::regex& filter,
                        const Options& options,
                        const std::function<void(const Result&)>& onResult = {},
                        std::stop_token stop = {});

} // namespace mlwb::bench
