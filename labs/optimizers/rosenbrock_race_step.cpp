// Step 3: all six optimisers from the same start on a classic test function.
#include "plots.h"
#include "steps.h"

#include "optim/minimize.h"
#include "optim/test_functions.h"


namespace mlwb::labs::optimizers {

using ui::Parameter;

namespace {
constexpr double kTolerance = 1e-6;

struct Entry {
    optim::Method method;
    QString name;
    optim::MinimizeResult result;
};

ui::ChartSpec iterationBars(const QList<Entry>& entries, int budget)
{
    ui::ChartSpec chart;
    chart.id = "iterations-to-tolerance";
    chart.title = QStringLiteral("Iterations to reach f < %1").arg(sci(kTolerance));
    chart.x = {"optimizer", false, {}, {}};
    chart.y = {"iterations", false, 0.0, {}};
    ui::BarsSpec bars;
    ui::BarsSpec::Set set{.name = "iterations to tolerance", .colorIndex = 0};
    // Runs that never got there say so under their bar instead of drawing a number.
    for (const Entry& e : entries) {
        const int n = e.result.iterationsToTolerance;
        if (e.result.diverged)
            bars.categories << QStringLiteral("%1<br>(diverged)").arg(e.name);
        else if (n < 0)
            bars.categories << QStringLiteral("%1<br>(not in %2)").arg(e.name).arg(budget);
        else
            bars.categories << e.name;
        set.values << double(std::max(n, 0));
    }
    bars.sets << set;
    for (int i = 0; i < entries.size(); ++i)
        bars.barColors << i;  // the colour of the optimizer's path and loss curve
    bars.labelPrecision = 6;
    chart.bars = bars;
    return chart;
}

// What the chosen function is, since the step's text introduces Rosenbrock's.
QString describe(const optim::TestFunctionInfo& info)
{
    QStringList minima;
    for (const Eigen::Vector2d& m : info.minima)
        minima << QStringLiteral("(%1, %2)").arg(m[0], 0, 'g', 4).arg(m[1], 0, 'g', 4);
    if (info.id == "rosenbrock")
        return QStringLiteral("Rosenbrock's function f = (1 − x)² + 100 (y − x²)²: one minimum, f = 0 at %1, at the "
                              "bottom of a long curved valley.")
            .arg(minima.join(", "));
    if (info.id == "beale")
        return QStringLiteral("Beale's function f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²: one "
                              "minimum, f = 0 at %1, between steep walls and flat plateaus.")
            .arg(minima.join(", "));
    if (info.id == "himmelblau")
        return QStringLiteral("Himmelblau's function f = (x² + y − 11)² + (x + y² − 7)²: four minima, all f = 0, at "
                              "%1; which one an optimizer reaches depends on its path.")
            .arg(minima.join(", "));
    return {};
}

void run(ui::RunContext& ctx)
{
    const std::string id = ctx.choice("function").toStdString();
    const optim::TestFunctionInfo& info = optim::testFunction(id);
    const auto f = optim::makeTestFunction(id);
    const int iterations = ctx.integer("iterations");
    const double scale = ctx.real("lr_scale");
    const optim::Vec start = info.start;
    if (const QString about = describe(info); !about.isEmpty())
        ctx.note(about + QStringLiteral(" All six start from (%1, %2).").arg(start[0]).arg(start[1]));

    optim::MinimizeOptions options;
    options.maxIterations = iterations;
    options.optimalValue = 0.0;
    options.tolerance = kTolerance;
    // Computing takes the first half of the progress bar, replaying the second.
    constexpr double kComputeShare = 0.5;
    QList<Entry> entries;
    for (optim::Method m : optim::allMethods) {
        optim::Hyperparameters h = optim::defaultHyperparameters(m);
        h.learningRate *= scale;
        auto opt = optim::makeOptimizer(m, h);
        const double done = double(entries.size()) / double(optim::allMethods.size());
        const auto report = [&](const optim::Iterate& it) {
            if (it.iteration % 1024 == 0)
                ctx.progress(kComputeShare * (done + double(it.iteration) / iterations / double(optim::allMethods.size())));
            return false;
        };
        entries.append({m, qs(std::string(optim::methodName(m))), optim::minimize(*f, *opt, start, options, report, ctx.stopToken())});
        if (ctx.stopRequested())
            return;
    }

    // The charts go out once, the field with them; the paths and losses then stream in.
    ui::ChartSpec landscape = planeChart("trajectories", "Paths from the start", "x", "y",
                                         sampleField(*f, info.xmin, info.xmax, info.ymin, info.ymax));
    ui::ChartSpec loss = lossChart(iterations, "loss f(x, y) (log scale)");
    std::vector<size_t> inside;  // a diverging path is drawn until it leaves the plot
    for (int i = 0; i < entries.size(); ++i) {
        const optim::MinimizeResult& r = entries[i].result;
        inside.push_back(pointsInside(r.path, info.xmin, info.xmax, info.ymin, info.ymax));
        const QString name = r.diverged ? QStringLiteral("%1 (diverged at %2)").arg(entries[i].name).arg(r.divergedAt)
                                        : entries[i].name;
        landscape.series << pathSeries(name, {}, i, false);
        loss.series << pathSeries(name, {}, i, false);
    }
    landscape.series << markerSeries("start", {start[0], start[1]}, 7);
    for (const Eigen::Vector2d& m : info.minima)
        landscape.series << markerSeries(&m == &info.minima.front() ? "minima" : "", {m[0], m[1]}, 6, 9);
    const ui::ChartSpec bars = iterationBars(entries, iterations);
    ctx.publish(landscape);
    ctx.publish(loss);
    ctx.publish(bars);
    // The race as one figure: the paths tall on the left, loss and finishing times beside it.
    ctx.figure({"race", QStringLiteral("Six optimizers on %1").arg(qs(f->name())), 2, 2,
                {{"trajectories", 0, 0, 2, 1}, {"loss", 0, 1}, {bars.id, 1, 1}}});
    std::vector<ui::SeriesStream> paths, losses;
    for (int i = 0; i < entries.size(); ++i) {
        paths.push_back(ctx.stream(landscape.id, i));
        losses.push_back(ctx.stream(loss.id, i));
    }
    const bool ok = replay(ctx, size_t(iterations) + 1, [&](size_t from, size_t to) {
        for (int i = 0; i < entries.size(); ++i) {
            const optim::MinimizeResult& r = entries[i].result;
            paths[size_t(i)].append(pathPoints(r.path, std::min(from, inside[size_t(i)]), std::min(to, inside[size_t(i)])));
            losses[size_t(i)].append(lossPoints(r.values, from, to));
        }
    }, kComputeShare);
    if (!ok)
        return;

    for (const Entry& e : entries)
        ctx.metric(e.name, reportRun(ctx, e.name, e.result, kTolerance));
}

QStringList functionIds()
{
    QStringList ids;
    for (const auto& info : optim::testFunctions())
        ids << qs(info.id);
    return ids;
}
} // namespace

ui::Step rosenbrockRaceStep()
{
    ui::Step s;
    s.id = "rosenbrock-race";
    s.title = "Six optimizers race on a test function";
    s.textFile = ":/labs/optimizers/rosenbrock-race.md";
    s.parameters = {
        Parameter::choice("function", "Function", functionIds(), "rosenbrock"),
        Parameter::integer("iterations", "Iterations", 20000, 100, 100000),
        Parameter::real("lr_scale", "Learning-rate multiplier", 1, 0.01, 10, true, 3,
                        "Multiplies every optimizer's default learning rate"),
    };
    s.run = run;
    return s;
}

} // namespace mlwb::labs::optimizers
