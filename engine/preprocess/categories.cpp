#include "preprocess/categories.h"

#include "core/input_error.h"
#include "preprocess/json_fields.h"
#include "preprocess/table_columns.h"

#include <algorithm>
#include <fmt/format.h>

namespace mlwb::preprocess {

using data::Column;
using data::Table;

namespace {

std::string quotedList(const std::vector<std::string>& texts)
{
    std::string out;
    for (const auto& t : texts)
        out += fmt::format("{}\"{}\"", out.empty() ? "" : ", ", t);
    return out;
}

} // namespace

std::vector<std::vector<std::string>> learnCategories(const Table& table, const std::vector<std::string>& columns)
{
    std::vector<std::vector<std::string>> categories;
    for (const auto& name : columns) {
        categories.push_back(sortedCategories(table.column(name)));
        if (categories.back().empty())
            throw InputError(fmt::format("column \"{}\" has no observed values to learn categories from", name));
    }
    return categories;
}

std::vector<std::int32_t> categoryLookup(const Table& table, const Column& column,
                                         const std::vector<std::string>& categories, bool missingAllowed,
                                         bool unknownAllowed, std::string_view kind)
{
    const auto indices = levelMap(column, categories);
    std::vector<std::int32_t> lookup(indices.size() + 1);
    lookup[0] = missingCategory;
    bool anyUnknown = false;
    for (std::size_t l = 0; l < indices.size(); ++l) {
        lookup[l + 1] = indices[l] < 0 ? unknownCategory : indices[l];
        anyUnknown |= indices[l] < 0;
    }
    if ((unknownAllowed || !anyUnknown) && missingAllowed)
        return lookup;
    for (std::size_t r = 0; r < column.codes.size(); ++r) {
        const std::int32_t code = column.codes[r];
        const std::int32_t category = lookup[std::size_t(code + 1)];
        if (category == missingCategory && !missingAllowed)
            throw InputError(fmt::format("column \"{}\", {}: the entry is missing; impute it before the {}, "
                                         "or let unknown entries become all zeros",
                                         column.name, rowPlace(table, r), displayName(kind)));
        if (category == unknownCategory && !unknownAllowed)
            throw InputError(fmt::format("column \"{}\", {}: category \"{}\" was not seen when fitting (seen: {})",
                                         column.name, rowPlace(table, r), column.levels[std::size_t(code)],
                                         quotedList(categories)));
    }
    return lookup;
}

nlohmann::json categoriesJson(const std::vector<std::vector<std::string>>& categories)
{
    auto out = nlohmann::json::array();
    for (const auto& c : categories)
        out.push_back(c);
    return out;
}

std::vector<std::vector<std::string>> readCategories(const JsonFields& json, std::size_t columns)
{
    const auto& array = json.array("categories", columns);
    std::vector<std::vector<std::string>> out;
    for (const auto& entry : array) {
        std::vector<std::string> texts;
        if (!entry.is_array() || entry.empty())
            json.fail("categories", "must hold one non-empty array of texts per column");
        for (const auto& t : entry) {
            if (!t.is_string())
                json.fail("categories", "must hold one non-empty array of texts per column");
            texts.push_back(t.get<std::string>());
        }
        out.push_back(std::move(texts));
    }
    return out;
}

std::vector<LearnedParameter> categoryParameters(const std::vector<std::string>& columns,
                                                 const std::vector<std::vector<std::string>>& categories)
{
    std::vector<LearnedParameter> out;
    for (std::size_t i = 0; i < columns.size(); ++i)
        for (std::size_t k = 0; k < categories[i].size(); ++k)
            out.push_back({columns[i], fmt::format("category {}", k), categories[i][k], {}});
    return out;
}

} // namespace mlwb::preprocess
