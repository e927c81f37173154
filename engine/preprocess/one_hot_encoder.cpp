#include "preprocess/one_hot_encoder.h"

#include "core/input_error.h"
#include "core/parallel_pieces.h"
#include "preprocess/categories.h"
#include "preprocess/json_fields.h"
#include "preprocess/table_columns.h"

#include <fmt/format.h>

namespace mlwb::preprocess {

using data::Column;
using data::Table;

std::string_view unknownName(UnknownCategory policy)
{
    return policy == UnknownCategory::Error ? "error" : "all_zeros";
}

OneHotEncoder::OneHotEncoder(Options options)
    : options_(std::move(options))
{
}

void OneHotEncoder::fit(const Table& table)
{
    fitted_ = false;
    auto columns = resolveColumns(table, options_.columns, categoricalTypes, codedTypes, kind());
    categories_ = learnCategories(table, columns);
    fitted_columns_ = std::move(columns);
    fitted_ = true;
}

Table OneHotEncoder::transform(Table table) const
{
    requireFitted();
    const bool tolerate = options_.unknown == UnknownCategory::AllZeros;
    const std::size_t skip = options_.dropFirst ? 1 : 0;
    // One task per output column: (fitted column, category).
    struct Task {
        std::size_t column;
        std::int32_t category;
    };
    std::vector<Task> tasks;
    std::vector<std::size_t> firstTask;  // column i's outputs are tasks firstTask[i] .. firstTask[i + 1]
    std::vector<std::size_t> positions;  // each fitted column's index in the table
    std::vector<std::vector<std::int32_t>> lookups;
    for (std::size_t i = 0; i < fitted_columns_.size(); ++i) {
        positions.push_back(table.indexOf(fitted_columns_[i]));
        const Column& c = table.columns[positions.back()];
        requireType(c, codedTypes, kind());
        lookups.push_back(categoryLookup(table, c, categories_[i], tolerate, tolerate, kind()));
        firstTask.push_back(tasks.size());
        for (std::size_t k = skip; k < categories_[i].size(); ++k)
            tasks.push_back({i, std::int32_t(k)});
    }
    firstTask.push_back(tasks.size());
    const std::size_t n = table.rowCount();
    std::vector<Column> outputs(tasks.size());
    forEachIndex(tasks.size(), 1, [&](std::size_t t) {
        const auto& codes = table.columns[positions[tasks[t].column]].codes;
        const auto& lookup = lookups[tasks[t].column];
        const std::int32_t category = tasks[t].category;
        LargeVector<std::int32_t> bits(n);
        for (std::size_t r = 0; r < n; ++r)
            bits[r] = lookup[std::size_t(codes[r] + 1)] == category;
        const auto& name = fitted_columns_[tasks[t].column];
        outputs[t] = booleanColumn(fmt::format("{}={}", name, categories_[tasks[t].column][std::size_t(category)]),
                                   std::move(bits));
    }, n * tasks.size() > 100000);
    // Splice: each encoded column is replaced where it stands by its outputs.
    std::vector<std::ptrdiff_t> encodedAs(table.columnCount(), -1);
    for (std::size_t i = 0; i < positions.size(); ++i)
        encodedAs[positions[i]] = std::ptrdiff_t(i);
    std::vector<Column> columns;
    columns.reserve(table.columnCount() + tasks.size());
    for (std::size_t p = 0; p < table.columnCount(); ++p) {
        if (encodedAs[p] < 0) {
            columns.push_back(std::move(table.columns[p]));
            continue;
        }
        const auto i = std::size_t(encodedAs[p]);
        for (std::size_t t = firstTask[i]; t < firstTask[i + 1]; ++t)
            columns.push_back(std::move(outputs[t]));
    }
    table.columns = std::move(columns);
    return table;
}

nlohmann::json OneHotEncoder::toJson() const
{
    nlohmann::json j;
    j["kind"] = kind();
    j["drop_first"] = options_.dropFirst;
    j["unknown"] = unknownName(options_.unknown);
    writeColumns(j, options_.columns, fitted_columns_);
    j["fitted"] = fitted_;
    j["categories"] = categoriesJson(categories_);
    return j;
}

std::unique_ptr<OneHotEncoder> OneHotEncoder::fromJson(const JsonFields& json)
{
    Options o;
    o.dropFirst = json.flag("drop_first");
    const std::string unknown = json.text("unknown");
    if (unknown != "error" && unknown != "all_zeros")
        json.fail("unknown", fmt::format("must be error or all_zeros, not \"{}\"", unknown));
    o.unknown = unknown == "error" ? UnknownCategory::Error : UnknownCategory::AllZeros;
    auto encoder = std::make_unique<OneHotEncoder>(o);
    encoder->fitted_ = json.flag("fitted");
    readColumns(json, encoder->options_.columns, encoder->fitted_columns_, encoder->fitted_);
    if (encoder->fitted_)
        encoder->categories_ = readCategories(json, encoder->fitted_columns_.size());
    return encoder;
}

std::vector<LearnedParameter> OneHotEncoder::learned() const
{
    auto out = categoryParameters(fitted_columns_, categories_);
    if (options_.dropFirst)
        for (std::size_t i = 0; i < fitted_columns_.size(); ++i)
            out.push_back({fitted_columns_[i], "dropped (first)", categories_[i].front(), {}});
    return out;
}

} // namespace mlwb::preprocess
