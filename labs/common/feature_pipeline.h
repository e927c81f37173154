#pragma once
// The default way from a table to model features, shared by the preprocessing lab's pipeline
// step and the training lab: numeric columns imputed and scaled, categorical ones one-hot
// encoded, yes/no ones imputed with a _missing marker; identifiers and the label left out.
#include "data/table.h"
#include "preprocess/pipeline.h"

#include <QString>

#include <string>
#include <vector>

namespace mlwb::labs {

struct Features {
    std::vector<std::string> numeric, categorical, yesNo;
    std::vector<std::string> identifiers, tooManyLevels;  // left out
};

// Sorts the columns of t other than `target` into the kinds above.
Features chooseFeatures(const data::Table& t, const std::string& target);

// The unfitted pipeline for f: impute "median" or "mean"; scaler "standard", "min_max" or "robust".
preprocess::Pipeline makePipeline(const Features& f, const QString& impute, const QString& scaler);

// A fitted pipeline in one line: "numeric (30): median → standard scale; categorical (2):
// fill → one-hot; → 34 features".
QString describePipeline(const preprocess::Pipeline& p);

} // namespace mlwb::labs
