// Small tables built by hand for the preprocess tests.
#pragma once
#include "error_of.h"

#include "core/input_error.h"
#include "data/table.h"

#include <QString>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace preprocesstest {

using enginetest::errorOf;

using mlwb::data::Column;
using mlwb::data::Table;

// A missing numeric entry.
inline const double NA = std::nan("");

inline Column num(std::string name, const std::vector<double>& values)
{
    return Column::numeric(std::move(name), values);
}

// A categorical column from cell texts, "" for missing; levels in first-seen order.
inline Column cat(std::string name, const std::vector<std::string>& cells)
{
    std::vector<std::string> levels;
    std::vector<std::int32_t> codes;
    for (const auto& cell : cells) {
        if (cell.empty()) {
            codes.push_back(-1);
            continue;
        }
        auto it = std::find(levels.begin(), levels.end(), cell);
        if (it == levels.end())
            it = levels.insert(levels.end(), cell);
        codes.push_back(std::int32_t(it - levels.begin()));
    }
    return Column::categorical(std::move(name), codes, levels);
}

inline Table table(std::vector<Column> columns, std::vector<std::int64_t> lines = {})
{
    Table t;
    t.columns = std::move(columns);
    t.lines.assign(lines.begin(), lines.end());
    return t;
}

inline std::vector<double> numbers(const Column& c) { return {c.numbers.begin(), c.numbers.end()}; }
inline std::vector<std::int32_t> codes(const Column& c) { return {c.codes.begin(), c.codes.end()}; }

inline std::vector<std::string> names(const Table& t)
{
    std::vector<std::string> out;
    for (const auto& c : t.columns)
        out.push_back(c.name);
    return out;
}

// Cell texts of a column ("" where missing), so categorical results compare by level.
inline std::vector<std::string> texts(const Column& c)
{
    std::vector<std::string> out;
    for (std::size_t r = 0; r < c.size(); ++r)
        out.push_back(c.text(r));
    return out;
}

// Exact comparison where NaN equals NaN.
inline bool sameValues(const std::vector<double>& a, const std::vector<double>& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i]))))
            return false;
    return true;
}

} // namespace preprocesstest
