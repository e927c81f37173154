// Step 3: a large network on a few rows with no penalty memorises them: the validation loss
// turns up. Early stopping finds the turn; an L2 penalty closes the gap between the curves.
#include "training/charts.h"
#include "training/session.h"
#include "training/steps.h"

#include "common/tensor_charts.h"
#include "core/input_error.h"
#include "models/design_matrix.h"
#include "models/mlp.h"
#include "models/observers.h"

#include <random>

namespace mlwb::labs::training {

namespace {

using ui::Parameter;

// `rows` training rows drawn at random (the split lists rows in file order, often by class).
models::LabeledData fewRows(const models::LabeledData& train, int rows, std::uint64_t seed)
{
    std::vector<std::size_t> order(train.rows());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(seed);
    for (std::size_t i = order.size() - 1; i > 0; --i)
        std::swap(order[i], order[std::size_t(rng() % (i + 1))]);
    order.resize(std::min(order.size(), std::size_t(rows)));
    std::vector<int> codes(train.y.begin(), train.y.end());
    models::LabeledData d = models::selectRows(train.x, codes, order);
    if (std::all_of(d.y.begin(), d.y.end(), [&](int y) { return y == d.y.front(); }))
        throw InputError(QStringLiteral("the %1 rows drawn all have one class; use more rows").arg(rows).toStdString());
    return d;
}

struct Run {
    models::TrainResult result;
    double validationAccuracy = 0;  // at the last epoch
};

double accuracyOn(const models::Classifier& m, const models::LabeledData& d)
{
    return double(m.evaluate(d.x, d.y).correct) / double(d.rows());
}

void run(ui::RunContext& ctx)
{
    const auto data = prepare(ctx);
    const int rows = ctx.integer("rows");
    const models::LabeledData few = fewRows(data->train, rows, ctx.seed());
    const int epochs = ctx.integer("overfit_epochs");
    const double l2 = ctx.real("overfit_l2");
    const int patience = ctx.integer("overfit_patience");
    models::Mlp::Options shape{.inputs = int(few.x.cols()),
                               .hidden = {ctx.integer("units"), ctx.integer("units")},
                               .classes = int(data->classes.names.size())};
    models::TrainOptions options{.method = optim::Method::Adam,
                                 .hyper = optim::defaultHyperparameters(optim::Method::Adam),
                                 .batchSize = 0,
                                 .epochs = epochs,
                                 .seed = ctx.seed()};
    options.hyper.learningRate = ctx.real("overfit_learning_rate");

    ui::ChartSpec loss = lossCurves("loss", QStringLiteral("%1 rows, %2 weights: memorising, then held back by L2")
                                                .arg(few.rows())
                                                .arg(models::Mlp(shape).parameters().size()),
                                    epochs);
    loss.series = {};
    const auto addLine = [&](const QString& name, int color, bool dashed) {
        ui::SeriesSpec s;
        s.name = name;
        s.colorIndex = color;
        s.dashed = dashed;
        loss.series << s;
    };
    addLine("training, no L2", kTrainColor, true);
    addLine("validation, no L2", kValidationColor, true);
    addLine(QStringLiteral("training, L2 %1").arg(l2), kTrainColor, false);
    addLine(QStringLiteral("validation, L2 %1").arg(l2), kValidationColor, false);
    loss.y.max = {};
    ctx.publish(loss);

    // Early stopping watches the unpenalised run without ending it, so the whole upturn shows;
    // at the end it puts back the weights of its best epoch.
    models::EarlyStopping early(patience);
    int wouldStopAt = 0;
    double earlyAccuracy = 0;
    Run runs[2];
    for (int r = 0; r < 2 && !ctx.stopRequested(); ++r) {
        models::Mlp model(shape);
        models::TrainOptions o = options;
        o.l2 = r == 0 ? 0.0 : l2;
        ui::SeriesStream trainCurve = ctx.stream("loss", 2 * r), validationCurve = ctx.stream("loss", 2 * r + 1);
        models::StopOnToken stop(ctx.stopToken());
        models::EpochCallback live([&](models::Classifier& m, const models::EpochStats& s) {
            trainCurve.append(lossPoint(s, false));
            validationCurve.append(lossPoint(s, true));
            if (r == 0 && early.onEpochEnd(m, s) && wouldStopAt == 0)
                wouldStopAt = s.epoch;
            ctx.progress((r + double(s.epoch) / epochs) / 2);
            ctx.pace(r * epochs + s.epoch, 2.0 * epochs);
            return false;
        });
        models::TrainingObserver* observers[] = {&stop, &live};
        if (r == 0)
            early.onBegin(model, o);
        runs[r].result = models::train(model, few, data->validation, o, observers);
        runs[r].validationAccuracy = accuracyOn(model, data->validation);
        if (r == 0) {
            early.onEnd(model, runs[r].result);
            earlyAccuracy = accuracyOn(model, data->validation);
        }
        if (runs[r].result.end == models::TrainResult::End::Diverged)
            ctx.note(qs(runs[r].result.message));
    }
    if (ctx.stopRequested() || runs[0].result.history.empty() || runs[1].result.history.empty())
        return;  // stopped, or diverged in the first epoch (a note says so)

    // The whole picture once more, with early stopping's epoch marked.
    for (int r = 0; r < 2; ++r)
        for (const auto& s : runs[r].result.history) {
            loss.series[2 * r].points << lossPoint(s, false);
            loss.series[2 * r + 1].points << lossPoint(s, true);
        }
    if (early.bestEpoch() > 0)
        loss.annotations << ui::AnnotationSpec{
            .kind = ui::AnnotationSpec::Kind::VerticalLine,
            .x = double(early.bestEpoch()),
            .label = QStringLiteral("early stopping: best epoch %1%2")
                         .arg(early.bestEpoch())
                         .arg(wouldStopAt > 0 ? QStringLiteral(", stops at %1").arg(wouldStopAt) : QString()),
            .colorIndex = kMarkerColor};
    ctx.publish(loss);

    const auto gap = [](const models::TrainResult& r) {
        return r.history.empty() ? 0.0 : r.history.back().validationLoss - r.history.back().trainLoss;
    };
    ui::BarsSpec bars;
    bars.categories = {"no L2, last epoch", QStringLiteral("no L2, early stopping (epoch %1)").arg(early.bestEpoch()),
                       QStringLiteral("L2 %1, last epoch").arg(l2)};
    const models::EpochStats* best = early.bestEpoch() > 0 ? &runs[0].result.history[std::size_t(early.bestEpoch() - 1)] : nullptr;
    bars.sets = {{.name = "validation loss − training loss",
                  .values = {gap(runs[0].result), best ? best->validationLoss - best->trainLoss : 0.0, gap(runs[1].result)},
                  .colorIndex = kValidationColor}};
    bars.labelPrecision = 3;
    ui::ChartSpec gapChart;
    gapChart.id = "gap";
    gapChart.title = "The generalisation gap at the end of each run";
    gapChart.x = {"model", false, {}, {}};
    gapChart.y = {"validation − training loss (nats per row)", false, {}, {}};
    gapChart.bars = bars;
    ctx.publish(gapChart);
    ctx.figure({.id = "overfitting", .title = "Overfitting on purpose", .rows = 1, .cols = 2,
                .panels = {{.chart = "loss"}, {.chart = "gap", .col = 1}}});

    ctx.note(QStringLiteral("Without a penalty the network drives the training loss to %1 on its %2 rows while the "
                            "validation loss bottoms out at epoch %3 and ends %4× higher than its best: it memorised.")
                 .arg(runs[0].result.history.back().trainLoss, 0, 'g', 2)
                 .arg(few.rows())
                 .arg(early.bestEpoch())
                 .arg(runs[0].result.history.back().validationLoss / std::max(early.bestLoss(), 1e-12), 0, 'f', 1));
    ctx.note(QStringLiteral("Validation accuracy: %1% at the last epoch without L2, %2% with early stopping's weights "
                            "(epoch %3), %4% with L2 %5.")
                 .arg(100 * runs[0].validationAccuracy, 0, 'f', 1)
                 .arg(100 * earlyAccuracy, 0, 'f', 1)
                 .arg(early.bestEpoch())
                 .arg(100 * runs[1].validationAccuracy, 0, 'f', 1)
                 .arg(l2));
    ctx.metric("best_epoch", early.bestEpoch());
    ctx.metric("no_l2_last_validation_accuracy", runs[0].validationAccuracy);
    ctx.metric("early_stopping_validation_accuracy", earlyAccuracy);
    ctx.metric("l2_validation_accuracy", runs[1].validationAccuracy);
    ctx.metric("gap_no_l2", gap(runs[0].result));
    ctx.metric("gap_l2", gap(runs[1].result));
    ctx.metric("no_l2_validation_rise", runs[0].result.history.back().validationLoss / std::max(early.bestLoss(), 1e-12));
}

} // namespace

ui::Step overfittingStep()
{
    ui::Step s;
    s.id = "overfitting";
    s.title = "Overfitting on purpose";
    s.textFile = ":/labs/training/overfitting.md";
    s.parameters = datasetParameters("breast_cancer");
    for (auto& p : sessionParameters())
        if (p.name == "pipeline" || p.name == "validation_fraction" || p.name == "test_fraction")
            s.parameters << p;
    s.parameters << Parameter::integer("rows", "Training rows used", 40, 10, 100000, "A few rows: easy to memorise")
                 << Parameter::integer("units", "Units per hidden layer (2 layers)", 256, 8, 2048)
                 << Parameter::integer("overfit_epochs", "Epochs", 300, 10, 5000)
                 << Parameter::real("overfit_learning_rate", "Learning rate (Adam)", 0.0003, 1e-5, 1.0, true, 5)
                 << Parameter::real("overfit_l2", "L2 penalty", 0.05, 0.0, 1.0, false, 4,
                                    "The penalty of the second run; the first has none")
                 << Parameter::integer("overfit_patience", "Early-stopping patience", 20, 1, 1000);
    s.run = run;
    return s;
}

} // namespace mlwb::labs::training
