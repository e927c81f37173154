// The MCMC engine: targets, samplers and parallel runs, against closed forms (Gaussian
// moments, acceptance rates, conjugate posteriors, 1-D quadrature) and brute-force loops.
// The diagnostics against theory and ArviZ: tst_mcmc_diagnostics.
#include "../stop_budget.h"
#include "bench/mcmc_workloads.h"
#include "core/input_error.h"
#include "data/numeric_table.h"
#include "mcmc/autocorrelation.h"
#include "mcmc/diagnostics.h"
#include "mcmc/gaussian.h"
#include "mcmc/regression.h"
#include "mcmc/rng.h"
#include "mcmc/run.h"
#include "mcmc/summary.h"
#include "mcmc/targets2d.h"

#include <Eigen/Cholesky>
#include <Eigen/LU>
#include <Eigen/QR>
#include <QtTest>

#include <chrono>
#include <fstream>
#include <memory>
#include <numbers>
#include <sstream>
#include <thread>

using namespace mlwb;
using namespace mlwb::mcmc;

using Values = QList<double>;

namespace {

std::unique_ptr<Target> makeTarget(const QString& kind)
{
    if (kind == "gaussian")
        return std::make_unique<CorrelatedGaussian>(0.9);
    if (kind == "banana")
        return std::make_unique<Banana>(Banana::Options{});
    if (kind == "bimodal")
        return std::make_unique<BimodalMixture>(BimodalMixture::Options{});
    if (kind == "donut")
        return std::make_unique<Donut>(Donut::Options{});
    if (kind == "funnel")
        return std::make_unique<NealsFunnel>();
    if (kind == "gaussian5")
        return std::make_unique<Gaussian>(Gaussian::standard(5));
    Eigen::Matrix3d cov;
    cov << 2, 0.5, -0.3, 0.5, 1, 0.2, -0.3, 0.2, 0.7;
    return std::make_unique<Gaussian>(Eigen::Vector3d(1, -2, 0.5), cov);
}

Method methodOf(const QString& name)
{
    return name == "adaptive" ? Method::Adaptive : name == "mala" ? Method::Mala : Method::RandomWalk;
}

// n × p standard normal features, y = Xβ + noise, from our generator.
std::pair<Eigen::MatrixXd, Eigen::VectorXd> regressionData(int n, int p, double noise, std::uint64_t seed)
{
    Rng rng(seed);
    Eigen::MatrixXd x(n, p);
    for (double& v : x.reshaped())
        v = rng.normal();
    Eigen::VectorXd beta = Eigen::VectorXd::LinSpaced(p, -1, 2);
    Eigen::VectorXd y = x * beta;
    for (double& v : y)
        v += noise * rng.normal();
    return {x, y};
}

// The diabetes data as the lab's default model uses it: ten standardized features and the
// standardized target, no intercept.
std::pair<Eigen::MatrixXd, Eigen::VectorXd> diabetes()
{
    std::ifstream in(std::string(MLWB_DATASETS) + "/diabetes.csv", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const data::NumericTable table = data::parseNumericCsv(text.str(), "diabetes.csv");
    const int target = table.column("progression");
    Eigen::MatrixXd features(table.values.rows(), table.values.cols() - 1);
    for (Eigen::Index c = 0, j = 0; c < table.values.cols(); ++c)
        if (c != target)
            features.col(j++) = table.values.col(c);
    return {standardizeColumns(features), standardizeColumns(table.values.col(target)).col(0)};
}

// A target whose log density is one constant and which has no gradient.
class ConstantTarget final : public Target {
public:
    explicit ConstantTarget(double value) : value_(value) {}
    std::string name() const override { return "constant target"; }
    int dimension() const override { return 2; }
    std::vector<std::string> parameterNames() const override { return {"a", "b"}; }
    double logDensity(std::span<const double>) const override { return value_; }

private:
    double value_;
};

bool near(double actual, double expected, double relative)
{
    return std::abs(actual - expected) <= relative * std::max(1.0, std::abs(expected));
}

} // namespace

class McmcTest : public QObject {
    Q_OBJECT
private slots:
    void normalGeneratorMatchesPhi_data();
    void normalGeneratorMatchesPhi();
    void gradientsMatchFiniteDifferences_data();
    void gradientsMatchFiniteDifferences();
    void densityGridEvaluatesTarget();
    void momentsWithinFourMcse_data();
    void momentsWithinFourMcse();
    void acceptanceRateMatchesClosedForm_data();
    void acceptanceRateMatchesClosedForm();
    void stepMatchesBlockPath_data();
    void stepMatchesBlockPath();
    void burnInAndThinning();
    void sufficientStatisticsGiveTheDirectDensity();
    void exactPosteriorTendsToLeastSquares();
    void regressionMeansWithinFourMcse();
    void unknownNoiseMatchesQuadrature();
    void sameSeedSameSamplesOnOneAndTwoThreads();
    void blocksStreamAndCallbackStops();
    void stopEndsFourChainRunQuickly();
    void badInputIsRejected_data();
    void badInputIsRejected();
    void benchWorkloadsComputeForReal();
};

void McmcTest::normalGeneratorMatchesPhi_data()
{
    QTest::addColumn<double>("z");
    QTest::newRow("deep left tail (beyond the ziggurat's base)") << -3.9;
    QTest::newRow("left tail") << -2.0;
    QTest::newRow("left shoulder") << -0.7;
    QTest::newRow("centre") << 0.0;
    QTest::newRow("right shoulder") << 1.1;
    QTest::newRow("right tail (beyond the base)") << 3.7;
}

// The empirical CDF of 4·10⁶ normals against Φ, within 5 binomial standard errors.
void McmcTest::normalGeneratorMatchesPhi()
{
    QFETCH(double, z);
    Rng rng(2024);
    const int n = 4'000'000;
    int below = 0;
    for (int i = 0; i < n; ++i)
        below += rng.normal() < z;
    const double phi = 0.5 * std::erfc(-z / std::numbers::sqrt2);
    const double se = std::sqrt(phi * (1 - phi) / n);
    QVERIFY2(std::abs(double(below) / n - phi) < 5 * se,
             qPrintable(QString("P(Z < %1): %2 drawn, Φ = %3").arg(z).arg(double(below) / n).arg(phi)));
}

void McmcTest::gradientsMatchFiniteDifferences_data()
{
    QTest::addColumn<QString>("kind");
    for (const char* kind : {"gaussian", "banana", "bimodal", "donut", "funnel", "gaussian3", "regression",
                             "regression, unknown noise"})
        QTest::newRow(kind) << QString(kind);
}

void McmcTest::gradientsMatchFiniteDifferences()
{
    QFETCH(QString, kind);
    std::unique_ptr<Target> target;
    if (kind.startsWith("regression")) {
        const auto [x, y] = regressionData(40, 3, 0.5, 9);
        target = std::make_unique<BayesianLinearRegression>(
            sufficientStatistics(x, y), RegressionPrior{.priorSd = 2, .unknownNoise = kind.contains("unknown")});
    } else {
        target = makeTarget(kind);
    }
    const int d = target->dimension();
    Rng rng(5);
    for (int trial = 0; trial < 10; ++trial) {
        std::vector<double> p(static_cast<std::size_t>(d)), g(static_cast<std::size_t>(d));
        for (double& v : p)
            v = 1.5 * rng.normal();
        const double lp = target->logDensityGradient(p, g);
        QCOMPARE(lp, target->logDensity(p));
        for (int i = 0; i < d; ++i) {
            const double h = 1e-6;
            std::vector<double> up = p, down = p;
            up[std::size_t(i)] += h;
            down[std::size_t(i)] -= h;
            const double numeric = (target->logDensity(up) - target->logDensity(down)) / (2 * h);
            QVERIFY2(std::abs(numeric - g[std::size_t(i)]) < 1e-5 * std::max(1.0, std::abs(numeric)),
                     qPrintable(QString("parameter %1: analytic %2, numeric %3").arg(i).arg(g[std::size_t(i)]).arg(numeric)));
        }
    }
}

void McmcTest::densityGridEvaluatesTarget()
{
    const Banana banana({});
    const Grid2D grid{.xMin = -4, .xMax = 6, .yMin = -2, .yMax = 3, .nx = 11, .ny = 6};
    const Eigen::MatrixXd values = logDensityGrid(banana, grid);
    QCOMPARE(values.rows(), 6);
    QCOMPARE(values.cols(), 11);
    const double corner[2] = {6, 3}, inside[2] = {-1, 0};
    QCOMPARE(values(5, 10), banana.logDensity(corner));
    QCOMPARE(values(2, 3), banana.logDensity(inside));
    QVERIFY_THROWS_EXCEPTION(InputError, logDensityGrid(Gaussian::standard(3), grid));
}

void McmcTest::momentsWithinFourMcse_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("method");
    QTest::addColumn<double>("scale");
    QTest::newRow("Gaussian ρ = 0.9, random walk") << "gaussian" << "random walk" << 0.5;
    QTest::newRow("Gaussian ρ = 0.9, adaptive") << "gaussian" << "adaptive" << 0.5;
    QTest::newRow("Gaussian ρ = 0.9, MALA") << "gaussian" << "mala" << 0.35;
    QTest::newRow("Gaussian 3-D, MALA") << "gaussian3" << "mala" << 0.6;
    QTest::newRow("banana, adaptive") << "banana" << "adaptive" << 1.0;
    QTest::newRow("bimodal, random walk") << "bimodal" << "random walk" << 2.5;
    QTest::newRow("donut, random walk") << "donut" << "random walk" << 0.6;
}

// Each mean, and each covariance as the mean of (xᵢ − μᵢ)(xⱼ − μⱼ) with the exact μ, within
// 4 Monte Carlo standard errors of the exact value.
void McmcTest::momentsWithinFourMcse()
{
    QFETCH(QString, kind);
    QFETCH(QString, method);
    QFETCH(double, scale);
    const std::unique_ptr<Target> target = makeTarget(kind);
    const Moments exact = *target->exactMoments();
    const RunResult run = sample(*target, {.method = methodOf(method), .scale = scale},
                                 {.chains = 4, .draws = 40'000, .burnIn = 2'000, .seed = 31});
    const int d = target->dimension();
    std::vector<ChainMatrix> draws;
    for (int i = 0; i < d; ++i)
        draws.push_back(parameterDraws(run, i));
    auto check = [](const ChainMatrix& series, double truth, const QString& what) {
        const double mean = series.mean(), mcse = mcseMean(series);
        QVERIFY2(std::abs(mean - truth) < 4 * mcse,
                 qPrintable(QString("%1: %2, exact %3, MCSE %4").arg(what).arg(mean).arg(truth).arg(mcse)));
    };
    for (int i = 0; i < d; ++i) {
        check(draws[std::size_t(i)], exact.mean[i], QString("mean %1").arg(i));
        for (int j = 0; j <= i; ++j) {
            const ChainMatrix products = ((draws[std::size_t(i)].array() - exact.mean[i]) *
                                          (draws[std::size_t(j)].array() - exact.mean[j])).matrix();
            check(products, exact.covariance(i, j), QString("covariance %1,%2").arg(i).arg(j));
        }
    }
}

void McmcTest::acceptanceRateMatchesClosedForm_data()
{
    QTest::addColumn<double>("sigma");
    QTest::newRow("small steps") << 0.5;
    QTest::newRow("unit steps") << 1.0;
    QTest::newRow("optimal, 2.4") << 2.4;
    QTest::newRow("large steps") << 6.0;
}

// Random-walk MH with proposal N(x, σ²) on a standard normal, at stationarity: with x ~ N(0, 1)
// and y = x + σz, the acceptance rate is E[min(1, φ(y)/φ(x))] = 2·P(|y| < |x|) (the two
// orders of a symmetric pair share min(π(x), π(y))). |y| < |x| ⟺ (y − x)(y + x) < 0, a
// bivariate normal pair with correlation σ/√(4 + σ²), so P = ½ − arcsin(σ/√(4 + σ²))/π =
// ½ − arctan(σ/2)/π, and the rate is (2/π)·arctan(2/σ): 0.44 at σ = 2.4, the 1-D optimum of
// Gelman, Roberts & Gilks (1996). Both the accept indicators and the reported acceptance
// probabilities average to it within 4 MCSE.
void McmcTest::acceptanceRateMatchesClosedForm()
{
    QFETCH(double, sigma);
    const Gaussian normal = Gaussian::standard(1);
    const int chains = 4, steps = 40'000;
    ChainMatrix accepted(chains, steps), probability(chains, steps);
    for (int c = 0; c < chains; ++c) {
        const double start[1] = {Rng(7).stream(std::uint64_t(c)).normal()};  // a stationary start
        ChainSampler sampler(normal, {.scale = sigma}, start, 99, std::uint64_t(c));
        for (int t = 0; t < steps; ++t) {
            const StepRecord r = sampler.step();
            accepted(c, t) = r.accepted;
            probability(c, t) = r.acceptProbability;
        }
    }
    const double exact = 2 / std::numbers::pi * std::atan(2 / sigma);
    for (const ChainMatrix* series : {&accepted, &probability}) {
        const double mean = series->mean(), mcse = mcseMean(*series);
        QVERIFY2(std::abs(mean - exact) < 4 * mcse,
                 qPrintable(QString("rate %1, exact %2, MCSE %3").arg(mean).arg(exact).arg(mcse)));
    }
}

void McmcTest::stepMatchesBlockPath_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("method");
    QTest::newRow("2-D Gaussian, random walk") << "gaussian" << "random walk";
    QTest::newRow("banana, adaptive") << "banana" << "adaptive";
    QTest::newRow("3-D Gaussian, MALA") << "gaussian3" << "mala";
    QTest::newRow("a target of no known type") << "constant" << "random walk";
}

// step() and draw() are one chain: the same seed gives the same states either way, and each
// record shows the move it made.
void McmcTest::stepMatchesBlockPath()
{
    QFETCH(QString, kind);
    QFETCH(QString, method);
    const std::unique_ptr<Target> target =
        kind == "constant" ? std::make_unique<ConstantTarget>(0.0) : makeTarget(kind);
    const SamplerOptions options{.method = methodOf(method), .scale = 0.4, .adaptStart = 50};
    const std::vector<double> start(std::size_t(target->dimension()), 0.2);
    ChainSampler stepped(*target, options, start, 3, 1), drawn(*target, options, start, 3, 1);
    const int steps = 600;
    std::vector<double> block(std::size_t(steps * target->dimension()));
    QCOMPARE(drawn.draw(std::size_t(steps), 1, block), std::size_t(steps));
    for (int t = 0; t < steps; ++t) {
        const std::vector<double> before(stepped.position().begin(), stepped.position().end());
        const StepRecord r = stepped.step();
        QCOMPARE(r.from, before);
        const std::vector<double> after(stepped.position().begin(), stepped.position().end());
        QCOMPARE(after, r.accepted ? r.proposal : r.from);
        QVERIFY(r.acceptProbability >= 0 && r.acceptProbability <= 1);
        for (std::size_t i = 0; i < after.size(); ++i)
            QCOMPARE(after[i], block[std::size_t(t) * after.size() + i]);
    }
    QCOMPARE(stepped.accepted(), drawn.accepted());
    QCOMPARE(stepped.proposals(), std::size_t(steps));
}

// Burn-in b and thinning k keep states b + k, b + 2k, … of the unthinned chain.
void McmcTest::burnInAndThinning()
{
    const CorrelatedGaussian target(0.5);
    const RunResult thinned = sample(target, {.scale = 0.8}, {.chains = 2, .draws = 500, .burnIn = 300, .thin = 7});
    const RunResult full = sample(target, {.scale = 0.8}, {.chains = 2, .draws = 300 + 7 * 500});
    for (int c = 0; c < 2; ++c) {
        const auto& t = thinned.chains[std::size_t(c)].draws;
        const auto& f = full.chains[std::size_t(c)].draws;
        for (std::size_t i = 0; i < 500; ++i)
            for (std::size_t k = 0; k < 2; ++k)
                QCOMPARE(t[2 * i + k], f[2 * (300 + 7 * (i + 1) - 1) + k]);
        QCOMPARE(thinned.chains[std::size_t(c)].proposals, std::size_t(7 * 500));  // burn-in not counted
    }
}

// The O(p²) density from XᵀX, Xᵀy, yᵀy differs from the direct O(np) one by a constant.
void McmcTest::sufficientStatisticsGiveTheDirectDensity()
{
    const auto [x, y] = regressionData(200, 4, 0.7, 3);
    const double tau = 1.7, sigma = 0.7;
    const BayesianLinearRegression target(sufficientStatistics(x, y), {.priorSd = tau, .noiseSd = sigma});
    auto direct = [&](const Eigen::VectorXd& b) {
        return -(y - x * b).squaredNorm() / (2 * sigma * sigma) - b.squaredNorm() / (2 * tau * tau);
    };
    Rng rng(8);
    const Eigen::VectorXd b0 = Eigen::VectorXd::Zero(4);
    for (int trial = 0; trial < 5; ++trial) {
        Eigen::VectorXd b(4);
        for (double& v : b)
            v = rng.normal();
        const double viaStats = target.logDensity({b.data(), 4}) - target.logDensity({b0.data(), 4});
        QVERIFY(near(viaStats, direct(b) - direct(b0), 1e-10));
    }
}

void McmcTest::exactPosteriorTendsToLeastSquares()
{
    const auto [x, y] = diabetes();
    QCOMPARE(x.cols(), 10);
    const Eigen::VectorXd ols = x.colPivHouseholderQr().solve(y);
    const ExactPosterior flat = exactPosterior(sufficientStatistics(x, y), 1e6, 1.0);
    QVERIFY2((flat.mean - ols).cwiseAbs().maxCoeff() < 1e-8, qPrintable(QString::number((flat.mean - ols).cwiseAbs().maxCoeff())));
    // With σ known the covariance is σ²(XᵀX)⁻¹ in that limit.
    const Eigen::MatrixXd ols_cov = (x.transpose() * x).inverse();
    QVERIFY((flat.covariance - ols_cov).cwiseAbs().maxCoeff() < 1e-8);
    // A tight prior pulls the mean towards 0.
    QVERIFY(exactPosterior(sufficientStatistics(x, y), 0.01, 1.0).mean.norm() < 0.2 * ols.norm());
}

// The lab's default model: diabetes, τ = 10, σ = 1. Adaptive Metropolis, which learns the
// strongly correlated posterior by itself.
void McmcTest::regressionMeansWithinFourMcse()
{
    const auto [x, y] = diabetes();
    const BayesianLinearRegression target(sufficientStatistics(x, y), {});
    const ExactPosterior exact = exactPosterior(target.statistics(), 10, 1);
    const RunResult run = sample(target, {.method = Method::Adaptive, .scale = 0.05, .adaptStart = 1'000},
                                 {.chains = 4, .draws = 30'000, .burnIn = 5'000, .seed = 5});
    for (int j = 0; j < 10; ++j) {
        const ChainMatrix b = parameterDraws(run, j);
        const double mean = b.mean(), mcse = mcseMean(b);
        QVERIFY2(std::abs(mean - exact.mean[j]) < 4 * mcse,
                 qPrintable(QString("beta%1: %2, exact %3, MCSE %4").arg(j + 1).arg(mean).arg(exact.mean[j]).arg(mcse)));
    }
}

// Unknown σ, σ² ~ InvGamma(a, b) independent of β ~ N(0, τ²I). Given σ the posterior of β is
// the conjugate one, and σ's marginal posterior is the prior times N(y | 0, σ²I + τ²XXᵀ),
// which Woodbury's identity and the determinant lemma write with M = XᵀX + (σ²/τ²)I:
//   log N = −(yᵀy − yᵀX M⁻¹Xᵀy)/(2σ²) − (n − p)·log σ − p·log τ − ½·log|M| + const,
// E[β | σ] = M⁻¹Xᵀy. Integrating over s = log σ on a fine grid gives the exact means.
void McmcTest::unknownNoiseMatchesQuadrature()
{
    const auto [x, y] = diabetes();
    const double tau = 10, a = 2, b = 1;
    const RegressionPrior prior{.priorSd = tau, .unknownNoise = true, .noiseShape = a, .noiseScale = b};
    const BayesianLinearRegression target(sufficientStatistics(x, y), prior);
    QCOMPARE(target.dimension(), 11);
    QCOMPARE(target.parameterNames().back(), std::string("log_sigma"));

    const Eigen::MatrixXd xtx = x.transpose() * x;
    const Eigen::VectorXd xty = x.transpose() * y;
    const double n = double(x.rows()), p = 10;
    const int points = 4001;
    std::vector<double> logWeight(points);
    std::vector<Eigen::VectorXd> betaMean(points);
    std::vector<double> s(points);
    for (int k = 0; k < points; ++k) {
        s[std::size_t(k)] = -1.5 + 1.5 * k / (points - 1);  // log σ from −1.5 to 0: the posterior sits near −0.37
        const double var = std::exp(2 * s[std::size_t(k)]);
        const Eigen::LDLT<Eigen::MatrixXd> m(xtx + var / (tau * tau) * Eigen::MatrixXd::Identity(10, 10));
        betaMean[std::size_t(k)] = m.solve(xty);
        const double logDetM = m.vectorD().array().log().sum();
        const double logPrior = -2 * a * s[std::size_t(k)] - b / var;  // σ² ~ InvGamma(a, b) in s, Jacobian included
        logWeight[std::size_t(k)] = logPrior - (y.squaredNorm() - xty.dot(betaMean[std::size_t(k)])) / (2 * var) -
                                    (n - p) * s[std::size_t(k)] - 0.5 * logDetM;
    }
    const double top = *std::max_element(logWeight.begin(), logWeight.end());
    double total = 0, meanS = 0;
    Eigen::VectorXd meanBeta = Eigen::VectorXd::Zero(10);
    for (int k = 0; k < points; ++k) {
        const double w = std::exp(logWeight[std::size_t(k)] - top) * (k == 0 || k == points - 1 ? 0.5 : 1.0);
        total += w;
        meanS += w * s[std::size_t(k)];
        meanBeta += w * betaMean[std::size_t(k)];
    }
    meanS /= total;
    meanBeta /= total;

    const RunResult run = sample(target, {.method = Method::Adaptive, .scale = 0.05, .adaptStart = 1'000},
                                 {.chains = 4, .draws = 30'000, .burnIn = 5'000, .seed = 6});
    for (int j = 0; j < 11; ++j) {
        const ChainMatrix draws = parameterDraws(run, j);
        const double exact = j < 10 ? meanBeta[j] : meanS;
        const double mean = draws.mean(), mcse = mcseMean(draws);
        QVERIFY2(std::abs(mean - exact) < 4 * mcse,
                 qPrintable(QString("parameter %1: %2, quadrature %3, MCSE %4").arg(j).arg(mean).arg(exact).arg(mcse)));
    }
}

// Chain c draws from stream c of the seed, whichever thread runs it and however the draws
// are cut into blocks.
void McmcTest::sameSeedSameSamplesOnOneAndTwoThreads()
{
    const Banana target({});
    const SamplerOptions sampler{.method = Method::Adaptive, .scale = 0.8, .adaptStart = 100};
    const RunOptions base{.chains = 4, .draws = 5'000, .burnIn = 700, .thin = 2, .seed = 77};
    RunOptions oneThread = base, twoThreads = base, otherBlocks = base;
    oneThread.threads = 1;
    twoThreads.threads = 2;
    otherBlocks.threads = 3;
    otherBlocks.blockDraws = 333;
    const RunResult a = sample(target, sampler, oneThread);
    const RunResult b = sample(target, sampler, twoThreads);
    const RunResult c = sample(target, sampler, otherBlocks);
    for (int k = 0; k < 4; ++k) {
        QVERIFY(a.chains[std::size_t(k)].draws == b.chains[std::size_t(k)].draws);
        QVERIFY(a.chains[std::size_t(k)].draws == c.chains[std::size_t(k)].draws);
        QCOMPARE(a.chains[std::size_t(k)].accepted, b.chains[std::size_t(k)].accepted);
    }
    QVERIFY(a.chains[0].draws != a.chains[1].draws);  // and the streams differ
}

void McmcTest::blocksStreamAndCallbackStops()
{
    const CorrelatedGaussian target(0.3);
    std::vector<std::vector<double>> streamed(3);
    std::vector<std::size_t> lastAccepted(3, 0);
    bool ordered = true;
    const RunResult run = sample(target, {.scale = 1}, {.chains = 3, .draws = 10'000, .blockDraws = 1'000},
                                 [&](int chain, const SampleBlock& block) {
                                     auto& mine = streamed[std::size_t(chain)];
                                     ordered = ordered && block.firstDraw * 2 == mine.size() &&
                                               block.values.size() == block.draws * 2 &&
                                               block.accepted >= lastAccepted[std::size_t(chain)];
                                     lastAccepted[std::size_t(chain)] = block.accepted;
                                     mine.insert(mine.end(), block.values.begin(), block.values.end());
                                     return false;
                                 });
    QVERIFY(ordered);
    QVERIFY(!run.stopped);
    for (int c = 0; c < 3; ++c) {
        const auto& stored = run.chains[std::size_t(c)].draws;
        QVERIFY(std::equal(stored.begin(), stored.end(), streamed[std::size_t(c)].begin(), streamed[std::size_t(c)].end()));
        QCOMPARE(lastAccepted[std::size_t(c)], run.chains[std::size_t(c)].accepted);
    }

    // Two chains per thread: no block reaches the callback, or the result, after the one that
    // said stop, from this thread or the other.
    int blocks = 0;
    std::vector<std::size_t> sent(4, 0);
    const RunResult stopped = sample(target, {.scale = 1},
                                     {.chains = 4, .draws = 100'000, .threads = 2, .blockDraws = 1'000},
                                     [&](int chain, const SampleBlock& block) {
                                         sent[std::size_t(chain)] += block.draws;
                                         return ++blocks == 5;
                                     });
    QVERIFY(stopped.stopped);
    QCOMPARE(blocks, 5);
    for (int c = 0; c < 4; ++c)
        QCOMPARE(stopped.chains[std::size_t(c)].drawn, sent[std::size_t(c)]);

    const RunResult streamedOnly = sample(target, {.scale = 1}, {.chains = 2, .draws = 3'000, .storeDraws = false},
                                          [](int, const SampleBlock&) { return false; });
    QVERIFY(streamedOnly.chains[0].draws.empty());
    QCOMPARE(streamedOnly.chains[0].drawn, std::size_t(3'000));
}

void McmcTest::stopEndsFourChainRunQuickly()
{
    const auto [x, y] = regressionData(100, 8, 1, 4);
    const BayesianLinearRegression target(sufficientStatistics(x, y), {});
    std::stop_source source;
    std::chrono::steady_clock::time_point asked;
    std::jthread stopper([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        asked = std::chrono::steady_clock::now();
        source.request_stop();
    });
    const RunResult run = sample(target, {.method = Method::Adaptive, .scale = 0.1},
                                 {.chains = 4, .draws = 1'000'000'000, .thin = 10, .storeDraws = false}, {},
                                 source.get_token());
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - asked).count();
    QVERIFY(run.stopped);
    QVERIFY2(ms < kStopBudgetMs, qPrintable(QString("stopped %1 ms after the request").arg(ms)));
}

void McmcTest::badInputIsRejected_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("message");
    QTest::newRow("NaN at the start") << "nan start" << "log density is NaN at the start point (0, 0)";
    QTest::newRow("+∞ at the start") << "inf start" << "is +infinity at the start point";
    QTest::newRow("−∞ at the start") << "-inf start" << "lies outside the constant target's support";
    QTest::newRow("zero scale") << "scale 0" << "proposal scale must be a positive number, got 0";
    QTest::newRow("negative scale") << "scale -1" << "proposal scale must be a positive number, got -1";
    QTest::newRow("NaN scale") << "scale nan" << "proposal scale must be a positive number, got nan";
    QTest::newRow("zero chains") << "chains 0" << "at least one chain, got 0";
    QTest::newRow("too many chains") << "chains 65" << "65 chains are more than the 64";
    QTest::newRow("more than memory") << "draws 1e12" << "more than half of this machine's";
    QTest::newRow("covariance not positive definite") << "bad covariance" << "positive definite";
    QTest::newRow("covariance of the wrong size") << "3x3 covariance" << "is 3 × 3 but the correlated Gaussian has 2";
    QTest::newRow("MALA without a gradient") << "mala" << "MALA needs the gradient";
    QTest::newRow("start of the wrong size") << "short start" << "start point has 1 values";
    QTest::newRow("thin 0") << "thin 0" << "needs n ≥ 1, got 0";
    QTest::newRow("correlation 1") << "rho 1" << "strictly between -1 and 1, got 1";
}

void McmcTest::badInputIsRejected()
{
    QFETCH(QString, input);
    QFETCH(QString, message);
    const CorrelatedGaussian gaussian(0.5);
    SamplerOptions sampler{.scale = 1};
    RunOptions run{.chains = 2, .draws = 100};
    const Target* target = &gaussian;
    std::unique_ptr<Target> constant;
    if (input.endsWith("start")) {
        const double v = input.startsWith("nan") ? NAN : input.startsWith("inf") ? INFINITY : -INFINITY;
        constant = std::make_unique<ConstantTarget>(v);
        target = constant.get();
    }
    if (input.startsWith("scale"))
        sampler.scale = input.endsWith("nan") ? NAN : input.section(' ', 1).toDouble();
    if (input.startsWith("chains"))
        run.chains = input.section(' ', 1).toInt();
    if (input == "draws 1e12")
        run.draws = 1'000'000'000'000;
    if (input == "bad covariance")
        sampler.proposalCovariance = (Eigen::Matrix2d() << 1, 2, 2, 1).finished();
    if (input == "3x3 covariance")
        sampler.proposalCovariance = Eigen::Matrix3d::Identity();
    if (input == "mala") {
        constant = std::make_unique<ConstantTarget>(0.0);
        target = constant.get();
        sampler.method = Method::Mala;
    }
    if (input == "short start")
        run.starts = {{1.0}};
    if (input == "thin 0")
        run.thin = 0;
    try {
        if (input == "rho 1")
            CorrelatedGaussian(1.0);
        else
            sample(*target, sampler, run);
        QFAIL("no error");
    } catch (const InputError& e) {
        QVERIFY2(QString(e.what()).contains(message), e.what());
    }
}

// Small instances of the bench rows do the work they claim: nothing to verify before a run,
// draws that match the acceptances after.
void McmcTest::benchWorkloadsComputeForReal()
{
    for (const bench::Workload& w : {bench::mcmcGauss2dWorkload(1, 20'000), bench::mcmcGauss2dWorkload(4, 5'000),
                                     bench::mcmcRegressionWorkload(20'000, 300, 5)}) {
        bench::PreparedWorkload prepared = w.prepare();
        QVERIFY2(!prepared.verify(), w.name.c_str());
        prepared.run();
        QVERIFY2(prepared.verify(), w.name.c_str());
        QCOMPARE(prepared.rateUnit, std::string("M samples/s"));
        const double rate = prepared.details().front().value;
        QVERIFY2(rate > 0.2 && rate < 0.9, qPrintable(QString("%1: acceptance %2").arg(w.name.c_str()).arg(rate)));
    }
    QCOMPARE(bench::mcmcGauss2dWorkload(1, 10).name, std::string("W7_mcmc_gauss2d.1chain"));
    QCOMPARE(bench::mcmcGauss2dWorkload(4, 10).name, std::string("W7_mcmc_gauss2d.4chains"));
    QCOMPARE(bench::mcmcRegressionWorkload(10).name, std::string("W7_mcmc_blr"));
}

QTEST_APPLESS_MAIN(McmcTest)
#include "tst_mcmc.moc"
