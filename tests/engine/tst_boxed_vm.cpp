// The interpreted distance loop: the answer of a brute-force loop, the instruction count of
// its bytecode, and its budget and stop.
#include "interp/boxed_vm.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace mlwb::interp;

namespace {
std::vector<double> randomPoints(std::int64_t n, std::int64_t d)
{
    std::mt19937_64 rng(3);
    std::normal_distribution<double> normal;
    std::vector<double> x(std::size_t(n * d));
    for (double& v : x)
        v = normal(rng);
    return x;
}
} // namespace

class TestBoxedVm : public QObject {
    Q_OBJECT
private slots:
    void matchesTheBruteForceLoop_data();
    void matchesTheBruteForceLoop();
    void innerBodyIsTheBytecodeOfThePythonLoop();
    void stopEndsAfterOneRow();
};

void TestBoxedVm::matchesTheBruteForceLoop_data()
{
    QTest::addColumn<qint64>("n");
    QTest::addColumn<qint64>("d");
    QTest::newRow("1 point") << qint64(1) << qint64(1);
    QTest::newRow("7x3") << qint64(7) << qint64(3);
    QTest::newRow("300 points: ints beyond the small-int cache") << qint64(300) << qint64(2);
}

// The same additions in the same order as the Python source: equal to the last bit.
void TestBoxedVm::matchesTheBruteForceLoop()
{
    QFETCH(qint64, n);
    QFETCH(qint64, d);
    const std::vector<double> x = randomPoints(n, d);
    const DistanceLoopResult r = interpretDistanceLoop(x, n, d, 1e9);
    QCOMPARE(r.rowsDone, n);
    QCOMPARE(r.innerIterations, n * n * d);
    for (std::int64_t i = 0; i < n; ++i)
        for (std::int64_t j = 0; j < n; ++j) {
            double s = 0.0;
            for (std::int64_t k = 0; k < d; ++k) {
                const double diff = x[std::size_t(i * d + k)] - x[std::size_t(j * d + k)];
                s = s + diff * diff;
            }
            QVERIFY(r.distances[std::size_t(i * n + j)] == std::sqrt(s));
        }
}

// CPython 3.11's dis of the inner loop: FOR_ITER, STORE_FAST k, twice (LOAD_GLOBAL X,
// LOAD_FAST, BINARY_SUBSCR, LOAD_FAST k, BINARY_SUBSCR), BINARY_OP −, STORE_FAST diff,
// LOAD_FAST s, LOAD_FAST diff ×2, BINARY_OP *, BINARY_OP +, STORE_FAST s, JUMP_BACKWARD.
void TestBoxedVm::innerBodyIsTheBytecodeOfThePythonLoop()
{
    QCOMPARE(innerLoopInstructions(), 21);
    const std::int64_t n = 5, d = 4;
    const DistanceLoopResult r = interpretDistanceLoop(randomPoints(n, d), n, d, 1e9);
    // Per j: FOR_ITER, STORE_FAST j, LOAD_CONST 0.0, STORE_FAST s; 4 for range(d); 21 per k;
    // the exhausted FOR_ITER; 8 to store sqrt(s) in D[i][j]; the jump back.
    const std::int64_t perJ = 4 + 4 + 21 * d + 1 + 8 + 1;
    // Per i: FOR_ITER, STORE_FAST i, 4 for range(n), the j loop, the exhausted FOR_ITER, END_ROW,
    // the jump back. Once: 4 for range(n), the exhausted FOR_ITER, RETURN.
    const std::int64_t perI = 2 + 4 + n * perJ + 3;
    QCOMPARE(r.instructions, 4 + n * perI + 2);
}

void TestBoxedVm::stopEndsAfterOneRow()
{
    const std::int64_t n = 50, d = 3;
    std::stop_source stop;
    stop.request_stop();
    const DistanceLoopResult r = interpretDistanceLoop(randomPoints(n, d), n, d, 1e9, stop.get_token());
    QCOMPARE(r.rowsDone, 1);
    QVERIFY(r.distances[std::size_t(n)] == 0.0);  // row 1 untouched
    QVERIFY(r.distances[1] > 0.0);
    const DistanceLoopResult timed = interpretDistanceLoop(randomPoints(n, d), n, d, 0.0);
    QCOMPARE(timed.rowsDone, 1);
}

QTEST_MAIN(TestBoxedVm)
#include "tst_boxed_vm.moc"
