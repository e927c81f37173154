#include "preprocess/missing_filter.h"

#include "core/input_error.h"
#include "core/parallel_pieces.h"
#include "preprocess/json_fields.h"
#include "preprocess/table_columns.h"

#include <algorithm>
#include <fmt/format.h>

namespace mlwb::preprocess {

using data::Column;
using data::Table;

namespace {

// Keeps the entries of `values` whose `keep` flag is set, in place.
template <typename Vector>
void compact(Vector& values, const std::vector<std::uint8_t>& keep)
{
    std::size_t out = 0;
    for (std::size_t r = 0; r < values.size(); ++r)
        if (keep[r])
            values[out++] = values[r];
    values.resize(out);
}

bool contains(const std::vector<std::string>& names, const std::string& name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace

MissingFilter::MissingFilter(Options options)
    : options_(std::move(options))
{
}

void MissingFilter::fit(const Table& table)
{
    fitted_ = false;
    if (!(options_.maxMissingFraction >= 0 && options_.maxMissingFraction <= 1))
        throw InputError(fmt::format("the largest missing fraction to keep a column must be between 0 and 1, not {}",
                                     options_.maxMissingFraction));
    auto columns = resolveColumns(table, options_.columns, anyType, anyType, kind());
    std::vector<double> fractions;
    std::vector<std::string> dropped;
    for (const auto& name : columns) {
        const Column& c = table.column(name);
        fractions.push_back(c.size() == 0 ? 0.0 : double(c.missingCount()) / double(c.size()));
        if (fractions.back() > options_.maxMissingFraction)
            dropped.push_back(name);
    }
    fitted_columns_ = std::move(columns);
    fractions_ = std::move(fractions);
    dropped_columns_ = std::move(dropped);
    fitted_ = true;
}

Table MissingFilter::transform(Table table) const
{
    requireFitted();
    for (const auto& name : fitted_columns_)
        table.indexOf(name);  // InputError naming a fitted column the table lacks
    std::erase_if(table.columns, [&](const Column& c) { return contains(dropped_columns_, c.name); });
    if (!options_.dropRows)
        return table;

    std::vector<std::uint8_t> keep(table.rowCount(), 1);
    for (const auto& name : fitted_columns_) {
        if (contains(dropped_columns_, name))
            continue;
        const Column& c = table.column(name);
        for (std::size_t r = 0; r < keep.size(); ++r)
            keep[r] &= std::uint8_t(!c.isMissing(r));
    }
    if (std::all_of(keep.begin(), keep.end(), [](std::uint8_t k) { return k != 0; }))
        return table;
    forEachIndex(table.columns.size(), 1, [&](std::size_t i) {
        Column& c = table.columns[i];
        if (c.type == data::ColumnType::Numeric)
            compact(c.numbers, keep);
        else
            compact(c.codes, keep);
    }, keep.size() > 20000);
    if (!table.lines.empty())
        compact(table.lines, keep);
    return table;
}

nlohmann::json MissingFilter::toJson() const
{
    nlohmann::json j;
    j["kind"] = kind();
    j["drop_rows"] = options_.dropRows;
    j["max_missing_fraction"] = jsonNumber(options_.maxMissingFraction);
    writeColumns(j, options_.columns, fitted_columns_);
    j["fitted"] = fitted_;
    j["missing_fractions"] = jsonNumbers(fractions_);
    j["dropped_columns"] = dropped_columns_;
    return j;
}

std::unique_ptr<MissingFilter> MissingFilter::fromJson(const JsonFields& json)
{
    Options o;
    o.dropRows = json.flag("drop_rows");
    o.maxMissingFraction = json.number("max_missing_fraction");
    auto filter = std::make_unique<MissingFilter>(o);
    filter->fitted_ = json.flag("fitted");
    readColumns(json, filter->options_.columns, filter->fitted_columns_, filter->fitted_);
    if (filter->fitted_) {
        json.array("missing_fractions", filter->fitted_columns_.size());
        filter->fractions_ = json.numbers("missing_fractions");
        filter->dropped_columns_ = json.texts("dropped_columns");
    }
    return filter;
}

std::vector<LearnedParameter> MissingFilter::learned() const
{
    std::vector<LearnedParameter> out;
    for (std::size_t i = 0; i < fitted_columns_.size(); ++i) {
        out.push_back({fitted_columns_[i], "missing fraction", data::formatNumber(fractions_[i]), {}});
        out.push_back({fitted_columns_[i], "dropped", contains(dropped_columns_, fitted_columns_[i]) ? "yes" : "no", {}});
    }
    return out;
}

} // namespace mlwb::preprocess
