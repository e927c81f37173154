// Step 2: train the model of step 1 and watch its loss and accuracy grow, epoch by epoch.
#include "training/charts.h"
#include "training/session.h"
#include "training/steps.h"

#include "common/tensor_charts.h"
#include "models/observers.h"

namespace mlwb::labs::training {

namespace {

// Loss and accuracy curves with every epoch of a finished run (and early stopping's mark).
void publishCurves(ui::RunContext& ctx, const Trained& t)
{
    ui::ChartSpec loss = lossCurves("loss", "Loss while training", t.epochsPlanned);
    ui::ChartSpec accuracy = accuracyCurves("accuracy", t.epochsPlanned);
    for (const auto& s : t.result.history)
        for (int v = 0; v < 2; ++v) {
            loss.series[v].points << lossPoint(s, v == 1);
            accuracy.series[v].points << accuracyPoint(s, v == 1);
        }
    if (t.bestEpoch > 0) {
        loss.annotations << bestEpochMarker(t.bestEpoch);
        accuracy.annotations << bestEpochMarker(t.bestEpoch);
    }
    ctx.publish(loss);
    ctx.publish(accuracy);
}

void run(ui::RunContext& ctx)
{
    const auto data = prepare(ctx);
    const int epochs = ctx.integer("epochs");
    ctx.publish(lossCurves("loss", "Loss while training", epochs));
    ctx.publish(accuracyCurves("accuracy", epochs));
    ctx.figure({.id = "curves", .title = "Training curves", .rows = 1, .cols = 2,
                .panels = {{.chart = "loss"}, {.chart = "accuracy", .col = 1}}});
    ui::SeriesStream trainLoss = ctx.stream("loss", 0), validationLoss = ctx.stream("loss", 1);
    ui::SeriesStream trainAccuracy = ctx.stream("accuracy", 0), validationAccuracy = ctx.stream("accuracy", 1);
    models::EpochCallback live([&](models::Classifier&, const models::EpochStats& s) {
        trainLoss.append(lossPoint(s, false));
        validationLoss.append(lossPoint(s, true));
        trainAccuracy.append(accuracyPoint(s, false));
        validationAccuracy.append(accuracyPoint(s, true));
        return false;
    });
    models::TrainingObserver* observers[] = {&live};
    const auto t = trainModel(ctx, data, observers);
    if (t->bestEpoch > 0)
        publishCurves(ctx, *t);  // once more, with early stopping's mark

    ctx.note(t->summary() + ".");
    if (!t->result.history.empty()) {
        const auto& last = t->result.history.back();
        ctx.note(QStringLiteral("Last epoch: training loss %1, validation loss %2; accuracy %3% on training rows and "
                                "%4% on validation rows; gradient norm %5; %6 in all.")
                     .arg(last.trainLoss, 0, 'g', 3)
                     .arg(last.validationLoss, 0, 'g', 3)
                     .arg(100 * last.trainAccuracy, 0, 'f', 1)
                     .arg(100 * last.validationAccuracy, 0, 'f', 1)
                     .arg(last.gradientNorm, 0, 'g', 2)
                     .arg(formatSeconds(last.seconds)));
    }
    if (ctx.stopRequested()) {
        ctx.note("Stopped: the later steps use the model as it is now. Run this step again to train anew.");
        ctx.metric("epochs_run", t->result.epochsRun());
        return;
    }
    reportModel(ctx, *t);
}

} // namespace

ui::Step trainStep()
{
    ui::Step s;
    s.id = "train";
    s.title = "Train, live";
    s.textFile = ":/labs/training/train.md";
    s.parameters = sessionParameters();
    s.run = run;
    return s;
}

} // namespace mlwb::labs::training
