#pragma once
// Internal to engine/core (Linux only): the threads of one thread's OpenMP team, for
// thread_placement.cpp. See thread_placement.h for why any of this exists.
#include <atomic>
#include <chrono>
#include <ctime>
#include <sched.h>
#include <sys/types.h>
#include <vector>

namespace mlwb {

// The cores the process may use, as read when the program started.
const cpu_set_t& processCores();
// Holds a thread (0: the calling one) on one core.
bool pinTo(pid_t thread, int cpu);
// The i-th core of the process's set, counting on from the one after `from`, round and round.
int coreAfter(int from, int i);

// By OpenMP thread number: 0 is the caller. libgomp keeps a team's threads from region to
// region, but ends surplus ones when a smaller team runs in between and starts new ones
// after: so each thread says who it is as it enters a region, and a watcher trusts an earlier
// region's word only for a thread that still belongs to the process.
struct ParallelTeam {
    struct Member {
        std::atomic<pid_t> thread{0};  // the OS thread that last entered as this member
        std::atomic<clockid_t> cpuClock{};
        int core = -1;                    // where the caller wants this helper in this region
        std::atomic<bool> displaced{false};  // moved onto another thread's core; goes back on entry
        std::atomic<bool> arrived{false};
        std::atomic<bool> moved{false};      // in this region
    };
    using Clock = std::chrono::steady_clock;

    explicit ParallelTeam(int size) : members(std::size_t(size)) {}

    // Called by the caller before a region: where each helper belongs, no one arrived.
    void start();
    // Called by every thread of the region as it begins: records the thread and puts a helper
    // on its core.
    void enter(int me);
    // Thread `me` has done its pieces: returns when threads 0 … size − 1 all have, moving one
    // that has stopped running onto this thread's core meanwhile.
    void arrive(int me, int size);
    // Called by the caller after the region: a caller that was moved may run anywhere again.
    void finish();

    std::vector<Member> members;
    cpu_set_t callerCores{};  // where the caller may run, outside a rescue

private:
    bool allArrived(int size) const;
    bool moveAStalledOne(int me, int size, std::vector<double>& cpuSeen, Clock::time_point& lookedAt);
};

} // namespace mlwb
