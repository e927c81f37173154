// Step 4: full-batch, mini-batch and stochastic gradient descent on a real regression.
#include "plots.h"
#include "steps.h"

#include "data/numeric_table.h"
#include "optim/least_squares.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace mlwb::labs::optimizers {

using ui::Parameter;

namespace {

optim::RegressionProblem loadDiabetes()
{
    QFile file(QStringLiteral(":/datasets/diabetes.csv"));
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error("the bundled data set diabetes.csv is missing from the program's resources");
    const QByteArray text = file.readAll();
    const auto table = data::parseNumericCsv(std::string_view(text.constData(), size_t(text.size())), "diabetes.csv");
    return optim::standardizedRegression(table, "progression");
}

struct Run {
    QString key, name;
    int batchSize;
    optim::MiniBatchResult result;
};

// How many points of a loss curve lie at or before `epoch`.
size_t countUpTo(const optim::MiniBatchResult& r, double epoch)
{
    return size_t(std::upper_bound(r.epochs.begin(), r.epochs.end(), epoch) - r.epochs.begin());
}

ui::ChartSpec weightBars(const optim::RegressionProblem& problem, const optim::Vec& exact, const QList<Run>& runs)
{
    ui::ChartSpec chart;
    chart.id = "weights";
    chart.title = "Learned weights against the least-squares solution";
    chart.x = {"feature (standardized)", false, {}, {}};
    chart.y = {"weight (standard deviations of the target per standard deviation)", false, {}, {}};
    ui::BarsSpec bars;
    for (const std::string& name : problem.featureNames)
        bars.categories << qs(name);
    ui::BarsSpec::Set closed{.name = "least squares (closed form)", .colorIndex = 7};
    for (int i = 0; i < exact.size(); ++i)
        closed.values << exact[i];
    bars.sets << closed;
    for (int r = 0; r < runs.size(); ++r) {
        if (runs[r].result.diverged)
            continue;  // its last finite weights are meaningless; the notes say it diverged
        ui::BarsSpec::Set set{.name = runs[r].name, .colorIndex = r};
        for (int i = 0; i < runs[r].result.weights.size(); ++i)
            set.values << runs[r].result.weights[i];
        bars.sets << set;
    }
    bars.valueLabels = false;  // 44 bars: labels would overlap; the hover shows values
    chart.bars = bars;
    return chart;
}

void run(ui::RunContext& ctx)
{
    const optim::RegressionProblem problem = loadDiabetes();
    const optim::LeastSquares& f = problem.objective;
    const int n = f.samples();
    const int batch = std::min(ctx.integer("batch_size"), n);
    const int epochs = ctx.integer("epochs");
    const optim::Method method = optim::methodFromName(ctx.choice("optimizer").toStdString());
    optim::Hyperparameters h = optim::defaultHyperparameters(method);
    h.learningRate = ctx.real("learning_rate");

    QList<Run> runs{{"full_batch", QStringLiteral("full batch (%1 rows)").arg(n), n, {}},
                    {"mini_batch", QStringLiteral("mini-batch of %1").arg(batch), batch, {}},
                    {"stochastic", QStringLiteral("stochastic (1 row)"), 1, {}}};
    const optim::Vec zero = optim::Vec::Zero(f.dimension());
    for (Run& r : runs) {
        auto opt = optim::makeOptimizer(method, h);
        optim::MiniBatchOptions options;
        options.batchSize = r.batchSize;
        options.epochs = epochs;
        options.seed = ctx.seed();
        r.result = optim::trainMiniBatch(f, *opt, zero, options, {}, ctx.stopToken());
        if (ctx.stopRequested())
            return;
    }
    const optim::Vec exact = f.closedFormSolution();
    const double optimum = f.value(exact);

    // The loss axis fits the runs that did not diverge (the start, ½·mean(y²) = 0.5, at
    // least): a diverged curve leaves through the top instead of flattening the others.
    double top = f.value(zero);
    for (const Run& r : runs)
        if (!r.result.diverged)
            top = std::max(top, *std::max_element(r.result.loss.begin(), r.result.loss.end()));

    ui::ChartSpec loss;
    loss.id = "loss";
    loss.title = QStringLiteral("Training loss on diabetes.csv (%1, η = %2)")
                     .arg(qs(std::string(optim::methodName(method)))).arg(h.learningRate);
    loss.x = {"epoch (passes over the 442 rows)", false, 0.0, double(epochs)};
    loss.y = {"loss ½·mean squared error (standardized target)", false, 0.0, top * 1.05};
    for (int r = 0; r < runs.size(); ++r)
        loss.series << pathSeries(runs[r].name, {}, r, false);
    ui::SeriesSpec best;
    best.name = QStringLiteral("least-squares optimum %1").arg(optimum, 0, 'f', 4);
    best.points = {{0.0, optimum}, {double(epochs), optimum}};
    best.colorIndex = 7;
    best.dashed = true;
    best.width = 1.5;
    loss.series << best;
    ctx.publish(loss);
    std::vector<ui::SeriesStream> curves;
    std::vector<size_t> sent(size_t(runs.size()), 0);
    for (int r = 0; r < runs.size(); ++r)
        curves.push_back(ctx.stream(loss.id, r));
    // The curves grow over kFrames animation frames of equal epoch spans.
    constexpr size_t kFrames = 600;
    const bool ok = replay(ctx, kFrames, [&](size_t, size_t to) {
        const double epoch = double(epochs) * double(to) / double(kFrames);
        for (int r = 0; r < runs.size(); ++r) {
            const optim::MiniBatchResult& res = runs[r].result;
            const size_t count = to == kFrames ? res.epochs.size() : countUpTo(res, epoch);
            QList<QPointF> block;
            for (size_t i = sent[size_t(r)]; i < count; ++i)
                block.append({res.epochs[i], res.loss[i]});
            curves[size_t(r)].append(block);
            sent[size_t(r)] = std::max(sent[size_t(r)], count);
        }
    });
    if (!ok)
        return;
    ctx.publish(weightBars(problem, exact, runs));

    ctx.metric("optimum_loss", optimum);
    for (const Run& r : runs) {
        const auto& res = r.result;
        const double distance = (res.weights - exact).norm();
        if (res.diverged)
            ctx.note(QStringLiteral("%1 %2.").arg(r.name, qs(res.divergenceMessage())));
        else
            ctx.note(QStringLiteral("%1: %2 updates, final loss %3 (optimum %4), weights %5 from the closed form.")
                         .arg(r.name).arg(res.loss.size() - 1).arg(res.loss.back(), 0, 'f', 4).arg(optimum, 0, 'f', 4)
                         .arg(distance, 0, 'g', 3));
        QJsonObject m{{"batch_size", r.batchSize},
                      {"updates", qint64(res.loss.size() - 1)},
                      {"final_loss", res.loss.back()},
                      {"distance_to_least_squares", distance}};
        if (res.diverged)
            m["diverged_at"] = res.divergedAt;
        ctx.metric(r.key, m);
    }
}

QStringList methodNames()
{
    QStringList names;
    for (optim::Method m : optim::allMethods)
        names << qs(std::string(optim::methodName(m)));
    return names;
}
} // namespace

ui::Step miniBatchStep()
{
    ui::Step s;
    s.id = "minibatch";
    s.title = "Batch, mini-batch and stochastic";
    s.textFile = ":/labs/optimizers/minibatch.md";
    s.parameters = {
        Parameter::integer("batch_size", "Mini-batch size", 32, 2, 442, "Rows per update of the middle contender"),
        Parameter::real("learning_rate", "Learning rate η", 0.02, 1e-4, 2, true, 4),
        Parameter::integer("epochs", "Epochs", 30, 1, 300),
        Parameter::choice("optimizer", "Optimizer", methodNames(), "SGD"),
    };
    s.run = run;
    return s;
}

} // namespace mlwb::labs::optimizers
