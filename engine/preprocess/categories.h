#pragma once
#include "data/table.h"
#include "preprocess/transformer.h"

// Category bookkeeping the one-hot and ordinal encoders share.
namespace mlwb::preprocess {

class JsonFields;

// Per column, its distinct observed level texts in sorted order (scikit-learn's order).
// InputError for a column with no observed entry.
std::vector<std::vector<std::string>> learnCategories(const data::Table& table, const std::vector<std::string>& columns);

inline constexpr std::int32_t missingCategory = -1;
inline constexpr std::int32_t unknownCategory = -2;

// What each code of `column` means against the fitted categories: lookup[code + 1] is the
// category index, missingCategory for a missing entry (lookup[0]) or unknownCategory for a
// level fit never saw. One entry per level, so a cell costs a vector lookup, not a string
// comparison. Unless allowed, the first missing or unknown entry is an InputError naming the
// column and the row's line.
std::vector<std::int32_t> categoryLookup(const data::Table& table, const data::Column& column,
                                         const std::vector<std::string>& categories, bool missingAllowed,
                                         bool unknownAllowed, std::string_view kind);

nlohmann::json categoriesJson(const std::vector<std::vector<std::string>>& categories);
std::vector<std::vector<std::string>> readCategories(const JsonFields& json, std::size_t columns);
std::vector<LearnedParameter> categoryParameters(const std::vector<std::string>& columns,
                                                 const std::vector<std::vector<std::string>>& categories);

} // namespace mlwb::preprocess
