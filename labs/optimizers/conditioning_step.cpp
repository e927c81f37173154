// Step 2: ill-conditioning slows gradient descent down; momentum helps.
#include "plots.h"
#include "steps.h"

#include "optim/minimize.h"
#include "optim/test_functions.h"


#include <cmath>

namespace mlwb::labs::optimizers {

using ui::Parameter;

namespace {
constexpr double kAngle = 0.5;
constexpr double kRegion = 5.0;
constexpr double kTolerance = 1e-8;

optim::Vec startPoint()
{
    optim::Vec start(2);
    start << -4.0, 3.0;
    return start;
}

optim::MinimizeResult descend(const optim::QuadraticBowl& bowl, optim::Method method, double rate,
                              double momentum, int iterations, bool stopAtTolerance, std::stop_token stop)
{
    optim::Hyperparameters h;
    h.learningRate = rate;
    h.momentum = momentum;
    auto opt = optim::makeOptimizer(method, h);
    optim::MinimizeOptions options;
    options.maxIterations = iterations;
    options.optimalValue = 0.0;
    options.tolerance = kTolerance;
    options.stopAtTolerance = stopAtTolerance;
    return optim::minimize(bowl, *opt, startPoint(), options, {}, stop);
}

// Iterations to tolerance against κ, each method with its best fixed settings:
// gradient descent with η = 2/(λmin + λmax), heavy-ball momentum with
// η = 4/(√λmin + √λmax)², β = ((√κ − 1)/(√κ + 1))² (Polyak's optimal choice).
ui::ChartSpec conditionSweep(double current, std::stop_token stop)
{
    ui::ChartSpec chart;
    chart.id = "iterations-vs-condition";
    chart.title = "Iterations to f < 1e-8 against κ, best settings";
    chart.x = {"condition number κ (log scale)", true, 1.0, 1000.0};
    chart.y = {"iterations (log scale)", true, {}, {}};
    ui::SeriesSpec gd = pathSeries("Gradient descent, η = 2/(1+κ)", {}, 0, true);
    ui::SeriesSpec heavy = pathSeries("Momentum, Polyak's optimal η and β", {}, 1, true);
    for (int i = 0; i <= 12 && !stop.stop_requested(); ++i) {
        const double kappa = std::pow(10.0, i / 4.0);
        const optim::QuadraticBowl bowl(kappa, kAngle);
        const double root = std::sqrt(kappa);
        const auto a = descend(bowl, optim::Method::SGD, 2.0 / (1.0 + kappa), 0.0, 100000, true, stop);
        const auto b = descend(bowl, optim::Method::Momentum, 4.0 / ((1 + root) * (1 + root)),
                               std::pow((root - 1) / (root + 1), 2), 100000, true, stop);
        // A bowl with κ = 1 is solved in one step: plot that as 1 on the log axis.
        gd.points.append({kappa, double(std::max(1, a.iterationsToTolerance))});
        heavy.points.append({kappa, double(std::max(1, b.iterationsToTolerance))});
    }
    chart.series << gd << heavy;
    ui::SeriesSpec marker;
    marker.name = QStringLiteral("this bowl (κ = %1)").arg(current);
    marker.points = {{current, 1.0}, {current, 1e5}};
    marker.colorIndex = 7;
    marker.dashed = true;
    marker.width = 1.5;
    chart.series << marker;
    return chart;
}

void run(ui::RunContext& ctx)
{
    const double condition = ctx.real("condition");
    const double momentum = ctx.real("momentum");
    const int iterations = ctx.integer("iterations");
    const double rate = 1.0 / condition;  // η = 1/λmax for both: the same step size
    const optim::QuadraticBowl bowl(condition, kAngle);
    const auto gd = descend(bowl, optim::Method::SGD, rate, 0.0, iterations, false, ctx.stopToken());
    const auto heavy = descend(bowl, optim::Method::Momentum, rate, momentum, iterations, false, ctx.stopToken());
    const ui::ChartSpec sweep = conditionSweep(condition, ctx.stopToken());

    const ui::FieldSpec field = sampleField(bowl, -kRegion, kRegion, -kRegion, kRegion);
    const QString gdName = QStringLiteral("Gradient descent, η = 1/κ");
    const QString heavyName = QStringLiteral("Momentum, η = 1/κ, β = %1").arg(momentum);
    ui::ChartSpec landscape = planeChart("trajectories", QStringLiteral("Same step size, with and without momentum (κ = %1)").arg(condition),
                                         "x₁", "x₂", field);
    landscape.series << pathSeries(gdName, {}, 0, iterations <= 300) << pathSeries(heavyName, {}, 1, iterations <= 300)
                     << markerSeries("start", {-4, 3}, 7) << markerSeries("minimum", {0, 0}, 6);
    ui::ChartSpec loss = lossChart(iterations, "loss f(x) (log scale)");
    loss.series << pathSeries(gdName, {}, 0, false) << pathSeries(heavyName, {}, 1, false);
    ctx.publish(landscape);
    ctx.publish(loss);
    ctx.publish(sweep);
    ui::SeriesStream paths[] = {ctx.stream(landscape.id, 0), ctx.stream(landscape.id, 1)};
    ui::SeriesStream losses[] = {ctx.stream(loss.id, 0), ctx.stream(loss.id, 1)};
    const bool ok = replay(ctx, size_t(iterations) + 1, [&](size_t from, size_t to) {
        paths[0].append(pathPoints(gd.path, from, to));
        paths[1].append(pathPoints(heavy.path, from, to));
        losses[0].append(lossPoints(gd.values, from, to));
        losses[1].append(lossPoints(heavy.values, from, to));
    });
    if (!ok)
        return;

    ctx.metric("gradient_descent", reportRun(ctx, "Gradient descent", gd, kTolerance));
    ctx.metric("momentum", reportRun(ctx, "Momentum", heavy, kTolerance));
    const double best = std::pow(1.0 - std::sqrt(1.0 / condition), 2);
    ctx.note(QStringLiteral("With η = 1/κ the fastest momentum is β = (1 − √(1/κ))² = %1.").arg(best, 0, 'f', 3));
}
} // namespace

ui::Step conditioningStep()
{
    ui::Step s;
    s.id = "conditioning";
    s.title = "Ill-conditioning and momentum";
    s.textFile = ":/labs/optimizers/conditioning.md";
    s.parameters = {
        Parameter::real("condition", "Condition number κ", 50, 1, 1000, true, 1,
                        "Ratio of the largest to the smallest curvature of the bowl"),
        Parameter::real("momentum", "Momentum β", 0.75, 0, 0.99, false, 2,
                        "Fraction of the previous step kept in the next one"),
        Parameter::integer("iterations", "Iterations", 600, 10, 5000),
    };
    s.run = run;
    return s;
}

} // namespace mlwb::labs::optimizers
