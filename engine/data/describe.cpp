#include "data/describe.h"

#include "core/input_error.h"
#include "core/parallel_pieces.h"
#include "data/moments.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

namespace mlwb::data {

namespace {

// The q-quantile (0..1) of sorted values, linearly interpolated (NumPy's default).
double sortedQuantile(const std::vector<double>& sorted, double q)
{
    if (sorted.empty())
        return std::numeric_limits<double>::quiet_NaN();
    const double position = q * double(sorted.size() - 1);
    const auto below = std::size_t(std::floor(position));
    const std::size_t above = std::min(below + 1, sorted.size() - 1);
    const double diff = sorted[above] - sorted[below];
    if (!std::isfinite(diff))
        return lerp(sorted[below], sorted[above], position - double(below));
    return sorted[below] + (position - double(below)) * diff;
}

void describeNumbers(const Column& column, ColumnSummary& s)
{
    std::vector<double> v;
    v.reserve(column.numbers.size());
    for (const double x : column.numbers)
        if (!std::isnan(x))
            v.push_back(x);
    s.count = v.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (v.empty()) {
        s.mean = s.std = s.min = s.q25 = s.median = s.q75 = s.max = nan;
        return;
    }
    const Moments m = moments(v, 1);
    s.mean = m.mean;
    s.std = v.size() > 1 ? m.std : nan;
    if (std::isinf(s.std))
        throw InputError(fmt::format("column \"{}\": the standard deviation exceeds the largest double (1.8e308); "
                                     "rescale the column",
                                     column.name));
    std::sort(v.begin(), v.end());
    s.min = v.front();
    s.max = v.back();
    s.q25 = sortedQuantile(v, 0.25);
    s.median = sortedQuantile(v, 0.5);
    s.q75 = sortedQuantile(v, 0.75);
    // Most frequent value: the longest run in sorted order (ties: the smallest value).
    for (std::size_t i = 0; i < v.size();) {
        std::size_t j = i;
        while (j < v.size() && v[j] == v[i])
            ++j;
        ++s.distinct;
        if (j - i > s.topCount) {
            s.topCount = j - i;
            s.top = formatNumber(v[i]);
        }
        i = j;
    }
}

void describeCodes(const Column& column, ColumnSummary& s)
{
    std::vector<std::size_t> counts(column.levels.size(), 0);
    std::vector<std::size_t> firstRow(column.levels.size(), 0);
    for (std::size_t r = column.codes.size(); r-- > 0;)
        if (column.codes[r] >= 0) {
            ++counts[std::size_t(column.codes[r])];
            firstRow[std::size_t(column.codes[r])] = r;
        }
    std::size_t bestRow = 0;
    for (std::size_t l = 0; l < counts.size(); ++l) {
        if (counts[l] == 0)
            continue;
        s.count += counts[l];
        ++s.distinct;
        if (counts[l] > s.topCount || (counts[l] == s.topCount && firstRow[l] < bestRow)) {
            s.topCount = counts[l];
            s.top = column.levels[l];
            bestRow = firstRow[l];
        }
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    s.mean = s.std = s.min = s.q25 = s.median = s.q75 = s.max = nan;
}

} // namespace

ColumnSummary describe(const Column& column)
{
    ColumnSummary s;
    s.name = column.name;
    s.type = column.type;
    if (column.type == ColumnType::Numeric)
        describeNumbers(column, s);
    else
        describeCodes(column, s);
    s.missing = column.size() - s.count;
    return s;
}

std::vector<ColumnSummary> describe(const Table& table)
{
    std::vector<ColumnSummary> out(table.columnCount());
    std::vector<std::exception_ptr> errors(out.size());  // a parallel loop must not throw
    forEachIndex(out.size(), 1, [&](std::size_t c) {
        try {
            out[c] = describe(table.columns[c]);
        } catch (...) {
            errors[c] = std::current_exception();
        }
    }, table.rowCount() > 100000);
    for (const std::exception_ptr& e : errors)
        if (e)
            std::rethrow_exception(e);
    return out;
}

} // namespace mlwb::data
