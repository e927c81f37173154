#include "core/input_error.h"
#include "optim/minimize.h"
#include "optim/test_functions.h"

#include <QRegularExpression>
#include <QtTest>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

using namespace mlwb::optim;

Q_DECLARE_METATYPE(mlwb::optim::Method)

class OptimizersTest : public QObject {
    Q_OBJECT

private slots:
    void reachesRosenbrockMinimum_data();
    void reachesRosenbrockMinimum();
    void gradientDescentContraction_data();
    void gradientDescentContraction();
    void divergenceIsDetected_data();
    void divergenceIsDetected();
    void callbackStops();
    void stopTokenStops();
    void toleranceIsRecorded();
    void shortScientific_data();
    void shortScientific();
    void methodNamesRoundTrip();
    void badHyperparameterIsRejected();
    void badStartIsRejected();
};

void OptimizersTest::reachesRosenbrockMinimum_data()
{
    QTest::addColumn<Method>("method");
    for (Method m : allMethods)
        QTest::newRow(methodName(m).data()) << m;
}

// With its defaults every method must be within 1e-3 of (1, 1) for each of the last 1000
// of 20 000 iterations (not merely pass through it), so one that oscillates or crawls fails.
void OptimizersTest::reachesRosenbrockMinimum()
{
    QFETCH(Method, method);
    const Rosenbrock f;
    auto opt = makeOptimizer(method, defaultHyperparameters(method));
    MinimizeOptions options;
    options.maxIterations = 20'000;
    const MinimizeResult r = minimize(f, *opt, Eigen::Vector2d(-1.2, 1.0), options);
    QVERIFY(!r.diverged);
    QCOMPARE(static_cast<int>(r.path.size()), options.maxIterations + 1);
    for (int k = options.maxIterations - 1000; k <= options.maxIterations; ++k) {
        const double distance = (r.path[k] - Eigen::Vector2d(1.0, 1.0)).norm();
        QVERIFY2(distance < 1e-3,
                 qPrintable(QString("iteration %1 is %2 from (1, 1)").arg(k).arg(distance)));
    }
}

void OptimizersTest::gradientDescentContraction_data()
{
    QTest::addColumn<double>("condition");
    QTest::addColumn<double>("angle");
    QTest::addColumn<double>("learningRate");
    QTest::addColumn<bool>("stiffDirection");
    QTest::newRow("k=10 soft axis") << 10.0 << 0.0 << 0.05 << false;
    QTest::newRow("k=10 stiff axis") << 10.0 << 0.0 << 0.05 << true;
    QTest::newRow("k=20 at 0.7 rad, stiff") << 20.0 << 0.7 << 0.09 << true;
    QTest::newRow("k=20 at 0.7 rad, soft") << 20.0 << 0.7 << 0.09 << false;
    QTest::newRow("k=100 overshooting stiff") << 100.0 << -1.1 << 0.019 << true;
}

// Along an eigenvector with curvature λ, gradient descent gives x_k = (1 − ηλ)^k x_0 and the
// loss shrinks by (1 − ηλ)² per step.
void OptimizersTest::gradientDescentContraction()
{
    QFETCH(double, condition);
    QFETCH(double, angle);
    QFETCH(double, learningRate);
    QFETCH(bool, stiffDirection);
    const QuadraticBowl bowl(condition, angle);
    const double curvature = stiffDirection ? condition : 1.0;
    const Eigen::Vector2d direction = stiffDirection
                                          ? Eigen::Vector2d(-std::sin(angle), std::cos(angle))
                                          : Eigen::Vector2d(std::cos(angle), std::sin(angle));
    const Eigen::Vector2d x0 = 2.5 * direction;

    Hyperparameters h;
    h.learningRate = learningRate;
    auto opt = makeOptimizer(Method::SGD, h);
    MinimizeOptions options;
    options.maxIterations = 40;
    const MinimizeResult r = minimize(bowl, *opt, x0, options);
    QCOMPARE(static_cast<int>(r.path.size()), 41);

    const double factor = 1.0 - learningRate * curvature;
    for (int k = 0; k <= options.maxIterations; ++k) {
        const Eigen::Vector2d expected = std::pow(factor, k) * x0;
        QVERIFY2((r.path[k] - expected).norm() <= 1e-12 * expected.norm(),
                 qPrintable(QString("iteration %1").arg(k)));
        if (k > 0)
            QVERIFY(std::abs(r.values[k] / r.values[k - 1] - factor * factor) < 1e-12);
    }
}

void OptimizersTest::divergenceIsDetected_data()
{
    QTest::addColumn<double>("condition");
    QTest::addColumn<double>("stepTimesL");
    QTest::newRow("just above 2/L") << 10.0 << 2.2;
    QTest::newRow("far above 2/L") << 100.0 << 5.0;
}

// In the eigenbasis (soft axis u, stiff axis v) gradient descent from x0 gives
// f_k = ½ (u·x0)² (1 − η)^2k + ½ λ (v·x0)² (1 − ηλ)^2k, so the first k with
// f_k > 1e8 · max(1, f_0) is known in closed form.
void OptimizersTest::divergenceIsDetected()
{
    QFETCH(double, condition);
    QFETCH(double, stepTimesL);
    const double angle = 0.4;
    const QuadraticBowl bowl(condition, angle);
    Hyperparameters h;
    h.learningRate = stepTimesL / bowl.largestCurvature();
    auto opt = makeOptimizer(Method::SGD, h);
    MinimizeOptions options;
    options.maxIterations = 10'000;
    const Eigen::Vector2d x0(1.0, 1.0);
    const MinimizeResult r = minimize(bowl, *opt, x0, options);

    const double soft = x0.dot(Eigen::Vector2d(std::cos(angle), std::sin(angle)));
    const double stiff = x0.dot(Eigen::Vector2d(-std::sin(angle), std::cos(angle)));
    const auto closedForm = [&](int k) {
        return 0.5 * soft * soft * std::pow(1.0 - h.learningRate, 2 * k) +
               0.5 * condition * stiff * stiff * std::pow(1.0 - h.learningRate * condition, 2 * k);
    };
    int expectedAt = 0;
    while (closedForm(expectedAt) <= 1e8 * std::max(1.0, closedForm(0)))
        ++expectedAt;

    QVERIFY(r.diverged);
    QCOMPARE(r.divergedAt, expectedAt);
    QCOMPARE(static_cast<int>(r.path.size()), r.divergedAt);
    QVERIFY(std::abs(r.divergedValue / closedForm(expectedAt) - 1.0) < 1e-9);
    for (double v : r.values)
        QVERIFY(std::isfinite(v));
    const QString message = QString::fromStdString(r.divergenceMessage());
    QVERIFY2(QRegularExpression("^diverged at iteration [0-9]+: loss [0-9]\\.[0-9]e[0-9]+$")
                 .match(message)
                 .hasMatch(),
             qPrintable(message));
    QVERIFY(message.startsWith(QString("diverged at iteration %1:").arg(expectedAt)));
}

void OptimizersTest::callbackStops()
{
    const Rosenbrock f;
    auto opt = makeOptimizer(Method::Adam, defaultHyperparameters(Method::Adam));
    std::vector<int> seen;
    const MinimizeResult r =
        minimize(f, *opt, Eigen::Vector2d(-1.2, 1.0), MinimizeOptions{}, [&](const Iterate& it) {
            seen.push_back(it.iteration);
            return it.iteration == 7;
        });
    QVERIFY(r.stopped);
    QCOMPARE(static_cast<int>(r.path.size()), 8);
    QCOMPARE(seen, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
}

void OptimizersTest::stopTokenStops()
{
    const Rosenbrock f;
    auto opt = makeOptimizer(Method::SGD, defaultHyperparameters(Method::SGD));
    MinimizeOptions options;
    options.maxIterations = std::numeric_limits<int>::max();  // would run for hours
    std::stop_source source;
    MinimizeResult r;
    std::jthread worker([&] {
        r = minimize(f, *opt, Eigen::Vector2d(-1.2, 1.0), options, {}, source.get_token());
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    source.request_stop();
    worker.join();
    QVERIFY(r.stopped);
    QVERIFY(!r.diverged);
    QVERIFY(r.path.size() > 1);
}

void OptimizersTest::toleranceIsRecorded()
{
    const QuadraticBowl bowl(4.0);
    Hyperparameters h;
    h.learningRate = 0.1;  // contraction 0.9 along the soft axis, loss ×0.81 per step
    auto opt = makeOptimizer(Method::SGD, h);
    MinimizeOptions options;
    options.optimalValue = 0.0;
    options.tolerance = 1e-6;
    options.stopAtTolerance = true;
    const MinimizeResult r = minimize(bowl, *opt, Eigen::Vector2d(1.0, 0.0), options);
    // f_k = ½ · 0.81^k ≤ 1e-6 first at k = ceil(log(2e-6) / log(0.81)) = 63.
    QCOMPARE(r.iterationsToTolerance, 63);
    QCOMPARE(static_cast<int>(r.path.size()), 64);
    QVERIFY(!r.stopped);
}

void OptimizersTest::shortScientific_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("large") << 3.1e12 << "3.1e12";
    QTest::newRow("rounds") << 3.14159e12 << "3.1e12";
    QTest::newRow("small") << 4.2e-7 << "4.2e-7";
    QTest::newRow("one") << 1.0 << "1.0e0";
    QTest::newRow("three digit exponent") << 1.5e200 << "1.5e200";
    QTest::newRow("ten") << 12.0 << "1.2e1";
    QTest::newRow("negative") << -2.5e-10 << "-2.5e-10";
    QTest::newRow("zero") << 0.0 << "0.0e0";
    QTest::newRow("inf") << std::numeric_limits<double>::infinity() << "inf";
    QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << "nan";
}

void OptimizersTest::shortScientific()
{
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(mlwb::optim::shortScientific(value)), text);
}

void OptimizersTest::methodNamesRoundTrip()
{
    for (Method m : allMethods) {
        QCOMPARE(methodFromName(methodName(m)), m);
        QCOMPARE(makeOptimizer(m, defaultHyperparameters(m))->method(), m);
    }
    QCOMPARE(methodFromName("rmsprop"), Method::RMSProp);
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, methodFromName("lbfgs"));
}

void OptimizersTest::badHyperparameterIsRejected()
{
    Hyperparameters h;
    h.learningRate = -0.1;
    try {
        makeOptimizer(Method::SGD, h);
        QFAIL("no exception");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(QString(e.what()), QString("learning rate must be positive, got -0.1"));
    }
}

void OptimizersTest::badStartIsRejected()
{
    const Rosenbrock f;
    auto opt = makeOptimizer(Method::SGD, Hyperparameters{});
    try {
        minimize(f, *opt, Vec::Zero(3), MinimizeOptions{});
        QFAIL("no exception");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(QString(e.what()), QString("start point has 3 coordinates, Rosenbrock needs 2"));
    }
    MinimizeOptions options;
    options.maxIterations = -1;
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, minimize(f, *opt, Vec::Zero(2), options));
}

QTEST_APPLESS_MAIN(OptimizersTest)
#include "tst_optimizers.moc"
