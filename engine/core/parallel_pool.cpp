#include "core/parallel_pool.h"

#include "core/one_thread.h"
#include "core/team_thread.h"
#include "core/vector_state.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <omp.h>
#include <thread>

namespace mlwb {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// How long threads look before they sleep (measured with another program busy on one of two
// cores, kernel ticks of 4 ms): a thread that sleeps finds its core taken when it wakes, and
// waits out the other program's time slice.
// - A helper with nothing to do looks for the next loop for 0.1 ms: a step's loops follow each
//   other within microseconds.
// - A thread that has done its part looks at those still working every 25 µs for 2 ms, then
//   every 0.2 ms asleep: a long last piece should not keep a second core busy.
constexpr auto kLookForNextLoop = 100us;
constexpr auto kLookEvery = 25us;
constexpr auto kLookFor = 2ms;
constexpr auto kNap = 200us;

// Pool::state_: bit i − 1 while helper i is inside the loop; kClosed once no helper may join.
constexpr std::uint32_t kClosed = 1u << 31;
constexpr int kMaxHelpers = 31;

// Pool::callerStage_ is the loop's number times 4 plus one of these.
enum CallerStage : std::uint32_t { kWorking, kDone, kBeingMoved, kMoved };

thread_local int threadNumber = 0;
thread_local bool inLoop = false;
thread_local const SavedPlacement* placedCaller = nullptr;

// Read as the program loads, before any thread changes its own setting.
const int defaultThreads = omp_get_max_threads();

inline void spinPause()
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

double secondsBetween(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// A thread that gained less than a third of the wall time since the last look is not running.
bool stalled(const TeamThread& thread, double& cpuSeen, double wall)
{
    const double cpu = thread.cpuSeconds();
    const bool result = cpu >= 0.0 && cpuSeen >= 0.0 && cpu - cpuSeen < wall / 3;
    cpuSeen = cpu;
    return result;
}

// One loop at a time: the caller publishes it, opens it, does its own part, closes it and
// waits for the helpers that joined. A helper that wakes after the caller has done its part
// finds the loop closed and is not waited for; one that joined holds the loop while it works,
// and within a placed loop, if it stops running, is moved onto the core of one that has
// finished.
class Pool {
public:
    static Pool& instance(int wanted);
    bool run(void (*participate)(void*), void* context, int wanted);

private:
    struct Helper {
        TeamThread thread;
        int core = -1;                       // where the caller wants it in this loop
        std::atomic<bool> displaced{false};  // moved onto another's core and not yet put back
    };

    explicit Pool(int helpers);
    Helper& helper(int i) { return helpers_[std::size_t(i - 1)]; }
    void helperMain(int me);
    void waitForLoop(std::uint32_t seen);
    bool join(int me);
    void leave(int me);
    bool finishCallersPart(std::uint32_t loop);
    void waitForHelpers();
    int moveAStalledHelper(std::uint32_t inside, std::array<double, kMaxHelpers + 1>& cpuSeen,
                            Clock::time_point& lookedAt);
    void watchCaller(std::uint32_t loop);
    void sleepOnStage(std::uint32_t stage, std::chrono::microseconds timeout);

    std::unique_ptr<Helper[]> helpers_;
    int helperCount_ = 0;
    bool maySpin_ = true;  // no more threads than cores: a looking thread holds no one's core
    std::atomic<bool> busy_{false};
    std::atomic<std::uint32_t> generation_{0};  // the number of the latest loop
    std::atomic<std::uint32_t> state_{kClosed};
    std::atomic<int> sleepers_{0};           // helpers asleep until the next loop
    std::atomic<bool> callerAsleep_{false};  // the caller sleeps until state_ changes
    std::atomic<std::uint32_t> callerStage_{0};
    std::atomic<int> stageWatchers_{0};  // helpers asleep until callerStage_ changes
    TeamThread caller_;
    // The loop: written by the caller before it opens state_, read by helpers that joined.
    void (*participate_)(void*) = nullptr;
    void* context_ = nullptr;
    std::atomic<int> wanted_{0};  // helpers 1 … wanted_ take part; read before joining too
    std::uint32_t loop_ = 0;      // its number
    bool placed_ = false;
};

Pool& Pool::instance(int wanted)
{
    static Pool* const pool = new Pool(std::min(kMaxHelpers, std::max(wanted, defaultThreads - 1)));
    return *pool;  // never deleted: its helpers sleep until the process ends
}

Pool::Pool(int helpers) : helpers_(new Helper[std::size_t(helpers)])
{
    maySpin_ = helpers + 1 <= processCoreCount();
    for (int i = 1; i <= helpers; ++i) {
        try {
            std::thread(&Pool::helperMain, this, i).detach();
        } catch (const std::system_error&) {
            break;  // fewer helpers
        }
        helperCount_ = i;
    }
}

bool Pool::run(void (*participate)(void*), void* context, int wanted)
{
    if (helperCount_ == 0 || busy_.exchange(true, std::memory_order_acquire))
        return false;
    participate_ = participate;
    context_ = context;
    wanted = std::min(wanted, helperCount_);
    wanted_.store(wanted, std::memory_order_relaxed);
    placed_ = placedCaller != nullptr;
    const std::uint32_t loop = generation_.load(std::memory_order_relaxed) + 1;
    loop_ = loop;
    if (placed_) {
        caller_.sayWhoIAm();
        const int core = currentCore();
        for (int i = 1; i <= wanted; ++i)
            helper(i).core = core >= 0 ? coreAfter(core, i) : -1;
        callerStage_.store(loop * 4 + kWorking, std::memory_order_relaxed);
    }
    state_.store(0, std::memory_order_release);
    generation_.store(loop, std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) > 0)
        wakeAll(generation_);

    inLoop = true;
    {
        const OneThread serialEigen;  // Eigen must not start an OpenMP team within a piece
        participate(context);
    }
    if (placed_ && finishCallersPart(loop))
        placedCaller->restore();  // before waiting: the core it was moved to is a helper's
    state_.fetch_or(kClosed, std::memory_order_acq_rel);
    waitForHelpers();
    inLoop = false;
    busy_.store(false, std::memory_order_release);
    return true;
}

void Pool::helperMain(int me)
{
    threadNumber = me;
    inLoop = true;
    omp_set_num_threads(1);  // as OneThread, for good
    clearUpperVectorState();  // a new thread starts with its parent's vector registers
    allowEveryCore();
    Helper& self = helper(me);
    self.thread.sayWhoIAm();
    int heldOn = -1;  // the core it last held itself on
    std::uint32_t seen = 0;
    for (;;) {
        waitForLoop(seen);
        seen = generation_.load(std::memory_order_acquire);
        // A helper the loop does not want (omp_set_num_threads asked for fewer) stays out.
        if (me > wanted_.load(std::memory_order_relaxed) || !join(me))
            continue;
        seen = loop_;  // the loop joined, which may be a later one than the number read above
        const bool works = me <= wanted_.load(std::memory_order_relaxed);
        const bool placed = placed_;
        if (works) {
            if (placed && self.core >= 0 && (self.displaced.exchange(false) || heldOn != self.core) &&
                holdThisThreadOn(self.core))
                heldOn = self.core;
            participate_(context_);
        }
        leave(me);
        if (works && placed)
            watchCaller(seen);
    }
}

void Pool::waitForLoop(std::uint32_t seen)
{
    const auto until = Clock::now() + kLookForNextLoop;
    while (generation_.load(std::memory_order_acquire) == seen) {
        if (maySpin_ && Clock::now() < until) {
            spinPause();
            continue;
        }
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        if (generation_.load(std::memory_order_seq_cst) == seen)
            waitWhileEquals(generation_, seen, 0us);
        sleepers_.fetch_sub(1, std::memory_order_relaxed);
    }
}

bool Pool::join(int me)
{
    const std::uint32_t bit = 1u << (me - 1);
    std::uint32_t s = state_.load(std::memory_order_relaxed);
    do {
        if (s & kClosed)
            return false;
    } while (!state_.compare_exchange_weak(s, s | bit, std::memory_order_acquire, std::memory_order_relaxed));
    return true;
}

void Pool::leave(int me)
{
    const std::uint32_t bit = 1u << (me - 1);
    const std::uint32_t before = state_.fetch_and(~bit, std::memory_order_seq_cst);
    if ((before & ~kClosed) == bit && callerAsleep_.load(std::memory_order_seq_cst))
        wakeAll(state_);
}

// Returns whether a helper moved the caller during its part.
bool Pool::finishCallersPart(std::uint32_t loop)
{
    std::uint32_t expected = loop * 4 + kWorking;
    if (callerStage_.compare_exchange_strong(expected, loop * 4 + kDone, std::memory_order_seq_cst)) {
        if (stageWatchers_.load(std::memory_order_seq_cst) > 0)
            wakeAll(callerStage_);
        return false;
    }
    while (callerStage_.load(std::memory_order_acquire) != loop * 4 + kMoved)
        std::this_thread::yield();  // a helper is moving it, and may now share its core
    callerStage_.store(loop * 4 + kDone, std::memory_order_seq_cst);
    wakeAll(callerStage_);  // the helper that gave its core sleeps until now
    return true;
}

void Pool::waitForHelpers()
{
    std::array<double, kMaxHelpers + 1> cpuSeen;
    cpuSeen.fill(-1.0);
    const auto start = Clock::now();
    auto lookedAt = start;
    int moved = 0;  // the helper given this thread's core, if any
    for (;;) {
        const std::uint32_t s = state_.load(std::memory_order_acquire);
        if ((s & ~kClosed) == 0)
            break;
        const auto now = Clock::now();
        if (moved > 0 || !maySpin_ || now - start >= kLookFor) {
            callerAsleep_.store(true, std::memory_order_seq_cst);
            if (state_.load(std::memory_order_seq_cst) == s)
                waitWhileEquals(state_, s, kNap);
            callerAsleep_.store(false, std::memory_order_relaxed);
        } else if (now - lookedAt < kLookEvery) {
            spinPause();
            continue;
        }
        if (placed_ && moved == 0)
            moved = moveAStalledHelper(s, cpuSeen, lookedAt);
        lookedAt = Clock::now();
    }
    // Back to its own core at once: left here, it would wait behind this thread for the CPU
    // before it could go back itself (traced: 3–4 ms, while the next loop ran without it).
    if (moved > 0) {
        Helper& h = helper(moved);
        if (h.core >= 0 && h.thread.moveTo(h.core))
            h.displaced.store(false, std::memory_order_relaxed);
    }
}

// Returns the number of the helper moved onto this thread's core, or 0.
int Pool::moveAStalledHelper(std::uint32_t inside, std::array<double, kMaxHelpers + 1>& cpuSeen,
                              Clock::time_point& lookedAt)
{
    const double wall = secondsBetween(lookedAt, Clock::now());
    for (int i = 1; i <= wanted_.load(std::memory_order_relaxed); ++i) {
        if (!(inside & (1u << (i - 1))))
            continue;
        Helper& h = helper(i);
        if (const int here = currentCore(); stalled(h.thread, cpuSeen[std::size_t(i)], wall) && here >= 0 && h.thread.moveTo(here)) {
            h.displaced.store(true, std::memory_order_relaxed);
            return i;
        }
    }
    return 0;
}

// After its part of a placed loop, a helper looks at the caller while it still works: one
// that stops running (another program has its core) is moved onto this helper's core, and the
// helper sleeps until the caller's part is done.
void Pool::watchCaller(std::uint32_t loop)
{
    const std::uint32_t working = loop * 4 + kWorking;
    double cpuSeen = -1.0;
    const auto start = Clock::now();
    auto lookedAt = start;
    while (callerStage_.load(std::memory_order_acquire) == working) {
        const auto now = Clock::now();
        if (!maySpin_ || now - start >= kLookFor) {
            sleepOnStage(working, kNap);
        } else if (now - lookedAt < kLookEvery) {
            spinPause();
            continue;
        }
        const auto looked = Clock::now();
        const bool callerStalled = stalled(caller_, cpuSeen, secondsBetween(lookedAt, looked));
        lookedAt = looked;
        std::uint32_t expected = working;
        if (!callerStalled || !callerStage_.compare_exchange_strong(expected, loop * 4 + kBeingMoved))
            continue;
        if (const int here = currentCore(); here >= 0)
            caller_.moveTo(here);
        callerStage_.store(loop * 4 + kMoved, std::memory_order_release);
        while (callerStage_.load(std::memory_order_acquire) == loop * 4 + kMoved)
            sleepOnStage(loop * 4 + kMoved, kNap);
        return;
    }
}

void Pool::sleepOnStage(std::uint32_t stage, std::chrono::microseconds timeout)
{
    stageWatchers_.fetch_add(1, std::memory_order_seq_cst);
    if (callerStage_.load(std::memory_order_seq_cst) == stage)
        waitWhileEquals(callerStage_, stage, timeout);
    stageWatchers_.fetch_sub(1, std::memory_order_relaxed);
}

} // namespace

int pieceThreadNumber() { return threadNumber; }

bool inParallelWork() { return inLoop || omp_get_level() > 0; }

namespace detail {

bool runOnHelpers(void (*participate)(void*), void* context)
{
    const int wanted = std::min(omp_get_max_threads(), kMaxHelpers + 1) - 1;
    if (wanted < 1 || inParallelWork())
        return false;
    return Pool::instance(wanted).run(participate, context, wanted);
}

void setPlacement(const SavedPlacement* callersOwn) { placedCaller = callersOwn; }

const SavedPlacement* placement() { return placedCaller; }

} // namespace detail

} // namespace mlwb
