#pragma once
#include "data/table.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace mlwb::preprocess {

// Row indices of a train/test split, each list in ascending row order.
struct Split {
    std::vector<std::size_t> train;
    std::vector<std::size_t> test;
};

// Shuffles the rows with std::mt19937_64(seed) and our own Fisher–Yates (so the result does not
// depend on the standard library's distributions) and takes round(rows × testFraction) rows,
// halves rounded up, at least 1 and at most rows − 1, as the test set.
// InputError for testFraction outside (0, 1) or fewer than 2 rows.
Split randomSplit(std::size_t rows, double testFraction, std::uint64_t seed);

// Like randomSplit but within each class of `labelColumn` (a categorical, boolean or numeric
// column), so every class keeps its proportion: a class of n rows gives round(n × testFraction)
// test rows, halves rounded up, at least 1 and at most n − 1. Classes are shuffled in sorted
// label order from one generator, so the same seed gives the same split.
// InputError for testFraction outside (0, 1), a missing label (naming its line), or a class with
// a single row (it cannot be on both sides).
Split stratifiedSplit(const data::Table& table, std::string_view labelColumn, double testFraction, std::uint64_t seed);

} // namespace mlwb::preprocess
