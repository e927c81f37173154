#include "preprocess/scalers.h"

#include "core/input_error.h"
#include "core/parallel_pieces.h"
#include "preprocess/json_fields.h"
#include "preprocess/statistics.h"
#include "preprocess/table_columns.h"

#include <fmt/format.h>

namespace mlwb::preprocess {

using data::Column;
using data::Table;

NumericScaler::NumericScaler(std::vector<std::string> columns)
    : columns_(std::move(columns))
{
}

void NumericScaler::fit(const Table& table)
{
    fitted_ = false;
    checkOptions();
    auto columns = resolveColumns(table, columns_, numericTypes, numericTypes, kind());
    std::vector<const Column*> sources;
    for (const auto& name : columns) {
        sources.push_back(&table.column(name));
        if (sources.back()->missingCount() == sources.back()->size())
            throw InputError(fmt::format("column \"{}\" has no observed values, so the {} cannot learn from it",
                                         name, displayName(kind())));
    }
    std::vector<std::array<double, 2>> parameters(columns.size());
    forEachIndex(columns.size(), 1, [&](std::size_t i) { parameters[i] = learnColumn(*sources[i]); },
                 table.rowCount() > 20000);
    fitted_columns_ = std::move(columns);
    parameters_ = std::move(parameters);
    fitted_ = true;
}

Table NumericScaler::transform(Table table) const
{
    requireFitted();
    std::vector<Column*> targets;
    for (const auto& name : fitted_columns_) {
        targets.push_back(&table.column(name));
        requireType(*targets.back(), numericTypes, kind());
    }
    forEachIndex(targets.size(), 1, [&](std::size_t i) { scale(targets[i]->numbers, parameters_[i]); },
                 table.rowCount() > 20000);
    return table;
}

nlohmann::json NumericScaler::toJson() const
{
    nlohmann::json j;
    j["kind"] = kind();
    writeOptions(j);
    writeColumns(j, columns_, fitted_columns_);
    j["fitted"] = fitted_;
    const auto names = parameterNames();
    for (std::size_t k = 0; k < 2; ++k) {
        auto values = nlohmann::json::array();
        for (const auto& p : parameters_)
            values.push_back(jsonNumber(p[k]));
        j[names[k]] = values;
    }
    return j;
}

void NumericScaler::readState(const JsonFields& json)
{
    fitted_ = json.flag("fitted");
    readColumns(json, columns_, fitted_columns_, fitted_);
    if (!fitted_)
        return;
    parameters_.resize(fitted_columns_.size());
    const auto names = parameterNames();
    for (std::size_t k = 0; k < 2; ++k) {
        json.array(names[k], fitted_columns_.size());
        const auto values = json.numbers(names[k]);
        for (std::size_t i = 0; i < values.size(); ++i)
            parameters_[i][k] = values[i];
    }
}

std::vector<LearnedParameter> NumericScaler::learned() const
{
    std::vector<LearnedParameter> out;
    const auto names = parameterNames();
    for (std::size_t i = 0; i < fitted_columns_.size(); ++i)
        for (std::size_t k = 0; k < 2; ++k)
            out.push_back({fitted_columns_[i], names[k], data::formatNumber(parameters_[i][k]), {}});
    return out;
}

StandardScaler::StandardScaler(std::vector<std::string> columns)
    : NumericScaler(std::move(columns))
{
}

std::unique_ptr<StandardScaler> StandardScaler::fromJson(const JsonFields& json)
{
    auto scaler = std::make_unique<StandardScaler>();
    scaler->readState(json);
    return scaler;
}

std::array<double, 2> StandardScaler::learnColumn(const Column& column) const
{
    const MeanStd m = meanAndStd(column.numbers);
    return {m.mean, m.std};
}

void StandardScaler::scale(std::span<double> values, const std::array<double, 2>& p) const
{
    const double mean = p[0];
    const double std = p[1] == 0 ? 1 : p[1];
    for (double& v : values)
        v = (v - mean) / std;
}

MinMaxScaler::MinMaxScaler(std::vector<std::string> columns, double lo, double hi)
    : NumericScaler(std::move(columns)), lo_(lo), hi_(hi)
{
}

void MinMaxScaler::checkOptions() const
{
    if (!(lo_ < hi_))
        throw InputError(fmt::format("the min-max scaler's range must have low < high, not ({}, {})", lo_, hi_));
}

void MinMaxScaler::writeOptions(nlohmann::json& json) const
{
    json["lo"] = jsonNumber(lo_);
    json["hi"] = jsonNumber(hi_);
}

std::unique_ptr<MinMaxScaler> MinMaxScaler::fromJson(const JsonFields& json)
{
    auto scaler = std::make_unique<MinMaxScaler>(std::vector<std::string>{}, json.number("lo"), json.number("hi"));
    scaler->readState(json);
    return scaler;
}

std::array<double, 2> MinMaxScaler::learnColumn(const Column& column) const
{
    double lo = INFINITY;
    double hi = -INFINITY;
    for (double v : column.numbers)
        if (!std::isnan(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    return {lo, hi};
}

void MinMaxScaler::scale(std::span<double> values, const std::array<double, 2>& p) const
{
    const double min = p[0];
    const double range = p[1] - p[0] == 0 ? 1 : p[1] - p[0];
    const double width = hi_ - lo_;
    const double lo = lo_;
    for (double& v : values)
        v = (v - min) / range * width + lo;
}

RobustScaler::RobustScaler(std::vector<std::string> columns)
    : NumericScaler(std::move(columns))
{
}

std::unique_ptr<RobustScaler> RobustScaler::fromJson(const JsonFields& json)
{
    auto scaler = std::make_unique<RobustScaler>();
    scaler->readState(json);
    return scaler;
}

std::array<double, 2> RobustScaler::learnColumn(const Column& column) const
{
    auto values = observedValues(column);
    const double q1 = percentile(values, 25);
    const double centre = percentile(values, 50);
    const double q3 = percentile(values, 75);
    return {centre, q3 - q1};
}

void RobustScaler::scale(std::span<double> values, const std::array<double, 2>& p) const
{
    const double centre = p[0];
    const double iqr = p[1] == 0 ? 1 : p[1];
    for (double& v : values)
        v = (v - centre) / iqr;
}

} // namespace mlwb::preprocess
