#pragma once
#include "data/table.h"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

// Helpers the transformers share for choosing, checking and building columns.
namespace mlwb::preprocess {

class JsonFields;

// Which column types a transformer accepts.
struct TypeSet {
    bool numeric = false;
    bool categorical = false;
    bool boolean = false;

    bool contains(data::ColumnType type) const;
    // "numeric", "categorical or boolean", ...
    std::string describe() const;
};
inline constexpr TypeSet numericTypes{true, false, false};
inline constexpr TypeSet categoricalTypes{false, true, false};
inline constexpr TypeSet codedTypes{false, true, true};  // categorical and boolean: stored as codes
inline constexpr TypeSet anyType{true, true, true};

// "standard_scaler" -> "standard scaler", "one_hot_encoder" -> "one-hot encoder", for messages.
std::string displayName(std::string_view kind);

// The columns a transformer applies to: `requested` when not empty (each must exist and have a
// type in `allowed`), otherwise every column of the table whose type is in `byDefault`.
std::vector<std::string> resolveColumns(const data::Table& table, const std::vector<std::string>& requested,
                                        TypeSet byDefault, TypeSet allowed, std::string_view kind);

// InputError "the standard scaler works on numeric columns, but column "x" is categorical".
void requireType(const data::Column& column, TypeSet allowed, std::string_view kind);

// Where a row came from, for messages: "line 7" when the table knows its source lines,
// otherwise "row 5" counting from 1.
std::string rowPlace(const data::Table& table, std::size_t row);

// The first missing row of `column`, or column.size() if none.
std::size_t firstMissing(const data::Column& column);

// The observed (non-NaN) values of a numeric column.
LargeVector<double> observedValues(const data::Column& column);

// A Boolean column with levels {"0", "1"} (code 1 = true), as one-hot and indicators produce.
data::Column booleanColumn(std::string name, LargeVector<std::int32_t> codes);

// code -> index in `categories` for each level of `column` (-1 for a level not among them).
// One entry per level, so mapping a cell is a vector lookup, not a string comparison.
std::vector<std::int32_t> levelMap(const data::Column& column, const std::vector<std::string>& categories);

// The distinct observed level texts of a coded column, sorted (scikit-learn's category order).
std::vector<std::string> sortedCategories(const data::Column& column);

// The common JSON of column-wise transformers: configured and fitted column names.
void writeColumns(nlohmann::json& json, const std::vector<std::string>& requested,
                  const std::vector<std::string>& fitted);
void readColumns(const JsonFields& json, std::vector<std::string>& requested, std::vector<std::string>& fitted,
                 bool isFitted);

} // namespace mlwb::preprocess
