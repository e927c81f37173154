#pragma once
#include <Eigen/Core>
#include <string>
#include <string_view>
#include <vector>

namespace mlwb::data {

// A table of numbers with named columns, as read from a simple CSV file.
struct NumericTable {
    std::vector<std::string> columns;
    Eigen::MatrixXd values;  // rows × columns
    // Index of a column; InputError naming the column and the available ones if absent.
    int column(std::string_view name) const;
};

// Reads CSV text (parseCsv: RFC 4180, any delimiter, locale-independent numbers) in which
// every column is numeric and no value is missing, as a model's design matrix wants.
// Errors are InputError "<sourceName>:<line>:<col>: ..." naming the offending text.
NumericTable parseNumericCsv(std::string_view text, std::string_view sourceName);

} // namespace mlwb::data
