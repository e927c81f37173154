// Step 4: where the model goes wrong: the confusion matrix of the test rows, per-class
// precision, recall and F1, and the pair of classes it confuses most.
#include "training/charts.h"
#include "training/session.h"
#include "training/steps.h"

#include "common/tensor_charts.h"

namespace mlwb::labs::training {

namespace {

metrics::Normalize normalizeOf(const QString& choice)
{
    if (choice == "true")
        return metrics::Normalize::ByTrue;
    if (choice == "predicted")
        return metrics::Normalize::ByPredicted;
    return metrics::Normalize::None;
}

void run(ui::RunContext& ctx)
{
    const auto t = currentModel(ctx);
    const Prepared& d = *t->data;
    const QStringList classes = d.classNames();
    const auto confusion = metrics::confusionMatrix(d.test.y, t->model->predict(d.test.x), int(classes.size()));
    const auto report = metrics::classificationReport(confusion);
    ctx.publish(confusionHeatmap("confusion", confusion, classes, normalizeOf(ctx.choice("normalize")),
                                 QStringLiteral("%1 test rows").arg(d.test.rows())));
    ctx.publish(classReportTable(report, classes));
    ctx.figure({.id = "confusion-report", .title = QStringLiteral("Where %1 goes wrong").arg(qs(t->model->describe())),
                .rows = 1, .cols = 2, .panels = {{.chart = "confusion"}, {.chart = "report", .col = 1}}});

    ctx.note(t->summary() + ".");
    const auto [truth, predicted] = metrics::mostConfusedPair(confusion);
    if (truth < 0) {
        ctx.note(QStringLiteral("No test row is misclassified: all %1 lie on the diagonal.").arg(d.test.rows()));
    } else {
        const long count = confusion.at(truth, predicted);
        const long support = report.support[std::size_t(truth)];
        ctx.note(QStringLiteral("Most confused: %1 true %2 row%3 predicted as %4 (%5% of the %6 %2 rows).")
                     .arg(count)
                     .arg(classes[truth])
                     .arg(count == 1 ? "" : "s")
                     .arg(classes[predicted])
                     .arg(100.0 * double(count) / double(std::max(support, 1L)), 0, 'f', 1)
                     .arg(support));
    }
    std::size_t worst = 0;
    for (std::size_t k = 1; k < report.recall.size(); ++k)
        if (report.recall[k] < report.recall[worst])
            worst = k;
    ctx.note(QStringLiteral("Recall is lowest for %1 (%2): of its rows, that share is found. Precision %3 says how "
                            "often a prediction of %1 is right.")
                 .arg(classes[int(worst)])
                 .arg(report.recall[worst], 0, 'f', 3)
                 .arg(report.precision[worst], 0, 'f', 3));
    reportModel(ctx, *t);
    ctx.metric("macro_f1", report.macroF1);
    ctx.metric("weighted_f1", report.weightedF1);
}

} // namespace

ui::Step confusionStep()
{
    ui::Step s;
    s.id = "confusion";
    s.title = "Confusion matrix";
    s.textFile = ":/labs/training/confusion.md";
    s.parameters = sessionParameters();
    s.parameters << ui::Parameter::choice("normalize", "Show", {"counts", "true", "predicted"}, "counts",
                                          "counts; true: each row as shares of its true class (recall on the "
                                          "diagonal); predicted: each column as shares of its predicted class "
                                          "(precision on the diagonal)");
    s.run = run;
    return s;
}

} // namespace mlwb::labs::training
