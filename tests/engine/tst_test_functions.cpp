#include "core/input_error.h"
#include "optim/elliptic_paraboloid.h"
#include "optim/least_squares.h"
#include "optim/test_functions.h"

#include <Eigen/Eigenvalues>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

using namespace mlwb::optim;

namespace {

// Central differences, accurate to O(h²).
Vec numericGradient(const Objective& f, const Vec& x)
{
    const double h = 1e-6;
    Vec g(x.size());
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        Vec plus = x, minus = x;
        plus[i] += h;
        minus[i] -= h;
        g[i] = (f.value(plus) - f.value(minus)) / (2 * h);
    }
    return g;
}

// Fails unless the analytic gradient matches finite differences at many random points.
void checkGradient(const Objective& f, double radius)
{
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> coordinate(-radius, radius);
    for (int trial = 0; trial < 200; ++trial) {
        Vec x(f.dimension());
        for (auto& c : x)
            c = coordinate(rng);
        const Vec analytic = f.gradient(x);
        const Vec numeric = numericGradient(f, x);
        const double error = (analytic - numeric).norm() / std::max(1.0, numeric.norm());
        if (error > 1e-6)
            QFAIL(qPrintable(QStringLiteral("%1: gradient off by %2 (relative)")
                                 .arg(QString::fromStdString(f.name()))
                                 .arg(error)));
    }
}

} // namespace

class TestFunctionsTest : public QObject {
    Q_OBJECT

private slots:
    void quadraticGradient_data();
    void quadraticGradient();
    void quadraticEigenvalues_data() { quadraticGradient_data(); }
    void quadraticEigenvalues();
    void ellipticParaboloid_data();
    void ellipticParaboloid();
    void namedFunctionGradient_data();
    void namedFunctionGradient();
    void leastSquaresGradient();
    void valueAtMinima_data() { namedFunctionGradient_data(); }
    void valueAtMinima();
    void publishedMinima_data();
    void publishedMinima();
    void quadraticMinimum();
    void unknownIdNamesKnownOnes();
};

void TestFunctionsTest::quadraticGradient_data()
{
    QTest::addColumn<double>("condition");
    QTest::addColumn<double>("angle");
    QTest::newRow("round") << 1.0 << 0.0;
    QTest::newRow("k=10 axis-aligned") << 10.0 << 0.0;
    QTest::newRow("k=10 at 30°") << 10.0 << std::numbers::pi / 6;
    QTest::newRow("k=50 at 45°") << 50.0 << std::numbers::pi / 4;
    QTest::newRow("k=1000 at -70°") << 1000.0 << -7 * std::numbers::pi / 18;
}

void TestFunctionsTest::quadraticGradient()
{
    QFETCH(double, condition);
    QFETCH(double, angle);
    checkGradient(QuadraticBowl(condition, angle), 3.0);
}

void TestFunctionsTest::quadraticEigenvalues()
{
    QFETCH(double, condition);
    QFETCH(double, angle);
    const QuadraticBowl bowl(condition, angle);
    const Eigen::Vector2d eigenvalues =
        Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d>(bowl.hessian()).eigenvalues();
    QVERIFY(std::abs(eigenvalues[0] - 1.0) < 1e-12 * condition);
    QVERIFY(std::abs(eigenvalues[1] - condition) < 1e-12 * condition);
    QCOMPARE(bowl.smallestCurvature(), 1.0);
    QCOMPARE(bowl.largestCurvature(), condition);
    // The stiff direction is the rotated y axis.
    const Eigen::Vector2d stiff(-std::sin(angle), std::cos(angle));
    QVERIFY((bowl.hessian() * stiff - condition * stiff).norm() < 1e-12 * condition);
}

void TestFunctionsTest::ellipticParaboloid_data()
{
    QTest::addColumn<double>("cx");
    QTest::addColumn<double>("cy");
    QTest::addColumn<double>("a");
    QTest::addColumn<double>("b");
    QTest::newRow("unit, at the origin") << 0.0 << 0.0 << 1.0 << 1.0;
    QTest::newRow("shifted") << 2.0 << 1.0 << 1.0 << 1.0;
    QTest::newRow("stretched") << -1.5 << 0.5 << 0.5 << 8.0;
}

void TestFunctionsTest::ellipticParaboloid()
{
    QFETCH(double, cx);
    QFETCH(double, cy);
    QFETCH(double, a);
    QFETCH(double, b);
    const EllipticParaboloid f(cx, cy, a, b);
    checkGradient(f, 4.0);
    QCOMPARE(f.value(Eigen::Vector2d(cx, cy)), 0.0);
    QVERIFY(f.gradient(Eigen::Vector2d(cx, cy)).isZero(0.0));
    QCOMPARE(f.value(Eigen::Vector2d(cx + 1.0, cy - 2.0)), a + 4.0 * b);
}

void TestFunctionsTest::namedFunctionGradient_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<double>("radius");
    QTest::newRow("rosenbrock") << "rosenbrock" << 2.0;
    QTest::newRow("beale") << "beale" << 4.5;
    QTest::newRow("himmelblau") << "himmelblau" << 5.0;
}

void TestFunctionsTest::namedFunctionGradient()
{
    QFETCH(QString, id);
    QFETCH(double, radius);
    checkGradient(*makeTestFunction(id.toStdString()), radius);
}

void TestFunctionsTest::leastSquaresGradient()
{
    std::mt19937_64 rng(3);
    std::normal_distribution<double> normal;
    Eigen::MatrixXd x(20, 4);
    Eigen::VectorXd y(20);
    for (auto& v : x.reshaped())
        v = normal(rng);
    for (auto& v : y)
        v = normal(rng);
    checkGradient(LeastSquares(x, y), 2.0);
}

void TestFunctionsTest::valueAtMinima()
{
    QFETCH(QString, id);
    const TestFunctionInfo& info = testFunction(id.toStdString());
    const auto f = makeTestFunction(id.toStdString());
    QVERIFY(!info.minima.empty());
    for (const Eigen::Vector2d& m : info.minima) {
        QVERIFY2(f->value(m) < 1e-20, qPrintable(QString::number(f->value(m))));
        QVERIFY(f->gradient(m).norm() < 1e-9);
    }
    QVERIFY(f->value(info.start) > 1.0);
}

// Minima as published (e.g. Wikipedia's "Test functions for optimization"), to 6 decimals
// where irrational; the table testFunctions() gives the labs must list each of them.
void TestFunctionsTest::publishedMinima_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<double>("x");
    QTest::addColumn<double>("y");
    QTest::newRow("rosenbrock") << "rosenbrock" << 1.0 << 1.0;
    QTest::newRow("beale") << "beale" << 3.0 << 0.5;
    QTest::newRow("himmelblau 1") << "himmelblau" << 3.0 << 2.0;
    QTest::newRow("himmelblau 2") << "himmelblau" << -2.805118 << 3.131312;
    QTest::newRow("himmelblau 3") << "himmelblau" << -3.779310 << -3.283186;
    QTest::newRow("himmelblau 4") << "himmelblau" << 3.584428 << -1.848126;
}

void TestFunctionsTest::publishedMinima()
{
    QFETCH(QString, id);
    QFETCH(double, x);
    QFETCH(double, y);
    const Eigen::Vector2d published(x, y);
    QVERIFY2(makeTestFunction(id.toStdString())->value(published) < 1e-9,
             qPrintable(QString::number(makeTestFunction(id.toStdString())->value(published))));
    const auto& listed = testFunction(id.toStdString()).minima;
    QVERIFY(std::ranges::any_of(listed, [&](const Eigen::Vector2d& m) {
        return (m - published).norm() < 1e-6;
    }));
}

void TestFunctionsTest::quadraticMinimum()
{
    const QuadraticBowl bowl(25.0, 0.3);
    QCOMPARE(bowl.value(Vec::Zero(2)), 0.0);
    QVERIFY(bowl.value(Vec::Ones(2)) > 0.0);
    QCOMPARE(Rosenbrock(2.0, 50.0).value(Eigen::Vector2d(2.0, 4.0)), 0.0);
}

void TestFunctionsTest::unknownIdNamesKnownOnes()
{
    try {
        makeTestFunction("booth");
        QFAIL("no exception");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(QString(e.what()),
                 QString("unknown test function \"booth\"; known: rosenbrock, beale, himmelblau"));
    }
}

QTEST_APPLESS_MAIN(TestFunctionsTest)
#include "tst_test_functions.moc"
