#include "data/table.h"

#include "core/input_error.h"

#include <algorithm>
#include <charconv>
#include <fmt/format.h>

namespace mlwb::data {

std::string_view typeName(ColumnType type)
{
    switch (type) {
    case ColumnType::Numeric: return "numeric";
    case ColumnType::Categorical: return "categorical";
    case ColumnType::Boolean: return "boolean";
    }
    return "?";
}

std::string formatNumber(double value)
{
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    return std::string(buffer, end);
}

std::size_t Column::missingCount() const
{
    if (type == ColumnType::Numeric)
        return std::size_t(std::count_if(numbers.begin(), numbers.end(), [](double v) { return std::isnan(v); }));
    return std::size_t(std::count_if(codes.begin(), codes.end(), [](std::int32_t c) { return c < 0; }));
}

std::vector<std::uint8_t> Column::missingMask() const
{
    std::vector<std::uint8_t> mask(size());
    for (std::size_t r = 0; r < mask.size(); ++r)
        mask[r] = isMissing(r);
    return mask;
}

std::string Column::text(std::size_t row) const
{
    if (isMissing(row))
        return {};
    if (type != ColumnType::Numeric)
        return levels[std::size_t(codes[row])];
    return formatNumber(numbers[row]);
}

Column Column::numeric(std::string name, const std::vector<double>& values)
{
    Column c;
    c.name = std::move(name);
    c.numbers.assign(values.begin(), values.end());
    return c;
}

Column Column::categorical(std::string name, const std::vector<std::int32_t>& codes, std::vector<std::string> levels)
{
    Column c;
    c.name = std::move(name);
    c.type = ColumnType::Categorical;
    c.codes.assign(codes.begin(), codes.end());
    c.levels = std::move(levels);
    return c;
}

std::size_t Table::indexOf(std::string_view name) const
{
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == name)
            return i;
    std::string names;
    for (const auto& c : columns)
        names += fmt::format("{}\"{}\"", names.empty() ? "" : ", ", c.name);
    throw InputError(fmt::format("no column \"{}\"; the columns are {}", name, names));
}

Table Table::selectRows(const std::vector<std::size_t>& rows) const
{
    Table out;
    out.columns.reserve(columns.size());
    for (const auto& c : columns) {
        Column s;
        s.name = c.name;
        s.type = c.type;
        s.levels = c.levels;
        if (c.type == ColumnType::Numeric) {
            s.numbers.reserve(rows.size());
            for (auto r : rows)
                s.numbers.push_back(c.numbers[r]);
        } else {
            s.codes.reserve(rows.size());
            for (auto r : rows)
                s.codes.push_back(c.codes[r]);
        }
        out.columns.push_back(std::move(s));
    }
    if (!lines.empty())
        for (auto r : rows)
            out.lines.push_back(lines[r]);
    return out;
}

} // namespace mlwb::data
