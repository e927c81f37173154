#include "preprocess/split.h"

#include "core/input_error.h"
#include "preprocess/table_columns.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numeric>
#include <random>

namespace mlwb::preprocess {

using data::Column;
using data::ColumnType;
using data::Table;

namespace {

// Uniform in [0, bound): rejects the first 2^64 mod bound outputs so every residue is equally
// likely. Fixed arithmetic, so the same on every standard library.
std::uint64_t uniformBelow(std::mt19937_64& rng, std::uint64_t bound)
{
    const std::uint64_t threshold = (0 - bound) % bound;
    for (;;) {
        const std::uint64_t x = rng();
        if (x >= threshold)
            return x % bound;
    }
}

void shuffle(std::vector<std::size_t>& rows, std::mt19937_64& rng)
{
    for (std::size_t i = rows.size(); i > 1; --i)
        std::swap(rows[i - 1], rows[uniformBelow(rng, i)]);
}

void checkFraction(double testFraction)
{
    if (!(testFraction > 0 && testFraction < 1))
        throw InputError(fmt::format("the test fraction must be between 0 and 1 (exclusive), not {}", testFraction));
}

// round(n × fraction), halves up, kept within [1, n − 1] so both sides get a row.
std::size_t testCount(std::size_t n, double fraction)
{
    const auto rounded = std::size_t(std::floor(double(n) * fraction + 0.5));
    return std::clamp<std::size_t>(rounded, 1, n - 1);
}

// Shuffles `rows` (one class, or all rows) and deals them to the two sides.
void deal(std::vector<std::size_t> rows, double fraction, std::mt19937_64& rng, Split& split)
{
    shuffle(rows, rng);
    const std::size_t test = testCount(rows.size(), fraction);
    split.test.insert(split.test.end(), rows.begin(), rows.begin() + std::ptrdiff_t(test));
    split.train.insert(split.train.end(), rows.begin() + std::ptrdiff_t(test), rows.end());
}

// The rows of each class, classes in sorted label order, rows ascending within a class.
std::vector<std::vector<std::size_t>> classes(const Table& table, const Column& label)
{
    const std::size_t missing = firstMissing(label);
    if (missing < label.size())
        throw InputError(fmt::format("the label column \"{}\" has a missing entry at {}; drop or fill such rows "
                                     "before splitting",
                                     label.name, rowPlace(table, missing)));
    std::vector<std::vector<std::size_t>> groups;
    if (label.type == ColumnType::Numeric) {
        std::vector<std::size_t> order(label.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return label.numbers[a] < label.numbers[b]; });
        for (std::size_t i = 0; i < order.size(); ++i) {
            if (i == 0 || label.numbers[order[i]] != label.numbers[order[i - 1]])
                groups.emplace_back();
            groups.back().push_back(order[i]);
        }
        return groups;
    }
    std::vector<std::vector<std::size_t>> byCode(label.levels.size());
    for (std::size_t r = 0; r < label.codes.size(); ++r)
        byCode[std::size_t(label.codes[r])].push_back(r);
    std::vector<std::size_t> levels(label.levels.size());
    std::iota(levels.begin(), levels.end(), 0);
    std::sort(levels.begin(), levels.end(), [&](std::size_t a, std::size_t b) { return label.levels[a] < label.levels[b]; });
    for (auto l : levels)
        if (!byCode[l].empty())
            groups.push_back(std::move(byCode[l]));
    return groups;
}

} // namespace

Split randomSplit(std::size_t rows, double testFraction, std::uint64_t seed)
{
    checkFraction(testFraction);
    if (rows < 2)
        throw InputError(fmt::format("a train/test split needs at least 2 rows, not {}", rows));
    std::vector<std::size_t> all(rows);
    std::iota(all.begin(), all.end(), 0);
    std::mt19937_64 rng(seed);
    Split split;
    deal(std::move(all), testFraction, rng, split);
    std::sort(split.train.begin(), split.train.end());
    std::sort(split.test.begin(), split.test.end());
    return split;
}

Split stratifiedSplit(const Table& table, std::string_view labelColumn, double testFraction, std::uint64_t seed)
{
    checkFraction(testFraction);
    const Column& label = table.column(labelColumn);
    const auto groups = classes(table, label);
    for (const auto& rows : groups)
        if (rows.size() == 1)
            throw InputError(fmt::format("class \"{}\" of column \"{}\" has a single row ({}); a stratified split "
                                         "needs at least 2 rows of every class",
                                         label.text(rows[0]), label.name, rowPlace(table, rows[0])));
    std::mt19937_64 rng(seed);
    Split split;
    for (const auto& rows : groups)
        deal(rows, testFraction, rng, split);
    std::sort(split.train.begin(), split.train.end());
    std::sort(split.test.begin(), split.test.end());
    return split;
}

} // namespace mlwb::preprocess
