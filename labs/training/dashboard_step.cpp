// Step 7: the course's 2×2 figure — loss curves, confusion heatmap, feature importance and
// prediction histogram — filling in while the model trains, exported as one image.
#include "training/charts.h"
#include "training/session.h"
#include "training/steps.h"

#include "common/tensor_charts.h"
#include "core/cancelled.h"
#include "models/observers.h"

namespace mlwb::labs::training {

namespace {

constexpr int kTop = 10;

// The three panels computed from the model as it is now (all but the loss curves).
void publishModelPanels(ui::RunContext& ctx, const Prepared& d, const models::Classifier& model,
                        const models::FeatureImportance& imp, int repeats)
{
    const QStringList classes = d.classNames();
    const auto confusion = metrics::confusionMatrix(d.test.y, model.predict(d.test.x), int(classes.size()));
    ctx.publish(confusionHeatmap("confusion", confusion, classes, metrics::Normalize::None,
                                 QStringLiteral("%1 test rows").arg(d.test.rows())));
    ui::ChartSpec importance = importanceBars("importance", imp, d.featureNames, kTop, repeats);
    importance.bars->valueLabels = false;  // a quarter of the window: the whiskers and the axis say enough
    ctx.publish(importance);
    ctx.publish(probabilityHistogram("probabilities", model.predictProba(d.test.x), d.test.y, classes, 20));
}

void run(ui::RunContext& ctx)
{
    const auto data = prepare(ctx);
    const int epochs = ctx.integer("epochs");
    ui::ChartSpec loss = lossCurves("loss", "Loss while training", epochs);
    ctx.publish(loss);
    ctx.figure({.id = "dashboard",
                .title = QStringLiteral("Training dashboard: %1 on %2").arg(qs(modelSetup(ctx, *data).model->describe()),
                                                                            data->dataName()),
                .rows = 2,
                .cols = 2,
                .panels = {{.chart = "loss"},
                           {.chart = "confusion", .col = 1},
                           {.chart = "importance", .row = 1},
                           {.chart = "probabilities", .row = 1, .col = 1}}});
    ui::SeriesStream trainLoss = ctx.stream("loss", 0), validationLoss = ctx.stream("loss", 1);
    models::EpochCallback curves([&](models::Classifier&, const models::EpochStats& s) {
        trainLoss.append(lossPoint(s, false));
        validationLoss.append(lossPoint(s, true));
        return false;
    });
    // The other panels cost a pass over the test and validation rows: twice a second at most
    // (one shuffle per feature while training; the full repeats at the end).
    models::Throttle panels(std::chrono::milliseconds(500), [&](const models::Classifier& m, const models::EpochStats&) {
        try {
            const auto quick = models::permutationImportance(m, data->validation, 1, ctx.seed(), ctx.stopToken());
            publishModelPanels(ctx, *data, m, quick, 1);
        } catch (const Cancelled&) {  // Stop: training ends at the next batch and keeps its model
        }
    });
    models::TrainingObserver* observers[] = {&curves, &panels};
    const auto t = trainModel(ctx, data, observers);
    if (t->result.history.empty())
        return;  // diverged in the first epoch: trainModel's note says why
    const auto imp = importanceOf(ctx, *t, kImportanceRepeats);
    publishModelPanels(ctx, *data, *t->model, *imp, kImportanceRepeats);
    if (t->bestEpoch > 0) {
        for (const auto& s : t->result.history) {
            loss.series[0].points << lossPoint(s, false);
            loss.series[1].points << lossPoint(s, true);
        }
        loss.annotations << bestEpochMarker(t->bestEpoch);
        ctx.publish(loss);
    }
    ctx.note(t->summary() + ". Export the figure (right-click or File → Export Figure) for one image of all four panels.");
    if (!ctx.stopRequested())
        reportModel(ctx, *t, *imp);
}

} // namespace

ui::Step dashboardStep()
{
    ui::Step s;
    s.id = "dashboard";
    s.title = "The dashboard";
    s.textFile = ":/labs/training/dashboard.md";
    s.parameters = sessionParameters();
    s.run = run;
    return s;
}

} // namespace mlwb::labs::training
