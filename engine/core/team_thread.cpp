#include "core/team_thread.h"

#include <thread>

#if defined(__linux__)
#include <ctime>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace mlwb {

namespace {

// The cores the process may use, as read when the program started.
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

bool pin(pid_t thread, int cpu)
{
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    return sched_setaffinity(thread, sizeof one, &one) == 0;
}

} // namespace

void TeamThread::sayWhoIAm()
{
    thread_local const pid_t self = pid_t(syscall(SYS_gettid));
    thread_local const clockid_t clock = [] {
        clockid_t c{};
        return pthread_getcpuclockid(pthread_self(), &c) == 0 ? c : clockid_t(-1);
    }();
    thread_.store(self, std::memory_order_relaxed);
    clock_.store(clock, std::memory_order_relaxed);
}

double TeamThread::cpuSeconds() const
{
    const clockid_t clock = clock_.load(std::memory_order_relaxed);
    timespec t{};
    if (clock == clockid_t(-1) || clock_gettime(clock, &t) != 0)
        return -1.0;
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

bool TeamThread::moveTo(int core) const
{
    const auto thread = pid_t(thread_.load(std::memory_order_relaxed));
    // tgkill with no signal: the id still names a thread of this process.
    return thread > 0 && syscall(SYS_tgkill, getpid(), thread, 0) == 0 && pin(thread, core);
}

int processCoreCount() { return CPU_COUNT(&processCores()); }

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

int currentCore()
{
    const int cpu = sched_getcpu();
    return cpu >= 0 && CPU_ISSET(cpu, &processCores()) ? cpu : -1;
}

bool holdThisThreadOn(int core) { return pin(0, core); }

void allowEveryCore()
{
    if (CPU_COUNT(&processCores()) > 0)
        sched_setaffinity(0, sizeof(cpu_set_t), &processCores());
}

struct SavedPlacement::Cores {
    cpu_set_t set{};
    bool valid = false;
};

SavedPlacement::SavedPlacement() : cores_(std::make_unique<Cores>())
{
    cores_->valid = pthread_getaffinity_np(pthread_self(), sizeof cores_->set, &cores_->set) == 0;
}

SavedPlacement::~SavedPlacement() = default;

bool SavedPlacement::valid() const { return cores_->valid; }

void SavedPlacement::restore() const
{
    if (cores_->valid)
        sched_setaffinity(0, sizeof cores_->set, &cores_->set);
}

// A futex on the word itself: std::atomic<uint32_t>'s object representation is the integer.
void waitWhileEquals(const std::atomic<std::uint32_t>& word, std::uint32_t expected, std::chrono::microseconds timeout)
{
    static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));
    const timespec limit{time_t(timeout.count() / 1000000), long(timeout.count() % 1000000) * 1000};
    syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, expected, timeout.count() > 0 ? &limit : nullptr, nullptr, 0);
}

void wakeAll(std::atomic<std::uint32_t>& word) { syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, INT32_MAX, nullptr, nullptr, 0); }

} // namespace mlwb

#else

namespace mlwb {

void TeamThread::sayWhoIAm() {}
double TeamThread::cpuSeconds() const { return -1.0; }
bool TeamThread::moveTo(int) const { return false; }
int processCoreCount() { return int(std::thread::hardware_concurrency()); }
int coreAfter(int, int) { return -1; }
int currentCore() { return -1; }
bool holdThisThreadOn(int) { return false; }
void allowEveryCore() {}
struct SavedPlacement::Cores {};
SavedPlacement::SavedPlacement() : cores_(nullptr) {}
SavedPlacement::~SavedPlacement() = default;
bool SavedPlacement::valid() const { return false; }
void SavedPlacement::restore() const {}

void waitWhileEquals(const std::atomic<std::uint32_t>& word, std::uint32_t expected, std::chrono::microseconds timeout)
{
    if (timeout.count() == 0)
        word.wait(expected);
    else if (word.load() == expected)
        std::this_thread::sleep_for(timeout);
}

void wakeAll(std::atomic<std::uint32_t>& word) { word.notify_all(); }

} // namespace mlwb

#endif
