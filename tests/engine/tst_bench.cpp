#include "bench/bench.h"
#include "bench/machine_workloads.h"
#include "bench/preprocess_workloads.h"
#include "bench/tensor_workloads.h"
#include "core/input_error.h"

#include <QtTest>
#include <chrono>
#include <thread>

using namespace mlwb::bench;
using namespace std::chrono_literals;

namespace {

// One run, no warm-up, no minimum time: each selected workload runs exactly once.
Options once()
{
    Options o;
    o.warmupRuns = 0;
    o.minRuns = 1;
    o.maxRuns = 1;
    o.minSeconds = 0.0;
    return o;
}

// A workload that counts its preparations and runs, each run sleeping the next of durations.
Workload counting(std::string name, int& prepared, int& runs,
                  std::vector<std::chrono::milliseconds> durations = {0ms})
{
    return {std::move(name), "test workload", [&prepared, &runs, durations] {
                ++prepared;
                return PreparedWorkload{[&runs, durations] {
                                            std::this_thread::sleep_for(
                                                durations[static_cast<std::size_t>(runs) % durations.size()]);
                                            ++runs;
                                        },
                                        1.0, 1.0, "runs/s", {}};
            }};
}

} // namespace

class BenchTest : public QObject {
    Q_OBJECT

private slots:
    void knowsMachineWorkloads();
    void gemmRunsOnce();
    void triadStreamsForReal();
    void tensorWorkloadsComputeForReal();
    void filterSelectsAndPreparesOnlyMatches();
    void runCountsFollowOptions_data();
    void runCountsFollowOptions();
    void statisticsAreOrdered();
    void stopTokenStops();
    void peakMemoryIsPerWorkload();
    void invalidFilterIsInputError();
    void invalidOptionsAreRejected();
};

void BenchTest::knowsMachineWorkloads()
{
    std::vector<std::string> names;
    for (const Workload& w : allWorkloads()) {
        names.push_back(w.name);
        QVERIFY(!w.description.empty());
    }
    QVERIFY(names.size() >= 2);
    QCOMPARE(names[0], std::string("L1_triad"));
    QCOMPARE(names[1], std::string("L2_gemm"));
    const std::vector<std::string> tensorNames{"W1_broadcast_add", "W2_outer", "W3_batch_matmul", "W4_attention",
                                               "W5_pairwise_dist"};
    QCOMPARE(std::vector<std::string>(names.begin() + 2, names.begin() + 7), tensorNames);
    QCOMPARE(std::vector<std::string>(names.begin() + 7, names.end()),
             (std::vector<std::string>{"U1_exp", "U2_tanh_f32", "U3_sigmoid", "W9_read_csv", "W9_preprocess",
                                       "W7_mcmc_gauss2d.1chain", "W7_mcmc_gauss2d.4chains", "W7_mcmc_blr",
                                       "W6_pca_rand.eigh", "W6_pca_rand.svd", "W6_pca_rand.randomized"}));
}

// The full-size machine workloads (1.9 GB, 2048³) belong in `mlwb bench`, not in tests:
// small instances run through the same code and are checked against plain loops.
void BenchTest::gemmRunsOnce()
{
    std::vector<std::string> reported;
    const std::vector<Workload> small{gemm(96)};
    const std::vector<Result> results = run(small, workloadFilter("^L2_gemm$"), once(),
                                            [&](const Result& r) { reported.push_back(r.name); });
    QCOMPARE(results.size(), std::size_t{1});
    const Result& r = results[0];
    QCOMPARE(r.name, std::string("L2_gemm"));
    QCOMPARE(reported, std::vector<std::string>{"L2_gemm"});
    QCOMPARE(r.n, 1);
    QVERIFY(r.minSeconds > 0.0);
    QVERIFY(r.minSeconds <= r.medianSeconds && r.medianSeconds <= r.maxSeconds);
    QCOMPARE(r.rateUnit, std::string("GFLOP/s"));
    QVERIFY(std::abs(r.rate * r.medianSeconds - 2.0 * 96.0 * 96.0 * 96.0 / 1e9) < 1e-9);
    PreparedWorkload prepared = small[0].prepare();
    QVERIFY(!prepared.verify());  // C is still zero
    prepared.run();
    QVERIFY(prepared.verify());
}

void BenchTest::triadStreamsForReal()
{
    PreparedWorkload prepared = triad(1'000'003).prepare();
    QCOMPARE(prepared.rateUnit, std::string("GB/s"));
    QCOMPARE(prepared.workPerRun, 3.0 * 8 * 1'000'003);
    QVERIFY(!prepared.verify());  // a is still zero
    prepared.run();
    QVERIFY(prepared.verify());
}

// Small instances of W1 … W9 and U1 … U3 through the same code as `mlwb bench`: nothing checks out before
// the run, everything after (each verify() recomputes sample outputs with plain loops).
void BenchTest::tensorWorkloadsComputeForReal()
{
    using mlwb::tensor::DType;
    using mlwb::tensor::UnaryOp;
    const std::vector<Workload> small{broadcastAdd(9, 7),
                                      outerProduct(33),
                                      batchMatmul(3, 10),
                                      attention(2, 2, 9, 4),
                                      pairwiseDistances(20, 5),
                                      elementwiseMath("U1_exp", UnaryOp::Exp, DType::Float64, 1037),
                                      elementwiseMath("U2_tanh_f32", UnaryOp::Tanh, DType::Float32, 1037),
                                      elementwiseMath("U3_sigmoid", UnaryOp::Sigmoid, DType::Float64, 1037),
                                      readCsvWorkload(3000),
                                      preprocessWorkload(3000)};
    for (const Workload& w : small) {
        PreparedWorkload prepared = w.prepare();
        QVERIFY2(!prepared.verify(), w.name.c_str());
        prepared.run();
        QVERIFY2(prepared.verify(), w.name.c_str());
        QVERIFY(prepared.workPerRun > 0);
    }
}

void BenchTest::filterSelectsAndPreparesOnlyMatches()
{
    int preparedA = 0, runsA = 0, preparedB = 0, runsB = 0;
    const std::vector<Workload> workloads{counting("alpha_one", preparedA, runsA),
                                          counting("beta_two", preparedB, runsB)};
    const std::vector<Result> results = run(workloads, workloadFilter("two$"), once());
    QCOMPARE(results.size(), std::size_t{1});
    QCOMPARE(results[0].name, std::string("beta_two"));
    QCOMPARE(preparedA, 0);
    QCOMPARE(runsA, 0);
    QCOMPARE(preparedB, 1);
    QCOMPARE(runsB, 1);
    QVERIFY(run(workloads, workloadFilter("gamma"), once()).empty());
}

void BenchTest::runCountsFollowOptions_data()
{
    QTest::addColumn<int>("warmupRuns");
    QTest::addColumn<int>("minRuns");
    QTest::addColumn<double>("minSeconds");
    QTest::addColumn<int>("maxRuns");
    QTest::addColumn<int>("timed");
    QTest::newRow("min runs suffice") << 2 << 3 << 0.0 << 10 << 3;
    QTest::newRow("time keeps it going until max runs") << 0 << 1 << 1e9 << 4 << 4;
    QTest::newRow("min equals max") << 1 << 5 << 0.0 << 5 << 5;
}

void BenchTest::runCountsFollowOptions()
{
    QFETCH(int, warmupRuns);
    QFETCH(int, minRuns);
    QFETCH(double, minSeconds);
    QFETCH(int, maxRuns);
    QFETCH(int, timed);
    int prepared = 0, runs = 0;
    const Options options{warmupRuns, minRuns, minSeconds, maxRuns};
    const std::vector<Result> results = run({counting("w", prepared, runs)}, workloadFilter(""), options);
    QCOMPARE(results.size(), std::size_t{1});
    QCOMPARE(results[0].n, timed);
    QCOMPARE(runs, warmupRuns + timed);
    QCOMPARE(prepared, 1);
}

// Runs sleep 30, 10, 20, 30 ms: sleep_for never returns early, so the fastest is ≥ 10 ms, the
// slowest ≥ 30 ms and the median (of 20 ms and 30 ms runs) ≥ 25 ms.
void BenchTest::statisticsAreOrdered()
{
    int prepared = 0, runs = 0;
    Options options = once();
    options.minRuns = options.maxRuns = 4;
    const std::vector<Result> results =
        run({counting("sleepy", prepared, runs, {30ms, 10ms, 20ms, 30ms})}, workloadFilter("."), options);
    const Result& r = results.at(0);
    QCOMPARE(r.n, 4);
    QVERIFY(r.minSeconds >= 0.010);
    QVERIFY(r.maxSeconds >= 0.030);
    QVERIFY(r.medianSeconds >= 0.025);
    QVERIFY(r.minSeconds <= r.medianSeconds && r.medianSeconds <= r.maxSeconds);
    QVERIFY(std::abs(r.rate * r.medianSeconds - 1.0) < 1e-12);
    QCOMPARE(r.rateUnit, std::string("runs/s"));
}

// The peak is reset before each workload: a 200 MB workload run first must not show up in
// the 20 MB one's figure.
void BenchTest::peakMemoryIsPerWorkload()
{
#ifdef __SANITIZE_ADDRESS__
    QSKIP("AddressSanitizer keeps freed memory in quarantine, so resident memory never falls");
#endif
    const auto touching = [](const char* name, std::size_t bytes) {
        return Workload{name, "touches memory", [bytes] {
                            return PreparedWorkload{[bytes] {
                                                        std::vector<char> block(bytes, 1);
                                                        QVERIFY(block[bytes / 2] == 1);
                                                    },
                                                    1.0, 1.0, "runs/s", {}};
                        }};
    };
    const std::vector<Result> results =
        run({touching("big", 200'000'000), touching("small", 20'000'000)}, workloadFilter("."), once());
    QCOMPARE(results.size(), std::size_t(2));
    QVERIFY2(results[0].peakRssBytes > 200e6, std::to_string(results[0].peakRssBytes).c_str());
    QVERIFY2(results[1].peakRssBytes > 20e6 && results[1].peakRssBytes < 150e6,
             std::to_string(results[1].peakRssBytes).c_str());
}

void BenchTest::stopTokenStops()
{
    int prepared = 0, runs = 0;
    std::stop_source source;
    source.request_stop();
    const std::vector<Result> results =
        run({counting("w", prepared, runs)}, workloadFilter(""), Options{}, {}, source.get_token());
    QVERIFY(results.empty());
    QCOMPARE(runs, 0);
}

void BenchTest::invalidFilterIsInputError()
{
    try {
        workloadFilter("L1_[");
        QFAIL("no exception");
    } catch (const mlwb::InputError& e) {
        QVERIFY2(QString(e.what()).startsWith("invalid workload filter \"L1_[\": "), e.what());
    }
}

void BenchTest::invalidOptionsAreRejected()
{
    Options options = once();
    options.maxRuns = 0;
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, run(workloadFilter(""), options));
}

QTEST_APPLESS_MAIN(BenchTest)
#include "tst_bench.moc"
