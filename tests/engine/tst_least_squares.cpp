#include "core/input_error.h"
#include "optim/least_squares.h"

#include <Eigen/Cholesky>
#include <QtTest>
#include <cmath>
#include <fstream>
#include <numeric>
#include <random>
#include <sstream>

using namespace mlwb::optim;

namespace {

struct Data {
    Eigen::MatrixXd x;
    Eigen::VectorXd y;
};

// y = Xw* + noise, X with an intercept column, from a fixed seed.
Data randomData(int samples, int features, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    Eigen::MatrixXd x(samples, features + 1);
    x.col(0).setOnes();
    for (Eigen::Index j = 1; j <= features; ++j)
        for (Eigen::Index i = 0; i < samples; ++i)
            x(i, j) = normal(rng);
    Eigen::VectorXd truth(features + 1);
    for (auto& w : truth)
        w = normal(rng);
    Eigen::VectorXd y = x * truth;
    for (auto& v : y)
        v += 0.1 * normal(rng);
    return {x, y};
}

LeastSquares randomProblem(int samples, int features, std::uint64_t seed)
{
    Data d = randomData(samples, features, seed);
    return LeastSquares(std::move(d.x), std::move(d.y));
}

// XᵀX/n recovered from the objective alone: ∇f(eⱼ) − ∇f(0) = XᵀX eⱼ / n.
Eigen::MatrixXd scaledGram(const LeastSquares& f)
{
    const Eigen::Index d = f.dimension();
    const Vec g0 = f.gradient(Vec::Zero(d));
    Eigen::MatrixXd gram(d, d);
    for (Eigen::Index j = 0; j < d; ++j)
        gram.col(j) = f.gradient(Vec::Unit(d, j)) - g0;
    return gram;
}

// Central differences, accurate to O(h²).
Vec numericGradient(const Objective& f, const Vec& w)
{
    const double h = 1e-6;
    Vec g(w.size());
    for (Eigen::Index i = 0; i < w.size(); ++i) {
        Vec plus = w, minus = w;
        plus[i] += h;
        minus[i] -= h;
        g[i] = (f.value(plus) - f.value(minus)) / (2 * h);
    }
    return g;
}

mlwb::data::NumericTable readDiabetes()
{
    const std::string path = std::string(MLWB_DATASETS) + "/diabetes.csv";
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return mlwb::data::parseNumericCsv(text.str(), "diabetes.csv");
}

} // namespace

class LeastSquaresTest : public QObject {
    Q_OBJECT

private slots:
    void gradientMatchesFiniteDifferences_data();
    void gradientMatchesFiniteDifferences();
    void closedFormMatchesNormalEquations_data();
    void closedFormMatchesNormalEquations();
    void gradientDescentConvergesToClosedForm();
    void fullBatchEqualsGradientDescent();
    void seedDeterminesShuffle();
    void batchGradientOfAllRowsIsGradient();
    void epochsAreFractional();
    void divergenceIsReported();
    void diabetesStandardized();
    void diabetesFullBatchReachesOls();
    void unknownTargetNamesColumns();
    void badCsvIsRejected();
    void constantColumnIsRejected();
    void shapeMismatchIsRejected();
};

void LeastSquaresTest::gradientMatchesFiniteDifferences_data()
{
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("features");
    QTest::addColumn<qulonglong>("seed");
    QTest::newRow("tall") << 50 << 3 << 21ull;
    QTest::newRow("wide") << 5 << 8 << 22ull;
    QTest::newRow("one sample") << 1 << 2 << 23ull;
}

// The loss is quadratic, so central differences are exact up to rounding.
void LeastSquaresTest::gradientMatchesFiniteDifferences()
{
    QFETCH(int, samples);
    QFETCH(int, features);
    QFETCH(qulonglong, seed);
    const LeastSquares f = randomProblem(samples, features, seed);
    std::mt19937_64 rng(seed + 100);
    std::normal_distribution<double> normal;
    for (int trial = 0; trial < 20; ++trial) {
        Vec w(f.dimension());
        for (auto& v : w)
            v = 2.0 * normal(rng);
        const Vec numeric = numericGradient(f, w);
        const double error = (f.gradient(w) - numeric).norm() / std::max(1.0, numeric.norm());
        QVERIFY2(error < 1e-7, qPrintable(QString("relative error %1").arg(error)));
    }
}

void LeastSquaresTest::closedFormMatchesNormalEquations_data()
{
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("features");
    QTest::addColumn<qulonglong>("seed");
    QTest::newRow("tall") << 200 << 5 << 1ull;
    QTest::newRow("almost square") << 12 << 10 << 2ull;
    QTest::newRow("one feature") << 30 << 1 << 3ull;
}

void LeastSquaresTest::closedFormMatchesNormalEquations()
{
    QFETCH(int, samples);
    QFETCH(int, features);
    QFETCH(qulonglong, seed);
    const Data d = randomData(samples, features, seed);
    const Vec qr = LeastSquares(d.x, d.y).closedFormSolution();
    const Eigen::MatrixXd gram = d.x.transpose() * d.x;
    const Vec reference = gram.ldlt().solve(d.x.transpose() * d.y);
    QVERIFY2((qr - reference).norm() < 1e-9 * reference.norm(),
             qPrintable(QString::number((qr - reference).norm())));
}

void LeastSquaresTest::gradientDescentConvergesToClosedForm()
{
    const LeastSquares f = randomProblem(100, 4, 11);
    Hyperparameters h;
    h.learningRate = 0.5;
    auto opt = makeOptimizer(Method::SGD, h);
    MinimizeOptions options;
    options.maxIterations = 2000;
    const MinimizeResult r = minimize(f, *opt, Vec::Zero(f.dimension()), options);
    QVERIFY(!r.diverged);
    const Vec best = f.closedFormSolution();
    QVERIFY((r.path.back() - best).norm() < 1e-8);
    QVERIFY(f.gradient(best).norm() < 1e-12);
}

void LeastSquaresTest::fullBatchEqualsGradientDescent()
{
    const LeastSquares f = randomProblem(50, 3, 5);
    Hyperparameters h;
    h.learningRate = 0.1;
    auto gd = makeOptimizer(Method::SGD, h);
    MinimizeOptions options;
    options.maxIterations = 30;
    const MinimizeResult full = minimize(f, *gd, Vec::Zero(f.dimension()), options);

    auto sgd = makeOptimizer(Method::SGD, h);
    MiniBatchOptions batch;
    batch.batchSize = f.samples();
    batch.epochs = 30;
    const MiniBatchResult mini = trainMiniBatch(f, *sgd, Vec::Zero(f.dimension()), batch);
    QCOMPARE(mini.loss.size(), full.values.size());
    for (std::size_t k = 0; k < mini.loss.size(); ++k) {
        QVERIFY(std::abs(mini.loss[k] - full.values[k]) <= 1e-12 * full.values[k]);
        QCOMPARE(mini.epochs[k], static_cast<double>(k));
    }
    QVERIFY((mini.weights - full.path.back()).norm() < 1e-12);
}

void LeastSquaresTest::seedDeterminesShuffle()
{
    const LeastSquares f = randomProblem(64, 3, 9);
    const Hyperparameters h = defaultHyperparameters(Method::Momentum);
    const auto train = [&](std::uint64_t seed) {
        auto opt = makeOptimizer(Method::Momentum, h);
        MiniBatchOptions options;
        options.batchSize = 8;
        options.epochs = 3;
        options.seed = seed;
        return trainMiniBatch(f, *opt, Vec::Zero(f.dimension()), options).loss;
    };
    const std::vector<double> first = train(42);
    QCOMPARE(first.size(), std::size_t{1 + 3 * 8});
    QCOMPARE(train(42), first);
    QVERIFY(train(43) != first);
}

void LeastSquaresTest::batchGradientOfAllRowsIsGradient()
{
    const Data d = randomData(40, 3, 4);
    const LeastSquares f(d.x, d.y);
    std::vector<int> rows(40);
    std::iota(rows.begin(), rows.end(), 0);
    const Vec w = Vec::LinSpaced(f.dimension(), -1.0, 2.0);
    QVERIFY((f.batchGradient(w, rows) - f.gradient(w)).norm() < 1e-12);

    const std::vector<int> some{7, 3, 30};
    Vec expected = Vec::Zero(f.dimension());
    for (int i : some)
        expected += (d.x.row(i).dot(w) - d.y(i)) * d.x.row(i).transpose() / 3.0;
    QVERIFY((f.batchGradient(w, some) - expected).norm() < 1e-12);
}

void LeastSquaresTest::epochsAreFractional()
{
    const LeastSquares f = randomProblem(10, 2, 8);
    auto opt = makeOptimizer(Method::SGD, Hyperparameters{});
    MiniBatchOptions options;
    options.batchSize = 4;  // batches of 4, 4, 2
    options.epochs = 2;
    int calls = 0;
    const MiniBatchResult r = trainMiniBatch(f, *opt, Vec::Zero(f.dimension()), options,
                                             [&](double, double) { return ++calls == 5; });
    QVERIFY(r.stopped);
    QCOMPARE(calls, 5);
    const std::vector<double> expected{0.0, 1.0 / 3, 2.0 / 3, 1.0, 1.0 + 1.0 / 3, 1.0 + 2.0 / 3};
    QCOMPARE(r.epochs.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        QVERIFY(std::abs(r.epochs[i] - expected[i]) < 1e-15);
    QCOMPARE(r.loss.front(), f.value(Vec::Zero(f.dimension())));
}

void LeastSquaresTest::divergenceIsReported()
{
    const LeastSquares f = randomProblem(32, 3, 6);
    Hyperparameters h;
    h.learningRate = 10.0;
    auto opt = makeOptimizer(Method::SGD, h);
    MiniBatchOptions options;
    options.batchSize = 4;
    options.epochs = 100;
    const MiniBatchResult r = trainMiniBatch(f, *opt, Vec::Zero(f.dimension()), options);
    QVERIFY(r.diverged);
    QCOMPARE(static_cast<int>(r.loss.size()), r.divergedAt);
    QVERIFY(QString::fromStdString(r.divergenceMessage())
                .startsWith(QString("diverged at iteration %1: loss ").arg(r.divergedAt)));
}

void LeastSquaresTest::diabetesStandardized()
{
    const RegressionProblem p = standardizedRegression(readDiabetes(), "progression");
    QCOMPARE(p.objective.samples(), 442);
    QCOMPARE(p.objective.dimension(), 11);
    QCOMPARE(p.featureNames.size(), std::size_t{11});
    QCOMPARE(p.featureNames.front(), std::string("intercept"));
    QCOMPARE(p.featureNames[1], std::string("age"));
    QCOMPARE(p.featureNames.back(), std::string("s6"));

    // Row 0 of XᵀX/n holds the column means (column 0 is all ones), its diagonal the mean
    // squares, which are the variances once the means are 0.
    const Eigen::MatrixXd gram = scaledGram(p.objective);
    QVERIFY(std::abs(gram(0, 0) - 1.0) < 1e-12);
    for (Eigen::Index j = 1; j < 11; ++j) {
        QVERIFY2(std::abs(gram(0, j)) < 1e-12, qPrintable(QString("mean of column %1").arg(j)));
        QVERIFY2(std::abs(gram(j, j) - 1.0) < 1e-12, qPrintable(QString("std of column %1").arg(j)));
    }
    // The target too: ∇f(0) = −Xᵀy/n starts with −mean(y), and f(0) = ‖y‖²/(2n) = var(y)/2.
    const Vec zero = Vec::Zero(11);
    QVERIFY(std::abs(p.objective.gradient(zero)[0]) < 1e-12);
    QVERIFY(std::abs(p.objective.value(zero) - 0.5) < 1e-12);
}

// Reference: the normal equations of the standardised data, built here with plain loops and
// solved by Cholesky; and scikit-learn's published LinearRegression fit of load_diabetes()
// (features scaled to unit sum of squares, raw target), coefficients
// [-10.01219782 -239.81908937 519.83978679 324.39042769 -792.18416163 476.74583782
// 101.04457032 177.06417623 751.27932109 67.62538639], R² = 0.5177494254132934.
// Standardised weights are those times 1 / (√n σ_y).
void LeastSquaresTest::diabetesFullBatchReachesOls()
{
    const mlwb::data::NumericTable table = readDiabetes();
    const Eigen::Index n = table.values.rows(), columns = table.values.cols();
    Eigen::MatrixXd z(n, columns);  // standardised; the target is the last column
    for (Eigen::Index c = 0; c < columns; ++c) {
        double mean = 0.0, squares = 0.0;
        for (Eigen::Index i = 0; i < n; ++i)
            mean += table.values(i, c) / static_cast<double>(n);
        for (Eigen::Index i = 0; i < n; ++i)
            squares += (table.values(i, c) - mean) * (table.values(i, c) - mean);
        const double deviation = std::sqrt(squares / static_cast<double>(n));
        for (Eigen::Index i = 0; i < n; ++i)
            z(i, c) = (table.values(i, c) - mean) / deviation;
    }
    Eigen::MatrixXd x(n, columns);
    x << Eigen::VectorXd::Ones(n), z.leftCols(columns - 1);
    const Vec ols = (x.transpose() * x).llt().solve(x.transpose() * z.col(columns - 1));

    // Curvatures of this loss span about 0.0086 to 4.02: η = 0.4 is stable and shrinks the
    // slowest error component by 1 − 0.4 · 0.0086 per epoch, below 1e-7 after 5000 epochs.
    const RegressionProblem p = standardizedRegression(table, "progression");
    Hyperparameters h;
    h.learningRate = 0.4;
    auto opt = makeOptimizer(Method::SGD, h);
    MiniBatchOptions options;
    options.batchSize = p.objective.samples();
    options.epochs = 5000;
    const MiniBatchResult r = trainMiniBatch(p.objective, *opt, Vec::Zero(11), options);
    QVERIFY(!r.diverged);
    QVERIFY2((r.weights - ols).norm() < 1e-6, qPrintable(QString::number((r.weights - ols).norm())));

    double sigmaY = 0.0;
    const double meanY = table.values.col(columns - 1).mean();
    for (Eigen::Index i = 0; i < n; ++i)
        sigmaY += std::pow(table.values(i, columns - 1) - meanY, 2) / static_cast<double>(n);
    sigmaY = std::sqrt(sigmaY);
    const std::vector<double> sklearn{-10.01219782, -239.81908937, 519.83978679, 324.39042769,
                                      -792.18416163, 476.74583782, 101.04457032, 177.06417623,
                                      751.27932109, 67.62538639};
    QVERIFY(std::abs(r.weights[0]) < 1e-6);
    for (std::size_t j = 0; j < sklearn.size(); ++j) {
        const double published = r.weights[static_cast<Eigen::Index>(j) + 1] * std::sqrt(static_cast<double>(n)) * sigmaY;
        QVERIFY2(std::abs(published - sklearn[j]) < 0.02,
                 qPrintable(QString("coefficient %1: %2").arg(j + 1).arg(published)));
    }
    // f = (1 − R²) / 2 for a standardised target.
    QVERIFY(std::abs((1.0 - 2.0 * r.loss.back()) - 0.5177494254132934) < 1e-5);
}

void LeastSquaresTest::unknownTargetNamesColumns()
{
    try {
        standardizedRegression(readDiabetes(), "target");
        QFAIL("no exception");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(QString(e.what()), QString("no column \"target\"; the columns are: age, sex, bmi, "
                                            "bp, s1, s2, s3, s4, s5, s6, progression"));
    }
}

void LeastSquaresTest::badCsvIsRejected()
{
    try {
        mlwb::data::parseNumericCsv("age,progression\n59,151\n48,n/a\n", "mine.csv");
        QFAIL("no exception");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(QString(e.what()), QString("mine.csv:3:4: column \"progression\": cannot parse \"n/a\" as a number"));
    }
}

void LeastSquaresTest::constantColumnIsRejected()
{
    mlwb::data::NumericTable table;
    table.columns = {"a", "flat", "y"};
    table.values.resize(3, 3);
    table.values << 1, 5, 2, 2, 5, 3, 3, 5, 7;
    try {
        standardizedRegression(table, "y");
        QFAIL("no exception");
    } catch (const mlwb::InputError& e) {
        QVERIFY2(QString(e.what()).startsWith("column \"flat\" is constant"), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, standardizedRegression(table, "z"));
}

void LeastSquaresTest::shapeMismatchIsRejected()
{
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError,
                             LeastSquares(Eigen::MatrixXd::Ones(4, 2), Eigen::VectorXd::Ones(3)));
}

QTEST_APPLESS_MAIN(LeastSquaresTest)
#include "tst_least_squares.moc"
