#include "data/numeric_table.h"

#include "core/input_error.h"
#include "data/csv_reader.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace mlwb::data {

int NumericTable::column(std::string_view name) const
{
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i] == name)
            return static_cast<int>(i);
    throw InputError(fmt::format("no column \"{}\"; the columns are: {}", name, fmt::join(columns, ", ")));
}

NumericTable parseNumericCsv(std::string_view text, std::string_view sourceName)
{
    const Table table = parseCsv(text, sourceName).table;
    for (const auto& c : table.columns)
        if (c.type != ColumnType::Numeric) {
            // Read again with that column declared numeric: the reader then names the first
            // value that is not a number, with its line and column.
            CsvOptions numeric;
            numeric.types[c.name] = ColumnType::Numeric;
            parseCsv(text, sourceName, numeric);
        }
    NumericTable t;
    t.values.resize(Eigen::Index(table.rowCount()), Eigen::Index(table.columnCount()));
    for (std::size_t j = 0; j < table.columnCount(); ++j) {
        const Column& c = table.columns[j];
        t.columns.push_back(c.name);
        for (std::size_t r = 0; r < table.rowCount(); ++r) {
            if (c.isMissing(r))
                throw InputError(fmt::format("{}:{}: column \"{}\" has no value in this row, expected a number",
                                             sourceName, table.lines[r], c.name));
            t.values(Eigen::Index(r), Eigen::Index(j)) = c.numbers[r];
        }
    }
    return t;
}

} // namespace mlwb::data
