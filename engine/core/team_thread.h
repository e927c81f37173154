#pragma once
// Internal to engine/core: what the threads of parallel_pool.cpp need from the system to see
// whether another thread runs, to move it, and to sleep until a word changes. On Linux these
// act; elsewhere the waits work and the rest does nothing: no thread is ever seen to stall.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

namespace mlwb {

// One thread as other threads see it.
class TeamThread {
public:
    // Called by the thread itself: from now on others read its CPU time and may move it.
    void sayWhoIAm();
    // Its CPU time so far, or a negative number when it cannot be read.
    double cpuSeconds() const;
    // Holds it on one core, if it still belongs to this process.
    bool moveTo(int core) const;

private:
    std::atomic<std::int64_t> thread_{0};  // the OS thread id
    std::atomic<int> clock_{-1};           // its CPU-time clock
};

// The number of cores the process may use, as read when the program started.
int processCoreCount();
// The i-th core of the process's set, counting on from the one after `from`, round and round.
int coreAfter(int from, int i);
// The core this thread runs on now, or −1.
int currentCore();
// Holds the calling thread on one core.
bool holdThisThreadOn(int core);
// Lets the calling thread run on any of the process's cores (a new thread starts where its
// parent may run, which can be one core).
void allowEveryCore();

// Where the calling thread may run; restore() puts it back there.
class SavedPlacement {
public:
    SavedPlacement();
    ~SavedPlacement();
    SavedPlacement(const SavedPlacement&) = delete;
    SavedPlacement& operator=(const SavedPlacement&) = delete;
    bool valid() const;
    void restore() const;

private:
    struct Cores;
    std::unique_ptr<Cores> cores_;
};

// Sleeps while `word` holds `expected`, for at most `timeout` (zero: no limit); may return early.
void waitWhileEquals(const std::atomic<std::uint32_t>& word, std::uint32_t expected,
                     std::chrono::microseconds timeout);
// Wakes every thread in waitWhileEquals on `word`.
void wakeAll(std::atomic<std::uint32_t>& word);

} // namespace mlwb
