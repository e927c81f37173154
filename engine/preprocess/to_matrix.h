#pragma once
#include "data/table.h"

#include <Eigen/Core>
#include <string>
#include <vector>

namespace mlwb::preprocess {

// The named columns (all columns when `columns` is empty) as a rows × columns matrix for a
// model: numeric columns as they are, boolean ones as 0/1. InputError naming a categorical column
// ("one-hot encode it first") or the first missing entry (column and line).
Eigen::MatrixXd toMatrix(const data::Table& table, const std::vector<std::string>& columns = {});

} // namespace mlwb::preprocess
