// Step 4: standard, min-max and robust scaling of one numeric column, and what a single
// outlier does to each.
#include "common/dataset.h"
#include "preprocessing/steps.h"

#include "common/tensor_charts.h"
#include "core/input_error.h"
#include "data/describe.h"
#include "preprocess/scalers.h"
#include "preprocess/statistics.h"
#include "preprocess/table_columns.h"

#include <algorithm>
#include <cmath>

namespace mlwb::labs::preprocessing {

namespace {

struct Scaled {
    QString name;
    std::vector<double> values;  // the bulk first, the outlier (if any) last
    QString learned;
};

Scaled scaleWith(preprocess::NumericScaler&& scaler, const QString& name, const std::vector<double>& values)
{
    data::Table t;
    t.columns = {data::Column::numeric("x", values)};
    const data::Table out = scaler.fitTransform(std::move(t));
    const auto names = scaler.parameterNames();
    const auto p = scaler.parameters()[0];
    return {name, std::vector<double>(out.columns[0].numbers.begin(), out.columns[0].numbers.end()),
            QStringLiteral("%1 %2, %3 %4").arg(names[0]).arg(p[0], 0, 'g', 4).arg(names[1]).arg(p[1], 0, 'g', 4)};
}

double iqr(std::vector<double> v)
{
    return preprocess::percentile(v, 75) - preprocess::percentile(v, 25);
}

void run(ui::RunContext& ctx)
{
    const auto d = loadDataset(ctx);
    const std::string target = targetColumn(ctx, *d);
    const data::Column& column = chooseColumn(
        d->table, ctx.text("column"),
        [&](const data::Column& c) { return c.type == data::ColumnType::Numeric && c.name != target && c.missingCount() < c.size(); },
        "numeric column");
    const auto present = preprocess::observedValues(column);
    const std::vector<double> bulk(present.begin(), present.end());
    const auto summary = data::describe(column);
    const double outlierSds = ctx.real("outlier");
    std::vector<double> values = bulk;
    double outlier = std::nan("");
    if (outlierSds > 0) {
        outlier = summary.max + outlierSds * (summary.std > 0 ? summary.std : 1.0);
        values.push_back(outlier);
    }
    const std::vector<Scaled> scaled{scaleWith(preprocess::StandardScaler({"x"}), "standard", values),
                                     scaleWith(preprocess::MinMaxScaler({"x"}, 0, 1), "min-max [0, 1]", values),
                                     scaleWith(preprocess::RobustScaler({"x"}), "robust (median, IQR)", values)};
    const int bins = ctx.integer("bins");

    ui::ChartSpec raw;
    raw.id = "raw";
    raw.title = std::isnan(outlier) ? QStringLiteral("%1 as read (%2 values)").arg(qs(column.name)).arg(bulk.size())
                                    : QStringLiteral("%1 as read, plus one outlier at %2").arg(qs(column.name)).arg(outlier, 0, 'g', 4);
    raw.x = {qs(column.name), false, {}, {}};
    raw.y = {"rows per bin", false, 0.0, {}};
    raw.histograms << histogram(qs(column.name), values, *std::min_element(values.begin(), values.end()),
                                *std::max_element(values.begin(), values.end()), bins, 6);
    ctx.publish(raw);

    // The scaled bulk on one axis: the outlier is left off this chart (it is in the notes)
    // so the eye compares where the ordinary values land.
    double lo = 0, hi = 0;
    for (const auto& s : scaled) {
        lo = std::min(lo, *std::min_element(s.values.begin(), s.values.begin() + std::ptrdiff_t(bulk.size())));
        hi = std::max(hi, *std::max_element(s.values.begin(), s.values.begin() + std::ptrdiff_t(bulk.size())));
    }
    ui::ChartSpec after;
    after.id = "scaled";
    after.title = QStringLiteral("The same %1 values after each scaler%2")
                      .arg(bulk.size())
                      .arg(std::isnan(outlier) ? QString() : QStringLiteral(" (fitted with the outlier; outlier not drawn)"));
    after.x = {"scaled value (no unit)", false, {}, {}};
    after.y = {"rows per bin", false, 0.0, {}};
    int color = 0;
    for (const auto& s : scaled)
        after.histograms << histogram(s.name, std::vector<double>(s.values.begin(), s.values.begin() + std::ptrdiff_t(bulk.size())),
                                      lo, hi, bins * 2, color++);
    ctx.publish(after);

    // How much room the ordinary values keep: their IQR after scaling, with and without the outlier.
    ui::BarsSpec b;
    ui::BarsSpec::Set withOutlier{"fitted with the outlier", {}, 3}, without{"fitted without it", {}, 0};
    const std::vector<Scaled> clean{scaleWith(preprocess::StandardScaler({"x"}), "standard", bulk),
                                    scaleWith(preprocess::MinMaxScaler({"x"}, 0, 1), "min-max [0, 1]", bulk),
                                    scaleWith(preprocess::RobustScaler({"x"}), "robust (median, IQR)", bulk)};
    for (std::size_t i = 0; i < scaled.size(); ++i) {
        b.categories << scaled[i].name;
        without.values << iqr(clean[i].values);
        withOutlier.values << iqr(std::vector<double>(scaled[i].values.begin(), scaled[i].values.begin() + std::ptrdiff_t(bulk.size())));
    }
    b.sets = std::isnan(outlier) ? QList<ui::BarsSpec::Set>{without} : QList<ui::BarsSpec::Set>{without, withOutlier};
    b.labelPrecision = 3;
    ui::ChartSpec spread;
    spread.id = "spread";
    spread.title = QStringLiteral("Spread of the ordinary values after scaling (interquartile range)");
    spread.x = {"scaler", false, {}, {}};
    spread.y = {"IQR of the scaled values (no unit)", false, 0.0, {}};
    spread.bars = b;
    ctx.publish(spread);

    for (const auto& s : scaled)
        ctx.note(QStringLiteral("%1 learned %2%3.")
                     .arg(s.name.left(1).toUpper() + s.name.mid(1), s.learned)
                     .arg(std::isnan(outlier) ? QString() : QStringLiteral("; the outlier maps to %1").arg(s.values.back(), 0, 'g', 4)));
    if (!std::isnan(outlier)) {
        const double squeeze = iqr(clean[1].values) / std::max(1e-300, iqr(std::vector<double>(scaled[1].values.begin(), scaled[1].values.end() - 1)));
        ctx.note(QStringLiteral("One outlier squeezes the min-max scaled values into a band %1× narrower; the robust "
                                "scaler's median and IQR barely move.")
                     .arg(squeeze, 0, 'g', 3));
    }
    ctx.metric("column", qs(column.name));
    ctx.metric("outlier", std::isnan(outlier) ? QJsonValue() : QJsonValue(outlier));
    ctx.metric("iqr_minmax", withOutlier.values.isEmpty() ? without.values[1] : withOutlier.values[1]);
    ctx.metric("iqr_robust", withOutlier.values.isEmpty() ? without.values[2] : withOutlier.values[2]);
}

} // namespace

ui::Step scalingStep()
{
    ui::Step s;
    s.id = "scaling";
    s.title = "Feature scaling";
    s.textFile = ":/labs/preprocessing/scaling.md";
    s.parameters = datasetParameters();
    s.parameters << ui::Parameter::text("column", "Column", "auto", "A numeric column; \"auto\": the first one")
                 << ui::Parameter::real("outlier", "Outlier (std above max)", 0.0, 0.0, 200.0, false, 1,
                                        "Adds one value this many standard deviations above the largest; 0: none")
                 << ui::Parameter::integer("bins", "Histogram bins", 30, 5, 100);
    s.run = run;
    return s;
}

} // namespace mlwb::labs::preprocessing
