// The engine's parallel loops (core/parallel_pieces.h on core/parallel_pool.h): every piece
// once, each thread with its own copy of the body, nested and concurrent loops, one thread
// when asked, and no OpenMP team started inside a piece.
#include "core/one_thread.h"
#include "core/parallel_pieces.h"

#include <QTest>

#include <atomic>
#include <chrono>
#include <mutex>
#include <omp.h>
#include <set>
#include <thread>
#include <vector>

using namespace mlwb;
using namespace std::chrono_literals;

class TestParallelPool : public QObject {
    Q_OBJECT
private slots:
    void everyPieceRunsOnceOnItsThreadsOwnCopy();
    void helpersTakePiecesToo();
    void aLoopInsideAPieceRunsOnThatThread();
    void loopsFromTwoThreadsAtOnceEachRunEveryPiece();
    void oneThreadRunsEveryPieceHereInOrder();
    void eigenStartsNoTeamInsideAPiece();
};

namespace {

// A body that counts its copies: each thread of a loop makes one, the caller's included.
struct CountedBody {
    std::vector<std::atomic<int>>* runs;
    std::atomic<int>* copies;
    std::set<int>* threads;
    std::mutex* lock;
    CountedBody(std::vector<std::atomic<int>>* r, std::atomic<int>* c, std::set<int>* t, std::mutex* m)
        : runs(r), copies(c), threads(t), lock(m) {}
    CountedBody(const CountedBody& o) : runs(o.runs), copies(o.copies), threads(o.threads), lock(o.lock) { ++*copies; }
    void operator()(std::int64_t piece)
    {
        ++(*runs)[std::size_t(piece)];
        const std::lock_guard held(*lock);
        threads->insert(pieceThreadNumber());
    }
};

} // namespace

void TestParallelPool::everyPieceRunsOnceOnItsThreadsOwnCopy()
{
    constexpr int kPieces = 20000;
    std::vector<std::atomic<int>> runs(kPieces);
    std::atomic<int> copies = 0;
    std::set<int> threads;
    std::mutex lock;
    forEachPiece(kPieces, CountedBody(&runs, &copies, &threads, &lock));
    for (int i = 0; i < kPieces; ++i)
        QCOMPARE(runs[std::size_t(i)].load(), 1);
    QVERIFY(copies >= 1 && copies <= omp_get_max_threads());
    for (const int t : threads)
        QVERIFY(t >= 0 && t < omp_get_max_threads());
    QCOMPARE(pieceThreadNumber(), 0);
}

// Pieces that wait until a second thread has taken one: the loop's helpers are real threads.
void TestParallelPool::helpersTakePiecesToo()
{
    if (omp_get_max_threads() < 2)
        QSKIP("one thread only");
    std::atomic<int> started = 0;
    std::mutex lock;
    std::set<std::thread::id> ids;
    forEachPiece(2, [&](std::int64_t) {
        ++started;
        for (int i = 0; i < 2000 && started < 2; ++i)
            std::this_thread::sleep_for(1ms);
        const std::lock_guard held(lock);
        ids.insert(std::this_thread::get_id());
    });
    QCOMPARE(ids.size(), std::size_t(2));
}

// Within a parallel loop a loop runs on the thread that starts it. (A loop that runs serially,
// with one thread, is no parallel work: a loop inside it may have the helpers.)
void TestParallelPool::aLoopInsideAPieceRunsOnThatThread()
{
    const bool parallel = omp_get_max_threads() > 1;
    std::atomic<int> inner = 0, elsewhere = 0, outside = 0;
    forEachPiece(64, [&](std::int64_t) {
        outside += !inParallelWork();
        const auto self = std::this_thread::get_id();
        const int number = pieceThreadNumber();
        forEachPiece(16, [&](std::int64_t) {
            ++inner;
            if (std::this_thread::get_id() != self || pieceThreadNumber() != number)
                ++elsewhere;
        });
    });
    QCOMPARE(inner.load(), 64 * 16);
    QCOMPARE(elsewhere.load(), 0);
    QCOMPARE(outside.load(), parallel ? 0 : 64);
    QVERIFY(!inParallelWork());
}

// One thread's loop has the helpers; the other's runs on its own thread meanwhile. Either way
// every piece runs once.
void TestParallelPool::loopsFromTwoThreadsAtOnceEachRunEveryPiece()
{
    std::atomic<bool> wrong = false;
    const auto loops = [&] {
        for (int loop = 0; loop < 300; ++loop) {
            std::vector<std::atomic<int>> runs(97);
            forEachPiece(97, [&](std::int64_t p) { ++runs[std::size_t(p)]; });
            for (const auto& r : runs)
                if (r != 1)
                    wrong = true;
        }
    };
    std::thread other(loops);
    loops();
    other.join();
    QVERIFY(!wrong);
}

void TestParallelPool::oneThreadRunsEveryPieceHereInOrder()
{
    const OneThread one;
    const auto caller = std::this_thread::get_id();
    std::vector<std::int64_t> order;
    int elsewhere = 0;
    forEachPiece(100, [&](std::int64_t p) {
        elsewhere += std::this_thread::get_id() != caller;
        order.push_back(p);
    });
    QCOMPARE(elsewhere, 0);
    QCOMPARE(order.size(), std::size_t(100));
    for (std::size_t i = 0; i < order.size(); ++i)
        QCOMPARE(order[i], std::int64_t(i));
}

// Eigen splits a large product over OpenMP threads unless it runs inside an OpenMP region:
// within a piece, on any thread, it must find one thread.
void TestParallelPool::eigenStartsNoTeamInsideAPiece()
{
    const int before = omp_get_max_threads();
    std::atomic<int> wider = 0;
    forEachPiece(64, [&](std::int64_t) {
        if (omp_get_max_threads() != 1)
            ++wider;
        std::this_thread::sleep_for(100us);  // so that the helpers take some
    });
    QCOMPARE(wider.load(), 0);
    QCOMPARE(omp_get_max_threads(), before);  // the caller's own setting is back
}

QTEST_MAIN(TestParallelPool)
#include "tst_parallel_pool.moc"
