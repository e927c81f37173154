// Step 6: how sure the model is. Binary labels: the predicted probability per true class,
// the ROC and precision–recall curves and calibration; more classes: the winning class's
// probability for right and wrong answers.
#include "training/charts.h"
#include "training/session.h"
#include "training/steps.h"

#include "common/tensor_charts.h"
#include "metrics/curves.h"

namespace mlwb::labs::training {

namespace {

void run(ui::RunContext& ctx)
{
    const auto t = currentModel(ctx);
    const Prepared& d = *t->data;
    const QStringList classes = d.classNames();
    const models::Matrix p = t->model->predictProba(d.test.x);
    ctx.publish(probabilityHistogram("probabilities", p, d.test.y, classes, ctx.integer("bins")));
    ctx.note(t->summary() + ".");
    if (d.binary()) {
        const std::vector<double> score(p.col(1).data(), p.col(1).data() + p.rows());
        ctx.publish(rocChart(d.test.y, score, classes[1]));
        ctx.publish(precisionRecallChart(d.test.y, score, classes[1]));
        ctx.publish(calibrationChart(d.test.y, score, ctx.integer("calibration_bins"), classes[1]));
        ctx.figure({.id = "predictions", .title = "How sure the model is, and how right", .rows = 2, .cols = 2,
                    .panels = {{.chart = "probabilities"},
                               {.chart = "roc", .col = 1},
                               {.chart = "precision-recall", .row = 1},
                               {.chart = "calibration", .row = 1, .col = 1}}});
        const double auc = metrics::rocAuc(d.test.y, score);
        ctx.note(QStringLiteral("AUC %1: a random %2 row gets a higher P(%2) than a random %3 row %4% of the time. "
                                "Average precision %5.")
                     .arg(auc, 0, 'f', 3)
                     .arg(classes[1], classes[0])
                     .arg(100 * auc, 0, 'f', 1)
                     .arg(metrics::averagePrecision(d.test.y, score), 0, 'f', 3));
    } else {
        long confidentWrong = 0, wrong = 0;
        for (Eigen::Index i = 0; i < p.rows(); ++i) {
            Eigen::Index best = 0;
            const double top = p.row(i).maxCoeff(&best);
            if (best != d.test.y[std::size_t(i)]) {
                ++wrong;
                confidentWrong += top > 0.9;
            }
        }
        ctx.note(QStringLiteral("%1 of %2 test rows are wrong; %3 of those with more than 90% confidence. Right "
                                "answers should pile up near 1, wrong ones spread lower.")
                     .arg(wrong)
                     .arg(p.rows())
                     .arg(confidentWrong));
    }
    reportModel(ctx, *t);
}

} // namespace

ui::Step predictionsStep()
{
    ui::Step s;
    s.id = "predictions";
    s.title = "Prediction distribution";
    s.textFile = ":/labs/training/predictions.md";
    s.parameters = sessionParameters();
    s.parameters << ui::Parameter::integer("bins", "Histogram bins", 20, 5, 100)
                 << ui::Parameter::integer("calibration_bins", "Calibration bins", 10, 3, 50);
    s.run = run;
    return s;
}

} // namespace mlwb::labs::training
