#pragma once
// From a table to what a model trains on: features through a fitted pipeline, classes apart.
#include "models/classifier.h"
#include "preprocess/transformer.h"

#include <string>
#include <string_view>

namespace mlwb::models {

// The rows of `table` transformed by the fitted pipeline, without the label column (should
// the pipeline pass it through), as a rows × features matrix; the features' names into *names.
// InputError, from toMatrix, naming a non-numeric column the pipeline left or a missing value.
Matrix designMatrix(const preprocess::Transformer& fitted, const data::Table& table, std::string_view label,
                    std::vector<std::string>* names);

// The chosen rows of x and their codes.
LabeledData selectRows(const Matrix& x, const std::vector<int>& codes, const std::vector<std::size_t>& rows);

} // namespace mlwb::models
