#if defined(__linux__)
#include "core/parallel_team.h"

#include <csignal>
#include <pthread.h>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>

namespace mlwb {

namespace {

inline void spinPause()
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

// A thread's CPU time so far, or a negative number when it cannot be read (it has ended).
double cpuSeconds(clockid_t clock)
{
    timespec t{};
    if (clock_gettime(clock, &t) != 0)
        return -1.0;
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

// Whether the thread still belongs to this process (it may have ended since it said who it was).
bool ours(pid_t thread) { return thread > 0 && syscall(SYS_tgkill, getpid(), thread, 0) == 0; }

} // namespace

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
[[maybe_unused]] static const cpu_set_t& readAtStart = processCores();

bool pinTo(pid_t thread, int cpu)
{
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    return sched_setaffinity(thread, sizeof one, &one) == 0;
}

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

void ParallelTeam::start()
{
    const int cpu = sched_getcpu();
    const bool known = cpu >= 0 && CPU_ISSET(cpu, &processCores());
    for (std::size_t i = 0; i < members.size(); ++i) {
        Member& m = members[i];
        m.core = i > 0 && known ? coreAfter(cpu, int(i)) : -1;  // -1: left where it is
        m.arrived.store(false, std::memory_order_relaxed);       // the region's start publishes these
        m.moved.store(false, std::memory_order_relaxed);
    }
}

void ParallelTeam::enter(int me)
{
    thread_local const pid_t self = pid_t(syscall(SYS_gettid));
    thread_local const clockid_t clock = [] {
        clockid_t c{};
        // Without its CPU clock a thread never looks stalled: the monotonic clock always advances.
        return pthread_getcpuclockid(pthread_self(), &c) == 0 ? c : clockid_t(CLOCK_MONOTONIC);
    }();
    thread_local int heldOn = -1;  // the core this thread last held itself on
    Member& m = members[std::size_t(me)];
    m.thread.store(self, std::memory_order_relaxed);
    m.cpuClock.store(clock, std::memory_order_relaxed);
    const bool displaced = m.displaced.exchange(false, std::memory_order_relaxed);
    if (me > 0 && m.core >= 0 && (displaced || heldOn != m.core) && pinTo(0, m.core))
        heldOn = m.core;
}

// It looks at the threads still working every 25 µs for 2 ms (a last piece is usually short),
// then every 0.2 ms asleep (a long one should not keep a second core busy); once it has given
// its core to one of them it just sleeps. With more threads than cores it never spins: a
// spinning thread could hold the core of one still working.
void ParallelTeam::arrive(int me, int size)
{
    using namespace std::chrono_literals;
    members[std::size_t(me)].arrived.store(true, std::memory_order_release);
    const bool maySpin = size <= CPU_COUNT(&processCores());
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
        if (!maySpin || now - arrivedAt >= 2ms) {
            std::this_thread::sleep_for(200us);
        } else if (now - lookedAt < 25us) {
            spinPause();
            continue;
        }
        gaveCore = moveAStalledOne(me, size, cpuSeen, lookedAt);
    }
}

void ParallelTeam::finish()
{
    if (members[0].moved.load(std::memory_order_relaxed))
        sched_setaffinity(0, sizeof callerCores, &callerCores);
}

bool ParallelTeam::allArrived(int size) const
{
    for (int i = 0; i < size; ++i)
        if (!members[std::size_t(i)].arrived.load(std::memory_order_acquire))
            return false;
    return true;
}

// Reads the CPU time of the threads still working (or not yet started): one that gained less
// than a third of the wall time since the last look is not running, and is moved onto this
// thread's core. Returns whether one was.
bool ParallelTeam::moveAStalledOne(int me, int size, std::vector<double>& cpuSeen, Clock::time_point& lookedAt)
{
    const auto now = Clock::now();
    const double wall = std::chrono::duration<double>(now - lookedAt).count();
    lookedAt = now;
    for (int i = 0; i < size; ++i) {
        Member& m = members[std::size_t(i)];
        if (i == me || m.arrived.load(std::memory_order_acquire))
            continue;
        const double cpu = cpuSeconds(m.cpuClock.load(std::memory_order_relaxed));
        const bool stalled = cpu >= 0.0 && cpuSeen[std::size_t(i)] >= 0.0 && cpu - cpuSeen[std::size_t(i)] < wall / 3;
        cpuSeen[std::size_t(i)] = cpu;
        const pid_t thread = m.thread.load(std::memory_order_relaxed);
        if (const int here = sched_getcpu(); stalled && here >= 0 && ours(thread) && !m.moved.exchange(true)) {
            if (pinTo(thread, here) && i > 0)
                m.displaced.store(true, std::memory_order_relaxed);
            return true;
        }
    }
    return false;
}

} // namespace mlwb

#endif
