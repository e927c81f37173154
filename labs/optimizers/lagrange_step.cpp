// Step 5: minimising on a curve with a Lagrange multiplier (augmented Lagrangian).
#include "plots.h"
#include "steps.h"

#include "optim/elliptic_paraboloid.h"
#include "optim/lagrange.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>
#include <memory>
#include <numbers>

namespace mlwb::labs::optimizers {

using ui::Parameter;

namespace {
constexpr double kXmin = -2.5, kXmax = 3.5, kYmin = -2.5, kYmax = 2.5;
constexpr double kFeasible = 1e-6;  // |g| below this counts as on the constraint

std::unique_ptr<optim::EqualityConstraint> makeConstraint(const QString& choice)
{
    if (choice == "circle")
        return std::make_unique<optim::CircleConstraint>(0.0, 0.0, 1.0);
    return std::make_unique<optim::LineConstraint>(1.0, 1.0, 1.0);
}

QList<QPointF> constraintCurve(const QString& choice)
{
    QList<QPointF> points;
    if (choice == "circle") {
        for (int i = 0; i <= 200; ++i) {
            const double t = 2 * std::numbers::pi * i / 200;
            points.append({std::cos(t), std::sin(t)});
        }
    } else {  // x + y = 1 across the drawn region
        points = {{kXmin, 1 - kXmin}, {kXmax, 1 - kXmax}};
    }
    return points;
}

// A short arrow-less segment from p along direction d, scaled to `length`.
QList<QPointF> segment(const optim::Vec& p, optim::Vec d, double length)
{
    if (d.norm() > 0)
        d *= length / d.norm();
    return {{p[0], p[1]}, {p[0] + d[0], p[1] + d[1]}};
}

void run(ui::RunContext& ctx)
{
    const QString choice = ctx.choice("constraint");
    const optim::EllipticParaboloid f(2.0, 1.0, 1.0, ctx.real("y_weight"));
    const auto g = makeConstraint(choice);
    optim::AugmentedLagrangianOptions options;
    options.penalty = ctx.real("penalty");
    options.outerIterations = ctx.integer("outer_iterations");
    optim::Vec start(2);
    start << -2.0, -1.5;
    const optim::ConstrainedResult r = optim::minimizeWithConstraint(f, *g, start, options, {}, ctx.stopToken());
    if (r.stopped)
        return;

    const ui::FieldSpec field = sampleField(f, kXmin, kXmax, kYmin, kYmax);
    const QString constraintName = QStringLiteral("constraint %1").arg(qs(g->description()));
    const size_t outers = r.multipliers.size();
    // The landscape with the path so far; once done, the gradients at the optimum too.
    const auto landscapeWith = [&](QList<QPointF> path, bool done) {
        ui::ChartSpec landscape = planeChart("landscape", QStringLiteral("Minimise %1 subject to %2").arg(qs(f.name()), qs(g->description())),
                                             "x", "y", field);
        landscape.equalScale = true;  // the unit circle is round
        ui::SeriesSpec curve = pathSeries(constraintName, constraintCurve(choice), 7, false);
        curve.width = 2.5;
        landscape.series << curve << pathSeries("path of the iterates", std::move(path), 0, false)
                         << markerSeries("start", {start[0], start[1]}, 6);
        if (done) {
            ui::SeriesSpec down = pathSeries("−∇f at the optimum", segment(r.point, -f.gradient(r.point), 1.2), 1, false);
            ui::SeriesSpec normal = pathSeries("∇g at the optimum", segment(r.point, g->gradient(r.point), 0.6), 2, false);
            normal.dashed = true;
            landscape.series << down << normal << markerSeries("constrained optimum", {r.point[0], r.point[1]}, 5);
        }
        return landscape;
    };
    ui::ChartSpec lambda;
    lambda.id = "multiplier";
    lambda.title = "The multiplier λ after each multiplier update";
    lambda.x = {"outer iteration", false, 0.0, double(std::max<size_t>(outers - 1, 1))};
    lambda.y = {"λ", false, {}, {}};
    lambda.series << pathSeries("λ", {}, 0, true);
    ui::ChartSpec distance;
    distance.id = "violation";
    distance.title = "How far the iterate is from the constraint";
    distance.x = {"outer iteration", false, 0.0, double(std::max<size_t>(outers - 1, 1))};
    distance.y = {"|g(x)| (log scale)", true, {}, {}};
    distance.series << pathSeries("|g(x)|", {}, 3, true);
    ctx.publish(landscapeWith({}, false));
    ctx.publish(lambda);
    ctx.publish(distance);
    ui::SeriesStream path = ctx.stream("landscape", 1), multipliers = ctx.stream(lambda.id, 0),
                     gaps = ctx.stream(distance.id, 0);
    size_t outersSent = 0;
    const bool ok = replay(ctx, r.path.size(), [&](size_t from, size_t to) {
        path.append(pathPoints(r.path, from, to));
        // The outer iterations completed by the time `to` inner iterates are drawn;
        // violations[i] is measured after outer iteration i + 1.
        const size_t k = std::max<size_t>(1, outers * to / r.path.size());
        multipliers.append(lossPoints(r.multipliers, outersSent, k));
        QList<QPointF> gap;
        for (size_t i = outersSent > 0 ? outersSent - 1 : 0; i + 1 < k && i < r.violations.size(); ++i)
            gap.append({double(i + 1), r.violations[i]});
        gaps.append(gap);
        outersSent = std::max(outersSent, k);
    });
    if (ok)
        ctx.publish(landscapeWith(pathPoints(r.path, 0, r.path.size()), true));
    if (!ok)
        return;

    // ∇f = −λ∇g holds after every multiplier update by construction; what shows that the
    // answer is the constrained optimum is that the point also lies on the curve.
    const double violation = std::abs(g->value(r.point));
    const bool converged = violation <= kFeasible;
    if (converged)
        ctx.note(QStringLiteral("Constrained optimum (%1, %2): f = %3, λ = %4, on the curve to |g| = %5.")
                     .arg(r.point[0], 0, 'f', 5).arg(r.point[1], 0, 'f', 5).arg(r.value, 0, 'f', 5)
                     .arg(r.multiplier, 0, 'f', 5).arg(sci(violation)));
    // The charts end where the method did: say so, or "30 updates" seems to stop at 11.
    if (const int used = int(outers) - 1; used < options.outerIterations)
        ctx.note(QStringLiteral("Stopped after %1 of the %2 multiplier updates allowed: both |g| and the gradient of "
                                "the Lagrangian were below the tolerance %3, so further updates change nothing.")
                     .arg(used).arg(options.outerIterations).arg(sci(options.tolerance)));
    else
        ctx.note(QStringLiteral("Not converged after %1 multiplier updates: the point (%2, %3) is still |g| = %4 off "
                                "the curve. Raise the penalty ρ or the number of updates.")
                     .arg(outers - 1).arg(r.point[0], 0, 'f', 4).arg(r.point[1], 0, 'f', 4).arg(sci(violation)));
    ctx.metric("converged", converged);
    ctx.metric("final_point", QJsonArray{r.point[0], r.point[1]});
    ctx.metric("final_loss", r.value);
    ctx.metric("multiplier", r.multiplier);
    ctx.metric("constraint_violation", violation);
    ctx.metric("outer_iterations", qint64(outers - 1));
}
} // namespace

ui::Step lagrangeStep()
{
    ui::Step s;
    s.id = "lagrange";
    s.title = "Constraints and the Lagrange multiplier";
    s.textFile = ":/labs/optimizers/lagrange.md";
    s.parameters = {
        Parameter::choice("constraint", "Constraint", {"circle", "line"}, "circle",
                          "circle: x² + y² = 1; line: x + y = 1"),
        Parameter::real("y_weight", "Weight b of (y − 1)²", 1, 0.25, 4, true, 2,
                        "Stretches the objective's contours; b = 1 has the closed-form answer in the text"),
        Parameter::real("penalty", "Penalty ρ", 10, 0.1, 1000, true, 2,
                        "Weight of the quadratic penalty ρ/2·g(x)² in the augmented Lagrangian"),
        Parameter::integer("outer_iterations", "Multiplier updates", 30, 1, 200),
    };
    s.run = run;
    return s;
}

} // namespace mlwb::labs::optimizers
