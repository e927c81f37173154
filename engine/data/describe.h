#pragma once
#include "data/table.h"

#include <string>
#include <vector>

namespace mlwb::data {

// pandas' describe() for one column, all types at once. Numeric figures are NaN for
// non-numeric columns or when no value is present; std is the sample deviation (n − 1),
// quartiles interpolate linearly between order statistics as NumPy and pandas do.
struct ColumnSummary {
    std::string name;
    ColumnType type = ColumnType::Numeric;
    std::size_t count = 0;    // present values
    std::size_t missing = 0;
    double mean = 0, std = 0, min = 0, q25 = 0, median = 0, q75 = 0, max = 0;
    std::size_t distinct = 0;  // distinct present values
    std::string top;           // most frequent present value (first in row order on ties)
    std::size_t topCount = 0;
};

std::vector<ColumnSummary> describe(const Table& table);
ColumnSummary describe(const Column& column);

} // namespace mlwb::data
