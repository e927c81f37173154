#include "data/numeric_table.h"

#include "core/input_error.h"

#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace mlwb::data {

int NumericTable::column(std::string_view name) const
{
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i] == name)
            return static_cast<int>(i);
    throw InputError(fmt::format("no column \"{}\"; the columns are: {}", name,
                                 fmt::join(columns, ", ")));
}

namespace {

std::string_view trim(std::string_view s)
{
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// The lines of text without their terminators ("\n" or "\r\n"), trailing blank lines dropped.
std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        lines.push_back(line);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    }
    while (!lines.empty() && trim(lines.back()).empty())
        lines.pop_back();
    return lines;
}

std::vector<std::string_view> splitFields(std::string_view line)
{
    std::vector<std::string_view> fields;
    for (;;) {
        const auto comma = line.find(',');
        fields.push_back(trim(line.substr(0, comma)));
        if (comma == std::string_view::npos)
            return fields;
        line.remove_prefix(comma + 1);
    }
}

double parseNumber(std::string_view field, std::string_view sourceName, std::size_t line,
                   Eigen::Index col)
{
    const auto where = [&] { return fmt::format("{}:{}:{}", sourceName, line, col); };
    if (field.empty())
        throw InputError(fmt::format("{}: empty field, expected a number", where()));
    double value = 0.0;
    const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (error != std::errc{} || end != field.data() + field.size())
        throw InputError(fmt::format("{}: cannot parse \"{}\" as a number", where(), field));
    if (!std::isfinite(value))
        throw InputError(fmt::format("{}: \"{}\" is not a finite number", where(), field));
    return value;
}

} // namespace

NumericTable parseNumericCsv(std::string_view text, std::string_view sourceName)
{
    constexpr std::string_view utf8Bom = "\xEF\xBB\xBF";
    if (text.starts_with(utf8Bom))
        text.remove_prefix(utf8Bom.size());
    const std::vector<std::string_view> lines = splitLines(text);
    if (lines.empty())
        throw InputError(fmt::format("{}: empty file", sourceName));
    if (lines.size() == 1)
        throw InputError(fmt::format("{}: header only, no data rows", sourceName));

    NumericTable table;
    for (std::string_view name : splitFields(lines[0])) {
        const int col = static_cast<int>(table.columns.size()) + 1;
        if (name.empty())
            throw InputError(fmt::format("{}:1:{}: empty column name", sourceName, col));
        for (const auto& earlier : table.columns)
            if (earlier == name)
                throw InputError(
                    fmt::format("{}:1:{}: column \"{}\" appears twice", sourceName, col, name));
        table.columns.emplace_back(name);
    }

    const auto rows = static_cast<Eigen::Index>(lines.size() - 1);
    const auto cols = static_cast<Eigen::Index>(table.columns.size());
    table.values.resize(rows, cols);
    for (Eigen::Index r = 0; r < rows; ++r) {
        const std::size_t lineNumber = static_cast<std::size_t>(r) + 2;
        const std::string_view line = lines[lineNumber - 1];
        if (trim(line).empty())
            throw InputError(fmt::format("{}:{}: blank line between data rows", sourceName, lineNumber));
        const std::vector<std::string_view> fields = splitFields(line);
        if (static_cast<Eigen::Index>(fields.size()) != cols)
            throw InputError(fmt::format("{}:{}: row has {} fields, header has {}", sourceName,
                                         lineNumber, fields.size(), cols));
        for (Eigen::Index c = 0; c < cols; ++c)
            table.values(r, c) =
                parseNumber(fields[static_cast<std::size_t>(c)], sourceName, lineNumber, c + 1);
    }
    return table;
}

} // namespace mlwb::data
