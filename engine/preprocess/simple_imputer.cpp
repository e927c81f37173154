#include "preprocess/simple_imputer.h"

#include "core/input_error.h"
#include "core/parallel_pieces.h"
#include "preprocess/json_fields.h"
#include "preprocess/statistics.h"
#include "preprocess/table_columns.h"

#include <algorithm>
#include <fmt/format.h>

namespace mlwb::preprocess {

using data::Column;
using data::ColumnType;
using data::Table;

namespace {

constexpr ImputeStrategy allStrategies[] = {ImputeStrategy::Mean, ImputeStrategy::Median,
                                            ImputeStrategy::MostFrequent, ImputeStrategy::Constant};

bool numericOnly(ImputeStrategy s) { return s == ImputeStrategy::Mean || s == ImputeStrategy::Median; }

// The columns a strategy may fill.
TypeSet allowedTypes(const SimpleImputer::Options& o)
{
    if (numericOnly(o.strategy))
        return numericTypes;
    if (o.strategy == ImputeStrategy::Constant)
        return o.fill.isText ? codedTypes : numericTypes;
    return anyType;
}

// Most frequent observed value of a numeric column; ties go to the smallest value.
double mostFrequentNumber(const Column& column)
{
    auto values = observedValues(column);
    std::sort(values.begin(), values.end());
    double best = values.front();
    std::size_t bestRun = 0;
    for (std::size_t i = 0; i < values.size();) {
        std::size_t j = i;
        while (j < values.size() && values[j] == values[i])
            ++j;
        if (j - i > bestRun) {
            best = values[i];
            bestRun = j - i;
        }
        i = j;
    }
    return best;
}

// Most frequent level of a coded column; ties go to the smallest text.
std::string mostFrequentLevel(const Column& column)
{
    std::vector<std::size_t> counts(column.levels.size(), 0);
    for (auto code : column.codes)
        if (code >= 0)
            ++counts[std::size_t(code)];
    std::size_t best = 0;
    for (std::size_t l = 1; l < counts.size(); ++l)
        if (counts[l] > counts[best] || (counts[l] == counts[best] && column.levels[l] < column.levels[best]))
            best = l;
    return column.levels[best];
}

FillValue learnFill(const Column& column, const SimpleImputer::Options& o)
{
    switch (o.strategy) {
    case ImputeStrategy::Mean: return FillValue::of(meanAndStd(column.numbers).mean);
    case ImputeStrategy::Median: {
        auto values = observedValues(column);
        return FillValue::of(median(values));
    }
    case ImputeStrategy::MostFrequent:
        return column.type == ColumnType::Numeric ? FillValue::of(mostFrequentNumber(column))
                                                  : FillValue::of(mostFrequentLevel(column));
    case ImputeStrategy::Constant: return o.fill;
    }
    return {};
}

void requireBooleanLevel(const Column& column, const std::string& text)
{
    if (column.type == ColumnType::Boolean && std::find(column.levels.begin(), column.levels.end(), text) == column.levels.end())
        throw InputError(fmt::format("cannot fill boolean column \"{}\" with \"{}\": its values are \"{}\" and \"{}\"",
                                     column.name, text, column.levels[0], column.levels[1]));
}

// The code that fills a coded column, adding the level to a categorical column if it is new.
std::int32_t fillCode(Column& column, const std::string& text)
{
    requireBooleanLevel(column, text);
    const auto it = std::find(column.levels.begin(), column.levels.end(), text);
    if (it != column.levels.end())
        return std::int32_t(it - column.levels.begin());
    column.levels.push_back(text);
    return std::int32_t(column.levels.size() - 1);
}

// A fill as JSON: a number (see jsonNumber) or {"text": "..."}, so a text "NaN" stays a text.
nlohmann::json fillJson(const FillValue& f)
{
    return f.isText ? nlohmann::json({{"text", f.text}}) : jsonNumber(f.number);
}

FillValue readFill(const nlohmann::json& j, const JsonFields& json, std::string_view key)
{
    FillValue v;
    if (j.is_object() && j.contains("text") && j["text"].is_string())
        v = FillValue::of(j["text"].get<std::string>());
    else if (!readJsonNumber(j, v.number))
        json.fail(key, "must hold a number or a {\"text\": ...} object");
    return v;
}

} // namespace

std::string FillValue::describe() const
{
    return isText ? text : data::formatNumber(number);
}

std::string_view strategyName(ImputeStrategy strategy)
{
    switch (strategy) {
    case ImputeStrategy::Mean: return "mean";
    case ImputeStrategy::Median: return "median";
    case ImputeStrategy::MostFrequent: return "most_frequent";
    case ImputeStrategy::Constant: return "constant";
    }
    return "?";
}

SimpleImputer::SimpleImputer(Options options)
    : options_(std::move(options))
{
}

void SimpleImputer::fit(const Table& table)
{
    fitted_ = false;
    const TypeSet allowed = allowedTypes(options_);
    const auto& strategy = strategyName(options_.strategy);
    for (const auto& name : options_.columns) {
        const Column& c = table.column(name);
        if (!allowed.contains(c.type))
            throw InputError(fmt::format("the simple imputer's {} strategy{} works on {} columns, but column \"{}\" is {}",
                                         strategy, options_.strategy == ImputeStrategy::Constant
                                             ? (options_.fill.isText ? " with a text" : " with a number") : "",
                                         allowed.describe(), name, data::typeName(c.type)));
    }
    auto columns = resolveColumns(table, options_.columns, allowed, allowed, kind());
    std::vector<const Column*> sources;
    for (const auto& name : columns) {
        sources.push_back(&table.column(name));
        if (options_.strategy != ImputeStrategy::Constant && sources.back()->missingCount() == sources.back()->size())
            throw InputError(fmt::format("column \"{}\" has no observed values to impute from", name));
        if (options_.strategy == ImputeStrategy::Constant)
            requireBooleanLevel(*sources.back(), options_.fill.text);
    }
    std::vector<FillValue> fills(columns.size());
    // Medians dominate: one nth_element per column, so columns run in parallel.
    forEachIndex(columns.size(), 1, [&](std::size_t i) { fills[i] = learnFill(*sources[i], options_); },
                 table.rowCount() > 20000);

    indicator_columns_.clear();
    if (options_.addIndicator)
        for (const auto* c : sources)
            if (c->missingCount() > 0)
                indicator_columns_.push_back(c->name);
    fitted_columns_ = std::move(columns);
    fills_ = std::move(fills);
    fitted_ = true;
}

Table SimpleImputer::transform(Table table) const
{
    requireFitted();
    std::vector<Column*> targets;
    std::vector<std::int32_t> codes(fitted_columns_.size(), 0);
    for (std::size_t i = 0; i < fitted_columns_.size(); ++i) {
        Column& c = table.column(fitted_columns_[i]);
        requireType(c, fills_[i].isText ? codedTypes : numericTypes, kind());
        if (fills_[i].isText)
            codes[i] = fillCode(c, fills_[i].text);
        targets.push_back(&c);
    }
    std::vector<Column> indicators;
    for (const auto& name : indicator_columns_) {
        const Column& c = table.column(name);
        LargeVector<std::int32_t> missing(c.size());
        for (std::size_t r = 0; r < missing.size(); ++r)
            missing[r] = c.isMissing(r);
        indicators.push_back(booleanColumn(name + "_missing", std::move(missing)));
    }
    forEachIndex(targets.size(), 1, [&](std::size_t i) {
        Column& c = *targets[i];
        if (c.type == ColumnType::Numeric) {
            const double fill = fills_[i].number;
            for (double& v : c.numbers)
                v = std::isnan(v) ? fill : v;
        } else {
            const std::int32_t fill = codes[i];
            for (auto& code : c.codes)
                code = code < 0 ? fill : code;
        }
    }, table.rowCount() > 20000);
    for (auto& c : indicators)
        table.columns.push_back(std::move(c));
    return table;
}

nlohmann::json SimpleImputer::toJson() const
{
    nlohmann::json j;
    j["kind"] = kind();
    j["strategy"] = strategyName(options_.strategy);
    j["fill"] = fillJson(options_.fill);
    j["add_indicator"] = options_.addIndicator;
    writeColumns(j, options_.columns, fitted_columns_);
    j["fitted"] = fitted_;
    auto fills = nlohmann::json::array();
    for (const auto& f : fills_)
        fills.push_back(fillJson(f));
    j["fills"] = fills;
    j["indicator_columns"] = indicator_columns_;
    return j;
}

std::unique_ptr<SimpleImputer> SimpleImputer::fromJson(const JsonFields& json)
{
    Options o;
    const std::string strategy = json.text("strategy");
    const auto* found = std::find_if(std::begin(allStrategies), std::end(allStrategies),
                                     [&](ImputeStrategy s) { return strategyName(s) == strategy; });
    if (found == std::end(allStrategies))
        json.fail("strategy", fmt::format("must be mean, median, most_frequent or constant, not \"{}\"", strategy));
    o.strategy = *found;
    o.fill = readFill(json.at("fill"), json, "fill");
    o.addIndicator = json.flag("add_indicator");
    auto imputer = std::make_unique<SimpleImputer>(o);
    imputer->fitted_ = json.flag("fitted");
    readColumns(json, imputer->options_.columns, imputer->fitted_columns_, imputer->fitted_);
    if (imputer->fitted_) {
        const auto& fills = json.array("fills", imputer->fitted_columns_.size());
        for (const auto& f : fills)
            imputer->fills_.push_back(readFill(f, json, "fills"));
        imputer->indicator_columns_ = json.texts("indicator_columns");
    }
    return imputer;
}

std::vector<LearnedParameter> SimpleImputer::learned() const
{
    std::vector<LearnedParameter> out;
    const std::string name(strategyName(options_.strategy));
    for (std::size_t i = 0; i < fitted_columns_.size(); ++i)
        out.push_back({fitted_columns_[i], name, fills_[i].describe(), {}});
    for (const auto& c : indicator_columns_)
        out.push_back({c, "indicator", c + "_missing", {}});
    return out;
}

} // namespace mlwb::preprocess
