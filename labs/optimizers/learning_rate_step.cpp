// Step 1: gradient descent on a quadratic bowl with a too-small, a good and a divergent
// learning rate.
#include "plots.h"
#include "steps.h"

#include "optim/minimize.h"
#include "optim/test_functions.h"

#include <QJsonObject>

#include <algorithm>

namespace mlwb::labs::optimizers {

using ui::Parameter;

namespace {
constexpr double kAngle = 0.5;  // radians: a tilted bowl, so the zig-zag is visible
constexpr double kRegion = 5.0;

void run(ui::RunContext& ctx)
{
    const double condition = ctx.real("condition");
    const optim::QuadraticBowl bowl(condition, kAngle);
    optim::Vec start(2);
    start << -4.0, 3.0;

    struct Contender {
        QString key;
        double rate;
        optim::MinimizeResult result;
    };
    QList<Contender> runs{{"small", ctx.real("lr_small"), {}},
                          {"good", ctx.real("lr_good"), {}},
                          {"large", ctx.real("lr_large"), {}}};
    optim::MinimizeOptions options;
    options.maxIterations = ctx.integer("iterations");
    options.optimalValue = 0.0;
    options.tolerance = 1e-8;
    for (Contender& c : runs) {
        optim::Hyperparameters h;
        h.learningRate = c.rate;
        auto sgd = optim::makeOptimizer(optim::Method::SGD, h);
        c.result = optim::minimize(bowl, *sgd, start, options, {}, ctx.stopToken());
    }

    auto visible = [](const optim::MinimizeResult& r) { return pointsInside(r.path, -kRegion, kRegion, -kRegion, kRegion); };
    const ui::FieldSpec field = sampleField(bowl, -kRegion, kRegion, -kRegion, kRegion);
    // The regime follows from ηλmax alone: the steep direction's factor is 1 − ηλmax.
    auto name = [&](const Contender& c) {
        const double q = c.rate * condition;
        const QString regime = q < 1 ? QStringLiteral("no overshoot") : q < 2 ? QStringLiteral("zig-zags in")
                                                                              : QStringLiteral("diverges");
        return QStringLiteral("η = %1: ηλmax = %2, %3").arg(c.rate).arg(q, 0, 'g', 3).arg(regime);
    };
    ui::ChartSpec landscape = planeChart("trajectories", QStringLiteral("Gradient descent on a bowl with condition number κ = %1").arg(condition),
                                         "x₁", "x₂", field);
    ui::ChartSpec loss = lossChart(options.maxIterations, "loss f(x) (log scale)");
    for (int i = 0; i < runs.size(); ++i) {
        landscape.series << pathSeries(name(runs[i]), {}, i, true);
        loss.series << pathSeries(name(runs[i]), {}, i, false);
    }
    landscape.series << markerSeries("start", {start[0], start[1]}, 7) << markerSeries("minimum", {0, 0}, 6);
    ctx.publish(landscape);
    ctx.publish(loss);
    std::vector<ui::SeriesStream> paths, losses;
    for (int i = 0; i < runs.size(); ++i) {
        paths.push_back(ctx.stream(landscape.id, i));
        losses.push_back(ctx.stream(loss.id, i));
    }
    const bool ok = replay(ctx, size_t(options.maxIterations) + 1, [&](size_t from, size_t to) {
        for (int i = 0; i < runs.size(); ++i) {
            const size_t shown = visible(runs[i].result);
            paths[size_t(i)].append(pathPoints(runs[i].result.path, std::min(from, shown), std::min(to, shown)));
            losses[size_t(i)].append(lossPoints(runs[i].result.values, from, to));
        }
    });
    if (!ok)
        return;

    for (const Contender& c : runs) {
        QJsonObject m = reportRun(ctx, QStringLiteral("η = %1").arg(c.rate), c.result, options.tolerance);
        m["learning_rate"] = c.rate;
        ctx.metric(c.key, m);
    }
    ctx.note(QStringLiteral("Stable learning rates satisfy η < 2/λmax = %1.").arg(2.0 / condition, 0, 'g', 3));
}
} // namespace

ui::Step learningRateStep()
{
    ui::Step s;
    s.id = "learning-rate";
    s.title = "The learning rate";
    s.textFile = ":/labs/optimizers/learning-rate.md";
    s.parameters = {
        Parameter::real("condition", "Condition number κ", 10, 1, 50, false, 1,
                        "Ratio of the largest to the smallest curvature of the bowl"),
        Parameter::real("lr_small", "Learning rate η₁", 0.01, 1e-4, 1, true, 4, "Starts too small"),
        Parameter::real("lr_good", "Learning rate η₂", 0.15, 1e-4, 1, true, 4, "Starts near the best fixed step"),
        Parameter::real("lr_large", "Learning rate η₃", 0.25, 1e-4, 1, true, 4, "Starts beyond 2/λmax"),
        Parameter::integer("iterations", "Iterations", 100, 10, 2000),
    };
    s.run = run;
    return s;
}

} // namespace mlwb::labs::optimizers
