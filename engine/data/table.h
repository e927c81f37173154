#pragma once
#include "core/large_allocator.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mlwb::data {

enum class ColumnType : std::uint8_t { Numeric, Categorical, Boolean };

// "numeric", "categorical", "boolean".
std::string_view typeName(ColumnType type);

// A number in its shortest round-trip form ("28", "0.9167").
std::string formatNumber(double value);

// One typed column. Missing entries are NaN in `numbers` or -1 in `codes`; missingMask()
// spells them out. Boolean columns are stored like categorical ones with exactly two levels,
// the false text first ("no", "yes"), so code 1 means true.
struct Column {
    std::string name;
    ColumnType type = ColumnType::Numeric;
    LargeVector<double> numbers;       // Numeric
    LargeVector<std::int32_t> codes;   // Categorical, Boolean: index into levels, -1 missing
    std::vector<std::string> levels;   // Categorical: distinct texts, first seen first

    std::size_t size() const { return type == ColumnType::Numeric ? numbers.size() : codes.size(); }
    bool isMissing(std::size_t row) const
    {
        return type == ColumnType::Numeric ? std::isnan(numbers[row]) : codes[row] < 0;
    }
    std::size_t missingCount() const;
    std::vector<std::uint8_t> missingMask() const;
    // The cell as text: the number in shortest round-trip form, the level, or "" if missing.
    std::string text(std::size_t row) const;

    static Column numeric(std::string name, const std::vector<double>& values);
    static Column categorical(std::string name, const std::vector<std::int32_t>& codes, std::vector<std::string> levels);
};

// Columns of equal length. `lines[r]` is the 1-based line in the source file where row r
// starts (empty when the table was not read from a file), so later errors can point there.
struct Table {
    std::vector<Column> columns;
    LargeVector<std::int64_t> lines;

    std::size_t rowCount() const { return columns.empty() ? 0 : columns.front().size(); }
    std::size_t columnCount() const { return columns.size(); }
    // Index of the named column; InputError listing the available names if absent.
    std::size_t indexOf(std::string_view name) const;
    const Column& column(std::string_view name) const { return columns[indexOf(name)]; }
    Column& column(std::string_view name) { return columns[indexOf(name)]; }
    // The rows in `rows`, in that order (for splits and previews).
    Table selectRows(const std::vector<std::size_t>& rows) const;
};

} // namespace mlwb::data
