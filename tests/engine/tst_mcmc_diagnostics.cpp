// The MCMC diagnostics against theory and ArviZ: autocorrelation by FFT against the direct
// sum, the ESS of AR(1) series against n(1 − φ)/(1 + φ), and ESS, R̂, MCSE and quantiles
// against tests/engine/reference/mcmc_arviz_reference.py (ArviZ 0.15's formulas in NumPy).
#include "mcmc/autocorrelation.h"
#include "mcmc/diagnostics.h"
#include "mcmc/rng.h"
#include "mcmc/run.h"
#include "mcmc/summary.h"
#include "mcmc/targets2d.h"

#include <QtTest>

#include <cmath>
#include <numbers>
#include <thread>

using namespace mlwb;
using namespace mlwb::mcmc;

using Values = QList<double>;

namespace {

// A stationary AR(1) series with unit variance, chains as rows.
ChainMatrix ar1(int chains, int draws, double phi, std::uint64_t seed)
{
    Rng rng(seed);
    ChainMatrix x(chains, draws);
    for (int c = 0; c < chains; ++c) {
        x(c, 0) = rng.normal();
        for (int t = 1; t < draws; ++t)
            x(c, t) = phi * x(c, t - 1) + std::sqrt(1 - phi * phi) * rng.normal();
    }
    return x;
}

// The reference script's chains (mcmc_arviz_reference.py), computed the same way.
ChainMatrix referenceChains(std::uint64_t seed, int chains, int draws, double phi, double shift,
                            const QString& transform)
{
    std::uint64_t state = seed;
    auto uniform = [&state] {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        z ^= z >> 31;
        return double(z >> 11) * 0x1.0p-53;
    };
    ChainMatrix x(chains, draws);
    for (int c = 0; c < chains; ++c) {
        double v = 0;
        for (int t = 0; t < draws; ++t) {
            const double u1 = uniform(), u2 = uniform();
            const double e = std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(2.0 * std::numbers::pi * u2);
            v = t == 0 ? e : phi * v + std::sqrt(1.0 - phi * phi) * e;
            x(c, t) = v;
        }
    }
    x.row(chains - 1).array() += shift;
    if (transform == "sinh")
        x = (2.0 * x.array()).sinh().matrix();
    else if (transform == "round")
        x = x.unaryExpr([](double v) { return std::nearbyint(2.0 * v) / 2.0; });
    return x;
}

bool near(double actual, double expected, double relative)
{
    return std::abs(actual - expected) <= relative * std::max(1.0, std::abs(expected));
}

} // namespace

class McmcDiagnosticsTest : public QObject {
    Q_OBJECT
private slots:
    void autocorrelationMatchesDirectSum();
    void diagnosticsRunConcurrently();
    void essOfAr1MatchesTheory_data();
    void essOfAr1MatchesTheory();
    void diagnosticsMatchArviz_data();
    void diagnosticsMatchArviz();
    void rhatSeparatesConvergedFromStuck();
};

void McmcDiagnosticsTest::autocorrelationMatchesDirectSum()
{
    const ChainMatrix x = ar1(1, 777, 0.8, 17);
    const std::vector<double> rho = autocorrelation({x.data(), 777}, 40);
    QCOMPARE(rho.size(), std::size_t(41));
    const double mean = x.mean();
    auto lagSum = [&](int lag) {
        double s = 0;
        for (int t = 0; t + lag < 777; ++t)
            s += (x(0, t) - mean) * (x(0, t + lag) - mean);
        return s;
    };
    for (int lag = 0; lag <= 40; ++lag)
        QVERIFY2(std::abs(rho[std::size_t(lag)] - lagSum(lag) / lagSum(0)) < 1e-12, qPrintable(QString("lag %1").arg(lag)));
    QCOMPARE(autocorrelation({x.data(), 5}, 100).size(), std::size_t(5));  // lags stop at n − 1
}

// FFTW's planner is not thread-safe; the diagnostics guard it, so threads (a lab's chains'
// workers, say) can compute them at once and get what one thread gets.
void McmcDiagnosticsTest::diagnosticsRunConcurrently()
{
    std::vector<ChainMatrix> inputs;
    for (int k = 0; k < 4; ++k)
        inputs.push_back(ar1(2, 3'000 + 17 * k, 0.7, std::uint64_t(k)));  // different lengths: different plans
    std::vector<double> alone, together(inputs.size());
    for (const ChainMatrix& x : inputs)
        alone.push_back(essBulk(x));
    {
        std::vector<std::jthread> threads;
        for (std::size_t k = 0; k < inputs.size(); ++k)
            threads.emplace_back([&, k] {
                for (int repeat = 0; repeat < 20; ++repeat)
                    together[k] = essBulk(inputs[k]);
            });
    }
    for (std::size_t k = 0; k < inputs.size(); ++k)
        QCOMPARE(together[k], alone[k]);
}

void McmcDiagnosticsTest::essOfAr1MatchesTheory_data()
{
    QTest::addColumn<double>("phi");
    QTest::newRow("independent") << 0.0;
    QTest::newRow("φ = 0.5") << 0.5;
    QTest::newRow("φ = 0.9") << 0.9;
    QTest::newRow("φ = 0.95") << 0.95;
}

// For the mean of a stationary AR(1) series, τ = (1 + φ)/(1 − φ) and ESS = n(1 − φ)/(1 + φ).
void McmcDiagnosticsTest::essOfAr1MatchesTheory()
{
    QFETCH(double, phi);
    const ChainMatrix x = ar1(4, 100'000, phi, 23);
    const double theory = double(x.size()) * (1 - phi) / (1 + phi);
    for (const double ess : {effectiveSampleSize(x), essBulk(x), essMean(x)})
        QVERIFY2(std::abs(ess / theory - 1) < 0.1, qPrintable(QString("ESS %1, theory %2").arg(ess).arg(theory)));
}

// Generated by tests/engine/reference/mcmc_arviz_reference.py (ArviZ 0.15's formulas) with
// NumPy 1.24.2 and SciPy 1.10.1; its printed rows are pasted here unchanged.
void McmcDiagnosticsTest::diagnosticsMatchArviz_data()
{
    QTest::addColumn<int>("seed");
    QTest::addColumn<int>("chains");
    QTest::addColumn<int>("draws");
    QTest::addColumn<double>("phi");
    QTest::addColumn<double>("shift");
    QTest::addColumn<QString>("transform");
    // ess_bulk, ess_tail, rhat_rank, mcse_mean, hdi94 low, hdi94 high, q05, q50, q95
    QTest::addColumn<Values>("expected");
    QTest::newRow("ar1 converged") << 1 << 4 << 400 << 0.6 << 0.0 << "none"
        << Values{473.0272120744348, 719.301923539482, 1.0132227038356387, 0.04553226324100589, -1.7896781622577058, 1.9032938794083958, -1.6608758942913198, -0.007363112057556735, 1.6255135824740543};
    QTest::newRow("last chain shifted") << 2 << 4 << 400 << 0.6 << 1.5 << "none"
        << Values{14.048405610422531, 58.309293282766795, 1.2326068369591103, 0.3441304160601019, -1.824965704164475, 2.7268797702290017, -1.6072581954542187, 0.23158124388917453, 2.4876615430366344};
    QTest::newRow("heavy tails, odd length") << 3 << 3 << 301 << 0.3 << 0.0 << "sinh"
        << Values{453.69099578463005, 543.4005199448035, 0.9990441419238031, 2.8452356992286174, -17.327383291029925, 25.72292791009836, -13.454933854458409, 0.04747453457668124, 11.585725581472733};
    QTest::newRow("ties") << 4 << 2 << 100 << 0.5 << 0.0 << "round"
        << Values{61.001223309942226, 82.98309726826126, 1.0223461463590753, 0.1333003409862774, -1.5, 2.0, -1.5, -0.0, 2.0};
    QTest::newRow("strongly autocorrelated") << 5 << 4 << 500 << 0.95 << 0.0 << "none"
        << Values{52.466712445151096, 68.07168326720934, 1.0608223656775095, 0.14451336541925247, -1.9609458677115967, 1.8725459747457731, -1.6336351601037231, 0.0019240841774705586, 1.665023709585454};
}

void McmcDiagnosticsTest::diagnosticsMatchArviz()
{
    QFETCH(int, seed);
    QFETCH(int, chains);
    QFETCH(int, draws);
    QFETCH(double, phi);
    QFETCH(double, shift);
    QFETCH(QString, transform);
    QFETCH(Values, expected);
    const ChainMatrix x = referenceChains(std::uint64_t(seed), chains, draws, phi, shift, transform);
    const ParameterSummary s = summarize(x, {.quantiles = {0.05, 0.5, 0.95}, .hdiProb = 0.94});
    const double actual[] = {s.essBulk, s.essTail, s.rhat, s.mcseMean, s.hdi.low, s.hdi.high,
                             s.quantiles[0], s.quantiles[1], s.quantiles[2]};
    const char* names[] = {"ess_bulk", "ess_tail", "rhat", "mcse_mean", "hdi low", "hdi high", "q05", "q50", "q95"};
    for (int i = 0; i < 9; ++i)
        QVERIFY2(near(actual[i], expected[i], 1e-9),
                 qPrintable(QString("%1: %2, ArviZ %3").arg(names[i]).arg(actual[i], 0, 'g', 17).arg(expected[i], 0, 'g', 17)));
}

// Converged chains from dispersed starts: R̂ < 1.01. Chains started in the two far modes of
// a mixture that a small random walk never crosses: R̂ > 1.1, and ESS is tiny.
void McmcDiagnosticsTest::rhatSeparatesConvergedFromStuck()
{
    const CorrelatedGaussian gaussian(0.5);
    const RunResult good = sample(gaussian, {.scale = 1.2},
                                  {.chains = 4, .draws = 20'000, .burnIn = 1'000,
                                   .starts = {{-3, -3}, {3, 3}, {-3, 3}, {3, -3}}});
    for (int i = 0; i < 2; ++i)
        QVERIFY2(rhatRank(parameterDraws(good, i)) < 1.01, qPrintable(QString::number(rhatRank(parameterDraws(good, i)))));

    const BimodalMixture modes({.separation = 10, .sd = 1});
    const RunResult stuck = sample(modes, {.scale = 0.5},
                                   {.chains = 4, .draws = 20'000, .starts = {{-5, 0}, {5, 0}, {-5, 0}, {5, 0}}});
    const ChainMatrix x = parameterDraws(stuck, 0);
    QVERIFY2(rhatRank(x) > 1.1, qPrintable(QString::number(rhatRank(x))));
    QVERIFY(essBulk(x) < 100);
}

QTEST_APPLESS_MAIN(McmcDiagnosticsTest)
#include "tst_mcmc_diagnostics.moc"
