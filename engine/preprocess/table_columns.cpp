#include "preprocess/table_columns.h"

#include "core/input_error.h"
#include "preprocess/json_fields.h"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace mlwb::preprocess {

using data::Column;
using data::ColumnType;
using data::Table;

bool TypeSet::contains(ColumnType type) const
{
    switch (type) {
    case ColumnType::Numeric: return numeric;
    case ColumnType::Categorical: return categorical;
    case ColumnType::Boolean: return boolean;
    }
    return false;
}

std::string TypeSet::describe() const
{
    std::vector<std::string_view> names;
    if (numeric)
        names.push_back("numeric");
    if (categorical)
        names.push_back("categorical");
    if (boolean)
        names.push_back("boolean");
    return fmt::format("{}", fmt::join(names, " or "));
}


std::string displayName(std::string_view kind)
{
    if (kind == "knn_imputer")
        return "k-nearest-neighbours imputer";
    if (kind == "one_hot_encoder")
        return "one-hot encoder";
    if (kind == "min_max_scaler")
        return "min-max scaler";
    std::string name(kind);
    std::replace(name.begin(), name.end(), '_', ' ');
    return name;
}

void requireType(const Column& column, TypeSet allowed, std::string_view kind)
{
    if (!allowed.contains(column.type))
        throw InputError(fmt::format("the {} works on {} columns, but column \"{}\" is {}", displayName(kind),
                                     allowed.describe(), column.name, data::typeName(column.type)));
}

std::vector<std::string> resolveColumns(const Table& table, const std::vector<std::string>& requested,
                                        TypeSet byDefault, TypeSet allowed, std::string_view kind)
{
    if (!requested.empty()) {
        for (const auto& name : requested)
            requireType(table.column(name), allowed, kind);
        return requested;
    }
    std::vector<std::string> names;
    for (const auto& c : table.columns)
        if (byDefault.contains(c.type))
            names.push_back(c.name);
    return names;
}

std::string rowPlace(const Table& table, std::size_t row)
{
    if (row < table.lines.size())
        return fmt::format("line {}", table.lines[row]);
    return fmt::format("row {}", row + 1);
}

std::size_t firstMissing(const Column& column)
{
    const std::size_t n = column.size();
    for (std::size_t r = 0; r < n; ++r)
        if (column.isMissing(r))
            return r;
    return n;
}

LargeVector<double> observedValues(const Column& column)
{
    LargeVector<double> values;
    values.reserve(column.numbers.size());
    for (double v : column.numbers)
        if (!std::isnan(v))
            values.push_back(v);
    return values;
}

Column booleanColumn(std::string name, LargeVector<std::int32_t> codes)
{
    Column c;
    c.name = std::move(name);
    c.type = ColumnType::Boolean;
    c.codes = std::move(codes);
    c.levels = {"0", "1"};
    return c;
}

std::vector<std::int32_t> levelMap(const Column& column, const std::vector<std::string>& categories)
{
    std::vector<std::int32_t> map(column.levels.size(), -1);
    for (std::size_t l = 0; l < column.levels.size(); ++l) {
        const auto it = std::find(categories.begin(), categories.end(), column.levels[l]);
        if (it != categories.end())
            map[l] = std::int32_t(it - categories.begin());
    }
    return map;
}

std::vector<std::string> sortedCategories(const Column& column)
{
    std::vector<std::uint8_t> used(column.levels.size(), 0);
    for (auto code : column.codes)
        if (code >= 0)
            used[std::size_t(code)] = 1;
    std::vector<std::string> categories;
    for (std::size_t l = 0; l < used.size(); ++l)
        if (used[l])
            categories.push_back(column.levels[l]);
    std::sort(categories.begin(), categories.end());
    categories.erase(std::unique(categories.begin(), categories.end()), categories.end());
    return categories;
}

void writeColumns(nlohmann::json& json, const std::vector<std::string>& requested,
                  const std::vector<std::string>& fitted)
{
    json["columns"] = requested;
    json["fitted_columns"] = fitted;
}

void readColumns(const JsonFields& json, std::vector<std::string>& requested, std::vector<std::string>& fitted,
                 bool isFitted)
{
    requested = json.texts("columns");
    if (isFitted)
        fitted = json.texts("fitted_columns");
}

} // namespace mlwb::preprocess
