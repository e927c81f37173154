// Step 3: turn a categorical column into numbers, one-hot against ordinal, and what
// happens when a category shows up that fitting never saw.
#include "common/dataset.h"
#include "preprocessing/steps.h"

#include "common/tensor_charts.h"
#include "core/input_error.h"
#include "preprocess/one_hot_encoder.h"
#include "preprocess/ordinal_encoder.h"

#include <algorithm>

namespace mlwb::labs::preprocessing {

namespace {

using data::ColumnType;

constexpr std::size_t kMaxLevelsShown = 30;  // more columns than this would not fit a table

bool isCoded(const data::Column& c) { return c.type != ColumnType::Numeric; }

const char* const kMissingLevel = "(missing)";

// The chosen column alone, as a table the encoders can fit on; missing entries become a
// category of their own, as they must before encoding.
data::Table single(const data::Column& c)
{
    data::Table t;
    t.columns = {c};
    auto& copy = t.columns[0];
    if (copy.missingCount() > 0) {
        copy.type = ColumnType::Categorical;
        copy.levels.push_back(kMissingLevel);
        for (auto& code : copy.codes)
            if (code < 0)
                code = std::int32_t(copy.levels.size() - 1);
    }
    return t;
}

// A one-row table holding `value` in a column shaped like c (an unseen category).
data::Table unseenRow(const data::Column& c, const std::string& value)
{
    data::Table t;
    t.columns = {data::Column::categorical(c.name, {0}, {value})};
    return t;
}

ui::ChartSpec encodedTable(const data::Column& column, const data::Table& oneHot, const data::Table& ordinal, int rows)
{
    ui::TableSpec table;
    table.header << "row" << qs(column.name);
    table.headerNotes << "" << "as read";
    for (const auto& c : oneHot.columns) {
        table.header << qs(c.name);
        table.headerNotes << "one-hot";
    }
    table.header << qs(column.name);
    table.headerNotes << "ordinal";
    // Rows spread evenly over the file: files are often sorted (Titanic by class), and the
    // first rows would all show the same category.
    const std::size_t shown = std::min<std::size_t>(std::size_t(rows), column.size());
    for (std::size_t k = 0; k < shown; ++k) {
        const std::size_t r = k * column.size() / shown;
        QStringList cells{QString::number(r), column.isMissing(r) ? kMissingLevel : qs(column.text(r))};
        for (const auto& c : oneHot.columns)
            cells << QString::number(c.codes[r]);
        cells << cellNumber(ordinal.columns[0].numbers[r]);
        table.rows << cells;
    }
    ui::ChartSpec chart;
    chart.id = "encoded";
    chart.title = QStringLiteral("%1 as one-hot (%2 columns) and ordinal (1 column), rows from the whole file")
                      .arg(qs(column.name))
                      .arg(oneHot.columnCount());
    chart.table = table;
    return chart;
}

ui::ChartSpec widthBars(const data::Table& table, const std::string& target, bool dropFirst)
{
    ui::BarsSpec b;
    ui::BarsSpec::Set hot{.name = dropFirst ? "one-hot, first dropped" : "one-hot", .colorIndex = 0};
    for (const auto& c : table.columns) {
        if (!isCoded(c) || c.name == target)
            continue;
        b.categories << qs(c.name);
        // A gap is a category of its own, as in the table of the chosen column.
        const double levels = double(c.levels.size() + (c.missingCount() > 0 ? 1 : 0));
        hot.values << (dropFirst ? levels - 1 : levels);
    }
    b.sets = {hot};
    b.labelPrecision = 4;
    ui::ChartSpec chart;
    chart.id = "widths";
    chart.title = "Columns one-hot encoding makes of each categorical column (ordinal: always 1; gaps count as "
                  "\"(missing)\")";
    chart.x = {"column", false, {}, {}};
    chart.y = {"output columns", false, {}, {}};
    chart.bars = b;
    return chart;
}

void run(ui::RunContext& ctx)
{
    const auto d = loadDataset(ctx);
    const std::string target = targetColumn(ctx, *d);
    const auto fits = [&](const data::Column& c) {
        return isCoded(c) && c.levels.size() <= kMaxLevelsShown && c.name != target;
    };
    // "auto" takes the richest such column: three classes teach more than two.
    QString name = ctx.text("column");
    if (name.trimmed() == "auto")
        for (const auto& c : d->table.columns)
            if (fits(c) && (name == "auto" || c.levels.size() > d->table.column(name.toStdString()).levels.size()))
                name = qs(c.name);
    const data::Column& column = chooseColumn(d->table, name, fits, "categorical column with at most 30 categories");
    const bool dropFirst = ctx.flag("drop_first");
    const bool allZeros = ctx.choice("unknown") == "all_zeros";
    const std::string unseen = ctx.text("unseen").trimmed().toStdString();

    preprocess::OneHotEncoder oneHot({{column.name}, dropFirst,
                                      allZeros ? preprocess::UnknownCategory::AllZeros : preprocess::UnknownCategory::Error});
    preprocess::OrdinalEncoder ordinal({{column.name}, allZeros, -1});
    const data::Table hot = oneHot.fitTransform(single(column));
    const data::Table ord = ordinal.fitTransform(single(column));
    ctx.publish(encodedTable(column, hot, ord, ctx.integer("rows")));
    ctx.publish(widthBars(d->table, target, dropFirst));
    if (const auto missing = column.missingCount())
        ctx.note(QStringLiteral("%1 missing entries became a category of their own, \"%2\"; encoders need every row "
                                "to have a category.")
                     .arg(missing)
                     .arg(kMissingLevel));

    QStringList codes;
    for (std::size_t i = 0; i < ordinal.categories()[0].size(); ++i)
        codes << QStringLiteral("%1 → %2").arg(qs(ordinal.categories()[0][i])).arg(i);
    ctx.note(QStringLiteral("Ordinal codes (sorted categories): %1. They imply an order and equal steps, which a model "
                            "will take at face value.")
                 .arg(codes.join(", ")));
    if (dropFirst)
        ctx.note(QStringLiteral("With the first category dropped, \"%1\" is the row of all zeros: the remaining %2 "
                                "columns carry the same information without being collinear with an intercept.")
                     .arg(qs(oneHot.categories()[0].front()))
                     .arg(hot.columnCount()));

    if (!unseen.empty()) {
        QString outcome;
        try {
            const data::Table t = oneHot.transform(unseenRow(column, unseen));
            QStringList zeros;
            for (const auto& c : t.columns)
                zeros << QString::number(c.codes[0]);
            outcome = QStringLiteral("one-hot gives all zeros [%1]").arg(zeros.join(", "));
        } catch (const InputError& e) {
            outcome = QStringLiteral("one-hot refuses: %1").arg(qs(e.what()));
        }
        try {
            const data::Table t = ordinal.transform(unseenRow(column, unseen));
            outcome += QStringLiteral("; ordinal gives %1").arg(cellNumber(t.columns[0].numbers[0]));
        } catch (const InputError& e) {
            outcome += QStringLiteral("; ordinal refuses: %1").arg(qs(e.what()));
        }
        ctx.note(QStringLiteral("An unseen category \"%1\" at transform time: %2.").arg(qs(unseen), outcome));
        if (dropFirst && allZeros)
            ctx.note(QStringLiteral("Careful: with the first category dropped, all zeros is also how \"%1\" is "
                                    "encoded, so the model cannot tell \"%2\" from it. scikit-learn warns about this "
                                    "combination; keep every column, or refuse unknown categories.")
                         .arg(qs(oneHot.categories()[0].front()), qs(unseen)));
        ctx.metric("unseen_outcome", outcome);
    }
    ctx.metric("column", qs(column.name));
    ctx.metric("one_hot_columns", qint64(hot.columnCount()));
}

} // namespace

ui::Step encodingStep()
{
    ui::Step s;
    s.id = "encoding";
    s.title = "Categorical encoding";
    s.textFile = ":/labs/preprocessing/encoding.md";
    s.parameters = datasetParameters();
    s.parameters << ui::Parameter::text("column", "Column", "auto", "A categorical column; \"auto\": the one with the most categories, up to 30")
                 << ui::Parameter::flag("drop_first", "Drop first category", false,
                                        "One column fewer: the first category becomes the all-zeros row")
                 << ui::Parameter::choice("unknown", "Unseen category", {"error", "all_zeros"}, "error",
                                          "What transform does with a category fitting never saw")
                 << ui::Parameter::text("unseen", "Try a category", "unseen", "A value to transform after fitting")
                 << ui::Parameter::integer("rows", "Rows shown", 10, 1, 30);
    s.run = run;
    return s;
}

} // namespace mlwb::labs::preprocessing
