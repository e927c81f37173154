// Step 1: read the data set and look at it: the first rows, the inferred types, a summary
// of every column and where the missing values are.
#include "common/dataset.h"
#include "preprocessing/steps.h"

#include "common/tensor_charts.h"
#include "data/describe.h"

#include <QJsonArray>

#include <algorithm>

namespace mlwb::labs::preprocessing {

namespace {

ui::ChartSpec previewTable(const Dataset& d, int rows)
{
    const auto& t = d.table;
    ui::TableSpec table;
    for (const auto& c : t.columns) {
        table.header << qs(c.name);
        table.headerNotes << QString::fromLatin1(data::typeName(c.type).data());
    }
    const std::size_t n = std::min<std::size_t>(std::size_t(rows), t.rowCount());
    for (std::size_t r = 0; r < n; ++r) {
        QStringList cells;
        for (const auto& c : t.columns)
            cells << (c.isMissing(r) ? QStringLiteral("NA") : qs(c.text(r)).replace('\n', ' '));
        table.rows << cells;
    }
    ui::ChartSpec chart;
    chart.id = "preview";
    chart.title = QStringLiteral("%1: first %2 of %3 rows, %4 columns (types as read)")
                      .arg(qs(d.fileName))
                      .arg(n)
                      .arg(t.rowCount())
                      .arg(t.columnCount());
    chart.table = table;
    return chart;
}

ui::ChartSpec summaryTable(const Dataset& d, const std::vector<data::ColumnSummary>& summary)
{
    ui::TableSpec table;
    table.header = {"column", "type", "count", "missing", "mean", "std (n−1)", "min", "25%", "50%", "75%", "max", "distinct", "most frequent"};
    for (const auto& s : summary) {
        const bool numeric = s.type == data::ColumnType::Numeric;
        const auto num = [&](double v) { return numeric ? cellNumber(v) : QStringLiteral("—"); };
        table.rows << QStringList{qs(s.name),
                                  QString::fromLatin1(data::typeName(s.type).data()),
                                  QString::number(s.count),
                                  QString::number(s.missing),
                                  num(s.mean), num(s.std), num(s.min), num(s.q25), num(s.median), num(s.q75), num(s.max),
                                  QString::number(s.distinct),
                                  s.topCount ? QStringLiteral("%1 (%2×)").arg(qs(s.top)).arg(s.topCount) : "—"};
    }
    table.missingText = QStringLiteral("—");  // not applicable: drawn muted
    ui::ChartSpec chart;
    chart.id = "summary";
    chart.title = QStringLiteral("describe(): every column of %1").arg(qs(d.fileName));
    chart.table = table;
    return chart;
}

// Rows × columns, 1 where missing. Long tables are folded into at most 120 bands of
// consecutive rows, each showing the fraction missing in it.
ui::ChartSpec missingnessMap(const Dataset& d)
{
    const auto& t = d.table;
    const std::size_t rows = t.rowCount();
    const std::size_t bands = std::min<std::size_t>(rows, 120);
    ui::HeatmapSpec h;
    h.rows = int(bands);
    h.cols = int(t.columnCount());
    h.values.assign(bands * t.columnCount(), 0.0);
    for (std::size_t c = 0; c < t.columnCount(); ++c) {
        std::vector<std::size_t> missing(bands, 0), total(bands, 0);
        for (std::size_t r = 0; r < rows; ++r) {
            const std::size_t band = r * bands / rows;
            ++total[band];
            missing[band] += t.columns[c].isMissing(r);
        }
        for (std::size_t b = 0; b < bands; ++b)
            h.values[b * t.columnCount() + c] = double(missing[b]) / double(total[b]);
        h.colLabels << qs(t.columns[c].name);
    }
    h.cellLabels = false;
    h.colorBarTitle = bands < rows ? "fraction missing" : "missing (1) or present (0)";
    ui::ChartSpec chart;
    chart.id = "missingness";
    chart.title = bands < rows ? QStringLiteral("Where values are missing (%1 rows in %2 bands)").arg(rows).arg(bands)
                               : QStringLiteral("Where values are missing (%1 rows)").arg(rows);
    chart.x = {"column", false, {}, {}};
    chart.y = {bands < rows ? QStringLiteral("band of about %1 rows (top: first)").arg((rows + bands - 1) / bands)
                            : QStringLiteral("row (top: first)"),
               false, {}, {}};
    chart.heatmap = h;
    return chart;
}

ui::ChartSpec missingBars(const Dataset& d, const std::vector<data::ColumnSummary>& summary)
{
    ui::BarsSpec b;
    ui::BarsSpec::Set set{.name = "missing", .colorIndex = 3};
    for (const auto& s : summary) {
        b.categories << qs(s.name);
        set.values << 100.0 * double(s.missing) / double(std::max<std::size_t>(1, s.count + s.missing));
    }
    b.sets = {set};
    b.labelPrecision = 3;
    ui::ChartSpec chart;
    chart.id = "missing-share";
    chart.title = QStringLiteral("Share of each column that is missing in %1").arg(qs(d.fileName));
    chart.x = {"column", false, {}, {}};
    chart.y = {"missing (% of rows)", false, 0.0, {}};
    chart.bars = b;
    return chart;
}

void run(ui::RunContext& ctx)
{
    const auto d = loadDataset(ctx);
    const auto summary = data::describe(d->table);
    ctx.publish(previewTable(*d, ctx.integer("rows")));
    ctx.publish(summaryTable(*d, summary));
    ctx.publish(missingnessMap(*d));
    ctx.publish(missingBars(*d, summary));

    std::size_t missing = 0;
    for (const auto& s : summary)
        missing += s.missing;
    const QString delimiter = d->delimiter == '\t' ? "tab" : QStringLiteral("'%1'").arg(QChar(d->delimiter));
    ctx.note(QStringLiteral("Read %1: %2 rows × %3 columns, delimiter %4, in %5.")
                 .arg(qs(d->fileName))
                 .arg(d->table.rowCount())
                 .arg(d->table.columnCount())
                 .arg(delimiter, formatSeconds(d->readSeconds)));
    ctx.note(QStringLiteral("%1 of %2 cells are missing (%3%).")
                 .arg(missing)
                 .arg(d->table.rowCount() * d->table.columnCount())
                 .arg(100.0 * double(missing) / double(d->table.rowCount() * d->table.columnCount()), 0, 'f', 1));
    for (const auto& w : d->warnings)
        ctx.note(QStringLiteral("Warning: %1.").arg(qs(w)));
    QJsonArray columns;
    for (const auto& s : summary)
        columns.append(QJsonObject{{"name", qs(s.name)},
                                   {"type", QString::fromLatin1(data::typeName(s.type).data())},
                                   {"count", qint64(s.count)},
                                   {"missing", qint64(s.missing)},
                                   {"distinct", qint64(s.distinct)}});
    ctx.metric("file", qs(d->fileName));
    ctx.metric("rows", qint64(d->table.rowCount()));
    ctx.metric("columns", columns);
}

} // namespace

ui::Step loadStep()
{
    ui::Step s;
    s.id = "load";
    s.title = "Load and inspect";
    s.textFile = ":/labs/preprocessing/load.md";
    s.parameters = datasetParameters();
    s.parameters << ui::Parameter::integer("rows", "Preview rows", 12, 1, 40);
    s.run = run;
    return s;
}

} // namespace mlwb::labs::preprocessing
