#include "core/thread_placement.h"

#include <omp.h>

#if defined(__linux__)
#include <atomic>
#include <chrono>
#include <ctime>
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace mlwb {

namespace {

// The cores the process may use.
const cpu_set_t& processCores()
{
    static const cpu_set_t cores = [] {
        cpu_set_t set;
        CPU_ZERO(&set);
        if (pthread_getaffinity_np(pthread_self(), sizeof set, &set) != 0)
            CPU_ZERO(&set);
        return set;
    }();
    return cores;
}

// Read as the program starts, before any thread is held (a thread started by a held one
// would read a single core).
[[maybe_unused]] const cpu_set_t& readAtStart = processCores();

bool pinTo(pid_t thread, int cpu)
{
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    return sched_setaffinity(thread, sizeof one, &one) == 0;
}

// The i-th core of the process's set, counting on from the one after `from`, round and round.
int coreAfter(int from, int i)
{
    const cpu_set_t& cores = processCores();
    int cpu = from;
    for (int seen = 0; seen < i;) {
        cpu = (cpu + 1) % CPU_SETSIZE;
        if (CPU_ISSET(cpu, &cores))
            ++seen;
    }
    return cpu;
}

double cpuSeconds(clockid_t clock)
{
    timespec t{};
    clock_gettime(clock, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

using Clock = std::chrono::steady_clock;

inline void spinPause()
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

thread_local ParallelTeam* currentTeam = nullptr;

} // namespace

// The threads of one thread's OpenMP team, by thread number: 0 is the caller.
struct ParallelTeam {
    struct Member {
        pid_t thread = 0;
        clockid_t cpuClock{};
        int core = -1;  // the core a helper is held on now
        std::atomic<bool> arrived{false};
        std::atomic<bool> moved{false};  // onto another thread's core, in this region
    };
    explicit ParallelTeam(int size) : members(std::size_t(size)) {}

    // Holds helper i on the i-th core after the caller's.
    void placeAwayFrom(int callerCore)
    {
        for (std::size_t i = 1; i < members.size(); ++i)
            if (const int core = coreAfter(callerCore, int(i)); members[i].core != core && pinTo(members[i].thread, core))
                members[i].core = core;
        callerCore_ = callerCore;
    }

    // Before a region: the helpers away from the caller's present core, no one arrived.
    void start()
    {
        if (const int cpu = sched_getcpu(); cpu >= 0 && CPU_ISSET(cpu, &processCores())) {
            bool placed = cpu == callerCore_;  // and no helper was moved onto the caller's core
            for (std::size_t i = 1; i < members.size(); ++i)
                placed = placed && members[i].core != cpu;
            if (!placed)
                placeAwayFrom(cpu);
        }
        for (Member& m : members) {
            m.arrived.store(false, std::memory_order_relaxed);  // the region's start publishes these
            m.moved.store(false, std::memory_order_relaxed);
        }
    }

    // Thread `me` has done its pieces: returns when threads 0 … size − 1 all have. Meanwhile it
    // looks at those still working, every 25 µs for 2 ms (a last piece is usually short), then
    // every 0.2 ms asleep (a long one should not keep a second core busy); once it has given its
    // core to one of them it just sleeps.
    void arrive(int me, int size)
    {
        using namespace std::chrono_literals;
        members[std::size_t(me)].arrived.store(true, std::memory_order_release);
        std::vector<double> cpuSeen(std::size_t(size), -1.0);
        const auto arrivedAt = Clock::now();
        auto lookedAt = arrivedAt;
        bool gaveCore = false;
        while (!allArrived(size)) {
            const auto now = Clock::now();
            if (gaveCore) {
                std::this_thread::sleep_for(50us);
                continue;
            }
            if (now - arrivedAt >= 2ms) {
                std::this_thread::sleep_for(200us);
            } else if (now - lookedAt < 25us) {
                spinPause();
                continue;
            }
            gaveCore = moveAStalledOne(me, size, cpuSeen, lookedAt);
        }
    }

    // After the region (when no thread can be moving it any more): a caller that was moved
    // may run anywhere again.
    void finish()
    {
        if (members[0].moved.load(std::memory_order_relaxed))
            sched_setaffinity(0, sizeof callerCores, &callerCores);
    }

    std::vector<Member> members;
    cpu_set_t callerCores{};  // where the caller may run, outside a rescue

private:
    bool allArrived(int size) const
    {
        for (int i = 0; i < size; ++i)
            if (!members[std::size_t(i)].arrived.load(std::memory_order_acquire))
                return false;
        return true;
    }

    // Reads the CPU time of the threads still working: one that gained less than a third of the
    // wall time since the last look is not running, and is moved onto this thread's core.
    // Returns whether one was.
    bool moveAStalledOne(int me, int size, std::vector<double>& cpuSeen, Clock::time_point& lookedAt)
    {
        const auto now = Clock::now();
        const double wall = std::chrono::duration<double>(now - lookedAt).count();
        lookedAt = now;
        for (int i = 0; i < size; ++i) {
            Member& m = members[std::size_t(i)];
            if (i == me || m.arrived.load(std::memory_order_acquire))
                continue;
            const double cpu = cpuSeconds(m.cpuClock);
            const bool stalled = cpuSeen[std::size_t(i)] >= 0.0 && cpu - cpuSeen[std::size_t(i)] < wall / 3;
            cpuSeen[std::size_t(i)] = cpu;
            if (const int here = sched_getcpu(); stalled && here >= 0 && !m.moved.exchange(true)) {
                if (pinTo(m.thread, here) && i > 0)
                    m.core = here;  // placed away again at the next region
                return true;
            }
        }
        return false;
    }

    int callerCore_ = -1;  // the caller's core the helpers were last placed away from
};

PlacedParallelWork::PlacedParallelWork()
{
    if (CPU_COUNT(&processCores()) < 2 || currentTeam || omp_get_level() > 0 || omp_get_max_threads() < 2)
        return;
    team_ = std::make_unique<ParallelTeam>(omp_get_max_threads());
    std::atomic<bool> complete = pthread_getaffinity_np(pthread_self(), sizeof team_->callerCores, &team_->callerCores) == 0;
#pragma omp parallel
    {
        ParallelTeam::Member& m = team_->members[std::size_t(omp_get_thread_num())];
        if (omp_get_num_threads() != int(team_->members.size()))
            complete = false;  // a smaller team than asked for: not placed
        m.thread = pid_t(syscall(SYS_gettid));
        if (pthread_getcpuclockid(pthread_self(), &m.cpuClock) != 0)
            complete = false;
    }
    if (!complete.load()) {
        team_.reset();
        return;
    }
    currentTeam = team_.get();
}

PlacedParallelWork::~PlacedParallelWork()
{
    if (team_)
        currentTeam = nullptr;
}

TeamJoin::TeamJoin()
{
    if (!currentTeam || omp_get_level() > 0)
        return;
    team_ = currentTeam;
    team_->start();
}

TeamJoin::~TeamJoin()
{
    if (team_)
        team_->finish();
}

void TeamJoin::arrive()
{
    if (team_)
        team_->arrive(omp_get_thread_num(), omp_get_num_threads());
}

void holdOnCore(int index)
{
    if (CPU_COUNT(&processCores()) > 1)
        pinTo(0, coreAfter(CPU_SETSIZE - 1, index + 1));
}

} // namespace mlwb

#else

namespace mlwb {
struct ParallelTeam {};
PlacedParallelWork::PlacedParallelWork() = default;
PlacedParallelWork::~PlacedParallelWork() = default;
TeamJoin::TeamJoin() = default;
TeamJoin::~TeamJoin() = default;
TeamJoin::~TeamJoin()
{
    if (team_)
        team_->finish();
}

void TeamJoin::arrive() {}
void holdOnCore(int) {}
} // namespace mlwb

#endif
