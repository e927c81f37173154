// Step 5: the reusable pipeline. Fit on the training split, transform the test split, show
// what was learned, save it as JSON, load it back and check the output is bit-identical;
// then the leakage lesson: the same statistics fitted on all rows.
#include "common/dataset.h"
#include "preprocessing/steps.h"

#include "common/feature_pipeline.h"

#include "common/tensor_charts.h"
#include "core/input_error.h"
#include "preprocess/column_transformer.h"
#include "preprocess/one_hot_encoder.h"
#include "preprocess/pipeline.h"
#include "preprocess/scalers.h"
#include "preprocess/simple_imputer.h"
#include "preprocess/split.h"
#include "preprocess/statistics.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cmath>
#include <cstring>

namespace mlwb::labs::preprocessing {

namespace {

using namespace preprocess;
using data::ColumnType;

bool sameBits(const data::Table& a, const data::Table& b)
{
    if (a.columnCount() != b.columnCount() || a.rowCount() != b.rowCount())
        return false;
    for (std::size_t c = 0; c < a.columnCount(); ++c) {
        const auto& x = a.columns[c];
        const auto& y = b.columns[c];
        if (x.name != y.name || x.type != y.type || x.numbers.size() != y.numbers.size() || x.codes != y.codes)
            return false;
        if (!x.numbers.empty() && std::memcmp(x.numbers.data(), y.numbers.data(), x.numbers.size() * sizeof(double)) != 0)
            return false;
    }
    return true;
}

// Six significant digits for the eye; the saved JSON keeps every bit.
QString shortNumber(const std::string& value)
{
    bool ok = false;
    const double v = qs(value).toDouble(&ok);
    return ok ? QString::number(v, 'g', 6) : qs(value);
}

ui::ChartSpec learnedTable(const Pipeline& p)
{
    ui::TableSpec table;
    table.header = {"step", "column", "learned", "value"};
    for (const auto& l : p.learned())
        table.rows << QStringList{qs(l.step), qs(l.column), qs(l.name), shortNumber(l.value)};
    const auto total = table.rows.size();
    if (total > 24) {  // the table's job is to show the kinds of state; the JSON has all of it
        table.rows = table.rows.mid(0, 23);
        table.rows << QStringList{"…", QStringLiteral("%1 more").arg(total - 23), "", ""};
    }
    ui::ChartSpec chart;
    chart.id = "learned";
    chart.title = QStringLiteral("What fit() learned from the training rows (%1 values)").arg(total);
    chart.table = table;
    return chart;
}

// Class shares in all rows, the training rows and the test rows.
ui::ChartSpec splitBars(const data::Table& t, const std::string& target, const Split& split)
{
    const auto& label = t.column(target);
    ui::BarsSpec b;
    const auto shares = [&](const std::vector<std::size_t>& rows) {
        QList<double> s(qsizetype(label.levels.size()), 0.0);
        std::size_t n = 0;
        for (const auto r : rows)
            if (label.codes[r] >= 0) {
                s[label.codes[r]] += 1;
                ++n;
            }
        for (auto& v : s)
            v = 100.0 * v / double(std::max<std::size_t>(n, 1));
        return s;
    };
    std::vector<std::size_t> all(t.rowCount());
    for (std::size_t r = 0; r < all.size(); ++r)
        all[r] = r;
    for (const auto& l : label.levels)
        b.categories << qs(l);
    b.sets = {{QStringLiteral("all rows (%1)").arg(all.size()), shares(all), 6},
              {QStringLiteral("training (%1)").arg(split.train.size()), shares(split.train), 0},
              {QStringLiteral("test (%1)").arg(split.test.size()), shares(split.test), 1}};
    b.labelPrecision = 3;
    ui::ChartSpec chart;
    chart.id = "split";
    chart.title = QStringLiteral("Stratified split: each class keeps its share of %1").arg(qs(target));
    chart.x = {qs(target), false, {}, {}};
    chart.y = {"share of rows (%)", false, 0.0, {}};
    chart.bars = b;
    return chart;
}

// For each numeric feature: how far the mean that mean imputation and the standard scaler
// learn moves when the test rows are allowed into fit(), in training standard deviations.
ui::ChartSpec leakageBars(const Features& f, const data::Table& train, const data::Table& all, std::vector<double>* shifts)
{
    ui::BarsSpec b;
    ui::BarsSpec::Set mean{.name = "shift of the learned mean", .colorIndex = 3};
    for (const auto& name : f.numeric) {
        const auto stats = [&](const data::Table& t) {
            const auto ms = meanAndStd(t.column(name).numbers);
            return std::pair{ms.mean, ms.std};
        };
        const auto [mTrain, sdTrain] = stats(train);
        const auto [mAll, sdAll] = stats(all);
        b.categories << qs(name);
        mean.values << (sdTrain > 0 ? (mAll - mTrain) / sdTrain : 0.0);
        shifts->push_back(mean.values.back());
    }
    b.sets = {mean};
    b.labelPrecision = 2;
    ui::ChartSpec chart;
    chart.id = "leakage";
    chart.title = "Leakage: how the column means move when fit() also sees the test rows";
    chart.x = {"numeric feature", false, {}, {}};
    chart.y = {"mean(all rows) − mean(training) (training std)", false, {}, {}};
    chart.bars = b;
    return chart;
}

ui::ChartSpec outputPreview(const data::Table& out, int rows)
{
    ui::TableSpec table;
    const std::size_t cols = std::min<std::size_t>(out.columnCount(), 12);
    for (std::size_t c = 0; c < cols; ++c)
        table.header << qs(out.columns[c].name);
    for (std::size_t r = 0; r < std::min<std::size_t>(std::size_t(rows), out.rowCount()); ++r) {
        QStringList cells;
        for (std::size_t c = 0; c < cols; ++c)
            cells << (out.columns[c].type == ColumnType::Numeric ? cellNumber(out.columns[c].numbers[r])
                                                                 : QString::number(out.columns[c].codes[r]));
        table.rows << cells;
    }
    ui::ChartSpec chart;
    chart.id = "output";
    chart.title = QStringLiteral("The transformed test rows: %1 × %2 features%3")
                      .arg(out.rowCount())
                      .arg(out.columnCount())
                      .arg(cols < out.columnCount() ? QStringLiteral(" (first %1 shown)").arg(cols) : QString());
    chart.table = table;
    return chart;
}

// A mistyped path once saved the pipeline over the learner's CSV. A file this step saved
// before may be replaced; any other file only with the learner's consent, and never the
// data set the step reads.
void refuseToOverwrite(const ui::RunContext& ctx, const QString& path, const QString& dataset)
{
    const QFileInfo target(path);
    if (!target.exists())
        return;
    if (target.canonicalFilePath() == QFileInfo(dataset).canonicalFilePath())
        throw InputError("will not save the pipeline to \"" + path.toStdString() +
                         "\": that is the data set this step reads. Choose another path; nothing was written.");
    if (!Pipeline::isSavedPipelineFile(QFile::encodeName(path).toStdString()) && !ctx.mayReplace(path))
        throw ui::ReplaceNeedsConsent(target.canonicalFilePath(),
                                      "did not save the pipeline to \"" + path.toStdString() +
                                          "\": that file exists and is not a saved pipeline, so it would be lost. "
                                          "Choose another path, or agree to replace it (the window asks; on the "
                                          "command line add --force). Nothing was written.");
}

void run(ui::RunContext& ctx)
{
    const auto d = loadDataset(ctx);
    const data::Table& table = d->table;
    const std::string target = targetColumn(ctx, *d);
    const Features f = chooseFeatures(table, target);
    if (f.numeric.empty() && f.categorical.empty() && f.yesNo.empty())
        throw InputError("no feature columns to preprocess besides the label \"" + target + "\"");
    const double testFraction = ctx.real("test_fraction");
    const bool stratify = !target.empty() && table.column(target).type != ColumnType::Numeric;
    const Split split = stratify ? stratifiedSplit(table, target, testFraction, ctx.seed())
                                 : randomSplit(table.rowCount(), testFraction, ctx.seed());
    const data::Table train = table.selectRows(split.train);
    const data::Table test = table.selectRows(split.test);

    Pipeline pipeline = makePipeline(f, ctx.choice("impute"), ctx.choice("scaler"));
    pipeline.fit(train);
    const data::Table out = pipeline.transform(test);
    ctx.progress(0.6);

    // Save, load back, transform again: the same bits or the pipeline is not reusable.
    QString path = ctx.text("json").trimmed();
    QTemporaryDir temp;
    if (path.isEmpty())
        path = temp.filePath("pipeline.json");
    refuseToOverwrite(ctx, path, ctx.text("dataset").trimmed());
    pipeline.saveJson(path.toStdString());
    const Pipeline reloaded = Pipeline::loadJson(path.toStdString());
    const bool identical = sameBits(out, reloaded.transform(test));

    ctx.publish(learnedTable(pipeline));
    if (stratify)
        ctx.publish(splitBars(table, target, split));
    ctx.publish(outputPreview(out, ctx.integer("rows")));
    std::vector<double> shifts;
    if (!f.numeric.empty())
        ctx.publish(leakageBars(f, train, table, &shifts));

    ctx.note(QStringLiteral("Split %1 rows into %2 for training and %3 for testing (%4, seed %5).")
                 .arg(table.rowCount())
                 .arg(split.train.size())
                 .arg(split.test.size())
                 .arg(stratify        ? QStringLiteral("stratified by %1").arg(qs(target))
                      : target.empty() ? QStringLiteral("at random")
                                       : QStringLiteral("at random: the label \"%1\" is numeric%2, so there are no "
                                                        "classes to stratify by")
                                             .arg(qs(target),
                                                  table.column(target).missingCount() == table.rowCount()
                                                      ? QStringLiteral(" and missing in every row")
                                                      : QString()))
                 .arg(ctx.seed()));
    ctx.note(QStringLiteral("Features: %1 numeric (imputed, scaled), %2 categorical (one-hot), %3 yes/no (a gap "
                            "takes the more frequent answer and is marked in a _missing column) → %4 column%5.")
                 .arg(f.numeric.size())
                 .arg(f.categorical.size())
                 .arg(f.yesNo.size())
                 .arg(out.columnCount())
                 .arg(out.columnCount() == 1 ? "" : "s"));
    for (const auto& s : f.tooManyLevels)
        ctx.note(QStringLiteral("Left out \"%1\": %2 distinct values make it an identifier, not a category.")
                     .arg(qs(s))
                     .arg(table.column(s).levels.size()));
    for (const auto& s : f.identifiers)
        ctx.note(QStringLiteral("Left out \"%1\": it numbers or names the rows, so it carries no information "
                                "about the label a model could use.")
                     .arg(qs(s)));
    ctx.note(QStringLiteral("Saved the fitted pipeline to %1 (%2), loaded it back, and transformed the test rows "
                            "again: %3.")
                 .arg(ctx.text("json").trimmed().isEmpty() ? QStringLiteral("a temporary file") : path,
                      formatBytes(double(QFileInfo(path).size())),
                      identical ? QStringLiteral("bit-for-bit identical") : QStringLiteral("DIFFERENT output")));
    if (!identical)
        throw std::runtime_error("the reloaded pipeline transformed the test rows differently");
    if (!shifts.empty()) {
        double largest = 0;
        for (const double s : shifts)
            largest = std::max(largest, std::abs(s));
        ctx.note(QStringLiteral("Fitting on all rows moves the learned means by up to %1 training standard deviations: "
                                "information about the test rows that a model evaluated on them should not have.")
                     .arg(largest, 0, 'g', 2));
    }
    ctx.metric("train_rows", qint64(split.train.size()));
    ctx.metric("test_rows", qint64(split.test.size()));
    ctx.metric("output_columns", qint64(out.columnCount()));
    ctx.metric("round_trip_identical", identical);
}

} // namespace

ui::Step pipelineStep()
{
    ui::Step s;
    s.id = "pipeline";
    s.title = "The reusable pipeline";
    s.textFile = ":/labs/preprocessing/pipeline.md";
    s.parameters = datasetParameters();
    s.parameters << ui::Parameter::real("test_fraction", "Test fraction", 0.25, 0.05, 0.5, false, 2)
                 << ui::Parameter::choice("impute", "Numeric imputation", {"median", "mean"}, "median")
                 << ui::Parameter::choice("scaler", "Scaler", {"standard", "min_max", "robust"}, "standard")
                 << ui::Parameter::text("json", "Save pipeline to", "",
                                        "A .json path for the fitted pipeline; empty: a temporary file")
                 << ui::Parameter::integer("rows", "Rows shown", 10, 1, 30);
    s.run = run;
    return s;
}

} // namespace mlwb::labs::preprocessing
