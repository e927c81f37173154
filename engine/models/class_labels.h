#pragma once
// The label column of a table as classes 0 … k−1, and a stratified three-way split.
#include "data/table.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mlwb::models {

struct ClassLabels {
    std::vector<std::string> names;  // class k's name: its level, or its number as text
    std::vector<int> codes;          // per row
    std::vector<long> counts() const;
};

// From a categorical or boolean column (classes in the order of the levels), or a numeric one
// holding whole numbers (classes in increasing order). InputError naming the column and line
// for a missing label or a fractional number (a measurement, not a class), and for a label
// with a single class.
ClassLabels encodeClasses(const data::Table& table, std::string_view column);

struct ThreeWaySplit {
    std::vector<std::size_t> train, validation, test;  // row indices, ascending
};

// Within each class: round(n·testFraction) rows to test and round(n·validationFraction) to
// validation (halves up; at least 1 each when the fraction is above 0), the rest to training,
// from one generator over the classes in order. InputError when a class has too few rows to
// be on every side (naming it), or the fractions leave no training rows.
ThreeWaySplit stratifiedThreeWaySplit(const ClassLabels& labels, double validationFraction, double testFraction,
                                      std::uint64_t seed);

} // namespace mlwb::models
