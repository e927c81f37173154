#include "core/input_error.h"
#include "optim/elliptic_paraboloid.h"
#include "optim/lagrange.h"
#include "optim/test_functions.h"

#include <QtTest>
#include <cmath>
#include <memory>

using namespace mlwb::optim;

namespace {

struct Problem {
    std::shared_ptr<Objective> f;
    std::shared_ptr<EqualityConstraint> g;
};

Vec toVec(QPointF p)
{
    return Eigen::Vector2d(p.x(), p.y());
}

} // namespace

Q_DECLARE_METATYPE(Problem)

class LagrangeTest : public QObject {
    Q_OBJECT

private slots:
    void reachesClosedFormOptimum_data();
    void reachesClosedFormOptimum();
    void violationShrinksByClosedFormFactor();
    void callbackAndStopTokenStop();
    void descriptions();
    void badInputIsRejected();
};

// The code's convention: L = f + λg + ρ/2 g², so at the optimum ∇f(x*) = −λ* ∇g(x*).
//
// Circle x² + y² = 1, f = (x − 2)² + (y − 1)²: the nearest point of the unit circle to
// c = (2, 1) is x* = c/‖c‖ = (2, 1)/√5. ∇f(x*) = 2(x* − c) = 2(1/√5 − 1)(2, 1) and
// ∇g(x*) = 2x* = (2/√5)(2, 1), so λ* = √5 (1 − 1/√5) = √5 − 1 ≈ 1.236 and
// f* = (‖c‖ − 1)² = 6 − 2√5.
//
// Line x + y = 1, f = x² + (y + 1)²: the projection of c = (0, −1) onto the line is
// x* = c − g(c)/‖a‖² · a = (0, −1) + (1, 1) = (1, 0). ∇f(x*) = (2, 2), ∇g = (1, 1), so
// λ* = −2 and f* = 2.
//
// Line x + y = 1, f = ½(x² + 4y²) (QuadraticBowl(4)): ∇f = (x, 4y) = −λ(1, 1) gives x = 4y,
// so x* = (4/5, 1/5), λ* = −4/5 and f* = ½(16 + 4)/25 = 2/5.
void LagrangeTest::reachesClosedFormOptimum_data()
{
    QTest::addColumn<Problem>("problem");
    QTest::addColumn<QPointF>("start");
    QTest::addColumn<QPointF>("optimum");
    QTest::addColumn<double>("multiplier");
    QTest::addColumn<double>("value");
    const double r5 = std::sqrt(5.0);
    const auto circle = std::make_shared<CircleConstraint>(0.0, 0.0, 1.0);
    const auto line = std::make_shared<LineConstraint>(1.0, 1.0, 1.0);
    const auto toCentre = std::make_shared<EllipticParaboloid>(2.0, 1.0, 1.0, 1.0);
    QTest::newRow("circle, from the origin")
        << Problem{toCentre, circle} << QPointF(0.0, 0.0) << QPointF(2 / r5, 1 / r5) << r5 - 1
        << 6 - 2 * r5;
    QTest::newRow("circle, from the far side")
        << Problem{toCentre, circle} << QPointF(-1.5, -0.5) << QPointF(2 / r5, 1 / r5) << r5 - 1
        << 6 - 2 * r5;
    QTest::newRow("line, distance to (0, -1)")
        << Problem{std::make_shared<EllipticParaboloid>(0.0, -1.0, 1.0, 1.0), line}
        << QPointF(3.0, 2.0) << QPointF(1.0, 0.0) << -2.0 << 2.0;
    QTest::newRow("line, anisotropic bowl")
        << Problem{std::make_shared<QuadraticBowl>(4.0), line} << QPointF(-1.0, 2.0)
        << QPointF(0.8, 0.2) << -0.8 << 0.4;
}

void LagrangeTest::reachesClosedFormOptimum()
{
    QFETCH(Problem, problem);
    QFETCH(QPointF, start);
    QFETCH(QPointF, optimum);
    QFETCH(double, multiplier);
    QFETCH(double, value);
    const ConstrainedResult r =
        minimizeWithConstraint(*problem.f, *problem.g, toVec(start), AugmentedLagrangianOptions{});
    QVERIFY(!r.stopped);
    const double distance = (r.point - toVec(optimum)).norm();
    QVERIFY2(distance < 1e-8, qPrintable(QString::number(distance)));
    QVERIFY2(std::abs(r.multiplier - multiplier) < 1e-8, qPrintable(QString::number(r.multiplier)));
    QVERIFY(std::abs(r.value - value) < 1e-8);
    QVERIFY(std::abs(problem.g->value(r.point)) < 1e-9);
    QCOMPARE(r.multipliers.front(), 0.0);
    QCOMPARE(r.multipliers.back(), r.multiplier);
    QCOMPARE(r.multipliers.size(), r.violations.size() + 1);
    QVERIFY(r.path.front() == toVec(start));
    QVERIFY(r.path.back() == r.point);
}

// f = ½xᵀAx, g = aᵀx − c. Minimising L exactly gives x = −μA⁻¹a with μ = λ + ρg(x), so
// g(x) = −μs − c with s = aᵀA⁻¹a, hence μ = (λ − ρc)/(1 + ρs) and the update λ ← μ obeys
// λ' − λ* = (λ − λ*)/(1 + ρs) with λ* = −c/s. The violation |g| = s|λ' − λ*| shrinks by the
// same factor 1/(1 + ρs) each outer iteration. For A = diag(1, 4), a = (1, 1), c = 1, ρ = 10:
// s = 5/4, factor 1/13.5, first violation s · 0.8 / 13.5.
void LagrangeTest::violationShrinksByClosedFormFactor()
{
    const QuadraticBowl f(4.0);
    const LineConstraint g(1.0, 1.0, 1.0);
    AugmentedLagrangianOptions options;
    options.penalty = 10.0;
    const ConstrainedResult r = minimizeWithConstraint(f, g, Eigen::Vector2d(-1.0, 2.0), options);
    const double factor = 1.0 / (1.0 + options.penalty * 1.25);
    QVERIFY(r.violations.size() >= 8);
    QVERIFY(std::abs(r.violations[0] / (1.25 * 0.8 * factor) - 1.0) < 1e-6);
    // Inner solves stop at ‖∇L‖ ≤ 1e-10, which blurs violations below about 1e-9.
    for (std::size_t k = 1; k < r.violations.size() && r.violations[k] > 1e-9; ++k)
        QVERIFY2(std::abs(r.violations[k] / r.violations[k - 1] - factor) < 1e-2 * factor,
                 qPrintable(QString("outer iteration %1").arg(k + 1)));
    QVERIFY(r.violations.back() <= options.tolerance);
}

void LagrangeTest::callbackAndStopTokenStop()
{
    const EllipticParaboloid f(2.0, 1.0, 1.0, 1.0);
    const CircleConstraint g(0.0, 0.0, 1.0);
    std::vector<int> seen;
    const ConstrainedResult byCallback = minimizeWithConstraint(
        f, g, Eigen::Vector2d(0.0, 0.0), AugmentedLagrangianOptions{},
        [&](int outer, const Vec&, double) {
            seen.push_back(outer);
            return outer == 3;
        });
    QVERIFY(byCallback.stopped);
    QCOMPARE(seen, (std::vector<int>{1, 2, 3}));
    QCOMPARE(byCallback.multipliers.size(), std::size_t{4});

    std::stop_source source;
    source.request_stop();
    const ConstrainedResult byToken = minimizeWithConstraint(
        f, g, Eigen::Vector2d(0.5, 0.5), AugmentedLagrangianOptions{}, {}, source.get_token());
    QVERIFY(byToken.stopped);
    QCOMPARE(byToken.path.size(), std::size_t{1});
    QVERIFY(byToken.point == Eigen::Vector2d(0.5, 0.5));
}

void LagrangeTest::descriptions()
{
    QCOMPARE(CircleConstraint(0, 0, 1).description(), std::string("x² + y² = 1"));
    QCOMPARE(CircleConstraint(1, -2, 3).description(), std::string("(x − 1)² + (y + 2)² = 9"));
    QCOMPARE(LineConstraint(1, 1, 1).description(), std::string("x + y = 1"));
    QCOMPARE(LineConstraint(-2, 0.5, 0).description(), std::string("−2x + 0.5y = 0"));
    QCOMPARE(LineConstraint(0, -1, 3).description(), std::string("−y = 3"));
}

void LagrangeTest::badInputIsRejected()
{
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, CircleConstraint(0, 0, 0));
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError, LineConstraint(0, 0, 1));
    const QuadraticBowl f(4.0);
    const LineConstraint g(1, 1, 1);
    try {
        minimizeWithConstraint(f, g, Vec::Zero(3), AugmentedLagrangianOptions{});
        QFAIL("no exception");
    } catch (const mlwb::InputError& e) {
        QCOMPARE(QString(e.what()), QString("start point has 3 coordinates, quadratic bowl (condition 4) needs 2"));
    }
    AugmentedLagrangianOptions options;
    options.penalty = 0.0;
    QVERIFY_THROWS_EXCEPTION(mlwb::InputError,
                             minimizeWithConstraint(f, g, Vec::Zero(2), options));
}

QTEST_APPLESS_MAIN(LagrangeTest)
#include "tst_lagrange.moc"
