// Timings repeated until stable, their spread, and the CPU other programs use meanwhile.
#include "../busy_core.h"
#include "core/parallel_pieces.h"
#include "core/thread_placement.h"
#include "core/timing.h"

#include <QTest>

#include <atomic>
#include <chrono>
#include <omp.h>
#include <pthread.h>
#include <sched.h>
#include <set>
#include <thread>
#include <vector>

using namespace mlwb;
using namespace std::chrono_literals;

class TestTiming : public QObject {
    Q_OBJECT
private slots:
    void steadyWorkIsTimedWithinTheBudget();
    void alternatingRunsShowTheirSpread();
    void stoppedBeforehandRunsNothing();
    void slowWorkRunsOnce();
    void anotherProgramsCpuIsSeen();
    void helpersKeepToCoresOtherThanTheCallers();
    void aStalledHelperIsMovedOntoAWaitingThreadsCore();
    void aStalledCallerIsMovedOntoAFinishedHelpersCore();
    void heldThreadsRunOnTheCoreAsked();
};

void TestTiming::steadyWorkIsTimedWithinTheBudget()
{
    int calls = 0;
    const Timing t = timeRepeatedly([&] { ++calls; std::this_thread::sleep_for(2ms); }, {.minRuns = 5, .budgetSeconds = 0.5});
    QVERIFY(t.runs >= 5);
    QCOMPARE(calls, t.runs + 1);  // and one warm-up
    QVERIFY(t.minSeconds >= 0.002 && t.minSeconds <= t.medianSeconds && t.medianSeconds <= t.maxSeconds);
    QVERIFY(t.medianSeconds < 0.1);
}

// Runs of 1 ms and 6 ms in turn: quartiles near 1 and 6 ms around a median between them, so
// the spread is far above 20% and the timing repeats until its budget is spent.
void TestTiming::alternatingRunsShowTheirSpread()
{
    int call = 0;
    const auto start = std::chrono::steady_clock::now();
    const Timing t = timeRepeatedly([&] { std::this_thread::sleep_for(++call % 2 ? 1ms : 6ms); },
                                    {.minRuns = 5, .budgetSeconds = 0.3});
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    QVERIFY2(t.spread > 0.5, qPrintable(QString::number(t.spread)));
    QVERIFY(elapsed >= 0.3);
    QVERIFY(t.maxSeconds >= 0.006 && t.minSeconds < 0.005);
}

void TestTiming::stoppedBeforehandRunsNothing()
{
    std::stop_source stop;
    stop.request_stop();
    int calls = 0;
    const Timing t = timeRepeatedly([&] { ++calls; }, {}, stop.get_token());
    QCOMPARE(calls, 0);
    QCOMPARE(t.runs, 0);
}

void TestTiming::slowWorkRunsOnce()
{
    int calls = 0;
    const Timing t = timeRepeatedly([&] { ++calls; std::this_thread::sleep_for(60ms); }, {.budgetSeconds = 0.1});
    QCOMPARE(calls, 1);
    QCOMPARE(t.runs, 1);
    QVERIFY(t.medianSeconds >= 0.06);
}

// A child process spinning on one core of this machine: at least that core's share of the
// whole machine (minus slack for the meter's 10 ms ticks) is seen as other programs' load,
// while this process only sleeps.
void TestTiming::anotherProgramsCpuIsSeen()
{
    double load = 0;
    {
        const BusyCore busy;
        QVERIFY(busy.started());
        std::this_thread::sleep_for(50ms);
        const OtherLoadMeter meter;
        std::this_thread::sleep_for(500ms);
        load = meter.otherLoad();
    }
    const double oneCore = 1.0 / double(std::thread::hardware_concurrency());
    QVERIFY2(load >= 0.7 * oneCore, qPrintable(QStringLiteral("load %1, one core %2").arg(load).arg(oneCore)));
}

namespace {

// The cores this thread may run on.
std::set<int> allowedCores()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    pthread_getaffinity_np(pthread_self(), sizeof set, &set);
    std::set<int> cores;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
        if (CPU_ISSET(cpu, &set))
            cores.insert(cpu);
    return cores;
}

void holdOn(const std::set<int>& cores)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    for (const int cpu : cores)
        CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

// Waits (up to 2 s) until `done` says the other thread has got that far.
template <class Done> void waitFor(const Done& done)
{
    for (int i = 0; i < 2000 && !done(); ++i)
        std::this_thread::sleep_for(1ms);
}

// Loops of a caller and one helper, the caller held on the first core the process may use
// (so that where it is cannot change under the test); both put back afterwards.
class TeamOfTwo {
public:
    explicit TeamOfTwo(const std::set<int>& all) : all_(all), threadsBefore_(omp_get_max_threads())
    {
        omp_set_num_threads(2);
        holdOn({callerCore()});
    }
    ~TeamOfTwo()
    {
        holdOn(all_);
        omp_set_num_threads(threadsBefore_);
    }
    TeamOfTwo(const TeamOfTwo&) = delete;
    TeamOfTwo& operator=(const TeamOfTwo&) = delete;
    int callerCore() const { return *all_.begin(); }

private:
    std::set<int> all_;
    int threadsBefore_;
};

} // namespace

// Within placed parallel work each helper is held on a core of its own, none of them the
// caller's (here the caller is kept on one core so that it cannot move meanwhile), and the
// caller's own placement is left as it was.
void TestTiming::helpersKeepToCoresOtherThanTheCallers()
{
    const std::set<int> all = allowedCores();
    if (all.size() < 2)
        QSKIP("the process may use one core only");
    const int callerCore = *std::next(all.begin());
    holdOn({callerCore});
    const int threads = omp_get_max_threads();
    std::vector<std::set<int>> team(static_cast<std::size_t>(threads));
    std::atomic<int> started = 0;
    {
        const mlwb::PlacedParallelWork placed;
        mlwb::forEachPiece(threads, [&](std::int64_t) {
            team[std::size_t(mlwb::pieceThreadNumber())] = allowedCores();
            // Every thread takes one piece: each waits (a little) for the others to take theirs.
            ++started;
            waitFor([&] { return started == threads; });
        });
    }
    const std::set<int> callerAfter = allowedCores();
    holdOn(all);
    QCOMPARE(started.load(), threads);
    QVERIFY(team[0] == std::set<int>{callerCore});
    QVERIFY(callerAfter == std::set<int>{callerCore});
    std::set<int> used;
    for (std::size_t i = 1; i < team.size(); ++i) {
        QCOMPARE(team[i].size(), std::size_t(1));
        QVERIFY(all.contains(*team[i].begin()));
        used.insert(*team[i].begin());
    }
    QCOMPARE(used.size(), std::min(team.size() - 1, all.size()));  // round and round past the caller's
    if (team.size() <= all.size())
        QVERIFY(!used.contains(callerCore));
}

// A helper that stops running in the middle of its piece (here it sleeps; on a busy machine
// another program has its core) is moved onto the core of a thread that has finished (the
// caller's, kept on one core here; a team of two, so that no idle helper moves it first), the
// region still ends with every piece done, and the next loop puts the helper back.
void TestTiming::aStalledHelperIsMovedOntoAWaitingThreadsCore()
{
    const std::set<int> all = allowedCores();
    if (all.size() < 2)
        QSKIP("the process may use one core only");
    const TeamOfTwo team(all);
    const int callerCore = team.callerCore();
    std::set<int> beforeStall, afterStall, nextLoop;
    std::atomic<bool> helperStarted = false, callerTookOne = false;
    std::atomic<int> pieces = 0;
    {
        const mlwb::PlacedParallelWork placed;
        mlwb::forEachPiece(2, [&](std::int64_t) {
            if (mlwb::pieceThreadNumber() == 0) {
                callerTookOne = true;
                waitFor([&] { return helperStarted.load(); });  // the helper takes the other piece
            } else {
                beforeStall = allowedCores();
                helperStarted = true;
                std::this_thread::sleep_for(200ms);
                afterStall = allowedCores();
            }
            ++pieces;
        });
        mlwb::forEachPiece(2, [&](std::int64_t) {
            if (mlwb::pieceThreadNumber() == 1)
                nextLoop = allowedCores();
            std::this_thread::sleep_for(20ms);  // long enough for the helper to take a piece
        });
    }
    QCOMPARE(pieces.load(), 2);
    QVERIFY(helperStarted && callerTookOne);
    QCOMPARE(beforeStall.size(), std::size_t(1));
    QVERIFY(!beforeStall.contains(callerCore));
    QVERIFY(afterStall == std::set<int>{callerCore});
    if (!nextLoop.empty())
        QVERIFY(nextLoop == beforeStall);
}

// The mirror case: the caller stops running in the middle of its piece (it sleeps) while the
// helper has done the other one; the helper moves the caller onto its own core, and after the
// loop the caller may run where it could before.
void TestTiming::aStalledCallerIsMovedOntoAFinishedHelpersCore()
{
    const std::set<int> all = allowedCores();
    if (all.size() < 2)
        QSKIP("the process may use one core only");
    const TeamOfTwo team(all);
    const int callerCore = team.callerCore();
    std::set<int> helperCores, callerAfterStall, callerAfterLoop;
    std::atomic<bool> helperDone = false;
    std::atomic<int> pieces = 0;
    {
        const mlwb::PlacedParallelWork placed;
        mlwb::forEachPiece(2, [&](std::int64_t) {
            if (mlwb::pieceThreadNumber() == 0) {
                waitFor([&] { return helperDone.load(); });  // the helper takes the other piece
                std::this_thread::sleep_for(200ms);
                callerAfterStall = allowedCores();
            } else {
                helperCores = allowedCores();
                helperDone = true;
            }
            ++pieces;
        });
        callerAfterLoop = allowedCores();
    }
    QCOMPARE(pieces.load(), 2);
    QVERIFY(helperDone);
    QCOMPARE(helperCores.size(), std::size_t(1));
    QVERIFY(!helperCores.contains(callerCore));
    QVERIFY(callerAfterStall == helperCores);
    QVERIFY(callerAfterLoop == std::set<int>{callerCore});
}

void TestTiming::heldThreadsRunOnTheCoreAsked()
{
    const std::set<int> cores = allowedCores();
    if (cores.size() < 2)
        QSKIP("the process may use one core only");
    std::set<int> first, second;
    std::thread([&] {
        mlwb::holdOnCore(0);
        first = allowedCores();
        mlwb::holdOnCore(int(cores.size()) + 1);  // round and round: the second core
        second = allowedCores();
    }).join();
    QVERIFY(first == std::set<int>{*cores.begin()});
    QVERIFY(second == std::set<int>{*std::next(cores.begin())});
}

QTEST_MAIN(TestTiming)
#include "tst_timing.moc"
