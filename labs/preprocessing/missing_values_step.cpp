// Step 2: fill the gaps of one numeric column with each strategy and see what each does to
// the column's distribution, its mean and its spread.
#include "common/dataset.h"
#include "preprocessing/steps.h"

#include "common/tensor_charts.h"
#include "core/input_error.h"
#include "data/describe.h"
#include "data/moments.h"
#include "preprocess/knn_imputer.h"
#include "preprocess/simple_imputer.h"
#include "preprocess/statistics.h"
#include "preprocess/table_columns.h"

#include <algorithm>
#include <cmath>

namespace mlwb::labs::preprocessing {

namespace {

using preprocess::ImputeStrategy;

constexpr std::size_t kKnnMaxRows = 20000;  // KNN compares every incomplete row with every row

struct Outcome {
    QString label;
    std::vector<double> values;  // the column after imputation (or the kept rows)
    QString fill;                // the value put in, when there is one
};

double mean(const std::vector<double>& v) { return preprocess::meanAndStd(v).mean; }
// n − 1, as describe() in the first step (and pandas) divides: the two steps show one number.
double sampleStd(const std::vector<double>& v) { return v.size() > 1 ? data::moments(v, 1).std : 0.0; }

// "+3.2%", or words where a percentage has no meaning (a zero baseline gave "+nan%").
QString relativeChange(double before, double after)
{
    if (before == after)
        return QStringLiteral("unchanged");
    if (before == 0)
        return QStringLiteral("up from zero");
    return QString::asprintf("%+.1f%%", 100.0 * (after - before) / before);
}

Outcome simple(const data::Column& column, ImputeStrategy strategy, double constant, const QString& label)
{
    preprocess::SimpleImputer::Options o;
    o.strategy = strategy;
    o.fill = preprocess::FillValue::of(constant);
    o.columns = {column.name};
    preprocess::SimpleImputer imputer(o);
    data::Table t;
    t.columns = {column};
    const data::Table out = imputer.fitTransform(std::move(t));
    return {label, std::vector<double>(out.columns[0].numbers.begin(), out.columns[0].numbers.end()),
            qs(imputer.fills()[0].describe())};
}

// KNN uses the other numeric columns (minus the label) to find each row's neighbours.
Outcome knn(const data::Table& table, const data::Column& column, const std::string& target, int k)
{
    data::Table t;
    for (const auto& c : table.columns)
        if (c.type == data::ColumnType::Numeric && c.name != target)
            t.columns.push_back(c);
    preprocess::KnnImputer imputer({std::size_t(k), {}});
    const data::Table out = imputer.fitTransform(std::move(t));
    const auto& filled = out.column(column.name).numbers;
    return {QStringLiteral("k-nearest neighbours (k = %1)").arg(k), std::vector<double>(filled.begin(), filled.end()), {}};
}

void run(ui::RunContext& ctx)
{
    const auto d = loadDataset(ctx);
    const std::string target = targetColumn(ctx, *d);
    const data::Column& column = chooseColumn(
        d->table, ctx.text("column"),
        [&](const data::Column& c) { return c.type == data::ColumnType::Numeric && c.missingCount() > 0 && c.name != target; },
        "numeric column with missing values");
    const auto present = preprocess::observedValues(column);
    const std::vector<double> observed(present.begin(), present.end());
    const std::size_t missing = column.size() - observed.size();
    if (observed.empty())
        throw InputError("column \"" + column.name + "\" has no observed values to impute from");
    const QString strategy = ctx.choice("strategy");
    const double constant = ctx.real("constant");
    const int k = ctx.integer("k");
    const bool knnPossible = d->table.rowCount() <= kKnnMaxRows;
    if (strategy == "knn" && !knnPossible)
        throw InputError(QStringLiteral("k-nearest-neighbour imputation compares every row with every other: %1 rows "
                                        "is too many here (at most %2); choose another strategy")
                             .arg(d->table.rowCount())
                             .arg(kKnnMaxRows)
                             .toStdString());

    std::vector<Outcome> outcomes;
    outcomes.push_back({"drop rows", observed, {}});
    outcomes.push_back(simple(column, ImputeStrategy::Mean, constant, "mean"));
    outcomes.push_back(simple(column, ImputeStrategy::Median, constant, "median"));
    outcomes.push_back(simple(column, ImputeStrategy::MostFrequent, constant, "most frequent"));
    outcomes.push_back(simple(column, ImputeStrategy::Constant, constant, QStringLiteral("constant %1").arg(constant)));
    ctx.progress(0.6);
    if (knnPossible)
        outcomes.push_back(knn(d->table, column, target, k));
    if (ctx.stopRequested())
        return;
    const std::size_t chosen = strategy == "drop" ? 0 : strategy == "mean" ? 1 : strategy == "median" ? 2
                             : strategy == "most_frequent" ? 3 : strategy == "constant" ? 4 : 5;
    const Outcome& picked = outcomes[chosen];

    // Same bins for both histograms, covering the observed values and the fill.
    double lo = *std::min_element(observed.begin(), observed.end());
    double hi = *std::max_element(observed.begin(), observed.end());
    for (const double v : picked.values) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    const int bins = ctx.integer("bins");
    ui::ChartSpec hist;
    hist.id = "histogram";
    hist.title = QStringLiteral("%1: %2 observed values and %3 filled by %4")
                     .arg(qs(column.name))
                     .arg(observed.size())
                     .arg(chosen == 0 ? 0 : missing)
                     .arg(picked.label);
    hist.x = {qs(column.name), false, {}, {}};
    hist.y = {"rows per bin", false, 0.0, {}};
    hist.histograms << histogram(QStringLiteral("after: %1 (n = %2)").arg(picked.label).arg(picked.values.size()),
                                 picked.values, lo, hi, bins, 3)
                    << histogram(QStringLiteral("observed (n = %1)").arg(observed.size()), observed, lo, hi, bins, 0);
    ctx.publish(hist);

    ui::BarsSpec bars;
    ui::BarsSpec::Set means{.name = "mean", .colorIndex = 0}, stds{.name = "standard deviation (n − 1)", .colorIndex = 1};
    for (const auto& o : outcomes) {
        bars.categories << o.label;
        means.values << mean(o.values);
        stds.values << sampleStd(o.values);
    }
    bars.sets = {means, stds};
    bars.labelPrecision = 3;
    ui::ChartSpec moments;
    moments.id = "moments";
    moments.title = QStringLiteral("What each strategy does to the mean and spread of %1").arg(qs(column.name));
    moments.x = {"strategy", false, {}, {}};
    moments.y = {qs(column.name) + " (column units)", false, {}, {}};
    moments.bars = bars;
    ctx.publish(moments);

    const double sd0 = sampleStd(observed), sd1 = sampleStd(picked.values);
    if (chosen == 0)
        ctx.note(QStringLiteral("Dropping the %1 rows with no %2 keeps %3 of %4 rows (%5% lost); the observed values keep "
                                "their mean %6 and standard deviation %7.")
                     .arg(missing)
                     .arg(qs(column.name))
                     .arg(observed.size())
                     .arg(column.size())
                     .arg(100.0 * double(missing) / double(column.size()), 0, 'f', 1)
                     .arg(mean(observed), 0, 'g', 4)
                     .arg(sd0, 0, 'g', 4));
    else
        ctx.note(QStringLiteral("%1 filled the %2 missing values of %3%4: the mean went from %5 to %6, the standard "
                                "deviation from %7 to %8 (%9).")
                     .arg(picked.label.left(1).toUpper() + picked.label.mid(1))
                     .arg(missing)
                     .arg(qs(column.name))
                     .arg(picked.fill.isEmpty() ? QString() : QStringLiteral(" with %1").arg(picked.fill))
                     .arg(mean(observed), 0, 'g', 4)
                     .arg(mean(picked.values), 0, 'g', 4)
                     .arg(sd0, 0, 'g', 4)
                     .arg(sd1, 0, 'g', 4)
                     .arg(relativeChange(sd0, sd1)));
    if (!knnPossible)
        ctx.note(QStringLiteral("k-nearest neighbours is left out: it compares every row with every other, and this "
                                "file has %1 rows.")
                     .arg(d->table.rowCount()));
    const bool otherNumeric = std::any_of(d->table.columns.begin(), d->table.columns.end(), [&](const data::Column& c) {
        return c.type == data::ColumnType::Numeric && c.name != column.name && c.name != target;
    });
    if (knnPossible && !otherNumeric)
        ctx.note(QStringLiteral("k-nearest neighbours measures distance on the other numeric columns, and this data "
                                "set has none besides \"%1\" (the label is left out): every row is equally near, so "
                                "it fills in the mean. Try it on penguins.")
                     .arg(qs(column.name)));
    ctx.metric("column", qs(column.name));
    ctx.metric("missing", qint64(missing));
    ctx.metric("fill", picked.fill);
    ctx.metric("mean_before", mean(observed));
    ctx.metric("mean_after", mean(picked.values));
    ctx.metric("std_before", sd0);
    ctx.metric("std_after", sd1);
}

} // namespace

ui::Step missingValuesStep()
{
    ui::Step s;
    s.id = "missing";
    s.title = "Missing values";
    s.textFile = ":/labs/preprocessing/missing.md";
    s.parameters = datasetParameters();
    s.parameters << ui::Parameter::text("column", "Column", "auto", "A numeric column with missing values; \"auto\": the first one")
                 << ui::Parameter::choice("strategy", "Strategy", {"drop", "mean", "median", "most_frequent", "constant", "knn"},
                                          "median", "How to fill the gaps (drop: remove the rows instead)")
                 << ui::Parameter::real("constant", "Constant", 0.0, -1e6, 1e6, false, 2, "The value the constant strategy puts in")
                 << ui::Parameter::integer("k", "Neighbours (k)", 5, 1, 50, "Donor rows averaged by k-nearest-neighbour imputation")
                 << ui::Parameter::integer("bins", "Histogram bins", 30, 5, 100);
    s.run = run;
    return s;
}

} // namespace mlwb::labs::preprocessing
