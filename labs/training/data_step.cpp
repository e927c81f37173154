// Step 1: the data set, its label and pipeline, the split and the model, before training.
#include "training/charts.h"
#include "training/session.h"
#include "training/steps.h"

#include "common/tensor_charts.h"

#include <QLocale>

namespace mlwb::labs::training {

namespace {

ui::ChartSpec setupTable(ui::RunContext& ctx, const Prepared& d, const ModelSetup& m)
{
    const QLocale en(QLocale::English);
    ui::TableSpec t;
    t.header = {"", "setting"};
    const int batch = m.options.batchSize;
    t.rows << QStringList{"data set", QStringLiteral("%1: %2 rows").arg(d.dataName(), en.toString(qint64(d.dataset->table.rowCount())))}
           << QStringList{"label", QStringLiteral("%1: %2 classes (%3)")
                                       .arg(qs(d.label))
                                       .arg(d.classes.names.size())
                                       .arg(d.classNames().mid(0, 6).join(", ") + (d.classes.names.size() > 6 ? ", …" : ""))}
           << QStringList{"pipeline", d.pipeline}
           << QStringList{"split", QStringLiteral("%1 training, %2 validation, %3 test rows (stratified, seed %4)")
                                       .arg(d.train.rows())
                                       .arg(d.validation.rows())
                                       .arg(d.test.rows())
                                       .arg(ctx.seed())}
           << QStringList{"model", describeModel(*m.model)}
           << QStringList{"optimizer", QStringLiteral("%1, learning rate %2").arg(m.optimizerName).arg(m.options.hyper.learningRate)}
           << QStringList{"batches", batch <= 0 || std::size_t(batch) >= d.train.rows()
                                         ? QStringLiteral("full batch: one update per epoch")
                                         : QStringLiteral("%1 rows: %2 updates per epoch")
                                               .arg(batch)
                                               .arg((d.train.rows() + std::size_t(batch) - 1) / std::size_t(batch))}
           << QStringList{"epochs", QString::number(m.options.epochs) +
                                        (m.patience > 0 ? QStringLiteral(", early stopping after %1 without improvement").arg(m.patience)
                                                        : QString())}
           << QStringList{"L2 penalty", m.options.l2 > 0 ? QString::number(m.options.l2) : QStringLiteral("none")};
    ui::ChartSpec c;
    c.id = "setup";
    c.title = "What will be trained";
    c.table = t;
    return c;
}

void run(ui::RunContext& ctx)
{
    const auto d = prepare(ctx);
    const ModelSetup m = modelSetup(ctx, *d);
    ctx.publish(setupTable(ctx, *d, m));
    ctx.publish(classBalance(*d));
    const auto counts = d->classes.counts();
    const auto [fewest, most] = std::minmax_element(counts.begin(), counts.end());
    const double baseline = double(*most) / double(d->classes.codes.size());
    ctx.note(QStringLiteral("The largest class, %1, is %2% of the rows: a model that always answers it scores %2% "
                            "accuracy. Anything useful must beat that.")
                 .arg(qs(d->classes.names[std::size_t(most - counts.begin())]))
                 .arg(100 * baseline, 0, 'f', 1));
    if (double(*fewest) < 0.5 * double(*most))
        ctx.note(QStringLiteral("The classes are unbalanced (%1 to %2 rows): accuracy flatters the model; look at "
                                "recall per class in the confusion step.")
                     .arg(*fewest)
                     .arg(*most));
    if (d->savedPipeline)
        ctx.note("The pipeline was loaded from a saved file: it was fitted where it was saved, and is applied here "
                 "unchanged to every row.");
    ctx.metric("rows", qint64(d->dataset->table.rowCount()));
    ctx.metric("features", qint64(d->train.x.cols()));
    ctx.metric("classes", QJsonArray::fromStringList(d->classNames()));
    ctx.metric("train_rows", qint64(d->train.rows()));
    ctx.metric("validation_rows", qint64(d->validation.rows()));
    ctx.metric("test_rows", qint64(d->test.rows()));
    ctx.metric("weights", qint64(m.model->parameters().size()));
}

} // namespace

ui::Step dataStep()
{
    ui::Step s;
    s.id = "data";
    s.title = "Data and model";
    s.textFile = ":/labs/training/data.md";
    s.parameters = sessionParameters();
    s.run = run;
    return s;
}

} // namespace mlwb::labs::training
